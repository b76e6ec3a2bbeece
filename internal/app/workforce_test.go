package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// employeeOut is an employee as GET /api/v1/employees/{id} answers.
type employeeOut struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
	NIP      string `json:"nip"`
	Unit     struct {
		ID, Code, Name string
	} `json:"unit"`
	Position *struct {
		ID, Name, Kind string
	} `json:"position"`
	Supervisor *struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Username string `json:"username"`
	} `json:"supervisor"`
	Status string `json:"status"`
}

// TestEmployeesAPI: on the demo, pegawai reads their own record with
// their supervisor atasan; who may read whom; the unit tree; the import
// refusing a bad file whole and taking a good one.
func TestEmployeesAPI(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := map[string]string{}
	for _, u := range []string{"pegawai", "atasan", "pimpinan", "admin", "verifikator"} {
		tok[u] = token(t, c, srv.URL, u, app.DemoPassword)
	}
	get := func(user, path string) (*http.Response, []byte) {
		return do(t, c, "GET", srv.URL+path, tok[user], nil)
	}
	res, b := get("pegawai", "/api/v1/employees/me")
	if res.StatusCode != 200 {
		t.Fatalf("me: %d %s", res.StatusCode, b)
	}
	var me employeeOut
	if err := json.Unmarshal(b, &me); err != nil {
		t.Fatal(err)
	}
	raw := map[string]any{}
	_ = json.Unmarshal(b, &raw)
	for _, k := range []string{"id", "name", "username", "nip", "unit", "position", "supervisor"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("me has no %q: %s", k, b)
		}
	}
	if me.Username != "pegawai" || me.Name != "Andi Pegawai" || len(me.NIP) != 18 || me.Unit.Code != "BKPSDM.MUT" ||
		me.Supervisor == nil || me.Supervisor.Username != "atasan" || me.Supervisor.Name != "Budi Atasan" || me.Supervisor.ID == "" {
		t.Fatalf("me: %s", b)
	}
	// Who reads whom: the supervisor their report, the leader anyone; an
	// employee not their supervisor's record; a verifier has none.
	for _, tc := range []struct {
		user, path string
		status     int
	}{
		{"atasan", "/api/v1/employees/" + me.ID, 200},
		{"pimpinan", "/api/v1/employees/" + me.ID, 200},
		{"pegawai", "/api/v1/employees/" + me.ID, 200},
		{"pegawai", "/api/v1/employees/" + me.Supervisor.ID, 404},
		{"verifikator", "/api/v1/employees/me", 404},
		{"verifikator", "/api/v1/employees/" + me.ID, 403},
		{"verifikator", "/organisasi", 403},
		{"pegawai", "/organisasi", 403},
		{"atasan", "/bawahan", 200},
		{"pegawai", "/data-saya", 200},
	} {
		if res, b := get(tc.user, tc.path); res.StatusCode != tc.status {
			t.Errorf("%s as %s: %d, want %d: %.200s", tc.path, tc.user, res.StatusCode, tc.status, b)
		}
	}
	// The supervisor reads the report's work data, not their NIK or birth date.
	if _, b := get("atasan", "/api/v1/employees/"+me.ID); strings.Contains(string(b), `"nik"`) || strings.Contains(string(b), "birth_date") {
		t.Errorf("the supervisor reads personal data: %s", b)
	}
	res, b = get("admin", "/api/v1/units")
	var units struct {
		Items []struct {
			Code  string `json:"code"`
			Depth int    `json:"depth"`
			Total int    `json:"total"`
		} `json:"items"`
		Total int `json:"total"`
	}
	if err := json.Unmarshal(b, &units); err != nil || res.StatusCode != 200 {
		t.Fatalf("units: %d %s", res.StatusCode, b)
	}
	sum := 0
	for _, u := range units.Items {
		if u.Depth == 0 {
			sum += u.Total
		}
	}
	// The demo's 300 employees, its two onboarded CPNS and four in probation or on contract.
	if units.Total < 20 || sum != 306 {
		t.Fatalf("units: %d units, %d employees", units.Total, sum)
	}

	// The import: one unknown unit refuses the whole file (422, the row
	// named); the good file is taken; the same again is refused.
	ps := workforce.SamplePeople(302)[300:]
	line := func(p workforce.NewEmployee, unit string) string {
		return strings.Join([]string{p.Kind, p.NIK, p.NIP, p.NIPPPK, p.Name, p.BirthDate, p.Gender, unit, "", "", p.Grade, p.Status, p.TMT,
			me.NIP, "ya", ""}, ",")
	}
	file := func(unit2 string) *strings.Reader {
		return strings.NewReader(strings.Join(workforce.Columns, ",") + "\n" + line(ps[0], "RSUD") + "\n" + line(ps[1], unit2) + "\n")
	}
	post := func(body *strings.Reader) (*http.Response, []byte) {
		return do(t, c, "POST", srv.URL+"/api/v1/employees/import", tok["admin"], body, "Content-Type", "text/csv")
	}
	res, b = post(file("TIDAKADA"))
	e := wantError(t, res, b, 422, "invalid")
	if e.Error.Fields["3.kode_unit"] == "" {
		t.Fatalf("the refusal does not name line 3, kode_unit: %s", b)
	}
	res, b = post(file("RSUD.KEP"))
	if res.StatusCode != 200 || !strings.Contains(string(b), `"imported":2`) {
		t.Fatalf("good file: %d %s", res.StatusCode, b)
	}
	res, b = post(file("RSUD.KEP"))
	wantError(t, res, b, 422, "invalid")
	// pegawai now supervises the two imported, as a Plt; atasan still pegawai.
	res, b = get("pegawai", "/api/v1/employees/me")
	if res.StatusCode != 200 || !strings.Contains(string(b), `"username":"atasan"`) {
		t.Fatalf("me after the import: %s", b)
	}
	if _, b := get("atasan", "/bawahan?lang=id"); !strings.Contains(string(b), "Andi Pegawai") {
		t.Fatalf("atasan's reports do not list pegawai")
	}
}

// TestEmployeePages: the admin's forms answer 422 beside the field for a
// NIP with month 13, 409 for a NIP already recorded, 422 for a supervisor
// loop; and change a supervisor with a Plt mark kept in the history.
func TestEmployeePages(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	admin := token(t, c, srv.URL, "admin", app.DemoPassword)
	var me employeeOut
	_, b := do(t, c, "GET", srv.URL+"/api/v1/employees/me", token(t, c, srv.URL, "pegawai", app.DemoPassword), nil)
	if err := json.Unmarshal(b, &me); err != nil {
		t.Fatal(err)
	}
	var boss employeeOut
	_, b = do(t, c, "GET", srv.URL+"/api/v1/employees/"+me.Supervisor.ID, admin, nil)
	if err := json.Unmarshal(b, &boss); err != nil {
		t.Fatal(err)
	}
	post := func(path string, v url.Values) (*http.Response, string) {
		res, b := do(t, c, "POST", srv.URL+path+"?lang=id", admin, strings.NewReader(v.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		return res, string(b)
	}
	p := workforce.SamplePeople(301)[300]
	form := url.Values{"kind": {p.Kind}, "nik": {p.NIK}, "nip": {p.NIP}, "ni_pppk": {p.NIPPPK}, "name": {p.Name},
		"birth_date": {p.BirthDate}, "gender": {p.Gender}, "unit_id": {me.Unit.ID}, "grade": {p.Grade}, "status": {p.Status}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("nip", p.NIP[:4]+"13"+p.NIP[6:])
	if res, body := post("/pegawai", bad); res.StatusCode != 422 || !strings.Contains(body, `id="nip-error"`) {
		t.Fatalf("month 13: %d", res.StatusCode)
	}
	if res, _ := post("/pegawai", form); res.StatusCode != 303 {
		t.Fatalf("create: %d", res.StatusCode)
	}
	form.Set("nik", p.NIK[:12]+"9998") // another NIK of the same birth date and gender
	if res, _ := post("/pegawai", form); res.StatusCode != 409 {
		t.Fatalf("the same NIP twice: %d, want 409", res.StatusCode)
	}
	// atasan under pegawai, who is under atasan: a loop.
	res, body := post("/pegawai/"+boss.ID+"/atasan", url.Values{"supervisor": {me.NIP}, "from": {"2030-01-01"}})
	if res.StatusCode != 422 || !strings.Contains(body, `id="supervisor-error"`) {
		t.Fatalf("a loop: %d", res.StatusCode)
	}
	// pegawai's supervisor becomes pimpinan's record, as a Plt.
	var lead employeeOut
	_, b = do(t, c, "GET", srv.URL+"/api/v1/employees/me", token(t, c, srv.URL, "pimpinan", app.DemoPassword), nil)
	if err := json.Unmarshal(b, &lead); err != nil {
		t.Fatal(err)
	}
	plt := url.Values{"supervisor": {lead.NIP}, "acting": {"1"}, "from": {"2030-01-01"}}
	if res, _ := post("/pegawai/"+me.ID+"/atasan", plt); res.StatusCode != 303 {
		t.Fatalf("change: %d", res.StatusCode)
	}
	_, b = do(t, c, "GET", srv.URL+"/pegawai/"+me.ID+"?lang=id", admin, nil)
	if n := strings.Count(string(b), `class="history-row"`); n != 2 || !strings.Contains(string(b), "Plt") {
		t.Fatalf("history rows %d", n)
	}
}

// TestImportEmployeesCommand: asnpro import employees refuses a file
// naming an unknown unit (exit 1, the line named, nothing stored) and
// takes the template once its units exist.
func TestImportEmployeesCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "asnpro.db")
	file := filepath.Join(dir, "pegawai.csv")
	code, tmpl, errOut := runCmd(t, "import", "employees", "--template")
	if code != 0 || os.WriteFile(file, []byte(tmpl), 0o644) != nil {
		t.Fatalf("template: exit %d %s", code, errOut)
	}
	if code, out, errOut := runCmd(t, "import", "employees", "--db", dbPath, file); code != 1 || out != "" ||
		!strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "BKPSDM") {
		t.Fatalf("no units yet: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	db := openDB(t, dbPath)
	svc := workforce.New(db, nil)
	top, err := svc.CreateUnit(context.Background(), workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateUnit(context.Background(), workforce.NewUnit{Code: "BKPSDM.1", Name: "Bidang", ParentID: top.ID}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "import", "employees", "--db", dbPath, file)
	if code != 0 || !strings.Contains(out, "3 employees imported") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
