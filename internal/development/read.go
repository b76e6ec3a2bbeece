package development

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"asnpro/internal/sqldb"
)

func parseDay(s string) (time.Time, error) { return time.ParseInLocation(time.DateOnly, s, wib) }

// Subject is an employee whose records are read: who they are, their
// account and their current direct supervisor's (0: none).
type Subject struct {
	ID               int64
	Name             string
	Kind, Status     string
	UserID           int64
	SupervisorID     int64
	SupervisorUserID int64
}

func (p *person) subject() *Subject {
	return &Subject{ID: p.ID, Name: p.Name, Kind: p.Kind, Status: p.Status, UserID: p.UserID, SupervisorID: p.SupervisorID,
		SupervisorUserID: p.SupervisorUserID}
}

// FindSubject returns an employee. Errors: not_found.
func (s *Service) FindSubject(ctx context.Context, employeeID int64) (*Subject, error) {
	p, err := findPerson(ctx, s.db.R, "e.id = $1", employeeID)
	if err != nil {
		return nil, err
	}
	return p.subject(), nil
}

// SubjectOfUser returns the employee linked to an account. Errors:
// not_found (the account is no employee's).
func (s *Service) SubjectOfUser(ctx context.Context, userID int64) (*Subject, error) {
	p, err := findPerson(ctx, s.db.R, "e.user_id = $1", userID)
	if err != nil {
		return nil, err
	}
	return p.subject(), nil
}

// Summary is an employee's year: where they stand against the minimum,
// the JP waiting for their supervisor, and every record.
type Summary struct {
	Subject   *Subject
	Year      int
	Bound     bool // the minimum binds them (a PNS in service)
	Standing  Standing
	PendingJP int
	Records   []Record
}

// Joins across parts: employees (workforce), for the employee's name.
const recordColumns = `r.id, r.employee_id, e.name, r.year, r.source, COALESCE(r.ref, ''), r.title, r.institution, r.jp, r.completed_on,
  r.status, COALESCE(r.evidence_sha256, ''), r.evidence_type, r.evidence_name, r.evidence_size, r.reason, r.decided_at, r.created_at
FROM development_records r JOIN employees e ON e.id = r.employee_id`

type scanner interface{ Scan(...any) error }

func scanRecord(sc scanner) (*Record, error) {
	var r Record
	var ev Evidence
	var decided sql.NullTime
	err := sc.Scan(&r.ID, &r.EmployeeID, &r.EmployeeName, &r.Year, &r.Source, &r.Ref, &r.Title, &r.Institution, &r.JP, &r.CompletedOn,
		&r.Status, &ev.SHA256, &ev.ContentType, &ev.Filename, &ev.Size, &r.Reason, &decided, &r.CreatedAt)
	if ev.SHA256 != "" {
		r.Evidence = &ev
	}
	if decided.Valid {
		t := decided.Time
		r.DecidedAt = &t
	}
	return &r, err
}

// FindRecord returns a record. Errors: not_found.
func (s *Service) FindRecord(ctx context.Context, id int64) (*Record, error) {
	r, err := scanRecord(s.db.R.QueryRowContext(ctx, `SELECT `+recordColumns+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrRecordNotFound
	}
	return r, sqldb.Translate(err, "find record")
}

func (s *Service) records(ctx context.Context, where string, args ...any) ([]Record, error) {
	var out []Record
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+recordColumns+` WHERE `+where, func(rows *sql.Rows) error {
		r, err := scanRecord(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	}, args...)
	return out, sqldb.Translate(err, "find records")
}

// total is an employee's counted JP in a year (from the kept total).
func (s *Service) total(ctx context.Context, employeeID int64, year int) (int, error) {
	var jp int
	err := s.db.R.QueryRowContext(ctx, `SELECT jp FROM development_totals WHERE employee_id = $1 AND year = $2`, employeeID, year).Scan(&jp)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return jp, sqldb.Translate(err, "read development total")
}

// SummaryOf is an employee's development in a WIB year. Errors: not_found.
func (s *Service) SummaryOf(ctx context.Context, employeeID int64, year int) (*Summary, error) {
	sub, err := s.FindSubject(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	out := &Summary{Subject: sub, Year: year, Bound: Bound(sub.Kind, sub.Status)}
	if out.Records, err = s.records(ctx, `r.employee_id = $1 AND r.year = $2 ORDER BY r.completed_on DESC, r.id DESC`,
		employeeID, year); err != nil {
		return nil, err
	}
	total, err := s.total(ctx, employeeID, year)
	if err != nil {
		return nil, err
	}
	for _, r := range out.Records {
		if r.Status == StatusPending {
			out.PendingJP += r.JP
		}
	}
	out.Standing = Evaluate(total, out.Bound)
	return out, nil
}

// Pending lists the external records waiting for the decision of the
// supervisor with account userID (their direct reports' now), oldest first.
func (s *Service) Pending(ctx context.Context, userID int64) ([]Record, error) {
	return s.records(ctx, `r.status = $1 AND e.supervisor_id IN (SELECT id FROM employees WHERE user_id = $2)
ORDER BY r.created_at, r.id`, StatusPending, userID)
}

// TeamRow is a direct report's year.
type TeamRow struct {
	EmployeeID int64
	Name       string
	Bound      bool
	Standing   Standing
	PendingJP  int
}

// Team lists the direct reports of the supervisor with account userID,
// by name, with their standing in a WIB year.
func (s *Service) Team(ctx context.Context, userID int64, year int) ([]TeamRow, error) {
	var out []TeamRow
	// Joins across parts: employees (workforce), for the reports.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, e.kind, e.status, COALESCE(t.jp, 0),
  COALESCE((SELECT sum(p.jp) FROM development_records p WHERE p.employee_id = e.id AND p.year = $2 AND p.status = 'pending'), 0)
FROM employees e LEFT JOIN development_totals t ON t.employee_id = e.id AND t.year = $2
WHERE e.supervisor_id IN (SELECT id FROM employees WHERE user_id = $1) AND e.status <> 'berhenti'
ORDER BY e.name, e.id`, func(rows *sql.Rows) error {
		var r TeamRow
		var kind, status string
		var total int
		if err := rows.Scan(&r.EmployeeID, &r.Name, &kind, &status, &total, &r.PendingJP); err != nil {
			return err
		}
		r.Bound = Bound(kind, status)
		r.Standing = Evaluate(total, r.Bound)
		out = append(out, r)
		return nil
	}, userID, year)
	return out, sqldb.Translate(err, "find team")
}
