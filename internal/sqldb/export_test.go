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
