package sqldb

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"

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
