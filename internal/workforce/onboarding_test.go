package workforce_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

// listed is a row of the fixture's final list.
type listed struct {
	code, result string
	rank         int
	placed       string // placed_formation
}

// intakeFixture is a period whose final list is published, made in the
// database as the recruitment, results and verification parts leave it.
type intakeFixture struct {
	period int64
	apps   []int64 // in the order of rows
	people []workforce.NewEmployee
}

var listPublished = time.Date(2026, 1, 15, 3, 0, 0, 0, time.UTC) // 10:00 WIB

// fixtureRows: F1 (quota 2) places A1, A2, leaves A3, A4 ranked and A5
// without a final rank; F2 places B1 and its B2 goes to F3 by optimalisasi.
var fixtureRows = []listed{
	{"F1", "P/L", 1, ""}, {"F1", "P/L", 2, ""}, {"F1", "TL", 3, ""}, {"F1", "TL", 4, ""}, {"F1", "TL", 0, ""},
	{"F2", "P/L", 1, ""}, {"F2", "P/L-2", 2, "F3"},
}

func (e *env) intake(kind string, rows []listed) *intakeFixture {
	e.t.Helper()
	at := sqldb.Now(listPublished.AddDate(0, -6, 0))
	var off int
	if err := e.db.R.QueryRowContext(e.ctx, `SELECT count(*) FROM applicants`).Scan(&off); err != nil {
		e.t.Fatal(err)
	}
	fx := &intakeFixture{people: workforce.SamplePeople(off + len(rows))[off:]}
	err := e.db.Write(e.ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRowContext(e.ctx, `INSERT INTO periods (name, agency, kind, time_zone, reference_date, announce_at, reg_open_at,
  reg_close_at, admin_announce_at, appeal_days, created_at, updated_at) VALUES ('Seleksi 2025', 'Pemkot', $1, 'Asia/Jakarta',
  '2025-08-01', $2, $2, $2, $2, 3, $2, $2) RETURNING id`, kind, at).Scan(&fx.period); err != nil {
			return err
		}
		forms := map[string]int64{}
		for _, code := range []string{"F1", "F2", "F3"} {
			var id int64
			if err := tx.QueryRowContext(e.ctx, `INSERT INTO formations (period_id, code, position, unit, employment_type, quota, category,
  levels, age_min, age_max, documents, proofs, search, created_at) VALUES ($1, $2, 'Analis SDM Aparatur', 'BKPSDM', $3, 2, 'umum',
  '[]', 18, 35, '[]', '[]', '', $4) RETURNING id`, fx.period, code, kind, at).Scan(&id); err != nil {
				return err
			}
			forms[code] = id
		}
		var ann int64
		if err := tx.QueryRowContext(e.ctx, `INSERT INTO announcements (period_id, stage, version, published_at, sha256, audit_seq,
  row_count, csv) VALUES ($1, 'final', 1, $2, '', 0, $3, '') RETURNING id`, fx.period, sqldb.Now(listPublished), len(rows)).
			Scan(&ann); err != nil {
			return err
		}
		for i, r := range rows {
			p := fx.people[i]
			var user, applicant, app int64
			if err := tx.QueryRowContext(e.ctx, `INSERT INTO users (username, name, created_at, updated_at) VALUES ($1, $2, $3, $3)
RETURNING id`, p.NIK, p.Name, at).Scan(&user); err != nil {
				return err
			}
			if err := tx.QueryRowContext(e.ctx, `INSERT INTO applicants (user_id, nik, name, birth_place, birth_date, gender, email, phone,
  created_at) VALUES ($1, $2, $3, 'Palangka Raya', $4, $5, '', '', $6) RETURNING id`, user, p.NIK, p.Name, p.BirthDate, p.Gender, at).
				Scan(&applicant); err != nil {
				return err
			}
			number := fmt.Sprintf("2500%04d", off+i+1)
			if err := tx.QueryRowContext(e.ctx, `INSERT INTO applications (period_id, formation_id, applicant_id, registration_number, status,
  education_level, education_major, attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, 'submitted', 'S1', 'x', '{}', $5, $5)
RETURNING id`, fx.period, forms[r.code], applicant, number, at).Scan(&app); err != nil {
				return err
			}
			fx.apps = append(fx.apps, app)
			rank := ""
			if r.rank > 0 {
				rank = fmt.Sprint(r.rank)
			}
			extra, _ := json.Marshal([]string{"400", "80", "75.000", rank, r.placed})
			if _, err := tx.ExecContext(e.ctx, `INSERT INTO announcement_items (announcement_id, application_id, no, registration_number,
  masked_name, formation_code, position, unit, result, extra) VALUES ($1, $2, $3, $4, 'x', $5, 'Analis SDM Aparatur', 'BKPSDM', $6, $7)`,
				ann, app, i+1, number, r.code, r.result, string(extra)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return fx
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if codeOf(err) != code {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

func wantKey(t *testing.T, what string, err error, code apperr.Code, key string) {
	t.Helper()
	wantCode(t, what, err, code)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Msg.Key != key {
		t.Fatalf("%s: %v, want key %s", what, err, key)
	}
}

func wantField(t *testing.T, what string, err error, field, key string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.FieldMsgs[field].Key != key {
		t.Fatalf("%s: %v, want %s on %s", what, err, key, field)
	}
}

func TestOnboardingFromTheFinalList(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		unit := e.unit("BKPSDM", "BKPSDM", 0)
		pos, err := e.svc.CreatePosition(e.ctx, unit.ID, "Analis SDM Aparatur", workforce.PositionFunctional)
		if err != nil {
			t.Fatal(err)
		}
		head := people(40, unit.ID)[30]
		head.Status = workforce.StatusActive
		boss := e.employee(head)
		fx := e.intake("cpns", fixtureRows)

		checkIntake(t, e, fx)

		o := workforce.Onboard{TMT: "2026-02-01", UnitID: unit.ID, PositionID: pos.ID, SupervisorID: boss.ID, Grade: "iii/a"}
		// Bad input, each refused and nothing stored.
		_, err = e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[2], o, 0)
		wantKey(t, "not placed", err, apperr.FailedPrecondition, "onboard.not_placed")
		bad := o
		bad.TMT = "2026-01-14"
		_, err = e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[0], bad, 0)
		wantField(t, "TMT before the list", err, "tmt", "onboard.tmt_before_list")
		bad = o
		bad.Grade = "XI"
		_, err = e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[0], bad, 0)
		wantField(t, "a PPPK grade for a CPNS", err, "grade", "workforce.grade_pns")
		if n := testkit.CountAudit(t, db, "employee.onboard"); n != 0 {
			t.Fatalf("%d onboardings after refusals", n)
		}

		emp, err := e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[0], o, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := fx.people[0]
		if emp.Kind != workforce.KindPNS || emp.Status != workforce.StatusCPNS || emp.NIK != p.NIK || emp.Name != p.Name ||
			emp.BirthDate != p.BirthDate || emp.NIP != "" || emp.Grade != "III/a" || emp.TMT != "2026-02-01" ||
			emp.Supervisor == nil || emp.Supervisor.ID != boss.ID {
			t.Fatalf("onboarded %+v", emp)
		}
		// The account the candidate applied with is linked, with the employee role.
		var role int
		if err := db.R.QueryRowContext(e.ctx, `SELECT count(*) FROM user_roles r JOIN employees x ON x.user_id = r.user_id
WHERE x.id = $1 AND r.role = 'employee'`, emp.ID).Scan(&role); err != nil || role != 1 || emp.Username == "" {
			t.Fatalf("the applicant's account: role %d, username %q, %v", role, emp.Username, err)
		}
		_, err = e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[0], o, 0)
		wantCode(t, "twice", err, apperr.Conflict)
		if h, _ := e.svc.SupervisorHistory(e.ctx, emp.ID); len(h) != 1 || h[0].From != "2026-02-01" {
			t.Fatalf("history %+v", h)
		}
		// Awaiting the NIP, the record's other data still change.
		upd := workforce.NewEmployee{Kind: emp.Kind, NIK: emp.NIK, Name: emp.Name, BirthDate: emp.BirthDate, Gender: emp.Gender,
			UnitID: unit.ID, PositionID: pos.ID, Grade: "III/b", Status: workforce.StatusCPNS, TMT: emp.TMT}
		if emp, err = e.svc.UpdateEmployee(e.ctx, emp.ID, upd); err != nil || emp.Grade != "III/b" || emp.NIP != "" {
			t.Fatalf("update awaiting the NIP: %v %+v", err, emp)
		}

		checkNumberAndChecklist(t, e, emp, fx.people[0])

		// All of a formation: F3 has its P/L-2.
		n, err := e.svc.OnboardFormation(e.ctx, fx.period, "F3", o, 0)
		if err != nil || n != 1 {
			t.Fatalf("formation F3: %d %v", n, err)
		}
		_, err = e.svc.OnboardFormation(e.ctx, fx.period, "F3", o, 0)
		wantKey(t, "F3 again", err, apperr.FailedPrecondition, "onboard.none_left")
		for _, a := range []string{"employee.onboard", "employee.number", "onboarding.tick"} {
			if testkit.CountAudit(t, db, a) == 0 {
				t.Fatalf("no %s in the audit log", a)
			}
		}
	})
}

func TestWithdrawalAndReplacement(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		unit := e.unit("BKPSDM", "BKPSDM", 0)
		fx := e.intake("cpns", fixtureRows)
		o := workforce.Onboard{TMT: "2026-02-01", UnitID: unit.ID, Grade: "III/a"}

		_, err := e.svc.ProposeReplacement(e.ctx, fx.period, fx.apps[1])
		wantCode(t, "not withdrawn", err, apperr.FailedPrecondition)
		wantField(t, "no reason", e.svc.Withdraw(e.ctx, fx.period, fx.apps[1], " ", "2026-01-20", 0), "reason", "onboard.reason")
		wantKey(t, "not placed", e.svc.Withdraw(e.ctx, fx.period, fx.apps[2], "x", "2026-01-20", 0), apperr.FailedPrecondition,
			"onboard.not_placed")

		// A2 withdraws before onboarding: A3 (rank 3) is proposed, confirmed, onboarded.
		if err := e.svc.Withdraw(e.ctx, fx.period, fx.apps[1], "Diterima di instansi lain", "2026-01-20", 0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "withdraw twice", e.svc.Withdraw(e.ctx, fx.period, fx.apps[1], "x", "2026-01-20", 0), apperr.Conflict)
		_, err = e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[1], o, 0)
		wantCode(t, "onboard the withdrawn", err, apperr.Conflict)
		rep, err := e.svc.ProposeReplacement(e.ctx, fx.period, fx.apps[1])
		if err != nil || rep.Candidate.ApplicationID != fx.apps[2] || rep.Candidate.FinalRank != 3 {
			t.Fatalf("proposal %v %+v", err, rep)
		}
		if _, err := e.svc.ConfirmReplacement(e.ctx, fx.period, fx.apps[1], 0); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ConfirmReplacement(e.ctx, fx.period, fx.apps[1], 0)
		wantCode(t, "confirm twice", err, apperr.Conflict)
		if _, err := e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[2], o, 0); err != nil {
			t.Fatalf("onboard the replacement: %v", err)
		}

		// A1 is onboarded, withdraws 40 days after the TMT: their record stops, no replacement.
		a1, err := e.svc.OnboardCandidate(e.ctx, fx.period, fx.apps[0], o, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Withdraw(e.ctx, fx.period, fx.apps[0], "Pindah domisili", "2026-03-13", 0); err != nil {
			t.Fatal(err)
		}
		if a1, _ = e.svc.FindEmployee(e.ctx, a1.ID); a1.Status != workforce.StatusStopped {
			t.Fatalf("withdrawn employee %s", a1.Status)
		}
		_, err = e.svc.ProposeReplacement(e.ctx, fx.period, fx.apps[0])
		wantKey(t, "too late", err, apperr.FailedPrecondition, "onboard.replacement_closed")

		// B1 of F2 withdraws: F2's list has nobody ranked and unplaced (its B2 was placed in F3).
		if err := e.svc.Withdraw(e.ctx, fx.period, fx.apps[5], "Sakit", "2026-01-20", 0); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ProposeReplacement(e.ctx, fx.period, fx.apps[5])
		wantKey(t, "none left", err, apperr.FailedPrecondition, "onboard.no_replacement")

		in, _ := e.svc.FindIntake(e.ctx, fx.period)
		if len(in.Placed) != 5 || in.Placed[2].Replaces != "25000002" || in.Placed[1].ReplacedBy != "25000003" {
			t.Fatalf("intake after replacement %+v", in.Placed)
		}
		if testkit.CountAudit(t, db, "placement.withdraw") != 3 || testkit.CountAudit(t, db, "placement.replace") != 1 {
			t.Fatal("withdrawals and replacement not in the audit log")
		}
	})
}

func TestOnboardingRefusesOtherPeriods(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		unit := e.unit("BKPSDM", "BKPSDM", 0)
		jpt := e.intake("jpt", []listed{{"F1", "L", 1, ""}})
		_, err := e.svc.OnboardCandidate(e.ctx, jpt.period, jpt.apps[0], workforce.Onboard{TMT: "2026-02-01", UnitID: unit.ID,
			Grade: "IV/c"}, 0)
		wantKey(t, "JPT", err, apperr.FailedPrecondition, "onboard.kind")
		_, err = e.svc.FindIntake(e.ctx, 999999)
		wantCode(t, "no period", err, apperr.NotFound)

		// A PPPK selection's L is placed; the PPPK gets an aktif record and its first contract.
		pppk := e.intake("pppk", []listed{{"F1", "L", 1, ""}, {"F1", "TL", 2, ""}})
		o := workforce.Onboard{TMT: "2026-03-01", UnitID: unit.ID, Grade: "IX"}
		_, err = e.svc.OnboardCandidate(e.ctx, pppk.period, pppk.apps[0], o, 0)
		wantField(t, "no contract end", err, "contract_end", "onboard.contract_end")
		o.ContractEnd = "2031-02-28"
		emp, err := e.svc.OnboardCandidate(e.ctx, pppk.period, pppk.apps[0], o, 0)
		if err != nil || emp.Kind != workforce.KindPPPK || emp.Status != workforce.StatusActive || emp.Grade != "IX" {
			t.Fatalf("PPPK %v %+v", err, emp)
		}
		cs, err := e.svc.Contracts(e.ctx, emp.ID)
		if err != nil || len(cs) != 1 || cs[0].StartsOn != "2026-03-01" || cs[0].EndsOn != "2031-02-28" {
			t.Fatalf("contracts %v %+v", err, cs)
		}
	})
}

// checkIntake: the fixture's placed candidates, its day of publication,
// and the period among those with a final list.
func checkIntake(t *testing.T, e *env, fx *intakeFixture) {
	t.Helper()
	in, err := e.svc.FindIntake(e.ctx, fx.period)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range in.Placed {
		got = append(got, p.RegistrationNumber+" "+p.FormationCode+" "+p.Result)
	}
	if want := "25000001 F1 P/L|25000002 F1 P/L|25000006 F2 P/L|25000007 F3 P/L-2"; strings.Join(got, "|") != want {
		t.Fatalf("placed %q, want %q", strings.Join(got, "|"), want)
	}
	if in.Published != "2026-01-15" || in.EmployeeKind() != workforce.KindPNS {
		t.Fatalf("intake %+v", in)
	}
	if ps, err := e.svc.IntakePeriods(e.ctx); err != nil || len(ps) != 1 || ps[0].ID != fx.period || !ps[0].Published.Equal(listPublished) {
		t.Fatalf("intake periods %v %+v", err, ps)
	}
}

// checkNumberAndChecklist: emp's NIP prefix, a NIP refused against the
// NIK and against the TMT, then recorded once; the checklist ticked once.
func checkNumberAndChecklist(t *testing.T, e *env, emp *workforce.Employee, p workforce.NewEmployee) {
	t.Helper()
	var err error
	// The NIP, when BKN issues it: the prefix, then the checks.
	prefix := emp.NIPPrefix()
	if want := strings.ReplaceAll(p.BirthDate, "-", "") + "202602" + map[string]string{"M": "1", "F": "2"}[p.Gender]; prefix != want {
		t.Fatalf("prefix %s, want %s", prefix, want)
	}
	_, err = e.svc.RecordNumber(e.ctx, emp.ID, "199001012026021001")
	wantField(t, "a NIP of another birth date", err, "number", "idnum.birth_date_against")
	if msg := apperr.As(err).LocalizedFields("id")["number"]; !strings.Contains(msg, "NIK") || !strings.Contains(msg, "NIP") {
		t.Fatalf("message names only one: %s", msg)
	}
	_, err = e.svc.RecordNumber(e.ctx, emp.ID, strings.Replace(prefix, "202602", "202603", 1)+"001")
	wantField(t, "a NIP of another TMT", err, "number", "workforce.tmt_number")
	if emp, err = e.svc.RecordNumber(e.ctx, emp.ID, prefix+"001"); err != nil || emp.NIP != prefix+"001" {
		t.Fatalf("record NIP: %v %+v", err, emp)
	}
	_, err = e.svc.RecordNumber(e.ctx, emp.ID, prefix+"002")
	wantCode(t, "a second NIP", err, apperr.Conflict)
	// Once recorded, the NIP is required again.
	n := workforce.NewEmployee{Kind: emp.Kind, NIK: emp.NIK, Name: emp.Name, BirthDate: emp.BirthDate, Gender: emp.Gender,
		UnitID: emp.Unit.ID, Grade: emp.Grade, Status: emp.Status, TMT: emp.TMT}
	_, err = e.svc.UpdateEmployee(e.ctx, emp.ID, n)
	wantField(t, "the NIP dropped", err, "nip", "workforce.number_required")

	// The checklist.
	if err := e.svc.TickChecklist(e.ctx, emp.ID, workforce.ItemOath, "2026-02-03", 0); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "tick twice", e.svc.TickChecklist(e.ctx, emp.ID, workforce.ItemOath, "2026-02-03", 0), apperr.Conflict)
	wantField(t, "unknown item", e.svc.TickChecklist(e.ctx, emp.ID, "coffee", "2026-02-03", 0), "item", "onboard.item")
	wantField(t, "a future day", e.svc.TickChecklist(e.ctx, emp.ID, workforce.ItemFirstSKP, "2027-01-01", 0), "done_on", "onboard.date")
	cl, err := e.svc.Checklist(e.ctx, emp.ID)
	if err != nil || len(cl) != 4 || cl[1].Item != workforce.ItemOath || cl[1].DoneOn != "2026-02-03" || cl[0].DoneOn != "" {
		t.Fatalf("checklist %v %+v", err, cl)
	}
}
