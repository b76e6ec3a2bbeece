package selection

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// app is an umum applicant present at SKD; skb "" means absent at SKB.
func app(id, form string, twk, tiu, tkp int, skb string, opts ...func(*Applicant)) Applicant {
	a := Applicant{ID: id, FormationID: form, Category: Umum, PresentSKD: true, TWK: twk, TIU: tiu, TKP: tkp,
		IPK: 3 * DecimalOne, BirthDate: Date{1995, 1, 1}}
	if skb != "" {
		d, err := ParseDecimal(skb)
		if err != nil {
			panic(err)
		}
		a.PresentSKB, a.SKB = true, d
	}
	for _, o := range opts {
		o(&a)
	}
	return a
}

func ipk(s string) func(*Applicant) {
	return func(a *Applicant) { a.IPK, _ = ParseDecimal(s) }
}

func born(s string) func(*Applicant) {
	return func(a *Applicant) { a.BirthDate, _ = ParseDate(s) }
}

func cat(c Category) func(*Applicant) { return func(a *Applicant) { a.Category = c } }

func absent(a *Applicant) { a.PresentSKD, a.TWK, a.TIU, a.TKP = false, 0, 0, 0 }

func form(id string, quota int) Formation {
	return Formation{ID: id, Quota: quota, Position: "Pranata Komputer Ahli Pertama", Education: "S-1 Teknik Informatika"}
}

// want is "skd_code final_code final_rank placed" per applicant ID.
type want map[string]string

func checkRanking(t *testing.T, forms []Formation, apps []Applicant, w want) *Ranking {
	t.Helper()
	rk, err := CPNS2024().Rank(forms, apps)
	if err != nil {
		t.Fatalf("Rank: %v", err)
	}
	for i := range apps {
		o := rk.Outcome(i)
		exp, ok := w[o.ApplicantID]
		if !ok {
			continue
		}
		rank := "-"
		if o.HasFinal {
			rank = itoa(o.FinalRank)
		}
		placed := o.PlacedFormationID
		if placed == "" {
			placed = "-"
		}
		got := o.SKDCode + " " + o.FinalCode + " " + rank + " " + placed
		if got != exp {
			t.Errorf("%s: got %q, want %q\n%s", o.ApplicantID, got, exp, rk.Explain(i))
		}
	}
	return rk
}

func itoa(n int) string {
	b := []byte{}
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestRankSKDStage(t *testing.T) {
	t.Run("absent is TH, below grade is TL, the rest split at 3 × quota", func(t *testing.T) {
		checkRanking(t, []Formation{form("F", 1)}, []Applicant{
			app("th", "F", 0, 0, 0, "", absent),
			app("tl", "F", 60, 120, 190, ""),
			app("p1", "F", 100, 100, 180, "80"),
			app("p2", "F", 100, 100, 179, "80"),
			app("p3", "F", 100, 100, 178, ""),
			app("p4", "F", 100, 100, 177, ""),
		}, want{
			"th": "TH TH - -", "tl": "TL TL - -",
			"p1": "P/L P/L 1 F", "p2": "P/L TL 2 -", "p3": "P/L TH - -", "p4": "P P - -",
		})
	})
	// Each case: two fillers take the first two of three places; the pair
	// competes for the third, equal up to one step of the chain.
	steps := []struct {
		name        string
		better, low Applicant
	}{
		{"total", app("better", "F", 100, 100, 171, ""), app("low", "F", 100, 100, 170, "")},
		{"tkp", app("better", "F", 95, 100, 175, ""), app("low", "F", 100, 100, 170, "")},
		{"tiu", app("better", "F", 95, 105, 170, ""), app("low", "F", 100, 100, 170, "")},
		// IPK, age and input order still order the SKD list, but never decide
		// the cut: equal on SKD total, TKP, TIU and TWK with the last place of
		// the cut, the lower one goes to SKB as well (KepmenPANRB 320/2024).
		{"ipk", app("better", "F", 100, 100, 170, "", ipk("3.51")), app("low", "F", 100, 100, 170, "", ipk("3.5"))},
		{"ipk 3 decimals", app("better", "F", 100, 100, 170, "", ipk("3.501")), app("low", "F", 100, 100, 170, "", ipk("3.5"))},
		{"older", app("better", "F", 100, 100, 170, "", born("1995-01-01")), app("low", "F", 100, 100, 170, "", born("1995-01-02"))},
		{"input order", app("better", "F", 100, 100, 170, ""), app("low", "F", 100, 100, 170, "")},
	}
	for k, st := range steps {
		t.Run("tie broken by "+st.name, func(t *testing.T) {
			fill := []Applicant{app("f1", "F", 150, 175, 225, ""), app("f2", "F", 150, 175, 224, "")}
			// The lower one comes first in the input, except where input
			// order is the step under test.
			pair := []Applicant{st.low, st.better}
			if st.name == "input order" {
				pair = []Applicant{st.better, st.low}
			}
			lowWant := "P P - -"
			if k >= 3 { // IPK, age, input order: tied at the cut
				lowWant = "P/L TH - -"
			}
			rk := checkRanking(t, []Formation{form("F", 1)}, append(fill, pair...), want{"better": "P/L TH - -", "low": lowWant})
			// The SKD list itself is still ordered by the whole chain.
			if o := rk.Outcome(2); o.ApplicantID != "low" && o.SKDRank != 3 || o.ApplicantID == "low" && o.SKDRank != 4 {
				t.Errorf("SKD ranks: %+v", o)
			}
		})
	}
	t.Run("ties at the cut are admitted", func(t *testing.T) {
		// Quota 1, cut 3: t1–t4 are equal on SKD total, TKP, TIU and TWK,
		// so all go to SKB whatever their IPK and age; t5 differs on TIU.
		rk := checkRanking(t, []Formation{form("F", 1)}, []Applicant{
			app("top", "F", 100, 100, 200, "70"),
			app("t1", "F", 100, 100, 180, "80", ipk("3.9"), born("1990-01-01")),
			app("t2", "F", 100, 100, 180, "", ipk("2.5"), born("2001-01-01")),
			app("t3", "F", 100, 100, 180, "90", ipk("2.5"), born("2002-01-01")), // youngest, lowest IPK, sat SKB: ranks, not refused
			app("t4", "F", 100, 100, 180, "60", ipk("3.0")),
			app("t5", "F", 105, 95, 180, ""), // 380 too, but TIU 95 < 100
		}, want{
			"top": "P/L TL 3 -", "t1": "P/L TL 2 -", "t2": "P/L TH - -", "t3": "P/L P/L 1 F", "t4": "P/L TL 4 -",
			"t5": "P P - -",
		})
		if f := rk.Formations()[0]; f.ToSKB != 5 || f.SKBTakers != 4 {
			t.Errorf("formation: %+v", f)
		}
		ex := rk.Explain(3)
		if r := findReason(ex, CodeTiedAtCut, StageSKD); r == nil || r.Rank != 5 || r.Cut != 3 || r.Other != "t4" {
			t.Errorf("t3: %s", ex)
		}
		if ex := rk.Explain(5); !ex.Has(CodeOutsideCut) {
			t.Errorf("t5: %s", ex)
		}
	})
	t.Run("a category's own grade decides", func(t *testing.T) {
		checkRanking(t, []Formation{form("F", 1)}, []Applicant{
			app("cum", "F", 65, 80, 166, "", cat(Cumlaude)),    // meets umum, not cumlaude
			app("pap", "F", 40, 60, 186, "", cat(Papua)),       // 286, TIU 60: passes papua
			app("umu", "F", 65, 80, 166, ""),                   // exactly the umum grade
			app("dis", "F", 40, 55, 191, "", cat(Disabilitas)), // TIU 55
		}, want{"cum": "TL TL - -", "pap": "P/L TH - -", "umu": "P/L TH - -", "dis": "TL TL - -"})
	})
}

func TestRankFinalStage(t *testing.T) {
	t.Run("exact rational tie goes to SKD total", func(t *testing.T) {
		// 40·400/550 + 0.6·82 = 40·367/550 + 0.6·86 exactly; float64 says otherwise.
		checkRanking(t, []Formation{form("F", 1)}, []Applicant{
			app("low", "F", 100, 95, 172, "86"),   // 367
			app("high", "F", 110, 110, 180, "82"), // 400
		}, want{"high": "P/L P/L 1 F", "low": "P/L TL 2 -"})
	})
	t.Run("difference below the printed precision decides", func(t *testing.T) {
		rk := checkRanking(t, []Formation{form("F", 1)}, []Applicant{
			app("low", "F", 95, 100, 178, "79.999"),
			app("high", "F", 95, 100, 178, "80"),
		}, want{"high": "P/L P/L 1 F", "low": "P/L TL 2 -"})
		if a, b := rk.Outcome(0).FinalScore, rk.Outcome(1).FinalScore; a.Text != b.Text || a.Num*b.Den == b.Num*a.Den {
			t.Errorf("want equal text, different values: %+v %+v", a, b)
		}
	})
	steps := []struct {
		name        string
		better, low Applicant
	}{
		{"final score", app("better", "F", 100, 100, 170, "80.001"), app("low", "F", 100, 100, 170, "80")},
		{"tkp", app("better", "F", 95, 100, 175, "80"), app("low", "F", 100, 100, 170, "80")},
		{"tiu", app("better", "F", 95, 105, 170, "80"), app("low", "F", 100, 100, 170, "80")},
		{"ipk", app("better", "F", 100, 100, 170, "80", ipk("3.01")), app("low", "F", 100, 100, 170, "80")},
		{"older", app("better", "F", 100, 100, 170, "80", born("1994-12-31")), app("low", "F", 100, 100, 170, "80")},
		{"input order", app("better", "F", 100, 100, 170, "80"), app("low", "F", 100, 100, 170, "80")},
	}
	for _, st := range steps {
		t.Run("tie broken by "+st.name, func(t *testing.T) {
			pair := []Applicant{st.low, st.better}
			if st.name == "input order" {
				pair = []Applicant{st.better, st.low}
			}
			checkRanking(t, []Formation{form("F", 1)}, pair, want{"better": "P/L P/L 1 F", "low": "P/L TL 2 -"})
		})
	}
}

func TestOptimalisasi(t *testing.T) {
	other := func(id string, quota int, pos, edu string) Formation {
		return Formation{ID: id, Quota: quota, Position: pos, Education: edu}
	}
	t.Run("free places in order of first appearance, best first, same position and education only", func(t *testing.T) {
		forms := []Formation{
			form("A", 2),
			other("D3", 1, "Pranata Komputer Ahli Pertama", "D-3 Teknik Informatika"),  // other education: must not receive
			other("POS", 1, "Analis Kebijakan Ahli Pertama", "S-1 Teknik Informatika"), // other position: must not receive
			form("B", 1),
			form("C", 2),
		}
		rk := checkRanking(t, forms, []Applicant{
			app("a1", "A", 100, 100, 200, "90"),
			app("a2", "A", 100, 100, 200, "80"),
			app("a3", "A", 100, 100, 200, "85"),
			app("a4", "A", 100, 100, 200, "70"),
			app("a5", "A", 100, 100, 200, ""),
		}, want{
			"a1": "P/L P/L 1 A",
			"a3": "P/L P/L 2 A",
			"a2": "P/L P/L-2 3 B", // the best remaining goes to the first formation with a free place
			"a4": "P/L P/L-2 4 C", // and keeps its own final rank
			"a5": "P/L TH - -",
		})
		got := map[string]int{}
		for _, f := range rk.Formations() {
			got[f.ID] = f.Vacant
		}
		if got["A"] != 0 || got["D3"] != 1 || got["POS"] != 1 || got["B"] != 0 || got["C"] != 1 {
			t.Errorf("vacancies %v", got)
		}
	})
	t.Run("only applicants who meet the receiving formation's grade are moved", func(t *testing.T) {
		// D is a disabilitas formation: its first applicant's category. G is
		// a general one (its first applicant is umum, absent at SKD), D2
		// another disabilitas one; both have a free place.
		rk := checkRanking(t, []Formation{form("D", 1), form("G", 1), form("D2", 1)}, []Applicant{
			app("d1", "D", 70, 90, 180, "90", cat(Disabilitas)),
			app("below", "D", 50, 60, 180, "88", cat(Disabilitas)), // 290: passes disabilitas, not umum (TWK 50, TIU 60)
			app("above", "D", 65, 80, 166, "80", cat(Disabilitas)), // 311: meets the umum grade exactly
			app("g", "G", 0, 0, 0, "", absent),
			app("d2", "D2", 0, 0, 0, "", absent, cat(Disabilitas)),
		}, want{
			"d1":    "P/L P/L 1 D",
			"below": "P/L P/L-2 2 D2", // refused by G, which comes first; taken by D2
			"above": "P/L P/L-2 3 G",  // behind "below" in the pool, but G's grade admits only them
		})
		if r := findReason(rk.Explain(1), CodeOptimalisasi, StageOptimalisasi); r == nil || r.Formation != "D2" {
			t.Errorf("below: %s", rk.Explain(1))
		}
	})
	t.Run("a disabilitas applicant below the general grade never fills a general formation", func(t *testing.T) {
		checkRanking(t, []Formation{form("D", 1), form("G", 2)}, []Applicant{
			app("d1", "D", 70, 90, 180, "90", cat(Disabilitas)),
			app("below", "D", 50, 60, 180, "88", cat(Disabilitas)),
			app("g1", "G", 100, 100, 200, "70"),
		}, want{"d1": "P/L P/L 1 D", "below": "P/L TL 2 -", "g1": "P/L P/L 1 G"})
	})
	t.Run("a formation without applicants takes the general grade", func(t *testing.T) {
		checkRanking(t, []Formation{form("D", 1), form("E", 1)}, []Applicant{
			app("d1", "D", 70, 90, 180, "90", cat(Disabilitas)),
			app("below", "D", 50, 60, 180, "88", cat(Disabilitas)),
			app("above", "D", 65, 80, 166, "80", cat(Disabilitas)),
		}, want{"below": "P/L TL 2 -", "above": "P/L P/L-2 3 E"})
	})
	t.Run("P, SKD TL and TH are never moved", func(t *testing.T) {
		rk := checkRanking(t, []Formation{form("A", 1), form("B", 1)}, []Applicant{
			app("a1", "A", 100, 100, 200, "90"),
			app("a2", "A", 100, 100, 199, ""),
			app("a3", "A", 100, 100, 198, ""),
			app("p", "A", 100, 100, 197, ""),
			app("tl", "A", 150, 175, 160, ""), // TKP 160: TL despite a total of 485
			app("th", "A", 0, 0, 0, "", absent),
		}, want{
			"a1": "P/L P/L 1 A", "a2": "P/L TH - -", "a3": "P/L TH - -",
			"p": "P P - -", "tl": "TL TL - -", "th": "TH TH - -",
		})
		if f := rk.Formations()[1]; f.Vacant != 1 || f.Received != 0 {
			t.Errorf("B: %+v", f)
		}
	})
}

func TestRankRejects(t *testing.T) {
	s := CPNS2024()
	forms := []Formation{form("F", 1)}
	tests := []struct {
		name string
		a    Applicant
		want string
	}{
		{
			"twk step",
			app("x", "F", 67, 100, 170, ""),
			`applicant 1, column twk: "67" is not a multiple of 5 (each TWK item is worth 5 points or 0)`,
		},
		{"tiu range", app("x", "F", 100, 180, 170, ""), `applicant 1, column tiu: "180" is out of range (0 to 175)`},
		{"tkp range", app("x", "F", 100, 100, 226, ""), `applicant 1, column tkp: "226" is out of range (0 to 225)`},
		{"formation", app("x", "G", 100, 100, 170, ""), `applicant 1, column formation_id: "G" is not a formation`},
		{"skb absent skd", app("x", "F", 0, 0, 0, "80", absent), `applicant 1, column present_skb: true for an applicant absent at SKD`},
		{"skb TL", app("x", "F", 60, 100, 170, "80"), `applicant 1, column present_skb: true for an applicant below the SKD passing grade (TL)`},
		{"skb range", app("x", "F", 100, 100, 170, "100.001"), `applicant 1, column skb: 100.001 is out of range (0 to 100)`},
		{
			"skb for absent",
			app("x", "F", 100, 100, 170, "", func(a *Applicant) { a.SKB = 5 }),
			`applicant 1, column skb: given for an applicant absent at SKB`,
		},
		{
			"date",
			app("x", "F", 100, 100, 170, "", func(a *Applicant) { a.BirthDate = Date{2023, 2, 29} }),
			`applicant 1, column birth_date: 2023-02-29 is not a valid date`,
		},
		{"category", app("x", "F", 100, 100, 170, "", cat(9)), `applicant 1, column category: 9 is not a category`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Rank(forms, []Applicant{tt.a})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	_, err := s.Rank(forms, []Applicant{app("x", "F", 100, 100, 170, ""), app("x", "F", 100, 100, 170, "")})
	if err == nil || err.Error() != `applicant 2, column id: "x" is also applicant 1` {
		t.Errorf("duplicate: %v", err)
	}
	// Four passers for a quota of 1: the 4th is P and cannot have sat SKB.
	_, err = s.Rank(forms, []Applicant{
		app("a", "F", 100, 100, 200, ""), app("b", "F", 100, 100, 199, ""), app("c", "F", 100, 100, 198, ""),
		app("d", "F", 100, 100, 197, "80"),
	})
	if err == nil ||
		!strings.Contains(
			err.Error(),
			`applicant 4, column present_skb: true, but the applicant is ranked 4 at SKD in formation "F", outside the cut of 3 `+
				`(3 × quota 1) and not tied with its last place`,
		) {
		t.Errorf("P with SKB: %v", err)
	}
}

func goldenRanking(t *testing.T) *Ranking {
	t.Helper()
	f, err := os.Open("testdata/cpns2024.in.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rk, err := CPNS2024().RankFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return rk
}

func findReason(ex Explanation, code Code, stage Stage) *Reason {
	for i := range ex.Reasons {
		if ex.Reasons[i].Code == code && ex.Reasons[i].Stage == stage {
			return &ex.Reasons[i]
		}
	}
	return nil
}

func TestExplainGolden(t *testing.T) {
	rk := goldenRanking(t)
	idx := map[string]int{}
	for i := 0; i < rk.Len(); i++ {
		idx[rk.Outcome(i).ApplicantID] = i
	}
	explain := func(id string) Explanation { return rk.Explain(idx[id]) }
	t.Run("reasons", func(t *testing.T) { checkGoldenReasons(t, explain) })
	t.Run("exact values", func(t *testing.T) {
		// Equal printed scores, different exact values, and the reason says so.
		r := findReason(explain("A01"), CodeBehind, StageFinal)
		if r.Value.Num*r.Limit.Den >= r.Limit.Num*r.Value.Den {
			t.Errorf("A01 should be exactly below A05: %+v %+v", *r.Value, *r.Limit)
		}
		if s := r.String(); !strings.Contains(s, "75.127 = ") {
			t.Errorf("the prose should show the exact values: %s", s)
		}
	})
	t.Run("cuts and optimalisasi", func(t *testing.T) { checkGoldenCuts(t, explain) })
	t.Run("codes", func(t *testing.T) {
		if !explain("A01").Has(CodeNotPlaced) || !explain("A06").Has(CodeSKBAbsent) || !explain("A09").Has(CodeSKDAbsent) {
			t.Error("missing not_placed / skb_absent / skd_absent")
		}
		if ex := explain("G04"); ex.Outcome != "P" || !ex.Has(CodeOutsideCut) || !ex.Has(CodeSKBNotReached) {
			t.Errorf("G04: %s", ex)
		}
	})
	t.Run("final score parts", func(t *testing.T) {
		fr := findReason(explain("K11"), CodeFinalScore, StageFinal)
		if fr == nil || fr.Value.Text != "73.674" || len(fr.Parts) != 2 || fr.Parts[1].Value.Text != "88.123" || fr.Parts[0].Weight != 40 {
			t.Errorf("K11 final: %+v", fr)
		}
	})
	t.Run("json", func(t *testing.T) {
		b, err := json.Marshal(explain("A01"))
		if err != nil || !strings.Contains(string(b), `"code":"not_placed"`) {
			t.Errorf("json: %s %v", b, err)
		}
	})
	t.Run("prose", func(t *testing.T) {
		// Every reason of every applicant renders, and none is left unnamed.
		for i := 0; i < rk.Len(); i++ {
			for _, r := range rk.Explain(i).Reasons {
				if s := r.String(); s == "" || s == string(r.Code) {
					t.Errorf("reason %s has no prose", r.Code)
				}
			}
		}
	})
}

// checkGoldenReasons checks a table of reasons of the golden ranking: the
// applicant, its code, stage, field, step, the other applicant and the
// two values compared.
func checkGoldenReasons(t *testing.T, explain func(string) Explanation) {
	type check struct {
		id           string
		code         Code
		stage        Stage
		field        string
		step         int
		other        string
		value, limit string
	}
	checks := []check{
		{"A10", CodeBelowGrade, StageSKD, "twk", 0, "", "60", "65"},
		{"K06", CodeBelowGrade, StageSKD, "skd_total", 0, "", "310", "311"},
		{"K07", CodeBelowGrade, StageSKD, "tiu", 0, "", "80", "85"},
		{"A04", CodeBehind, StageSKD, "tkp", 1, "A03", "178", "183"},
		{"A04", CodeAheadOf, StageSKD, "ipk", 4, "A05", "3.75", "3.5"},
		{"A05", CodeAheadOf, StageSKD, "birth_date", 5, "A01", "1995-02-14", "1996-05-10"},
		{"A01", CodeAheadOf, StageSKD, "input_order", 6, "A06", "2", "10"}, // lines in the file
		{"A02", CodeBehind, StageSKD, "tiu", 2, "A06", "95", "100"},
		{"A07", CodeBehind, StageSKD, "birth_date", 5, "A02", "1997-08-17", "1996-05-10"},
		{"A08", CodeBehind, StageSKD, "skd_total", 0, "A07", "335", "373"},
		{"A04", CodeBehind, StageFinal, "tkp", 2, "A03", "178", "183"},
		{"C03", CodeBehind, StageFinal, "skd_total", 1, "C02", "367", "400"},
		{"A01", CodeBehind, StageFinal, "final_score", 0, "A05", "75.127", "75.127"},
		{"C01", CodeBehind, StageOptimalisasi, "skd_total", 1, "A02", "340", "373"},
		{"A01", CodeBehind, StageOptimalisasi, "final_score", 0, "A05", "75.127", "75.127"},
	}
	for _, c := range checks {
		ex := explain(c.id)
		var r *Reason
		for i := range ex.Reasons {
			x := &ex.Reasons[i]
			if x.Code == c.code && x.Stage == c.stage && x.Field == c.field && x.Other == c.other {
				r = x
			}
		}
		if r == nil {
			t.Errorf("%s: no %s/%s on %s against %q in\n%s", c.id, c.stage, c.code, c.field, c.other, ex)
			continue
		}
		if r.Step != c.step || r.Value.Text != c.value || r.Limit.Text != c.limit {
			t.Errorf("%s: %+v (value %v limit %v), want step %d %s vs %s", c.id, *r, *r.Value, *r.Limit, c.step, c.value, c.limit)
		}
	}
}

// checkGoldenCuts checks the cut and optimalisasi reasons of the golden
// ranking.
func checkGoldenCuts(t *testing.T, explain func(string) Explanation) {
	if r := findReason(explain("A07"), CodeTiedAtCut, StageSKD); r == nil || r.Rank != 7 || r.Cut != 6 || r.Of != 8 || r.Other != "A02" {
		t.Errorf("A07 cut: %+v", r)
	}
	if r := findReason(explain("A08"), CodeOutsideCut, StageSKD); r == nil || r.Rank != 8 || r.Cut != 6 {
		t.Errorf("A08 cut: %+v", r)
	}
	r := findReason(explain("L02"), CodeOptimalisasi, StageOptimalisasi)
	if r == nil || r.Formation != "F11" || r.Rank != 1 || r.Of != 2 {
		t.Errorf("L02 optimalisasi: %+v", r)
	}
	r = findReason(explain("A02"), CodeOptimalisasi, StageOptimalisasi)
	if r == nil || r.Formation != "F02" || r.Rank != 2 || r.Of != 5 {
		t.Errorf("A02 optimalisasi: %+v", r)
	}
}

func TestFormationsGolden(t *testing.T) {
	rk := goldenRanking(t)
	want := map[string]FormationResult{
		"F01": {ID: "F01", Quota: 2, Ranked: 8, ToSKB: 7, SKBTakers: 5, Placed: 2}, // A07 tied at the cut
		"F02": {ID: "F02", Quota: 3, Ranked: 2, ToSKB: 2, SKBTakers: 1, Placed: 1, Received: 2},
		"F03": {ID: "F03", Quota: 1, Ranked: 3, ToSKB: 3, SKBTakers: 3, Placed: 1},
		"F04": {ID: "F04", Quota: 1, Ranked: 1, ToSKB: 1, Vacant: 1},
		"F05": {ID: "F05", Quota: 1, Vacant: 1},
		"F06": {ID: "F06", Quota: 1, Ranked: 4, ToSKB: 3, SKBTakers: 1, Placed: 1},
		"F07": {ID: "F07", Quota: 10, Ranked: 6, ToSKB: 6, SKBTakers: 5, Placed: 5, Vacant: 5},
		"F08": {ID: "F08", Quota: 2, Received: 2},
		"F09": {ID: "F09", Quota: 1, Ranked: 3, ToSKB: 3, SKBTakers: 3, Placed: 1},
		"F10": {ID: "F10", Quota: 1, Received: 1},
		"F11": {ID: "F11", Quota: 1, Received: 1},
	}
	if n := len(rk.Formations()); n != len(want) {
		t.Errorf("%d formations, want %d", n, len(want))
	}
	for _, f := range rk.Formations() {
		if f != want[f.ID] {
			t.Errorf("%s: got %+v, want %+v", f.ID, f, want[f.ID])
		}
	}
}
