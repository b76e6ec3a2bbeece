package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

func TestImportFormations(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	committee := &api{t: t, base: srv.URL, c: apptest.Client()}
	committee.token = token(t, committee.c, srv.URL, "panitia", "asnpro-demo")
	at := func(d int) string {
		return time.Now().Add(time.Duration(d) * 24 * time.Hour).UTC().Format(time.RFC3339)
	}
	code, m, b := committee.call(
		"POST",
		"/api/v1/periods",
		map[string]any{"name": "Seleksi PPPK 2027", "kind": "pppk", "reference_date": "2027-03-01",
			"timeline": map[string]any{
				"announce_at":                at(30),
				"registration_open_at":       at(40),
				"registration_close_at":      at(55),
				"administration_announce_at": at(65),
				"appeal_days":                3,
			}},
	)
	if code != 201 {
		t.Fatalf("create period: %d %s", code, b)
	}
	period := m["id"].(string)
	dir := t.TempDir()

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(strings.Join([]string{
		"code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents",
		"PPPK-001,Perawat,Dinas Kesehatan,PPPK,2,umum,D3,D3-KEP,2.75,20,35,",
		"PPPK-002,Guru,Dinas Pendidikan,PPPK,dua,umum,S1,S1-PGSD,3.00,20,35,",
		"PPPK-001,Guru,Dinas Pendidikan,PPPK,2,umum,S1,S1-PGSD,3.00,20,35,",
		"PPPK-004,Guru,Dinas Pendidikan,PPPK,2,umum,S9,S1-PGSD,3.00,20,35,",
		"PPPK-005,Guru,Dinas Pendidikan,PPPK,2,umum,S1,S1-TIDAKADA,3.00,20,35,",
	}, "\n")+"\n"), 0o644)
	code, out, errOut := runCmd(t, "import", "formations", "--db", srv.DSN, "--key-file", srv.KeyFile, "--period", period, bad)
	if code != 1 || !strings.Contains(errOut, "line 3, column quota") || !strings.Contains(errOut, "line 4, column code") ||
		!strings.Contains(errOut, "line 5, column education.levels") {
		t.Fatalf("bad file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, m, _ = committee.call("GET", "/api/v1/periods/"+period+"/formations", nil)
	if m["total"].(float64) != 0 {
		t.Fatalf("a rejected file stored %v formations", m["total"])
	}
	// An unknown major is found only against the reference list: still nothing stored.
	onlyMajor := filepath.Join(dir, "major.csv")
	os.WriteFile(onlyMajor, []byte("code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents\n"+
		"PPPK-001,Perawat,Dinas "+
		"Kesehatan,PPPK,2,umum,D3,D3-KEP,2.75,20,35,\nPPPK-005,Guru,Dinas "+
		"Pendidikan,PPPK,2,umum,S1,S1-TIDAKADA,3.00,20,35,\n"), 0o644)
	if code, _, errOut := runCmd(t, "import", "formations", "--db", srv.DSN, "--key-file", srv.KeyFile, "--period", period,
		onlyMajor); code != 1 ||
		!strings.Contains(errOut, "line 3") ||
		!strings.Contains(errOut, "S1-TIDAKADA") {
		t.Fatalf("unknown major: exit %d %q", code, errOut)
	}
	_, m, _ = committee.call("GET", "/api/v1/periods/"+period+"/formations", nil)
	if m["total"].(float64) != 0 {
		t.Fatalf("a rejected file stored %v formations", m["total"])
	}

	// A good XLSX file.
	x := report.NewXLSX("Formasi")
	x.Header(
		[]string{
			"code",
			"position",
			"unit",
			"employment_type",
			"quota",
			"category",
			"levels",
			"majors",
			"min_ipk",
			"age_min",
			"age_max",
			"documents",
		},
	)
	x.Row([]any{"PPPK-001", "Perawat Terampil", "Dinas Kesehatan", "PPPK", 2, "umum", "D3", "D3-KEP", "2.75", 20, 35, ""})
	x.Row(
		[]any{
			"PPPK-002",
			"Guru Kelas",
			"Dinas Pendidikan",
			"PPPK",
			5,
			"umum",
			"S1",
			"S1-PGSD",
			"3.00",
			20,
			35,
			"pas_foto;ijazah;transkrip",
		},
	)
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.xlsx")
	os.WriteFile(good, buf.Bytes(), 0o644)
	if code, out, errOut := runCmd(t, "import", "formations", "--db", srv.DSN, "--key-file", srv.KeyFile, "--period", period,
		good); code != 0 ||
		!strings.Contains(out, "2 formations imported") {
		t.Fatalf("good file: %d %s %s", code, out, errOut)
	}
	_, m, b = committee.call("GET", "/api/v1/periods/"+period+"/formations?q=guru", nil)
	items := m["items"].([]any)
	if len(items) != 1 || len(items[0].(map[string]any)["documents"].([]any)) != 3 {
		t.Fatalf("imported: %s", b)
	}
	if code, out, _ := runCmd(t, "import", "formations", "--template"); code != 0 || !strings.HasPrefix(out, "code,position") {
		t.Fatalf("template: %d %q", code, out)
	}
}
