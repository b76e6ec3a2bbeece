package sqldb

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"weak"

	"modernc.org/sqlite"

	"asnpro/internal/audit/chain"
)

// On SQLite the audit record links each event into the hash chain inside
// the statement that inserts it: asnpro_chain_hash(prev_hash, pos, at,
// actor, role, action, object_type, object_id, data_sha256, client_sha256)
// returns the event's hash in hex, exactly as package chain defines it
// (at is chain.FormatTime's text). One statement per event instead of a
// read of the head and then an insert.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("asnpro_chain_hash", 10, chainHash)
}

func chainHash(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	str := func(i int) (string, error) {
		switch v := args[i].(type) {
		case string:
			return v, nil
		case []byte:
			return string(v), nil
		case nil:
			return "", nil
		}
		return "", fmt.Errorf("asnpro_chain_hash: argument %d is %T, want text", i+1, args[i])
	}
	prevHex, err := str(0)
	if err != nil {
		return nil, err
	}
	prev, err := chain.ParseHash(prevHex)
	if err != nil {
		return nil, err
	}
	pos, ok := args[1].(int64)
	if !ok {
		return nil, fmt.Errorf("asnpro_chain_hash: pos is %T, want integer", args[1])
	}
	var f [8]string
	for i := range f {
		if f[i], err = str(i + 2); err != nil {
			return nil, err
		}
	}
	at, err := chain.ParseTime(f[0])
	if err != nil {
		return nil, err
	}
	e := chain.Entry{Pos: pos, At: at, Actor: f[1], Role: f[2], Action: f[3], ObjectType: f[4], ObjectID: f[5], DataSHA256: f[6], ClientSHA256: f[7]}
	h, err := e.Hash(prev)
	if err != nil {
		return nil, err
	}
	return hex.EncodeToString(h[:]), nil
}

// memoKey names one memo of one open database. The database is held weakly,
// so a memo never keeps a closed *DB alive; it is dropped with the *DB.
type memoKey struct {
	db  weak.Pointer[DB]
	key any
}

var memos sync.Map // memoKey → value

// Memo returns the value this process keeps under key for tx's database,
// made by mk on first use, for as long as the *DB lives. It is an
// optimisation only (e.g. the audit record's guess of the chain head on
// SQLite): nothing may rely on it for correctness, since another process
// may write the same database, and a transaction that used it may roll
// back. The value must be safe for concurrent use.
func (tx *Tx) Memo(key any, mk func() any) any {
	k := memoKey{db: weak.Make(tx.db), key: key}
	if v, ok := memos.Load(k); ok {
		return v
	}
	v, loaded := memos.LoadOrStore(k, mk())
	if !loaded {
		runtime.AddCleanup(tx.db, func(k memoKey) { memos.Delete(k) }, k)
	}
	return v
}
