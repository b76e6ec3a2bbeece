package app_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestDashboardAndOpenData: on the demo, on both engines, the leader's
// home leads to /dashboard, whose funnel of the past period agrees with the
// public statistics and the open data; an employee is refused (403); a bad
// filter or format is 422; the exports are real XLSX and PDF files; the
// open data (page, CSV, JSON) carries no one's name or NIK.
func TestDashboardAndOpenData(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo")
			c := apptest.Client()
			lead := token(t, c, srv.URL, "pimpinan", app.DemoPassword)
			emp := token(t, c, srv.URL, "pegawai", app.DemoPassword)
			get := func(tok, path string, want int) []byte {
				t.Helper()
				res, b := do(t, c, "GET", srv.URL+path, tok, nil)
				if res.StatusCode != want {
					t.Fatalf("GET %s: %d, want %d: %.300s", path, res.StatusCode, want, b)
				}
				return b
			}
			if home := string(get(lead, "/", 200)); !strings.Contains(home, `href="/dashboard"`) {
				t.Fatal("the leader's home does not lead to the dashboard")
			}
			page := string(get(lead, "/dashboard", 200))
			for _, want := range []string{`id="chart-funnel"`, `id="dash-funnel-table"`, `role="img"`, `href="/dashboard/rekrutmen`} {
				if !strings.Contains(page, want) {
					t.Errorf("/dashboard lacks %s", want)
				}
			}
			get(emp, "/dashboard", 403)
			get(emp, "/dashboard/rekrutmen", 403)
			get(lead, "/dashboard?tahun=1800", 422)
			get(lead, "/dashboard?unit=x", 422)
			get(lead, "/dashboard?format=doc", 422)
			get(lead, "/dashboard?periode=999999", 404)
			if b := get(lead, "/dashboard/rekrutmen?format=xlsx", 200); !bytes.HasPrefix(b, []byte("PK")) {
				t.Error("the XLSX export is not a zip file")
			}
			if b := get(lead, "/dashboard/pegawai?format=pdf", 200); !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Error("the PDF export is not a PDF")
			}
			checkOpenData(t, get)
		})
	}
}

func checkOpenData(t *testing.T, get func(tok, path string, want int) []byte) {
	t.Helper()
	var out struct {
		Periods []struct {
			ID                 string `json:"id"`
			Kind               string `json:"kind"`
			Applied, Submitted int
			MS, Placed, TMS    *int
			PassedSKD          *int `json:"passed_skd"`
			Onboarded          int
			DaysToHire         *int `json:"median_days_to_hire"`
		} `json:"periods"`
	}
	b := get("", "/api/v1/open-data", 200)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	var past int
	for i, p := range out.Periods {
		if p.Onboarded > 0 {
			past = i
		}
	}
	p := out.Periods[past]
	if p.Onboarded != 2 || p.Placed == nil || p.MS == nil || p.PassedSKD == nil || p.DaysToHire == nil {
		t.Fatalf("the past period's open data: %+v", p)
	}
	if !(p.Applied >= p.Submitted && p.Submitted >= *p.MS && *p.MS >= *p.PassedSKD && *p.PassedSKD >= *p.Placed && *p.Placed >= p.Onboarded) {
		t.Errorf("the funnel narrows the wrong way: %+v", p)
	}
	var st struct {
		Formations []struct{ Applicants int } `json:"formations"`
	}
	if err := json.Unmarshal(get("", "/api/v1/periods/"+p.ID+"/statistics", 200), &st); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, f := range st.Formations {
		sum += f.Applicants
	}
	if sum != p.Submitted {
		t.Errorf("open data says %d submitted, the statistics %d", p.Submitted, sum)
	}
	csv := string(get("", "/open-data/periods.csv", 200))
	if !strings.HasPrefix(strings.TrimPrefix(csv, "\ufeff"), "id,name,kind,year,formations,quota,applied,submitted,ms,tms,") {
		t.Errorf("CSV header: %.120s", csv)
	}
	pageHTML := string(get("", "/open-data", 200))
	for _, body := range []string{string(b), csv, pageHTML} {
		for _, personal := range []string{"Agus", "Dewi", "6271030403960002", "6271035511950004"} {
			if strings.Contains(body, personal) {
				t.Errorf("open data shows %q", personal)
			}
		}
	}
}
