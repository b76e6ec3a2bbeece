package development

import (
	"context"
	"database/sql"
	"errors"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// CreditTx records a completed training inside the training part's
// completing transaction tx and counts its JP in the employee's WIB year;
// a Ref credited already is left as it is (a revoked one is credited
// again). It records development.credit in tx. Errors: invalid (the
// credit's fields, JP outside 1..MaxCreditJP), not_found (no such
// employee).
func (s *Service) CreditTx(ctx context.Context, tx *sqldb.Tx, c Credit) error {
	if err := c.check(); err != nil {
		return err
	}
	var id int64
	var status string
	err := tx.QueryRowContext(ctx, `SELECT id, status FROM development_records WHERE ref = $1`, c.Ref).Scan(&id, &status)
	switch {
	case err == nil && status != StatusRevoked:
		return nil // credited already
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return sqldb.Translate(err, "find credit")
	}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM employees WHERE id = $1`, c.EmployeeID).Scan(&exists); err != nil {
		return sqldb.Translate(err, "find employee")
	}
	if exists == 0 {
		return ErrEmployeeNotFound
	}
	on := c.CompletedOn.In(wib)
	year, day := on.Year(), on.Format("2006-01-02")
	at := sqldb.Now(s.now())
	if id != 0 {
		_, err = tx.ExecContext(ctx, `UPDATE development_records SET employee_id = $1, year = $2, title = $3, institution = $4, jp = $5,
  completed_on = $6, status = $7, reason = '', decided_at = NULL, decided_by = NULL WHERE id = $8`,
			c.EmployeeID, year, c.Title, c.Institution, c.JP, day, StatusApproved, id)
	} else {
		err = tx.QueryRowContext(ctx, `INSERT INTO development_records (employee_id, year, source, ref, title, institution, jp,
  completed_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.EmployeeID, year, SourceTraining, c.Ref, c.Title, c.Institution, c.JP, day, StatusApproved, at).Scan(&id)
	}
	if err != nil {
		return sqldb.Translate(err, "credit training")
	}
	if err := addTotal(ctx, tx, c.EmployeeID, year, c.JP, 1); err != nil {
		return err
	}
	return s.record(ctx, tx, audit.Event{At: at, Action: "development.credit", ObjectType: "development_record", ObjectID: idText(id),
		Data: map[string]any{"employee": idText(c.EmployeeID), "ref": c.Ref, "jp": c.JP, "year": year, "title": c.Title}})
}

// RevokeTx takes back a credited training (its certificate revoked, its
// completion undone) inside tx: its JP no longer count. An unknown or
// revoked ref is left as it is. It records development.revoke in tx.
func (s *Service) RevokeTx(ctx context.Context, tx *sqldb.Tx, ref string) error {
	var id, employee int64
	var year, jp int
	var status string
	err := tx.QueryRowContext(ctx, `SELECT id, employee_id, year, jp, status FROM development_records WHERE ref = $1`, ref).
		Scan(&id, &employee, &year, &jp, &status)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && status == StatusRevoked) {
		return nil
	}
	if err != nil {
		return sqldb.Translate(err, "find credit")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE development_records SET status = $1 WHERE id = $2`, StatusRevoked, id); err != nil {
		return sqldb.Translate(err, "revoke credit")
	}
	if err := addTotal(ctx, tx, employee, year, -jp, -1); err != nil {
		return err
	}
	return s.record(ctx, tx, audit.Event{Action: "development.revoke", ObjectType: "development_record", ObjectID: idText(id),
		Data: map[string]any{"employee": idText(employee), "ref": ref, "jp": jp, "year": year}})
}
