package identity

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"asnpro/internal/sqldb"
)

// TakenLogins reports which of usernames and of emails (compared without
// case, returned lower-case) already belong to an account, looked up inside
// tx, 500 at a time: an import of tens of thousands of new accounts checks
// them all before it creates any.
func (s *Service) TakenLogins(
	ctx context.Context,
	tx *sqldb.Tx,
	usernames, emails []string,
) (takenUsers, takenEmails map[string]bool, err error) {
	takenUsers, takenEmails = map[string]bool{}, map[string]bool{}
	if err := lowerIn(ctx, tx, "username", usernames, takenUsers); err != nil {
		return nil, nil, err
	}
	if err := lowerIn(ctx, tx, "email", emails, takenEmails); err != nil {
		return nil, nil, err
	}
	return takenUsers, takenEmails, nil
}

// lowerIn adds to found every lower(column) of users among keys.
func lowerIn(ctx context.Context, tx *sqldb.Tx, column string, keys []string, found map[string]bool) error {
	const per = 500
	for start := 0; start < len(keys); start += per {
		chunk := keys[start:min(start+per, len(keys))]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, k := range chunk {
			marks[i], args[i] = "$"+strconv.Itoa(i+1), strings.ToLower(k)
		}
		q := `SELECT lower(` + column + `) FROM users WHERE lower(` + column + `) IN (` + strings.Join(marks, ",") + `)`
		err := sqldb.RunQuery(ctx, tx, q, func(rows *sql.Rows) error {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			found[v] = true
			return nil
		}, args...)
		if err != nil {
			return sqldb.Translate(err, "look up users")
		}
	}
	return nil
}
