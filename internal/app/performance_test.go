package app_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

type skpListOut struct {
	Items []struct {
		ID       string `json:"id"`
		Employee struct {
			ID, Name, Username string
		} `json:"employee"`
		Supervisor *struct {
			ID, Name, Username string
		} `json:"supervisor"`
		Year   int    `json:"year"`
		Status string `json:"status"`
	} `json:"items"`
	Total int `json:"total"`
}

// skpPlanOf finds user's approved plan of year in the list as asker sees it.
func skpPlanOf(t *testing.T, list skpListOut, user string, year int) string {
	t.Helper()
	for _, it := range list.Items {
		if it.Employee.Username == user && it.Year == year {
			if it.Status != "approved" {
				t.Fatalf("%s's plan %d: %s", user, year, it.Status)
			}
			return it.ID
		}
	}
	t.Fatalf("no plan of %s in %d: %+v", user, year, list)
	return ""
}

// TestSKPAPI: on the demo, who lists which plans; evaluating pegawai's
// plans through the API with each bad input the issue names and its exact
// status; an approved plan cannot be edited.
func TestSKPAPI(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := map[string]string{}
	for _, u := range []string{"pegawai", "atasan", "pimpinan", "admin", "verifikator"} {
		tok[u] = token(t, c, srv.URL, u, app.DemoPassword)
	}
	wib := time.FixedZone("WIB", 7*3600)
	year := time.Now().In(wib).Year()
	list := func(user string, y int) skpListOut {
		res, b := do(t, c, "GET", srv.URL+"/api/v1/skp?year="+strconv.Itoa(y), tok[user], nil)
		if res.StatusCode != 200 {
			t.Fatalf("list as %s: %d %s", user, res.StatusCode, b)
		}
		var out skpListOut
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	mine := list("pegawai", year)
	if mine.Total != 1 || mine.Items[0].Supervisor == nil || mine.Items[0].Supervisor.Username != "atasan" ||
		mine.Items[0].Employee.Name != "Andi Pegawai" {
		t.Fatalf("pegawai's list: %+v", mine)
	}
	if team := list("atasan", year); team.Total != 2 {
		t.Errorf("atasan lists %d plans, want own and pegawai's", team.Total)
	}
	if all := list("admin", year); all.Total < 2 {
		t.Errorf("admin lists %d plans", all.Total)
	}
	res, b := do(t, c, "GET", srv.URL+"/api/v1/skp?year=abc", tok["admin"], nil)
	wantError(t, res, b, 422, "invalid")
	lastYear := skpPlanOf(t, list("atasan", year-1), "pegawai", year-1)
	thisYear := skpPlanOf(t, mine, "pegawai", year)
	atasanPlan := skpPlanOf(t, list("atasan", year), "atasan", year)

	eval := func(user, plan, body string) (*http.Response, []byte) {
		return do(t, c, "POST", srv.URL+"/api/v1/skp/"+plan+"/evaluations", tok[user], strings.NewReader(body),
			"Content-Type", "application/json")
	}
	q1 := `{"period":"` + strconv.Itoa(year-1) + `-Q1","hasil_kerja":"above","perilaku":"meets","notes":"Target triwulan terlampaui"}`
	for _, tc := range []struct {
		name, user, plan, body string
		status                 int
		code                   string
	}{
		{"rating without notes", "atasan", lastYear, `{"period":"` + strconv.Itoa(year-1) + `-Q1","hasil_kerja":"meets","perilaku":"meets"}`,
			422, "invalid"},
		{"a bad rating", "atasan", lastYear, `{"period":"` + strconv.Itoa(year-1) + `-Q1","hasil_kerja":"great","perilaku":"meets",
			"notes":"x"}`, 422, "invalid"},
		{"by the employee (not the supervisor)", "pegawai", lastYear, q1, 403, "forbidden"},
		{"by the leader, who sees it but does not evaluate it", "pimpinan", lastYear, q1, 403, "forbidden"},
		{"by the admin, who sees it but does not evaluate it", "admin", lastYear, q1, 403, "forbidden"},
		{"by a role the route does not admit", "verifikator", lastYear, q1, 403, "forbidden"},
		{"a plan the caller cannot see", "pegawai", atasanPlan, q1, 404, "not_found"},
		{"a period not yet ended", "atasan", thisYear, `{"period":"` + strconv.Itoa(year) + `","hasil_kerja":"meets","perilaku":"meets",
			"notes":"Belum waktunya"}`, 409, "conflict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, b := eval(tc.user, tc.plan, tc.body)
			wantError(t, res, b, tc.status, tc.code)
		})
	}
	res, b = eval("atasan", lastYear, q1)
	if res.StatusCode != 201 {
		t.Fatalf("Q1: %d %s", res.StatusCode, b)
	}
	var ev struct {
		Predikat string `json:"predikat"`
		Period   string `json:"period"`
	}
	if err := json.Unmarshal(b, &ev); err != nil || ev.Predikat != "baik" {
		t.Fatalf("Q1: %s", b)
	}
	res, b = eval("atasan", lastYear, q1)
	wantError(t, res, b, 409, "conflict")

	// Editing an approved plan: 409 on the page's form.
	form := url.Values{"text": {"Hasil baru"}, "indicator": {"i"}, "target": {"t"}}
	res, b = do(t, c, "POST", srv.URL+"/skp/"+thisYear+"/hasil", tok["pegawai"], strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 409 || !strings.Contains(string(b), "sudah disetujui") {
		t.Errorf("editing an approved plan: %d", res.StatusCode)
	}

	// Evidence files: a PDF taken and read back by whoever sees the plan; a text file refused by its content.
	_, page := do(t, c, "GET", srv.URL+"/skp/"+thisYear, tok["pegawai"], nil)
	m := regexp.MustCompile(`id="result-([0-9]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no result on pegawai's plan page")
	}
	result := "0"
	upload := func(name string, content []byte) *http.Response {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("result_id", result)
		_ = mw.WriteField("text", "Rekap berkas Januari")
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(content)
		_ = mw.Close()
		res, _ := do(t, c, "POST", srv.URL+"/skp/"+thisYear+"/bukti", tok["pegawai"], &body, "Content-Type", mw.FormDataContentType())
		return res
	}
	if res := upload("rekap.pdf", testkit.PDF("rekap")); res.StatusCode != 422 {
		t.Errorf("evidence for no result: %d", res.StatusCode)
	}
	result = string(m[1])
	if res := upload("rekap.txt", []byte("bukan pdf")); res.StatusCode != 415 {
		t.Errorf("a text file: %d", res.StatusCode)
	}
	pdf := testkit.PDF("rekap")
	if res := upload("rekap januari.pdf", pdf); res.StatusCode != 303 {
		t.Fatalf("a PDF: %d", res.StatusCode)
	}
	_, page = do(t, c, "GET", srv.URL+"/skp/"+thisYear, tok["atasan"], nil)
	f := regexp.MustCompile(`href="(/api/v1/skp/notes/[0-9]+/file)"`).FindSubmatch(page)
	if f == nil {
		t.Fatal("no evidence file on the plan page")
	}
	for user, status := range map[string]int{"atasan": 200, "pimpinan": 200, "pegawai": 200, "verifikator": 403} {
		res, b := do(t, c, "GET", srv.URL+string(f[1]), tok[user], nil)
		if res.StatusCode != status || status == 200 && (!bytes.Equal(b, pdf) || res.Header.Get("Content-Type") != "application/pdf") {
			t.Errorf("%s reads the evidence: %d %s", user, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}
