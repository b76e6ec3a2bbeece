package recruitment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestFormationExportGolden: the formation export of a period, as CSV and
// as XLSX, is the one in testdata/ on every engine (go test -update
// rewrites it). The XLSX is compared by the cells it reads back as, not
// by its zip bytes.
func TestFormationExportGolden(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		rows := exportedFormations(t, ctx, db)
		var csv bytes.Buffer
		if err := recruitment.WriteFormationFile(&csv, "csv", rows); err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, "formations.csv", csv.Bytes())

		var xlsx bytes.Buffer
		if err := recruitment.WriteFormationFile(&xlsx, "xlsx", rows); err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, "formations.xlsx.cells", xlsxCells(t, xlsx.Bytes()))
	})
}

// exportedFormations makes a period with formations that exercise every
// column (leading zeros, a minimum IPK, an age range, a formula-like
// unit, several documents) and exports it.
func exportedFormations(t *testing.T, ctx context.Context, db *sqldb.DB) [][]string {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	ids, err := identity.New(db, identity.Config{Now: clock.Now, HashSlots: 2})
	if err != nil {
		t.Fatal(err)
	}
	s := recruitment.New(db, ids, clock.Now)
	if err := s.UpsertEducationRefs(ctx, []recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"},
		{Code: "D3-KEP", Name: "D-III Keperawatan", Level: "D3"}}); err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	p, err := s.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Uji Ekspor", Kind: recruitment.KindCPNS, ReferenceDate: "2026-12-31",
		Timeline: recruitment.Timeline{AnnounceAt: start.Add(time.Hour), RegOpenAt: start.Add(2 * time.Hour),
			RegCloseAt: start.Add(10 * 24 * time.Hour), AdminAnnounceAt: start.Add(12 * 24 * time.Hour), AppealDays: 3}})
	if err != nil {
		t.Fatalf("period: %v %v", err, fieldKeys(err))
	}
	ipk := 3.25
	for _, nf := range []recruitment.NewFormation{
		{Code: "001", Position: "Pranata Komputer Ahli Pertama", Unit: "Dinas Komunikasi dan Informatika", Quota: 2, MinIPK: &ipk,
			AgeMin: 18, AgeMax: 35},
		{Code: "002", Position: "Perawat Terampil", Unit: `=HYPERLINK("http://evil.example","Klik")`, EmploymentType: "PPPK", Quota: 5,
			Category: "disabilitas", Documents: []recruitment.DocumentRule{recruitment.DocumentPresets["ijazah"]}},
	} {
		nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
		if nf.Code == "002" {
			nf.Education.Levels, nf.Education.Majors = []string{"D3"}, []string{"D3-KEP"}
		}
		if _, err := s.AddFormation(ctx, p.ID, nf); err != nil {
			t.Fatalf("formation %s: %v %v", nf.Code, err, fieldKeys(err))
		}
	}
	rows, err := s.ExportFormations(ctx, p.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// xlsxCells reads an XLSX back as a spreadsheet shows it: one JSON array
// of cells per row.
func xlsxCells(t *testing.T, data []byte) []byte {
	t.Helper()
	tr, err := report.ReadTable(bytes.NewReader(data), "formations.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var out bytes.Buffer
	for {
		row, _, err := tr.Next()
		if err == io.EOF {
			return out.Bytes()
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := json.Marshal(row)
		out.Write(append(line, '\n'))
	}
}

// fieldKeys names the refused fields of err and their message keys.
func fieldKeys(err error) map[string]string {
	out := map[string]string{}
	if ae, ok := err.(*apperr.Error); ok {
		for f, m := range ae.FieldMsgs {
			out[f] = m.Key
		}
	}
	return out
}
