package workforce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/idnum"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Onboarding (pengangkatan): the candidates a period's latest published
// final list places become employees — CPNS from a CPNS round, PPPK from a
// PPPK selection — from a TMT the admin sets, with unit, position and
// supervisor. Their NIK, name, birth date and gender come from the
// application; the NIP (NI PPPK) is issued by BKN later and recorded then.
//
// A JPT selection's L means "proposed": appointing a JPT is the
// official's decision and is not recorded here; other own selections
// (kind other) are not appointments of ASN either. Both are refused.

// Period kinds (recruitment's) that onboarding takes.
const (
	periodCPNS = "cpns"
	periodPPPK = "pppk"
)

// ReplacementWindowDays is how long after a withdrawn employee's TMT a
// replacement may still be taken from the final list. A candidate who
// withdraws before being onboarded may be replaced whenever.
const ReplacementWindowDays = 30

// Checklist items of an onboarding, in the order the page shows them.
const (
	ItemNIPDocuments = "nip_documents"       // documents for the NIP request (usul NIP) to BKN
	ItemOath         = "oath"                // sumpah/janji
	ItemLatsarReg    = "latsar_registration" // registered for Latsar
	ItemFirstSKP     = "first_skp"           // the first SKP agreed
)

// ChecklistItems lists the checklist's items.
var ChecklistItems = []string{ItemNIPDocuments, ItemOath, ItemLatsarReg, ItemFirstSKP}

// Errors of onboarding.
var (
	ErrIntakeNotFound = apperr.E(apperr.NotFound, "onboard.period_not_found")
	ErrNoFinalList    = apperr.E(apperr.FailedPrecondition, "onboard.no_final_list")
	ErrIntakeKind     = apperr.E(apperr.FailedPrecondition, "onboard.kind")
	ErrNotPlaced      = apperr.E(apperr.FailedPrecondition, "onboard.not_placed")
	ErrOnboarded      = apperr.E(apperr.Conflict, "onboard.onboarded")
	ErrWithdrawn      = apperr.E(apperr.Conflict, "onboard.withdrawn")
	ErrNotWithdrawn   = apperr.E(apperr.FailedPrecondition, "onboard.not_withdrawn")
	ErrReplaced       = apperr.E(apperr.Conflict, "onboard.replaced")
	ErrNoReplacement  = apperr.E(apperr.FailedPrecondition, "onboard.no_replacement")
	ErrItemTicked     = apperr.E(apperr.Conflict, "onboard.item_ticked")
	ErrNumberRecorded = apperr.E(apperr.Conflict, "onboard.number_recorded")
	ErrNoneToOnboard  = apperr.E(apperr.FailedPrecondition, "onboard.none_left")
	// ErrReplacementClosed: the withdrawal came later than the window after the TMT.
	ErrReplacementClosed = apperr.E(apperr.FailedPrecondition, "onboard.replacement_closed", "days", ReplacementWindowDays)
)

// Intake is a period's onboarding: its latest final list's placed
// candidates, each with where they stand.
type Intake struct {
	PeriodID    int64
	PeriodName  string
	PeriodKind  string // cpns or pppk
	Version     int
	PublishedAt time.Time
	Published   string // the publication's day in WIB, YYYY-MM-DD: the earliest TMT
	Placed      []Placed
}

// EmployeeKind is the kind of employee the period's candidates become.
func (in *Intake) EmployeeKind() string {
	if in.PeriodKind == periodPPPK {
		return KindPPPK
	}
	return KindPNS
}

// Placed is a candidate placed by the final list (or a confirmed
// replacement) and what became of them.
type Placed struct {
	ApplicationID      int64
	RegistrationNumber string
	Name               string
	NIK                string
	BirthDate          string
	Gender             string
	FormationCode      string // the formation they fill (for P/L-2 the receiving one)
	Position           string // the formation's position and unit, as the list says
	Unit               string
	Result             string // P/L, P/L-2, L
	FinalRank          int
	Replaces           string // the registration number of the withdrawn candidate this one replaces
	EmployeeID         int64  // 0 until onboarded
	TMT                string
	Withdrawn          *Withdrawal
	ReplacedBy         string // the registration number of their confirmed replacement
}

// Withdrawal is a placed candidate's withdrawal (mengundurkan diri).
type Withdrawal struct {
	Reason     string
	On         string // YYYY-MM-DD
	EmployeeID int64  // the record stopped, 0 when not onboarded
}

// listRow is a row of a final list as onboarding reads it.
type listRow struct {
	app                      int64
	number, code, position   string
	unit, result, placedCode string
	rank                     int
}

func placedResult(kind, result string) bool {
	switch kind {
	case periodCPNS:
		return result == "P/L" || result == "P/L-2"
	case periodPPPK:
		return result == "P/L" || result == "P/L-2" || result == "L"
	}
	return false
}

// finalList reads a period's kind and its latest published final list.
// Joins across parts: periods (recruitment), announcements and their items
// (verification). Errors: not_found (the period), failed_precondition (no
// final list; a period whose candidates are not onboarded here).
func finalList(ctx context.Context, q querier, periodID int64) (*Intake, []listRow, error) {
	in := &Intake{PeriodID: periodID}
	err := q.QueryRowContext(ctx, `SELECT name, kind FROM periods WHERE id = $1`, periodID).Scan(&in.PeriodName, &in.PeriodKind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrIntakeNotFound
	}
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find period")
	}
	if in.PeriodKind != periodCPNS && in.PeriodKind != periodPPPK {
		return in, nil, ErrIntakeKind
	}
	var annID int64
	err = q.QueryRowContext(ctx, `SELECT id, version, published_at FROM announcements WHERE period_id = $1 AND stage = 'final'
ORDER BY version DESC LIMIT 1`, periodID).Scan(&annID, &in.Version, &in.PublishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return in, nil, ErrNoFinalList
	}
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find final list")
	}
	in.Published = in.PublishedAt.In(wib).Format(time.DateOnly)
	var rows []listRow
	err = sqldb.RunQuery(ctx, q, `SELECT application_id, registration_number, formation_code, position, unit, result, extra
FROM announcement_items WHERE announcement_id = $1 ORDER BY no`, func(r *sql.Rows) error {
		var l listRow
		var extra string
		if err := r.Scan(&l.app, &l.number, &l.code, &l.position, &l.unit, &l.result, &extra); err != nil {
			return err
		}
		var cells []string
		if extra != "" {
			if err := json.Unmarshal([]byte(extra), &cells); err != nil {
				return err
			}
		}
		if len(cells) > 4 { // skd_total, skb, final_score, final_rank, placed_formation
			l.rank, _ = strconv.Atoi(cells[3])
			l.placedCode = cells[4]
		}
		if l.placedCode == "" {
			l.placedCode = l.code
		}
		rows = append(rows, l)
		return nil
	}, annID)
	return in, rows, sqldb.Translate(err, "read final list")
}

// loadIntake makes a period's Intake: the placed candidates of its final
// list and the confirmed replacements, with their onboarding and
// withdrawal. Joins across parts: applications and applicants, for the
// candidates' identity.
func loadIntake(ctx context.Context, q querier, periodID int64) (*Intake, []listRow, error) {
	in, rows, err := finalList(ctx, q, periodID)
	if err != nil {
		return in, rows, err
	}
	replaces := map[int64]int64{} // replacement → withdrawn
	err = sqldb.RunQuery(ctx, q, `SELECT application_id, replaces_id FROM onboarding_replacements WHERE period_id = $1`,
		func(r *sql.Rows) error {
			var a, w int64
			err := r.Scan(&a, &w)
			replaces[a] = w
			return err
		}, periodID)
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find replacements")
	}
	numbers := map[int64]string{}
	for _, l := range rows {
		numbers[l.app] = l.number
	}
	replacedBy := map[int64]string{}
	for a, w := range replaces {
		replacedBy[w] = numbers[a]
	}
	for _, l := range rows {
		_, isReplacement := replaces[l.app]
		if !placedResult(in.PeriodKind, l.result) && !isReplacement {
			continue
		}
		p := Placed{ApplicationID: l.app, RegistrationNumber: l.number, FormationCode: l.placedCode, Position: l.position, Unit: l.unit,
			Result: l.result, FinalRank: l.rank, ReplacedBy: replacedBy[l.app]}
		if isReplacement {
			p.Replaces = numbers[replaces[l.app]]
		}
		in.Placed = append(in.Placed, p)
	}
	for i := range in.Placed {
		if err := attachPlaced(ctx, q, &in.Placed[i]); err != nil {
			return nil, nil, err
		}
	}
	return in, rows, nil
}

// attachPlaced adds to p the applicant's identity, the onboarding and the withdrawal.
func attachPlaced(ctx context.Context, q querier, p *Placed) error {
	err := q.QueryRowContext(ctx, `SELECT ap.name, ap.nik, ap.birth_date, ap.gender FROM applications a
JOIN applicants ap ON ap.id = a.applicant_id WHERE a.id = $1`, p.ApplicationID).Scan(&p.Name, &p.NIK, &p.BirthDate, &p.Gender)
	if err != nil {
		return sqldb.Translate(err, "find applicant")
	}
	err = q.QueryRowContext(ctx, `SELECT employee_id, tmt FROM onboardings WHERE application_id = $1`, p.ApplicationID).
		Scan(&p.EmployeeID, &p.TMT)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sqldb.Translate(err, "find onboarding")
	}
	var w Withdrawal
	var emp sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT reason, withdrawn_on, employee_id FROM onboarding_withdrawals WHERE application_id = $1`,
		p.ApplicationID).Scan(&w.Reason, &w.On, &emp)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return sqldb.Translate(err, "find withdrawal")
	default:
		w.EmployeeID = emp.Int64
		p.Withdrawn = &w
	}
	return nil
}

// FindIntake returns a period's onboarding: the placed candidates of its
// latest final list and the confirmed replacements. Errors: not_found (no
// such period), failed_precondition (no final list published; a JPT or
// other own selection, whose candidates are not onboarded here).
func (s *Service) FindIntake(ctx context.Context, periodID int64) (*Intake, error) {
	in, _, err := loadIntake(ctx, s.db.R, periodID)
	return in, err
}

// IntakePeriod is a period with a published final list whose candidates
// can be onboarded.
type IntakePeriod struct {
	ID        int64
	Name      string
	Kind      string
	Published time.Time
}

// IntakePeriods lists the CPNS and PPPK periods that have a published
// final list, the newest first. Joins across parts: periods, announcements.
func (s *Service) IntakePeriods(ctx context.Context) ([]IntakePeriod, error) {
	var out []IntakePeriod
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT p.id, p.name, p.kind, an.published_at FROM periods p
JOIN announcements an ON an.period_id = p.id AND an.stage = 'final' WHERE p.kind IN ('cpns', 'pppk')
  AND an.version = (SELECT max(l.version) FROM announcements l WHERE l.period_id = p.id AND l.stage = 'final')
ORDER BY an.published_at DESC, p.id DESC`, func(r *sql.Rows) error {
		var p IntakePeriod
		err := r.Scan(&p.ID, &p.Name, &p.Kind, &p.Published)
		out = append(out, p)
		return err
	})
	return out, sqldb.Translate(err, "intake periods")
}

// Onboard is what the admin sets to take a placed candidate on.
type Onboard struct {
	TMT          string `json:"tmt"` // YYYY-MM-DD, not before the final list's publication
	UnitID       int64  `json:"unit_id"`
	PositionID   int64  `json:"position_id"`   // 0: none yet
	SupervisorID int64  `json:"supervisor_id"` // 0: none yet
	Grade        string `json:"grade"`         // golongan/ruang (CPNS) or I–XVII (PPPK)
	ContractEnd  string `json:"contract_end"`  // PPPK: the last day of the first contract
}

// checkOnboard normalises o and returns its field problems for a period.
func checkOnboard(o *Onboard, in *Intake) map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	o.TMT = strings.TrimSpace(o.TMT)
	tmt, err := time.Parse(time.DateOnly, o.TMT)
	switch {
	case err != nil:
		f["tmt"] = apperr.M("workforce.tmt")
	case o.TMT < in.Published:
		f["tmt"] = apperr.M("onboard.tmt_before_list", "date", in.Published)
	}
	if o.UnitID == 0 {
		f["unit_id"] = apperr.M("workforce.unit_missing")
	}
	kind := in.EmployeeKind()
	if g, ok := NormalGrade(kind, o.Grade); ok {
		o.Grade = g
	} else if kind == KindPPPK {
		f["grade"] = apperr.M("workforce.grade_pppk")
	} else {
		f["grade"] = apperr.M("workforce.grade_pns")
	}
	o.ContractEnd = strings.TrimSpace(o.ContractEnd)
	if kind == KindPPPK {
		end, err := time.Parse(time.DateOnly, o.ContractEnd)
		if err != nil || (f["tmt"].Key == "" && !end.After(tmt)) {
			f["contract_end"] = apperr.M("onboard.contract_end")
		}
	} else {
		o.ContractEnd = ""
	}
	return f
}

// OnboardCandidate takes a placed candidate of a period on as an employee
// — a CPNS (status cpns) from a CPNS round, a PPPK (status aktif, with its
// first contract) from a PPPK selection — and records employee.onboard.
// by is the acting user. Errors: not_found (the period), invalid (tmt:
// not a date, or before the final list's publication; unit_id,
// position_id, supervisor_id, grade, contract_end), failed_precondition
// (no final list; a JPT or other period; the candidate is not placed),
// conflict (onboarded already, withdrawn, or their NIK is an employee's).
func (s *Service) OnboardCandidate(ctx context.Context, periodID, appID int64, o Onboard, by int64) (*Employee, error) {
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		in, _, err := loadIntake(ctx, tx, periodID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(in.Placed, func(p Placed) bool { return p.ApplicationID == appID })
		if i < 0 {
			return ErrNotPlaced
		}
		if f := checkOnboard(&o, in); len(f) > 0 {
			return apperr.InvalidMsgs(f)
		}
		id, err = s.onboard(ctx, tx, in, &in.Placed[i], o, by)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FindEmployee(ctx, id)
}

// OnboardFormation onboards, with the same TMT, unit, position,
// supervisor and grade, every placed candidate of a formation who is
// neither onboarded nor withdrawn, all or none; it returns how many.
// Errors: those of OnboardCandidate; failed_precondition when nobody is
// left to onboard.
func (s *Service) OnboardFormation(ctx context.Context, periodID int64, formationCode string, o Onboard, by int64) (int, error) {
	n := 0
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		in, _, err := loadIntake(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if f := checkOnboard(&o, in); len(f) > 0 {
			return apperr.InvalidMsgs(f)
		}
		for i := range in.Placed {
			p := &in.Placed[i]
			if p.FormationCode != formationCode || p.EmployeeID != 0 || p.Withdrawn != nil {
				continue
			}
			if _, err := s.onboard(ctx, tx, in, p, o, by); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return ErrNoneToOnboard
		}
		return nil
	})
	return n, err
}

// onboard stores one onboarding in tx.
func (s *Service) onboard(ctx context.Context, tx *sqldb.Tx, in *Intake, p *Placed, o Onboard, by int64) (int64, error) {
	switch {
	case p.Withdrawn != nil:
		return 0, ErrWithdrawn
	case p.EmployeeID != 0:
		return 0, ErrOnboarded
	}
	n := NewEmployee{Kind: in.EmployeeKind(), NIK: p.NIK, Name: p.Name, BirthDate: p.BirthDate, Gender: p.Gender, UnitID: o.UnitID,
		PositionID: o.PositionID, Grade: o.Grade, Status: StatusActive, TMT: o.TMT}
	if n.Kind == KindPNS {
		n.Status = StatusCPNS
	}
	if _, err := s.resolve(ctx, tx, &n, 0); err != nil {
		return 0, err
	}
	at := sqldb.Now(s.now())
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO employees (kind, nik, name, birth_date, gender, unit_id, position_id, grade, status, tmt,
  created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`, n.Kind, n.NIK, n.Name,
		n.BirthDate, n.Gender, n.UnitID, nullID(n.PositionID), n.Grade, n.Status, n.TMT, at).Scan(&id)
	if sqldb.IsUnique(err) {
		return 0, ErrNIKTaken
	}
	if err != nil {
		return 0, sqldb.Translate(err, "insert employee")
	}
	if o.SupervisorID != 0 {
		if err := checkSupervisor(ctx, tx, id, o.SupervisorID); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO employee_supervisors (employee_id, supervisor_id, acting, valid_from, recorded_at)
VALUES ($1, $2, FALSE, $3, $4)`, id, o.SupervisorID, o.TMT, at); err != nil {
			return 0, sqldb.Translate(err, "insert supervisor")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employees SET supervisor_id = $1 WHERE id = $2`, o.SupervisorID, id); err != nil {
			return 0, sqldb.Translate(err, "set supervisor")
		}
		if n.Kind == KindPNS {
			if err := s.noticeSupervisor(ctx, tx, o.SupervisorID, id, n.Name, o.TMT); err != nil {
				return 0, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO onboardings (application_id, period_id, employee_id, formation_code, tmt, recorded_by,
  recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ApplicationID, in.PeriodID, id, p.FormationCode, o.TMT, nullID(by), at); err != nil {
		return 0, sqldb.Translate(err, "insert onboarding")
	}
	if o.ContractEnd != "" {
		var contract int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO pppk_contracts (employee_id, starts_on, ends_on, recorded_at) VALUES ($1, $2, $3, $4)
RETURNING id`, id, o.TMT, o.ContractEnd, at).Scan(&contract); err != nil {
			return 0, sqldb.Translate(err, "insert contract")
		}
		if err := s.scheduleContract(ctx, tx, id, contract, o.ContractEnd); err != nil {
			return 0, err
		}
	}
	if n.Kind == KindPNS {
		if err := s.scheduleProbation(ctx, tx, id, o.TMT); err != nil {
			return 0, err
		}
	}
	if err := s.linkApplicant(ctx, tx, id, p.ApplicationID); err != nil {
		return 0, err
	}
	p.EmployeeID, p.TMT = id, o.TMT
	data := employeeData(&n)
	data["application"], data["period"], data["formation"] = idText(p.ApplicationID), idText(in.PeriodID), p.FormationCode
	data["supervisor"], data["contract_end"] = idText(o.SupervisorID), o.ContractEnd
	return id, s.record(ctx, tx, audit.Event{At: at, Action: "employee.onboard", ObjectType: "employee", ObjectID: idText(id), Data: data})
}

// NIPPrefix is the 15 digits the employee's NIP must begin with (birth
// date, TMT year-month, gender digit), "" without a TMT or for a PPPK.
func (e *Employee) NIPPrefix() string {
	birth, err1 := time.Parse(time.DateOnly, e.BirthDate)
	tmt, err2 := time.Parse(time.DateOnly, e.TMT)
	g, err3 := idnum.ParseGender(e.Gender)
	if err1 != nil || err2 != nil || err3 != nil {
		return ""
	}
	p, err := idnum.NIPPrefix(birth, idnum.YearMonth{Year: tmt.Year(), Month: tmt.Month()}, g)
	if err != nil {
		return ""
	}
	return p
}

// RecordNumber records the NIP (a PNS) or NI PPPK (a PPPK) BKN issued to
// an employee who has none yet, and records employee.number. Errors:
// not_found, invalid ("number": malformed; its birth date or gender
// disagrees with the NIK — the message names both —; its TMT year-month is
// not the employee's TMT), conflict (the employee has a number already;
// the number is another employee's).
func (s *Service) RecordNumber(ctx context.Context, id int64, number string) (*Employee, error) {
	number = strings.TrimSpace(number)
	now := s.now()
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEmployee(ctx, tx, "e.id = $1", id)
		if err != nil {
			return err
		}
		if e.Number() != "" {
			return ErrNumberRecorded
		}
		if err := checkIssued(e, number, now); err != nil {
			return err
		}
		col := "nip"
		if e.Kind == KindPPPK {
			col = "ni_pppk"
		}
		at := sqldb.Now(now)
		_, err = tx.ExecContext(ctx, `UPDATE employees SET `+col+` = $1, updated_at = $2 WHERE id = $3`, number, at, id)
		if sqldb.IsUnique(err) {
			return ErrNIPTaken
		}
		if err != nil {
			return sqldb.Translate(err, "record number")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "employee.number", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{col: number}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindEmployee(ctx, id)
}

// checkIssued checks a NIP or NI PPPK for e: well formed, agreeing with
// the NIK, and with the TMT's year-month.
func checkIssued(e *Employee, number string, now time.Time) error {
	nik, err := idnum.ParseNIK(e.NIK, now)
	if err != nil {
		return invalid("number", "onboard.nik_unreadable")
	}
	nip, err := idnum.ParseNIP(number)
	if err == nil {
		err = idnum.CheckNIPAgainstNIK(nip, nik)
	}
	if err != nil {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"number": idMsg(err)})
	}
	if tmt, err := time.Parse(time.DateOnly, e.TMT); err == nil && (tmt.Year() != nip.TMT.Year || tmt.Month() != nip.TMT.Month) {
		return invalid("number", "workforce.tmt_number", "n", "NIP", "ym", tmt.Format("2006-01"))
	}
	return nil
}

// ChecklistEntry is an item of an employee's onboarding checklist.
type ChecklistEntry struct {
	Item   string
	DoneOn string // "" while open
	DoneBy string // the username of who ticked it
}

// Checklist returns an employee's onboarding checklist, every item in
// order, ticked or not. Errors: not_found.
func (s *Service) Checklist(ctx context.Context, id int64) ([]ChecklistEntry, error) {
	if _, err := s.FindEmployee(ctx, id); err != nil {
		return nil, err
	}
	done := map[string]ChecklistEntry{}
	// Joins across parts: users, for who ticked.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT c.item, c.done_on, COALESCE(u.username, '') FROM onboarding_checklist c
LEFT JOIN users u ON u.id = c.done_by WHERE c.employee_id = $1`, func(r *sql.Rows) error {
		var c ChecklistEntry
		err := r.Scan(&c.Item, &c.DoneOn, &c.DoneBy)
		done[c.Item] = c
		return err
	}, id)
	if err != nil {
		return nil, sqldb.Translate(err, "checklist")
	}
	out := make([]ChecklistEntry, len(ChecklistItems))
	for i, it := range ChecklistItems {
		out[i] = ChecklistEntry{Item: it}
		if c, ok := done[it]; ok {
			out[i] = c
		}
	}
	return out, nil
}

// TickChecklist ticks an item of an employee's checklist as done on a day
// (not in the future) by a user and records onboarding.tick. Errors:
// not_found, invalid ("item": not a checklist item; "done_on"), conflict
// (ticked already).
func (s *Service) TickChecklist(ctx context.Context, id int64, item, doneOn string, by int64) error {
	now := s.now()
	f := map[string]apperr.Msg{}
	if !slices.Contains(ChecklistItems, item) {
		f["item"] = apperr.M("onboard.item")
	}
	doneOn = strings.TrimSpace(doneOn)
	checkPastDate(f, "done_on", doneOn, now)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findEmployee(ctx, tx, "e.id = $1", id); err != nil {
			return err
		}
		at := sqldb.Now(now)
		_, err := tx.ExecContext(ctx, `INSERT INTO onboarding_checklist (employee_id, item, done_on, done_by, recorded_at)
VALUES ($1, $2, $3, $4, $5)`, id, item, doneOn, nullID(by), at)
		if sqldb.IsUnique(err) {
			return ErrItemTicked
		}
		if err != nil {
			return sqldb.Translate(err, "tick")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "onboarding.tick", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{"item": item, "done_on": doneOn}})
	})
}

// checkPastDate puts a problem on field unless s is a date not after
// today (WIB).
func checkPastDate(f map[string]apperr.Msg, field, s string, now time.Time) {
	if _, err := time.Parse(time.DateOnly, s); err != nil || s > now.In(wib).Format(time.DateOnly) {
		f[field] = apperr.M("onboard.date")
	}
}

// Withdraw records that a placed candidate withdrew (mengundurkan diri)
// on a day, with a reason, and records placement.withdraw; an onboarded
// candidate's employee record stops (status berhenti). Errors: not_found
// (the period), invalid ("reason": required, at most 1,000 characters;
// "withdrawn_on"), failed_precondition (not placed), conflict (withdrawn
// already).
func (s *Service) Withdraw(ctx context.Context, periodID, appID int64, reason, on string, by int64) error {
	now := s.now()
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "reason", &reason, textcheck.Multiline) && (reason == "" || len([]rune(reason)) > 1000) {
		f["reason"] = apperr.M("onboard.reason")
	}
	on = strings.TrimSpace(on)
	checkPastDate(f, "withdrawn_on", on, now)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		in, _, err := loadIntake(ctx, tx, periodID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(in.Placed, func(p Placed) bool { return p.ApplicationID == appID })
		if i < 0 {
			return ErrNotPlaced
		}
		p := in.Placed[i]
		if p.Withdrawn != nil {
			return ErrWithdrawn
		}
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO onboarding_withdrawals (application_id, period_id, formation_code, employee_id, reason,
  withdrawn_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, appID, periodID, p.FormationCode,
			nullID(p.EmployeeID), reason, on, nullID(by), at); err != nil {
			return sqldb.Translate(err, "insert withdrawal")
		}
		if p.EmployeeID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE employees SET status = $1, updated_at = $2 WHERE id = $3`, StatusStopped, at,
				p.EmployeeID); err != nil {
				return sqldb.Translate(err, "stop employee")
			}
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "placement.withdraw", ObjectType: "application", ObjectID: idText(appID),
			Data: map[string]any{"period": idText(periodID), "formation": p.FormationCode, "employee": idText(p.EmployeeID),
				"reason": reason, "withdrawn_on": on}})
	})
}

// Replacement is the candidate proposed to replace a withdrawn one.
type Replacement struct {
	Withdrawn Placed
	Candidate Placed // the proposal: not placed, in the same formation's final list, the best final rank left
}

// ProposeReplacement returns who would replace a withdrawn candidate:
// from the same formation's final list, the candidate with the best final
// rank who was not placed (ranked, so present at every test), not
// withdrawn and not already a replacement. Allowed only when the
// withdrawal came before onboarding, or no later than
// ReplacementWindowDays after the TMT. Errors: not_found (the period),
// failed_precondition (not placed; not withdrawn; withdrawn too late;
// nobody left in the formation's list), conflict (replaced already).
func (s *Service) ProposeReplacement(ctx context.Context, periodID, appID int64) (*Replacement, error) {
	return proposeReplacement(ctx, s.db.R, periodID, appID)
}

func proposeReplacement(ctx context.Context, q querier, periodID, appID int64) (*Replacement, error) {
	in, rows, err := loadIntake(ctx, q, periodID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(in.Placed, func(p Placed) bool { return p.ApplicationID == appID })
	switch {
	case i < 0:
		return nil, ErrNotPlaced
	case in.Placed[i].Withdrawn == nil:
		return nil, ErrNotWithdrawn
	case in.Placed[i].ReplacedBy != "":
		return nil, ErrReplaced
	}
	w := in.Placed[i]
	if w.TMT != "" {
		tmt, _ := time.Parse(time.DateOnly, w.TMT)
		if w.Withdrawn.On > tmt.AddDate(0, 0, ReplacementWindowDays).Format(time.DateOnly) {
			return nil, ErrReplacementClosed
		}
	}
	taken := map[int64]bool{}
	for _, p := range in.Placed {
		taken[p.ApplicationID] = true
	}
	var best *listRow
	for k := range rows {
		l := &rows[k]
		if l.code != w.FormationCode || l.rank == 0 || taken[l.app] || placedResult(in.PeriodKind, l.result) {
			continue
		}
		if best == nil || l.rank < best.rank {
			best = l
		}
	}
	if best == nil {
		return nil, ErrNoReplacement
	}
	c := Placed{ApplicationID: best.app, RegistrationNumber: best.number, FormationCode: w.FormationCode, Position: best.position,
		Unit: best.unit, Result: best.result, FinalRank: best.rank, Replaces: w.RegistrationNumber}
	if err := attachPlaced(ctx, q, &c); err != nil {
		return nil, err
	}
	return &Replacement{Withdrawn: w, Candidate: c}, nil
}

// ConfirmReplacement confirms, for the committee, the proposed
// replacement of a withdrawn candidate (ProposeReplacement, computed again
// in the transaction), who is then placed and can be onboarded; records
// placement.replace. Errors: those of ProposeReplacement.
func (s *Service) ConfirmReplacement(ctx context.Context, periodID, appID int64, by int64) (*Replacement, error) {
	var rep *Replacement
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		if rep, err = proposeReplacement(ctx, tx, periodID, appID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		_, err = tx.ExecContext(ctx, `INSERT INTO onboarding_replacements (application_id, replaces_id, period_id, formation_code,
  confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6)`, rep.Candidate.ApplicationID, appID, periodID,
			rep.Candidate.FormationCode, nullID(by), at)
		if sqldb.IsUnique(err) {
			return ErrReplaced
		}
		if err != nil {
			return sqldb.Translate(err, "insert replacement")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "placement.replace", ObjectType: "application",
			ObjectID: idText(rep.Candidate.ApplicationID), Data: map[string]any{"period": idText(periodID), "replaces": idText(appID),
				"formation": rep.Candidate.FormationCode, "final_rank": rep.Candidate.FinalRank}})
	})
	return rep, err
}

// OnboardingOf returns the period and application an employee was
// onboarded from (0, 0 when they were not).
func (s *Service) OnboardingOf(ctx context.Context, id int64) (periodID, appID int64, err error) {
	err = s.db.R.QueryRowContext(ctx, `SELECT period_id, application_id FROM onboardings WHERE employee_id = $1`, id).Scan(&periodID, &appID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return periodID, appID, sqldb.Translate(err, "find onboarding")
}

// FindPosition returns a position. Errors: not_found.
func (s *Service) FindPosition(ctx context.Context, id int64) (*Position, error) {
	var p Position
	err := s.db.R.QueryRowContext(ctx, `SELECT id, unit_id, name, kind FROM org_positions WHERE id = $1`, id).Scan(&p.ID, &p.UnitID, &p.Name,
		&p.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrPositionNotFound
	}
	return &p, sqldb.Translate(err, "find position")
}

// ErrPositionNotFound: no such position.
var ErrPositionNotFound = apperr.E(apperr.NotFound, "onboard.position_not_found")

// noticeSupervisor tells the supervisor sup, when they have an account,
// that a new CPNS (id, name) reports to them from tmt and that they will
// assess the probation (in-app notice, no e-mail).
func (s *Service) noticeSupervisor(ctx context.Context, tx *sqldb.Tx, sup, id int64, name, tmt string) error {
	var user sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT user_id FROM employees WHERE id = $1`, sup).Scan(&user); err != nil {
		return sqldb.Translate(err, "find supervisor's account")
	}
	if !user.Valid {
		return nil
	}
	text := func(lang, key string) string {
		return i18n.T(lang, key, "name", name, "tmt", tmt, "ends", probationEnd(tmt))
	}
	_, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: user.Int64, Kind: "probation.report",
		Title: text(i18n.ID, "probation.notice.title"), Body: text(i18n.ID, "probation.notice.body"),
		TitleEN: text(i18n.EN, "probation.notice.title"), BodyEN: text(i18n.EN, "probation.notice.body"),
		Link: "/bawahan/" + idText(id) + "/percobaan"}, "")
	return err
}

// linkApplicant links a new employee record to the account its candidate
// applied with (their NIK, the applicant's sign-in), when that account is
// not linked to another record, and gives the account the employee role,
// recorded as user.roles — so the new CPNS or PPPK signs in as before and
// finds their record, checklist and probation on Data saya.
func (s *Service) linkApplicant(ctx context.Context, tx *sqldb.Tx, employee, application int64) error {
	// Joins across parts: the applicant's account (recruitment, identity).
	var user int64
	var username string
	err := tx.QueryRowContext(ctx, `SELECT u.id, u.username FROM applications a JOIN applicants ap ON ap.id = a.applicant_id
JOIN users u ON u.id = ap.user_id
WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM employees e WHERE e.user_id = u.id)`, application).Scan(&user, &username)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return sqldb.Translate(err, "find the applicant's account")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE employees SET user_id = $1 WHERE id = $2`, user, employee); err != nil {
		return sqldb.Translate(err, "link the account")
	}
	var has int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM user_roles WHERE user_id = $1 AND role = 'employee'`, user).Scan(&has)
	if err != nil {
		return sqldb.Translate(err, "find roles")
	}
	if has > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, 'employee')`, user); err != nil {
		return sqldb.Translate(err, "grant the employee role")
	}
	return s.record(ctx, tx, audit.Event{Action: "user.roles", ObjectType: "user", ObjectID: idText(user),
		Data: map[string]any{"username": username, "added": "employee", "employee": idText(employee)}})
}
