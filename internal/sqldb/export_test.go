package sqldb

// Queued is how many writes wait in the group-commit queue (tests only).
func (db *DB) Queued() int {
	db.wq.mu.Lock()
	defer db.wq.mu.Unlock()
	n := 0
	for _, r := range db.wq.queue {
		if r.state.Load() == reqQueued {
			n++
		}
	}
	return n
}

// Prepared reports whether query is prepared on the writer (tests only).
func (db *DB) Prepared(query string) bool {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	_, ok := db.stmts[query]
	return ok
}

// Closing reports whether Close has begun (tests only).
func (db *DB) Closing() bool {
	db.wq.mu.Lock()
	defer db.wq.mu.Unlock()
	return db.wq.closed
}
