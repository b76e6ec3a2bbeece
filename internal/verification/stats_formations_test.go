package verification_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// TestStatisticsByFormation, on both engines: a national period with two
// formations, NAS-001 (umum) and NAS-002 (cumlaude), imported from SSCASN:
//
//	1 M NAS-001 MS  → SKD P/L → final P/L (placed in NAS-001)
//	2 F NAS-001 MS  → SKD P/L → final P/L-2 (placed in NAS-002)
//	3 M NAS-001 TMS
//	4 F NAS-002 MS  → SKD P/L → final P
//	5 M NAS-002 MS  → SKD TL  → final TL
//
// Each list counts once published, by the formation its rows name; the
// pass rates follow the furthest list. By hand, after the final list: women
// 1/2 = 0.5, men 1/3 = 0.3333 < 4/5 × 0.5, flagged; umum 2/3, cumlaude 0/2
// flagged.
func TestStatisticsByFormation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		start := f.clock.Now()
		p, err := f.rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Nasional Uji", Kind: recruitment.KindCPNS,
			ReferenceDate: "2026-12-31", Timeline: recruitment.Timeline{AnnounceAt: start.Add(time.Hour), RegOpenAt: start.Add(48 * time.Hour),
				RegCloseAt: start.Add(10 * 24 * time.Hour), AdminAnnounceAt: start.Add(15 * 24 * time.Hour), AppealDays: 3}})
		if err != nil {
			t.Fatal(err)
		}
		docs := []recruitment.DocumentRule{{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 100 * recruitment.KB, Required: true}}
		for _, c := range []struct{ code, category string }{{"NAS-001", "umum"}, {"NAS-002", "cumlaude"}} {
			nf := recruitmenttest.NewFormation(c.code, docs)
			nf.Category = c.category
			if _, err := f.rec.AddFormation(ctx, p.ID, nf); err != nil {
				t.Fatalf("formation %s: %v", c.code, err)
			}
		}
		if _, err := f.rec.PublishPeriod(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		cctx, ketua := f.as("ketua", "committee")
		if _, err := f.svc.SignPact(cctx, ketua, p.ID, true); err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		for _, a := range []struct {
			female    bool
			code, dec string
		}{{false, "NAS-001", "MS"}, {true, "NAS-001", "MS"}, {false, "NAS-001", "TMS"}, {true, "NAS-002", "MS"}, {false, "NAS-002", "MS"}} {
			reasons := ""
			if a.dec == "TMS" {
				reasons = "ijazah: Ijazah tidak dilegalisir"
			}
			r := sscasnRow(len(rows)+1, a.female, a.dec, reasons)
			r[8] = a.code
			rows = append(rows, r)
		}
		if _, err := f.svc.ImportApplicants(cctx, ketua, p.ID, exportFile(t, sscasnHeader, rows)); err != nil {
			t.Fatalf("import: %v", err)
		}
		want := func(when, wantF, wantR string) {
			t.Helper()
			st, err := f.svc.FindStatistics(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fs, rs := formationLines(st), rateLines(st); fs != wantF || rs != wantR {
				t.Fatalf("%s:\n formations %s\n want       %s\n rates %s\n want  %s", when, fs, wantF, rs, wantR)
			}
		}
		want("before any list", "NAS-001 3 0 0 0 0 0 0; NAS-002 2 0 0 0 0 0 0 (admin false, skd false, final false)", ": ")
		ranked := verification.New(db, verification.Deps{Recruitment: f.rec, Staff: f.ids, Now: f.clock.Now,
			Hooks: verification.NewHooks(db, f.clock.Now), Ranked: verification.RankedFunc(func(ctx context.Context, periodID int64,
				stage string) ([]verification.Item, error) {
				return stageItems(ctx, f.svc, periodID, stage)
			})})
		f.closeRegistration()
		for _, stage := range []string{verification.StageAdministration, verification.StageSKD, verification.StageFinal} {
			if _, err := ranked.Publish(cctx, ketua, p.ID, verification.PublishRequest{Stage: stage, Number: "800/1/BKPSDM"}); err != nil {
				t.Fatalf("publish %s: %v", stage, err)
			}
			switch stage {
			case verification.StageAdministration:
				want("after the administration list", "NAS-001 3 2 0 0 0 0 0; NAS-002 2 2 0 0 0 0 0 (admin true, skd false, final false)",
					"administration: gender F 2/2 1 false; gender M 2/3 0.6667 true; category cumlaude 2/2 1 false; category umum 2/3 0.6667 true")
			case verification.StageSKD:
				want("after the SKD list", "NAS-001 3 2 0 2 0 0 0; NAS-002 2 2 0 1 0 0 0 (admin true, skd true, final false)",
					"skd: gender F 2/2 1 false; gender M 1/3 0.3333 true; category cumlaude 1/2 0.5 true; category umum 2/3 0.6667 false")
			case verification.StageFinal:
				want("after the final list", "NAS-001 3 2 0 2 2 1 0; NAS-002 2 2 0 1 0 0 1 (admin true, skd true, final true)",
					"final: gender F 1/2 0.5 false; gender M 1/3 0.3333 true; category cumlaude 0/2 0 true; category umum 2/3 0.6667 false")
			}
		}
	})
}

// stageItems is the SKD or final list of the test above, by the
// applicant's serial in the export: the MS of the latest administration
// list with the results the table names.
func stageItems(ctx context.Context, svc *verification.Service, periodID int64, stage string) ([]verification.Item, error) {
	qs, err := svc.FindQualified(ctx, periodID, 0)
	if err != nil {
		return nil, err
	}
	results := map[string][2]string{"24300110000001": {"P/L", "P/L"}, "24300110000002": {"P/L", "P/L-2"},
		"24300110000004": {"P/L", "P"}, "24300110000005": {"TL", "TL"}}
	placed := map[string]string{"24300110000001": "NAS-001", "24300110000002": "NAS-002"}
	var out []verification.Item
	for i, q := range qs {
		code := "NAS-001"
		if q.Category == "cumlaude" {
			code = "NAS-002"
		}
		it := verification.Item{No: i + 1, ApplicationID: q.ApplicationID, RegistrationNumber: q.RegistrationNumber, Name: "PE*** NA***",
			FormationCode: code, Position: "Pranata Komputer", Unit: "Diskominfo", Extra: []string{"", "", "", "", ""}}
		if stage == verification.StageSKD {
			it.Result = results[q.RegistrationNumber][0]
		} else {
			it.Result, it.Extra[4] = results[q.RegistrationNumber][1], placed[q.RegistrationNumber]
		}
		out = append(out, it)
	}
	return out, nil
}

func formationLines(st *verification.Statistics) string {
	var fs []string
	for _, f := range st.Formations {
		fs = append(fs, fmt.Sprintf("%s %d %d %d %d %d %d %d", f.Code, f.Applicants, f.MS, f.Appeals, f.PassedSKD, f.PassedSKB, f.Placed,
			f.PlacedOptimalisasi))
	}
	return fmt.Sprintf("%s (admin %v, skd %v, final %v)", strings.Join(fs, "; "), st.Administration != nil, st.SKDPublished,
		st.FinalPublished)
}

func rateLines(st *verification.Statistics) string {
	var rs []string
	for _, r := range st.PassRates {
		rs = append(rs, fmt.Sprintf("%s %s %d/%d %v %v", r.Group, r.Value, r.Passed, r.Applied, r.Rate, r.AdverseImpact))
	}
	return st.PassStage + ": " + strings.Join(rs, "; ")
}
