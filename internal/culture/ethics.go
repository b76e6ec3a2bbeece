package culture

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
	"asnpro/internal/workforce"
)

// The documents of the code of ethics.
const (
	// DocBerAKHLAK is the ASN core values BerAKHLAK (SE MenPANRB 20/2021,
	// PermenPANRB 6/2022): seven values, three behaviour indicators each.
	DocBerAKHLAK = "berakhlak"
	// DocCity is the city's own code of ethics and conduct.
	DocCity = "kota"
)

// Docs lists the documents in the order pages show them.
var Docs = []string{DocBerAKHLAK, DocCity}

const maxCodeBody = 100_000 // bytes of a version's text

// Code is one version of a document of the code of ethics.
type Code struct {
	ID          int64
	Doc         string
	Version     int
	Title       string
	Body        string
	PublishedAt time.Time
}

// NewCode is a new version as the admin writes it.
type NewCode struct {
	Doc   string
	Title string
	Body  string
}

func (n *NewCode) check() error {
	f := map[string]apperr.Msg{}
	if !slices.Contains(Docs, n.Doc) {
		f["doc"] = apperr.M("culture.doc")
	}
	if textcheck.FieldMsg(f, "title", &n.Title, textcheck.Line) {
		if l := utf8.RuneCountInString(n.Title); l < MinTitle || l > MaxTitle {
			f["title"] = apperr.M("culture.title", "min", MinTitle, "max", MaxTitle)
		}
	}
	if textcheck.FieldMsg(f, "body", &n.Body, textcheck.Multiline) {
		switch {
		case n.Body == "":
			f["body"] = apperr.M("culture.body")
		case len(n.Body) > maxCodeBody:
			f["body"] = apperr.M("culture.code_long", "max", maxCodeBody/1000)
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

const codeColumns = `id, doc, version, title, body, published_at`

func scanCode(r scanner) (*Code, error) {
	var c Code
	err := r.Scan(&c.ID, &c.Doc, &c.Version, &c.Title, &c.Body, &c.PublishedAt)
	return &c, err
}

// Publish adds the next version of n.Doc and records ethics.publish; from
// now on every employee is asked to acknowledge it. Errors: invalid.
func (s *Service) Publish(ctx context.Context, userID int64, n NewCode) (*Code, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	var c *Code
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		c, err = s.publish(ctx, tx, userID, n, s.now())
		return err
	})
	return c, err
}

func (s *Service) publish(ctx context.Context, tx *sqldb.Tx, userID int64, n NewCode, now time.Time) (*Code, error) {
	at := sqldb.Now(now)
	var v int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM ethics_codes WHERE doc = $1`, n.Doc).Scan(&v); err != nil {
		return nil, sqldb.Translate(err, "last version")
	}
	c := &Code{Doc: n.Doc, Version: v + 1, Title: n.Title, Body: n.Body, PublishedAt: at}
	var by any
	if userID != 0 {
		by = userID
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO ethics_codes (doc, version, title, body, published_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.Doc, c.Version, c.Title, c.Body, at, by).Scan(&c.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "insert code")
	}
	return c, s.record(ctx, tx, audit.Event{At: at, Action: "ethics.publish", ObjectType: "ethics_code", ObjectID: idText(c.ID),
		Data: map[string]any{"doc": c.Doc, "version": c.Version, "title": c.Title}})
}

// FindCode returns a version. Errors: not_found.
func (s *Service) FindCode(ctx context.Context, id int64) (*Code, error) {
	c, err := scanCode(s.db.R.QueryRowContext(ctx, `SELECT `+codeColumns+` FROM ethics_codes WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrCodeNotFound
	}
	return c, sqldb.Translate(err, "find code")
}

// CurrentCodes returns the current (highest) version of each document
// that has one, in the order of Docs.
func (s *Service) CurrentCodes(ctx context.Context) ([]*Code, error) {
	return currentCodes(ctx, s.db.R)
}

func currentCodes(ctx context.Context, q sqldb.Querier) ([]*Code, error) {
	var out []*Code
	err := sqldb.RunQuery(ctx, q, `SELECT `+codeColumns+` FROM ethics_codes c
WHERE version = (SELECT MAX(version) FROM ethics_codes m WHERE m.doc = c.doc)`, func(r *sql.Rows) error {
		c, err := scanCode(r)
		out = append(out, c)
		return err
	})
	slices.SortFunc(out, func(a, b *Code) int { return slices.Index(Docs, a.Doc) - slices.Index(Docs, b.Doc) })
	return out, sqldb.Translate(err, "current codes")
}

// Versions lists every version of every document, newest first per document.
func (s *Service) Versions(ctx context.Context) ([]*Code, error) {
	var out []*Code
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+codeColumns+` FROM ethics_codes ORDER BY doc, version DESC`, func(r *sql.Rows) error {
		c, err := scanCode(r)
		out = append(out, c)
		return err
	})
	return out, sqldb.Translate(err, "versions")
}

// Acknowledge records that the account userID has read and accepts the
// version id (ethics.acknowledge), with the employee and unit it is now.
// Acknowledging a version twice changes nothing. Errors: not_found,
// conflict (ErrAckOld: a newer version of the document exists).
func (s *Service) Acknowledge(ctx context.Context, userID, id int64) error {
	var empID, unitID any
	e, err := s.staff.FindEmployeeByUser(ctx, userID)
	switch {
	case err == nil:
		empID, unitID = e.ID, e.Unit.ID
	case !errors.Is(err, workforce.ErrEmployeeNotFound):
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.acknowledge(ctx, tx, userID, id, empID, unitID, s.now())
	})
}

func (s *Service) acknowledge(ctx context.Context, tx *sqldb.Tx, userID, id int64, empID, unitID any, now time.Time) error {
	var doc string
	var version, latest int
	err := tx.QueryRowContext(ctx, `SELECT doc, version, (SELECT MAX(version) FROM ethics_codes m WHERE m.doc = c.doc)
FROM ethics_codes c WHERE id = $1`, id).Scan(&doc, &version, &latest)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrCodeNotFound
	}
	if err != nil {
		return sqldb.Translate(err, "find code")
	}
	if version != latest {
		return ErrAckOld
	}
	at := sqldb.Now(now)
	res, err := tx.ExecContext(ctx, `INSERT INTO ethics_acks (code_id, user_id, employee_id, unit_id, acked_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code_id, user_id) DO NOTHING`, id, userID, empID, unitID, at)
	if err != nil {
		return sqldb.Translate(err, "insert acknowledgement")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.record(ctx, tx, audit.Event{At: at, Action: "ethics.acknowledge", ObjectType: "ethics_code", ObjectID: idText(id),
		Data: map[string]any{"doc": doc, "version": version}})
}

// CodeStatus is a current version and whether one account acknowledged it.
type CodeStatus struct {
	*Code
	AckedAt *time.Time
}

// MyCodes returns the current versions with userID's acknowledgement of each.
func (s *Service) MyCodes(ctx context.Context, userID int64) ([]CodeStatus, error) {
	cur, err := s.CurrentCodes(ctx)
	if err != nil {
		return nil, err
	}
	acked := map[int64]time.Time{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT code_id, acked_at FROM ethics_acks WHERE user_id = $1`, func(r *sql.Rows) error {
		var id int64
		var at time.Time
		err := r.Scan(&id, &at)
		acked[id] = at
		return err
	}, userID)
	if err != nil {
		return nil, sqldb.Translate(err, "acknowledgements")
	}
	out := make([]CodeStatus, len(cur))
	for i, c := range cur {
		out[i] = CodeStatus{Code: c}
		if at, ok := acked[c.ID]; ok {
			out[i].AckedAt = &at
		}
	}
	return out, nil
}

// Pending returns the current versions userID has not acknowledged.
func (s *Service) Pending(ctx context.Context, userID int64) ([]*Code, error) {
	all, err := s.MyCodes(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []*Code
	for _, c := range all {
		if c.AckedAt == nil {
			out = append(out, c.Code)
		}
	}
	return out, nil
}

// UnitAcks is a unit's employees (those who have not left) and how many
// of them acknowledged every current version.
type UnitAcks struct {
	UnitID    int64
	ParentID  int64 // 0: a top unit
	Code      string
	Name      string
	Employees int
	Acked     int
}

// Missing is how many have not.
func (u UnitAcks) Missing() int { return u.Employees - u.Acked }

// AcksByUnit counts, per unit (by code), the employees and those who
// acknowledged every current version.
//
// Joins across parts: org_units and employees (workforce), since a query
// per unit would cost more.
func (s *Service) AcksByUnit(ctx context.Context) ([]UnitAcks, error) {
	cur, err := s.CurrentCodes(ctx)
	if err != nil {
		return nil, err
	}
	ids := codeIDs(cur)
	var out []UnitAcks
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT u.id, COALESCE(u.parent_id, 0), u.code, u.name, count(e.id),
  COALESCE(SUM(CASE WHEN (SELECT count(*) FROM ethics_acks a WHERE a.employee_id = e.id AND a.code_id IN (`+ids+`)) = $1
    THEN 1 ELSE 0 END), 0)
FROM org_units u LEFT JOIN employees e ON e.unit_id = u.id AND e.status <> 'berhenti'
GROUP BY u.id, u.parent_id, u.code, u.name ORDER BY u.code`, func(r *sql.Rows) error {
		var a UnitAcks
		err := r.Scan(&a.UnitID, &a.ParentID, &a.Code, &a.Name, &a.Employees, &a.Acked)
		out = append(out, a)
		return err
	}, len(cur))
	return out, sqldb.Translate(err, "acknowledgements by unit")
}

// codeIDs is the ids of cs as an SQL list (never empty: 0 names none).
func codeIDs(cs []*Code) string {
	out := "0"
	for _, c := range cs {
		out += "," + idText(c.ID)
	}
	return out
}

// Unacked is an employee who has not acknowledged every current version.
type Unacked struct {
	EmployeeID int64
	Name       string
	Number     string // NIP or NI PPPK
	HasAccount bool
	Missing    []string // the documents (Docs) not acknowledged
}

// UnackedIn lists the employees of a unit (not its sub-units) who have
// not acknowledged every current version, by name. Errors: not_found.
//
// Joins across parts: employees (workforce).
func (s *Service) UnackedIn(ctx context.Context, unitID int64) ([]Unacked, error) {
	if _, err := s.staff.FindUnit(ctx, unitID); err != nil {
		return nil, err
	}
	cur, err := s.CurrentCodes(ctx)
	if err != nil {
		return nil, err
	}
	byEmp := map[int64]map[int64]bool{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.employee_id, a.code_id FROM ethics_acks a JOIN employees e ON e.id = a.employee_id
WHERE e.unit_id = $1 AND a.code_id IN (`+codeIDs(cur)+`)`, func(r *sql.Rows) error {
		var e, c int64
		err := r.Scan(&e, &c)
		if byEmp[e] == nil {
			byEmp[e] = map[int64]bool{}
		}
		byEmp[e][c] = true
		return err
	}, unitID)
	if err != nil {
		return nil, sqldb.Translate(err, "unit acknowledgements")
	}
	var out []Unacked
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT id, name, COALESCE(nip, ni_pppk, ''), user_id IS NOT NULL FROM employees
WHERE unit_id = $1 AND status <> 'berhenti' ORDER BY name, id`, func(r *sql.Rows) error {
		var u Unacked
		if err := r.Scan(&u.EmployeeID, &u.Name, &u.Number, &u.HasAccount); err != nil {
			return err
		}
		for _, c := range cur {
			if !byEmp[u.EmployeeID][c.ID] {
				u.Missing = append(u.Missing, c.Doc)
			}
		}
		if len(u.Missing) > 0 {
			out = append(out, u)
		}
		return nil
	}, unitID)
	return out, sqldb.Translate(err, "unacknowledged")
}

// Pact is an integrity pact one member of the selection's staff signed
// for a period (package verification keeps them; read here).
type Pact struct {
	PeriodID   int64
	PeriodName string
	UserID     int64
	Name       string
	Username   string
	Roles      []string // identity's roles, as signed
	NoConflict bool
	Assigned   int
	SignedAt   time.Time
}

// Pacts lists the integrity pacts per period (newest period first) and
// person (by name).
//
// Joins across parts: integrity_pacts (verification), periods
// (recruitment) and users (identity) — read only, a query per pact would
// cost more.
func (s *Service) Pacts(ctx context.Context) ([]Pact, error) {
	var out []Pact
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT p.period_id, per.name, p.user_id, u.name, u.username, p.roles, p.no_conflict,
  p.assigned, p.signed_at
FROM integrity_pacts p JOIN periods per ON per.id = p.period_id JOIN users u ON u.id = p.user_id
ORDER BY p.period_id DESC, u.name, u.id`, func(r *sql.Rows) error {
		var p Pact
		var roles string
		err := r.Scan(&p.PeriodID, &p.PeriodName, &p.UserID, &p.Name, &p.Username, &roles, &p.NoConflict, &p.Assigned, &p.SignedAt)
		p.Roles = strings.Split(roles, ",")
		out = append(out, p)
		return err
	})
	return out, sqldb.Translate(err, "pacts")
}
