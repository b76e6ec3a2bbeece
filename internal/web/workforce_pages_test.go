package web

import (
	"net/http"
	"testing"

	"asnpro/internal/workforce"
)

// workforcePageSamples fills every part of the workforce pages: a tree,
// a unit with its forms refused, an employee with a Plt supervisor and a
// history, the import's report, an employee's own record and a
// supervisor's reports.
func workforcePageSamples() map[string]any {
	unit := &workforce.Unit{ID: 2, Code: "BKPSDM.1", Name: "Bidang <b>", ParentID: 1, HeadID: 5, HeadName: "Admin <b>", HeadActing: true}
	top := &workforce.Unit{ID: 1, Code: "BKPSDM", Name: "BKPSDM"}
	pos := &workforce.Position{ID: 3, UnitID: 2, Name: "Analis SDM", Kind: workforce.PositionFunctional}
	sup := &workforce.Person{ID: 5, Name: "Budi Atasan", Username: "atasan"}
	emp := &workforce.Employee{ID: 7, Kind: workforce.KindPNS, NIK: "6271011505900001", NIP: "199005152015031001", Name: "Admin <b>",
		BirthDate: "1990-05-15", Gender: "M", Unit: *unit, Position: pos, Grade: "III/b", Status: workforce.StatusActive,
		TMT: "2015-03-01", Username: "pegawai", Supervisor: sup, SupervisorActing: true}
	pppk := *emp
	pppk.ID, pppk.Kind, pppk.NIP, pppk.NIPPPK, pppk.Grade, pppk.Position, pppk.Supervisor = 8, workforce.KindPPPK, "",
		"199005152022111001", "IX", nil, nil
	history := []workforce.SupervisorSpan{{Supervisor: sup, Acting: true, From: "2025-01-01"}, {From: "2024-01-01", To: "2025-01-01"}}
	fields := map[string]string{"code": "x", "name": "x", "parent_id": "x", "head": "x", "kind": "x", "nik": "x", "nip": "x",
		"ni_pppk": "x", "birth_date": "x", "gender": "x", "unit_id": "x", "position_id": "x", "grade": "x", "status": "x", "tmt": "x",
		"username": "x", "supervisor": "x", "from": "x"}
	form := employeeFormView{Form: employeeFormOf(emp), Units: []*workforce.Unit{top, unit}, Positions: []workforce.Position{*pos},
		Statuses: workforce.Statuses, Fields: fields, Action: "/pegawai/7", Submit: "wf.employee.save"}
	return map[string]any{
		"org_tree": orgTreeData{Tree: []treeRow{{UnitNode: workforce.UnitNode{Unit: *top, Own: 1, Total: 3}},
			{UnitNode: workforce.UnitNode{Unit: *unit, Depth: 1, Own: 2, Total: 2}, Indent: "— "}}, Units: []*workforce.Unit{top, unit},
			Form: workforce.NewUnit{Code: "X", Name: "Admin <b>"}, Fields: fields, Error: "Data belum benar", Flash: "3 pegawai diimpor.",
			Total: 3, CanEdit: true, IntakeHref: "/pengangkatan", RemindersHref: "/pengingat"},
		"org_unit": orgUnitData{U: unit, Parent: top, Subs: []*workforce.Unit{top}, Positions: []workforce.Position{*pos},
			Employees: []*workforce.Employee{emp, &pppk}, Total: 60, Next: "/organisasi/2?offset=50", Prev: "/organisasi/2",
			Units: []*workforce.Unit{top, unit}, Form: workforce.NewUnit{Code: "BKPSDM.1", Name: "Bidang", ParentID: 1},
			HeadNIP: "199005152015031001", Acting: true, PosName: "Analis", PosKind: workforce.PositionGeneral,
			PosKinds: workforce.PositionKinds, Which: "position", Fields: fields, Error: "Data belum benar", Flash: "Disimpan.",
			CanEdit: true, CanOpen: true},
		"employee": employeePageData{E: emp, History: history, UnitHref: "/organisasi/2", SupHref: "/pegawai/5", F: form,
			SupNIP: "199005152015031001", Acting: true, From: "2026-01-01", Which: "supervisor", Fields: fields, Error: "Data belum benar",
			Flash: "Disimpan.", CanEdit: true},
		"employee_new": employeeNewData{F: form, Error: "Data belum benar", Unit: unit},
		"employee_import": employeeImportData{Columns: workforce.Columns, Summary: &workforce.ImportSummary{Imported: 3, PNS: 2, PPPK: 1,
			Positions: 1, Supervisors: 2, SHA256: "ab"}, Import: &importReport{Error: "Berkas ditolak: 1 kesalahan.",
			Rows: []importRow{{Line: 3, Column: "kode_unit", Message: "Tidak ada unit dengan kode <b>"}}}},
		"my_record": myRecordData{E: &pppk, History: history},
		"reports":   reportsData{Me: emp, Reports: []*workforce.Employee{emp, &pppk}, Total: 2},
	}
}

// TestMethodsBesideAWildcard: a path with a literal segment beside a route
// of one method with a wildcard there (POST /api/v1/employees/import, GET
// /api/v1/employees/me beside GET /api/v1/employees/{id}) answers 405 with
// its own methods, not the wildcard route's answer.
func TestMethodsBesideAWildcard(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"GET", "/api/v1/employees/import", "POST"},
		{"PUT", "/api/v1/employees/import", "POST"},
		{"POST", "/api/v1/employees/me", "GET, HEAD"},
		{"DELETE", "/api/v1/employees/7", "GET, HEAD"},
	} {
		req, _ := http.NewRequest(tc.method, hs.URL+tc.path, nil)
		res, err := hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 405 || res.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", tc.method, tc.path, res.StatusCode, res.Header.Get("Allow"), tc.allow)
		}
	}
}
