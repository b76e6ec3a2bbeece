package sqldb

import (
	"runtime"
	"sync"
	"weak"
)

// memoKey names one memo of one open database. The database is held weakly,
// so a memo never keeps a closed *DB alive; it is dropped with the *DB.
type memoKey struct {
	db  weak.Pointer[DB]
	key any
}

var memos sync.Map // memoKey → value

// Memo returns the value this process keeps under key for tx's database,
// made by mk on first use, for as long as the *DB lives. A value that
// guesses at the database's state (e.g. the audit record's chain head on
// SQLite) is an optimisation only: nothing may rely on it for correctness,
// since another process may write the same database, and a transaction
// that used it may roll back. The value must be safe for concurrent use.
func (tx *Tx) Memo(key any, mk func() any) any { return tx.db.Memo(key, mk) }

// Memo returns the value this process keeps under key for db, made by mk on
// first use: the same values Tx.Memo returns in db's transactions (for
// example the audit record's tag key, set once at start-up).
func (db *DB) Memo(key any, mk func() any) any {
	k := memoKey{db: weak.Make(db), key: key}
	if v, ok := memos.Load(k); ok {
		return v
	}
	v, loaded := memos.LoadOrStore(k, mk())
	if !loaded {
		runtime.AddCleanup(db, func(k memoKey) { memos.Delete(k) }, k)
	}
	return v
}
