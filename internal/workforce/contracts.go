package workforce

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// A PPPK works on contracts (perjanjian kerja): each a period with a
// start and an end; before the end the renewal is decided — diperpanjang
// (a new contract follows the old one to a new end) or tidak diperpanjang
// (with a reason).

// Renewal decisions.
const (
	RenewalExtended    = "diperpanjang"
	RenewalNotExtended = "tidak_diperpanjang"
)

// Errors of contracts.
var (
	ErrContractNotFound = apperr.E(apperr.NotFound, "contract.not_found")
	ErrNotPPPK          = apperr.E(apperr.FailedPrecondition, "contract.not_pppk")
	ErrContractDecided  = apperr.E(apperr.Conflict, "contract.decided")
	ErrContractOverlap  = apperr.E(apperr.Conflict, "contract.overlap")
)

// Contract is a PPPK's contract period and its renewal decision.
type Contract struct {
	ID         int64
	EmployeeID int64
	StartsOn   string
	EndsOn     string
	Decision   string // "" while undecided
	Reason     string
}

// Renewal is the decision on a contract's renewal.
type Renewal struct {
	Decision string `json:"decision"` // diperpanjang or tidak_diperpanjang
	NewEnd   string `json:"new_end"`  // diperpanjang: the new contract's last day
	Reason   string `json:"reason"`   // tidak_diperpanjang: required
}

// Contracts lists a PPPK's contracts, the newest first.
func (s *Service) Contracts(ctx context.Context, employeeID int64) ([]Contract, error) {
	var out []Contract
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, employee_id, starts_on, ends_on, decision, reason FROM pppk_contracts
WHERE employee_id = $1 ORDER BY starts_on DESC, id DESC`, func(r *sql.Rows) error {
		var c Contract
		err := r.Scan(&c.ID, &c.EmployeeID, &c.StartsOn, &c.EndsOn, &c.Decision, &c.Reason)
		out = append(out, c)
		return err
	}, employeeID)
	return out, sqldb.Translate(err, "find contracts")
}

// AddContract records a contract of a PPPK (one who came without
// onboarding, e.g. by the import) and records contract.create. Errors:
// not_found, invalid (starts_on, ends_on: dates, the end after the
// start), failed_precondition (not a PPPK, or stopped), conflict (it
// overlaps another contract).
func (s *Service) AddContract(ctx context.Context, employeeID int64, start, end string) (*Contract, error) {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	f := map[string]apperr.Msg{}
	if _, err := time.Parse(time.DateOnly, start); err != nil {
		f["starts_on"] = apperr.M("onboard.date")
	}
	if _, err := time.Parse(time.DateOnly, end); err != nil || (f["starts_on"].Key == "" && end <= start) {
		f["ends_on"] = apperr.M("onboard.contract_end")
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	c := &Contract{EmployeeID: employeeID, StartsOn: start, EndsOn: end}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEmployee(ctx, tx, "e.id = $1", employeeID)
		if err != nil {
			return err
		}
		if e.Kind != KindPPPK || e.Status == StatusStopped {
			return ErrNotPPPK
		}
		return s.insertContract(ctx, tx, c, nil)
	})
	return c, err
}

// insertContract stores c unless it overlaps another contract of the
// employee, with contract.create (data: more, if any).
func (s *Service) insertContract(ctx context.Context, tx *sqldb.Tx, c *Contract, more map[string]any) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pppk_contracts WHERE employee_id = $1 AND starts_on <= $3 AND ends_on >= $2`,
		c.EmployeeID, c.StartsOn, c.EndsOn).Scan(&n); err != nil {
		return sqldb.Translate(err, "check contracts")
	}
	if n > 0 {
		return ErrContractOverlap
	}
	at := sqldb.Now(s.now())
	if err := tx.QueryRowContext(ctx, `INSERT INTO pppk_contracts (employee_id, starts_on, ends_on, recorded_at) VALUES ($1, $2, $3, $4)
RETURNING id`, c.EmployeeID, c.StartsOn, c.EndsOn, at).Scan(&c.ID); err != nil {
		return sqldb.Translate(err, "insert contract")
	}
	if err := s.scheduleContract(ctx, tx, c.EmployeeID, c.ID, c.EndsOn); err != nil {
		return err
	}
	data := map[string]any{"employee": idText(c.EmployeeID), "starts_on": c.StartsOn, "ends_on": c.EndsOn}
	for k, v := range more {
		data[k] = v
	}
	return s.record(ctx, tx, audit.Event{At: at, Action: "contract.create", ObjectType: "contract", ObjectID: idText(c.ID), Data: data})
}

// DecideRenewal decides a contract's renewal and records contract.decide:
// diperpanjang adds the next contract, from the day after the end to
// new_end; tidak_diperpanjang needs a reason (the employee stays until the
// end). Errors: not_found (the contract), invalid (decision, new_end — a
// date after the end —, reason), conflict (decided already; the next
// contract overlaps another).
func (s *Service) DecideRenewal(ctx context.Context, contractID int64, r Renewal, by int64) error {
	f := map[string]apperr.Msg{}
	r.NewEnd = strings.TrimSpace(r.NewEnd)
	switch r.Decision {
	case RenewalExtended:
		r.Reason = strings.TrimSpace(r.Reason)
		if _, err := time.Parse(time.DateOnly, r.NewEnd); err != nil {
			f["new_end"] = apperr.M("onboard.contract_end")
		}
	case RenewalNotExtended:
		r.NewEnd = ""
		if textcheck.FieldMsg(f, "reason", &r.Reason, textcheck.Multiline) && (r.Reason == "" || len([]rune(r.Reason)) > 1000) {
			f["reason"] = apperr.M("onboard.reason")
		}
	default:
		f["decision"] = apperr.M("contract.decision")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var c Contract
		err := tx.QueryRowContext(ctx, `SELECT id, employee_id, starts_on, ends_on, decision FROM pppk_contracts WHERE id = $1`, contractID).
			Scan(&c.ID, &c.EmployeeID, &c.StartsOn, &c.EndsOn, &c.Decision)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrContractNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find contract")
		}
		if r.Decision == RenewalExtended && r.NewEnd <= c.EndsOn {
			return invalid("new_end", "contract.new_end", "date", c.EndsOn)
		}
		if c.Decision != "" {
			return ErrContractDecided
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE pppk_contracts SET decision = $1, reason = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
			r.Decision, r.Reason, nullID(by), at, c.ID); err != nil {
			return sqldb.Translate(err, "decide contract")
		}
		if err := s.record(ctx, tx, audit.Event{At: at, Action: "contract.decide", ObjectType: "contract", ObjectID: idText(c.ID),
			Data: map[string]any{"decision": r.Decision, "new_end": r.NewEnd, "reason": r.Reason}}); err != nil {
			return err
		}
		if r.Decision != RenewalExtended {
			return nil
		}
		end, _ := time.Parse(time.DateOnly, c.EndsOn)
		next := &Contract{EmployeeID: c.EmployeeID, StartsOn: end.AddDate(0, 0, 1).Format(time.DateOnly), EndsOn: r.NewEnd}
		return s.insertContract(ctx, tx, next, map[string]any{"renews": idText(c.ID)})
	})
}

// ContractReminders lists the undecided contracts of PPPK still working
// that end within ContractSoonDays (or have ended), by their end.
func (s *Service) ContractReminders(ctx context.Context) ([]Reminder, error) {
	soon := s.now().In(wib).AddDate(0, 0, ContractSoonDays).Format(time.DateOnly)
	var out []Reminder
	// Joins across parts: users, for the employee's username.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, COALESCE(u.username, ''), o.name, e.tmt, c.ends_on, c.id
FROM pppk_contracts c JOIN employees e ON e.id = c.employee_id JOIN org_units o ON o.id = e.unit_id LEFT JOIN users u ON u.id = e.user_id
WHERE c.decision = '' AND c.ends_on <= $1 AND e.status <> 'berhenti' ORDER BY c.ends_on, e.name, c.id`, func(r *sql.Rows) error {
		m := Reminder{Reasons: []string{"contract_ends"}}
		err := r.Scan(&m.Employee.ID, &m.Employee.Name, &m.Employee.Username, &m.Unit, &m.TMT, &m.Due, &m.Contract)
		out = append(out, m)
		return err
	}, soon)
	return out, sqldb.Translate(err, "contract reminders")
}
