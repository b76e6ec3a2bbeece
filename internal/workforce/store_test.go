package workforce_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

var testNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

type env struct {
	t   *testing.T
	db  *sqldb.DB
	svc *workforce.Service
	ctx context.Context
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	return &env{t: t, db: db, svc: workforce.New(db, testkit.NewClock(testNow).Now), ctx: context.Background()}
}

func (e *env) unit(code, name string, parent int64) *workforce.Unit {
	e.t.Helper()
	u, err := e.svc.CreateUnit(e.ctx, workforce.NewUnit{Code: code, Name: name, ParentID: parent})
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

func (e *env) employee(n workforce.NewEmployee) *workforce.Employee {
	e.t.Helper()
	emp, err := e.svc.CreateEmployee(e.ctx, n)
	if err != nil {
		e.t.Fatalf("employee %s: %v", n.Name, err)
	}
	return emp
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

// people returns n sample employees in unit.
func people(n int, unit int64) []workforce.NewEmployee {
	ps := workforce.SamplePeople(n)
	for i := range ps {
		ps[i].UnitID = unit
	}
	return ps
}

func TestUnitTree(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		setda := e.unit("SETDA", "Sekretariat Daerah", 0)
		bkpsdm := e.unit("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", 0)
		bid := e.unit("BKPSDM.1", "Bidang Pengadaan", bkpsdm.ID)
		sub := e.unit("BKPSDM.1.1", "Subbidang Data", bid.ID)
		if _, err := e.svc.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM", Name: "Lagi"}); codeOf(err) != apperr.Conflict {
			t.Fatalf("same code: %v, want conflict", err)
		}
		// A unit may not sit under itself or its sub-units (422).
		for _, parent := range []int64{bkpsdm.ID, bid.ID, sub.ID} {
			_, err := e.svc.UpdateUnit(e.ctx, bkpsdm.ID, workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM", ParentID: parent})
			if codeOf(err) != apperr.Invalid {
				t.Fatalf("BKPSDM under %d: %v, want invalid", parent, err)
			}
		}
		moved := workforce.NewUnit{Code: "BKPSDM.1.1", Name: "Subbidang Data", ParentID: setda.ID}
		if _, err := e.svc.UpdateUnit(e.ctx, sub.ID, moved); err != nil {
			t.Fatal(err)
		}
		ps := people(5, bid.ID)
		for _, p := range ps[:3] {
			e.employee(p)
		}
		ps[3].UnitID = bkpsdm.ID
		e.employee(ps[3])
		ps[4].UnitID, ps[4].Status = bkpsdm.ID, workforce.StatusStopped
		e.employee(ps[4])
		tree, err := e.svc.UnitTree(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range tree {
			got = append(got, fmt.Sprintf("%s%s %d/%d", strings.Repeat("-", n.Depth), n.Code, n.Own, n.Total))
		}
		want := "BKPSDM 1/4,-BKPSDM.1 3/3,SETDA 0/0,-BKPSDM.1.1 0/0"
		if strings.Join(got, ",") != want {
			t.Fatalf("tree %s, want %s", strings.Join(got, ","), want)
		}
		if n := testkit.CountAudit(t, db, "unit.update"); n != 1 {
			t.Fatalf("%d unit.update events, want 1", n)
		}
	})
}

func TestEmployeeRules(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.unit("DISDIK", "Dinas Pendidikan", 0)
		ps := people(3, u.ID)
		a := e.employee(ps[0])
		if a.Number() != ps[0].NIP+ps[0].NIPPPK || a.Unit.Code != "DISDIK" {
			t.Fatalf("stored %+v", a)
		}
		cases := []struct {
			name  string
			edit  func(n *workforce.NewEmployee)
			code  apperr.Code
			field string
		}{
			// Another NIK of the same birth date and gender: only the NIP is the same.
			{"the same NIP twice", func(n *workforce.NewEmployee) { *n = ps[0]; n.NIK = n.NIK[:12] + "9999" }, apperr.Conflict, ""},
			{"the same NIK twice", func(n *workforce.NewEmployee) { *n = ps[0]; n.NIP = n.NIP[:15] + "999" }, apperr.Conflict, ""},
			{"NIP month 13", func(n *workforce.NewEmployee) { n.NIP = n.NIP[:4] + "13" + n.NIP[6:] }, apperr.Invalid, "nip"},
			{"unknown unit", func(n *workforce.NewEmployee) { n.UnitID = 999 }, apperr.Invalid, "unit_id"},
			{"unknown account", func(n *workforce.NewEmployee) { n.Username = "tidakada" }, apperr.Invalid, "username"},
		}
		for _, tc := range cases {
			n := ps[1]
			tc.edit(&n)
			_, err := e.svc.CreateEmployee(e.ctx, n)
			if codeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
				continue
			}
			if tc.field != "" && apperr.As(err).FieldMsgs[tc.field].Key == "" {
				t.Errorf("%s: %v names no %s", tc.name, err, tc.field)
			}
		}
		if n := testkit.CountAudit(t, db, "employee.create"); n != 1 {
			t.Fatalf("%d employee.create events, want 1 (refusals change nothing)", n)
		}
	})
}

func TestSupervisorHistoryAndLoops(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.unit("DINKES", "Dinas Kesehatan", 0)
		ps := people(4, u.ID)
		a, b, c, d := e.employee(ps[0]), e.employee(ps[1]), e.employee(ps[2]), e.employee(ps[3])
		set := func(who, sup int64, acting bool, from string) error {
			return e.svc.ChangeSupervisor(e.ctx, who, workforce.SupervisorChange{SupervisorID: sup, Acting: acting, From: from})
		}
		// a supervises b, b supervises c.
		if err := set(b.ID, a.ID, false, "2024-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := set(c.ID, b.ID, false, "2024-01-01"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			who, sup int64
		}{{"A↔B", a.ID, b.ID}, {"A→B→C→A", a.ID, c.ID}, {"self", d.ID, d.ID}} {
			err := set(tc.who, tc.sup, false, "2025-01-01")
			if codeOf(err) != apperr.Invalid || apperr.As(err).FieldMsgs["supervisor_id"].Key != "workforce.supervisor_loop" {
				t.Errorf("%s: %v, want a loop refused (422)", tc.name, err)
			}
		}
		// c's supervisor becomes d, acting (Plt), then a.
		if err := set(c.ID, d.ID, true, "2025-02-01"); err != nil {
			t.Fatal(err)
		}
		if err := set(c.ID, a.ID, false, "2025-01-01"); codeOf(err) != apperr.Invalid {
			t.Fatalf("a date before the current period: %v", err)
		}
		if err := set(c.ID, a.ID, false, "2025-06-01"); err != nil {
			t.Fatal(err)
		}
		h, err := e.svc.SupervisorHistory(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sp := range h {
			got = append(got, fmt.Sprintf("%s %s–%s %v", sp.Supervisor.Name, sp.From, sp.To, sp.Acting))
		}
		want := []string{a.Name + " 2025-06-01– false", d.Name + " 2025-02-01–2025-06-01 true", b.Name + " 2024-01-01–2025-02-01 false"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("history\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		now, _ := e.svc.FindEmployee(e.ctx, c.ID)
		if now.Supervisor == nil || now.Supervisor.ID != a.ID || now.SupervisorActing {
			t.Fatalf("current supervisor %+v", now.Supervisor)
		}
		reports, total, err := e.svc.FindEmployees(e.ctx, workforce.Filter{SupervisorID: a.ID})
		if err != nil || total != 2 || len(reports) != 2 {
			t.Fatalf("a's reports: %d %v", total, err)
		}
		if n := testkit.CountAudit(t, db, "employee.supervisor"); n != 4 {
			t.Fatalf("%d employee.supervisor events, want 4", n)
		}
	})
}

// importFile writes rows as a CSV with the import's columns.
func importFile(rows ...string) *bytes.Reader {
	return bytes.NewReader([]byte(strings.Join(workforce.Columns, ",") + "\n" + strings.Join(rows, "\n") + "\n"))
}

// row is an import row of p in unit code with a supervisor's number.
func row(p workforce.NewEmployee, unit, position, sup, user string) string {
	return strings.Join([]string{p.Kind, p.NIK, p.NIP, p.NIPPPK, p.Name, p.BirthDate, p.Gender, unit, position, "", p.Grade, p.Status,
		p.TMT, sup, "", user}, ",")
}

func num(p workforce.NewEmployee) string { return p.NIP + p.NIPPPK }

func TestImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.unit("RSUD", "RSUD", 0)
		ps := workforce.SamplePeople(8)
		stored := ps[7]
		stored.UnitID = 1
		old := e.employee(stored)
		ids, err := identity.New(db, identity.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ids.AddUser(e.ctx, identity.NewUser{Username: "perawat", Name: "Perawat", Roles: []identity.Role{identity.Employee},
			Password: "rahasia-pegawai-1"}); err != nil {
			t.Fatal(err)
		}
		rejected := func(name string, file *bytes.Reader, line int, column string) {
			t.Helper()
			before := testkit.CountAudit(t, db, "")
			_, err := e.svc.Import(e.ctx, file)
			ae := apperr.As(err)
			if ae.Code != apperr.Invalid {
				t.Fatalf("%s: %v, want invalid", name, err)
			}
			shown, _ := report.ProblemsOf(ae)
			found := false
			for _, p := range shown {
				found = found || p.Line == line && p.Column == column
			}
			if !found {
				t.Fatalf("%s: problems %+v, want one on line %d, column %s", name, shown, line, column)
			}
			if _, n, _ := e.svc.FindEmployees(e.ctx, workforce.Filter{}); n != 1 {
				t.Fatalf("%s: %d employees stored, want only the one before", name, n)
			}
			if after := testkit.CountAudit(t, db, ""); after != before {
				t.Fatalf("%s: %d audit events written", name, after-before)
			}
		}
		badNIP := ps[2]
		badNIP.NIP = badNIP.NIP[:14] + "3" + badNIP.NIP[15:]
		if badNIP.NIP == "" {
			badNIP.NIPPPK = badNIP.NIPPPK[:14] + "3" + badNIP.NIPPPK[15:]
		}
		rejected("a bad NIP", importFile(row(ps[0], "RSUD", "", "", ""), row(badNIP, "RSUD", "", "", "")), 3, "nip")
		rejected("an unknown unit", importFile(row(ps[0], "RSUD", "", "", ""), row(ps[1], "RSUDX", "", "", "")), 3, "kode_unit")
		rejected("a NIP twice in the file", importFile(row(ps[0], "RSUD", "", "", ""), row(ps[0], "RSUD", "", "", "")), 3, "nik")
		rejected("a NIP already stored", importFile(row(ps[0], "RSUD", "", "", ""), row(stored, "RSUD", "", "", "")), 3, "nip")
		rejected("an unknown supervisor", importFile(row(ps[0], "RSUD", "", "199001012015011999", "")), 2, "nip_atasan")
		rejected("a loop", importFile(row(ps[0], "RSUD", "", num(ps[1]), ""), row(ps[1], "RSUD", "", num(ps[0]), "")), 2, "nip_atasan")
		rejected("an unknown account", importFile(row(ps[0], "RSUD", "", "", "siapa")), 2, "username")

		// Supervisors by number, in any order: row 2's is on row 4; row 4's is stored.
		sum, err := e.svc.Import(e.ctx, importFile(row(ps[0], "RSUD", "Perawat Ahli", num(ps[2]), "perawat"),
			row(ps[1], "RSUD", "Perawat Ahli", "", ""), row(ps[2], "RSUD", "Kepala Ruang", num(stored), "")))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Imported != 3 || sum.Positions != 2 || sum.Supervisors != 2 {
			t.Fatalf("summary %+v", sum)
		}
		list, _, _ := e.svc.FindEmployees(e.ctx, workforce.Filter{SupervisorID: old.ID})
		if len(list) != 1 || list[0].NIK != ps[2].NIK || list[0].Position == nil || list[0].Position.Name != "Kepala Ruang" {
			t.Fatalf("the stored employee's reports: %+v", list)
		}
		first, _, _ := e.svc.FindEmployees(e.ctx, workforce.Filter{SupervisorID: list[0].ID})
		if len(first) != 1 || first[0].Username != "perawat" {
			t.Fatalf("row 2 under row 4: %+v", first)
		}
		if n := testkit.CountAudit(t, db, "employee.import"); n != 3 {
			t.Fatalf("%d employee.import events", n)
		}
		h, _ := e.svc.SupervisorHistory(e.ctx, first[0].ID)
		if len(h) != 1 || h[0].From != "2026-11-28" {
			t.Fatalf("history of an imported supervisor: %+v", h)
		}
	})
}

func TestImportXLSX(t *testing.T) {
	t.Parallel()
	db := sqldbtest.Open(t, sqldb.SQLite)
	e := newEnv(t, db)
	e.unit("RSUD", "RSUD", 0)
	ps := workforce.SamplePeople(2)
	var rows [][]string
	for _, p := range ps {
		rows = append(rows, strings.Split(row(p, "RSUD", "", "", ""), ","))
	}
	var buf bytes.Buffer
	if err := report.WriteTable(&buf, "xlsx", "Pegawai", workforce.Columns, rows); err != nil {
		t.Fatal(err)
	}
	sum, err := e.svc.Import(e.ctx, &buf)
	if err != nil || sum.Imported != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ids, err := identity.New(db, identity.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"pegawai", "atasan", "pimpinan"} {
			if _, err := ids.AddUser(e.ctx, identity.NewUser{Username: u, Name: u, Roles: []identity.Role{identity.Employee},
				Password: "rahasia-pegawai-1"}); err != nil {
				t.Fatal(err)
			}
		}
		a := workforce.DemoAccounts{Employee: workforce.DemoPerson{Username: "pegawai", Name: "Andi Pegawai"},
			Supervisor: workforce.DemoPerson{Username: "atasan", Name: "Budi Atasan"}, Leader: workforce.DemoPerson{Username: "pimpinan",
				Name: "Kepala BKPSDM"}}
		if err := db.Write(e.ctx, func(tx *sqldb.Tx) error { return e.svc.SeedDemo(e.ctx, tx, testNow, a) }); err != nil {
			t.Fatal(err)
		}
		tree, err := e.svc.UnitTree(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, n := range tree {
			if n.Depth == 0 {
				sum += n.Total
			}
			if n.HeadID == 0 {
				t.Errorf("unit %s has no head", n.Code)
			}
		}
		if sum != 300 {
			t.Fatalf("%d employees in the tree", sum)
		}
		u, _ := ids.FindUserByUsername(e.ctx, "pegawai")
		me, err := e.svc.FindEmployeeByUser(e.ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if me.Supervisor == nil || me.Supervisor.Username != "atasan" || me.Unit.Code != "BKPSDM.MUT" || me.Gender != "M" {
			t.Fatalf("pegawai: %+v, supervisor %+v", me, me.Supervisor)
		}
	})
}

func TestTemplateImports(t *testing.T) {
	t.Parallel()
	db := sqldbtest.Open(t, sqldb.SQLite)
	e := newEnv(t, db)
	top := e.unit("BKPSDM", "BKPSDM", 0)
	e.unit("BKPSDM.1", "Bidang Pengadaan", top.ID)
	sum, err := e.svc.Import(e.ctx, strings.NewReader(workforce.Template))
	if err != nil || sum.Imported != 3 || sum.Supervisors != 2 || sum.PPPK != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestHeadsPositionsAndUpdates(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.unit("SETDA", "Sekretariat Daerah", 0)
		ps := people(2, u.ID)
		a := e.employee(ps[0])
		pos, err := e.svc.CreatePosition(e.ctx, u.ID, "Sekretaris Daerah", workforce.PositionStructural)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreatePosition(e.ctx, u.ID, "Sekretaris Daerah", workforce.PositionGeneral); codeOf(err) != apperr.Conflict {
			t.Fatalf("the same position twice: %v", err)
		}
		if _, err := e.svc.CreatePosition(e.ctx, u.ID, "Staf", "honorer"); codeOf(err) != apperr.Invalid {
			t.Fatalf("an unknown kind: %v", err)
		}
		if err := e.svc.SetHead(e.ctx, u.ID, 9999, false); codeOf(err) != apperr.Invalid {
			t.Fatalf("an unknown head: %v", err)
		}
		if err := e.svc.SetHead(e.ctx, u.ID, a.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := e.svc.FindUnit(e.ctx, u.ID)
		if got.HeadID != a.ID || got.HeadName != a.Name || !got.HeadActing {
			t.Fatalf("head %+v", got)
		}
		n := ps[0]
		n.PositionID, n.Grade, n.Status = pos.ID, "IV/c", workforce.StatusLeave
		upd, err := e.svc.UpdateEmployee(e.ctx, a.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		if upd.Grade != "IV/c" || upd.Position == nil || upd.Position.ID != pos.ID || upd.Status != workforce.StatusLeave {
			t.Fatalf("updated %+v", upd)
		}
		b := e.employee(ps[1])
		n2 := n // a's numbers for b
		if _, err := e.svc.UpdateEmployee(e.ctx, b.ID, n2); codeOf(err) != apperr.Conflict {
			t.Fatalf("another's NIP: %v", err)
		}
		if n := testkit.CountAudit(t, db, "unit.head"); n != 1 {
			t.Fatalf("%d unit.head events", n)
		}
	})
}
