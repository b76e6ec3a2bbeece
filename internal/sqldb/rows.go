package sqldb

import (
	"context"
	"database/sql"
)

// Querier runs a query: *sql.DB, *sql.Tx, *sql.Conn and *Tx all do.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// RunQuery runs query on q and calls fn for each row, then closes the rows
// and returns rows.Err(): a result cut short (a cancelled request, a
// dropped connection) is an error, never a short result taken as complete.
// The first error of the query, of fn or of the rows is returned as is.
func RunQuery(ctx context.Context, q Querier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	return EachRow(rows, err, fn)
}

// EachRow is RunQuery for rows already opened (by a prepared statement):
// pass the query's two results and the per-row function.
func EachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := fn(rows); err != nil {
			rows.Close()
			return err
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	return rows.Close()
}
