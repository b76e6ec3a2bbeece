package selection

import (
	"errors"
	"fmt"
	"testing"
)

func TestGrades(t *testing.T) {
	s := CPNS2024()
	tests := []struct {
		cat           Category
		twk, tiu, tkp int
		pass          bool
		failed        []string // fields below the grade, in order
	}{
		{Umum, 65, 80, 166, true, nil},
		{Umum, 60, 80, 166, false, []string{"twk"}},
		{Umum, 65, 75, 166, false, []string{"tiu"}},
		{Umum, 65, 80, 165, false, []string{"tkp"}},
		{Umum, 60, 75, 165, false, []string{"twk", "tiu", "tkp"}},
		{Umum, 150, 175, 225, true, nil},
		{Cumlaude, 60, 85, 166, true, nil},
		{Cumlaude, 60, 85, 165, false, []string{"skd_total"}},
		{Cumlaude, 65, 80, 166, false, []string{"tiu"}}, // meets umum, not its own grade
		{Cumlaude, 0, 80, 225, false, []string{"tiu", "skd_total"}},
		{Diaspora, 50, 85, 176, true, nil},
		{Diaspora, 50, 85, 175, false, []string{"skd_total"}},
		{Diaspora, 50, 80, 181, false, []string{"tiu"}},
		{Disabilitas, 40, 60, 186, true, nil},
		{Disabilitas, 40, 60, 185, false, []string{"skd_total"}},
		{Disabilitas, 45, 55, 186, false, []string{"tiu"}},
		{Papua, 50, 60, 176, true, nil},
		{Papua, 50, 60, 175, false, []string{"skd_total"}},
		{Papua, 55, 55, 176, false, []string{"tiu"}},
		{Tertinggal, 60, 65, 161, true, nil},
		{Tertinggal, 60, 65, 160, false, []string{"skd_total"}},
		{Tertinggal, 65, 55, 166, false, []string{"tiu"}},
		{Tertinggal, 0, 0, 0, false, []string{"tiu", "skd_total"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d-%d-%d", tt.cat, tt.twk, tt.tiu, tt.tkp), func(t *testing.T) {
			if got := s.Passes(tt.cat, tt.twk, tt.tiu, tt.tkp); got != tt.pass {
				t.Fatalf("Passes = %v, want %v", got, tt.pass)
			}
			rs := s.GradeReasons(tt.cat, tt.twk, tt.tiu, tt.tkp)
			if len(rs) != len(tt.failed) {
				t.Fatalf("GradeReasons = %v, want fields %v", rs, tt.failed)
			}
			for i, r := range rs {
				if r.Code != CodeBelowGrade || r.Field != tt.failed[i] || r.Category != tt.cat.String() {
					t.Errorf("reason %d = %+v, want below_grade on %s", i, r, tt.failed[i])
				}
				if r.Margin.Num >= 0 || r.Value.Num-r.Limit.Num != r.Margin.Num {
					t.Errorf("reason %d margin %v, value %v, limit %v", i, r.Margin, r.Value, r.Limit)
				}
			}
		})
	}
}

func TestGradeShortfallInReason(t *testing.T) {
	s := CPNS2024()
	rs := s.GradeReasons(Cumlaude, 60, 80, 160)
	want := []string{
		"tiu 80 is below the cumlaude passing grade 85 (short by 5)",
		"skd_total 300 is below the cumlaude passing grade 311 (short by 11)",
	}
	if len(rs) != len(want) {
		t.Fatalf("got %v", rs)
	}
	for i := range want {
		if rs[i].String() != want[i] {
			t.Errorf("reason %d = %q, want %q", i, rs[i].String(), want[i])
		}
	}
}

func TestFinalScoreExact(t *testing.T) {
	s := CPNS2024()
	if d := s.FinalDenominator(); d != 55_000_000 {
		t.Fatalf("denominator %d", d)
	}
	tests := []struct {
		skd  int
		skb  string
		want string
	}{
		{550, "100", "100.000"},
		{0, "0", "0.000"},
		{373, "81", "75.727"},     // 4165000/55 = 75727.27
		{340, "85", "75.727"},     // the same rational
		{373, "80", "75.127"},     // 75127.27
		{373, "79.999", "75.127"}, // 75126.67: same text, smaller value
		{350, "78.5", "72.555"},   // 72554.545… rounds up
		{286, "88.123", "73.674"}, // 73673.8
		{311, "70.5", "64.918"},
		{286, "60", "56.800"},
		{1, "0", "0.073"}, // 40/550 = 0.0727…
	}
	for _, tt := range tests {
		skb, err := ParseDecimal(tt.skb)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.FormatFinal(s.FinalScore(tt.skd, skb)); got != tt.want {
			t.Errorf("final(%d, %s) = %s, want %s", tt.skd, tt.skb, got, tt.want)
		}
	}
	eq := func(skd1 int, skb1 string, skd2 int, skb2 string) bool {
		a, _ := ParseDecimal(skb1)
		b, _ := ParseDecimal(skb2)
		return s.FinalScore(skd1, a) == s.FinalScore(skd2, b)
	}
	if !eq(400, "82", 367, "86") || !eq(373, "81", 340, "85") {
		t.Error("finals equal as rationals compare unequal")
	}
	if eq(373, "80", 373, "79.999") {
		t.Error("finals that differ beyond 3 decimals compare equal")
	}
	// The largest numerator stays far from int64 overflow.
	if n := s.FinalScore(550, 100*DecimalOne); n != 100*s.FinalDenominator() {
		t.Errorf("max numerator %d", n)
	}
}

func TestSchemeValidate(t *testing.T) {
	s := CPNS2024()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*Scheme){
		"weights":     func(s *Scheme) { s.WeightSKB = 50 },
		"item points": func(s *Scheme) { s.ItemPoints = 4 },
		"cut":         func(s *Scheme) { s.CutMultiple = 0 },
		"max":         func(s *Scheme) { s.MaxTKP = 0 },
		"grade":       func(s *Scheme) { s.Grades[Papua].Total = 600 },
		"name":        func(s *Scheme) { s.Name = "" },
	} {
		c := CPNS2024()
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: Validate accepted a broken scheme", name)
		}
	}
}

func TestLookupScheme(t *testing.T) {
	if _, err := LookupScheme("cpns-2024"); err != nil {
		t.Fatal(err)
	}
	_, err := LookupScheme("cpns-2023")
	if !errors.Is(err, ErrUnknownScheme) || err.Error() != `unknown scheme "cpns-2023" (known: cpns-2024)` {
		t.Fatalf("got %v", err)
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want Decimal
		err  string
	}{
		{"0", 0, ""},
		{"85", 85000, ""},
		{"85.5", 85500, ""},
		{"85.125", 85125, ""},
		{"085.120", 85120, ""},
		{"100.000", 100000, ""},
		{"", 0, "empty"},
		{"85.1234", 0, `"85.1234" has more than 3 decimals`},
		{"85,5", 0, `"85,5" is not a number (use a point for decimals, as in 85.5)`},
		{".5", 0, `".5" is not a number`},
		{"5.", 0, `"5." is not a number`},
		{"-1", 0, `"-1" is not a number`},
		{"1e2", 0, `"1e2" is not a number`},
		{" 5", 0, `" 5" is not a number`},
		{"5.12a4", 0, `"5.12a4" is not a number`},
		{"1234567890123", 0, `"1234567890123" is far too large`},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseDecimal(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || err.Error() != tt.err {
			t.Errorf("ParseDecimal(%q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
	for _, d := range []Decimal{0, 85000, 85500, 85120, 85125, 1} {
		back, err := ParseDecimal(d.String())
		if err != nil || back != d {
			t.Errorf("round trip of %d: %s → %d, %v", d, d, back, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, ok := range map[string]bool{
		"1996-05-10": true, "2000-02-29": true, "1900-02-28": true, "2099-12-31": true,
		"1900-02-29": false, "2023-02-29": false, "1996-13-01": false, "1996-04-31": false,
		"10-05-1996": false, "1996/05/10": false, "1996-5-10": false, "": false, "1899-12-31": false,
		"2100-01-01": false, "1996-05-10T00:00:00Z": false, "19960510": false,
	} {
		d, err := ParseDate(in)
		if (err == nil) != ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", in, err, ok)
		}
		if ok && d.String() != in {
			t.Errorf("ParseDate(%q).String() = %s", in, d)
		}
	}
}

func TestQuantityExact(t *testing.T) {
	s := CPNS2024()
	q := ratioQuantity(s.FinalScore(400, 82*DecimalOne), s.FinalDenominator())
	if q.Text != "78.291" || q.Exact() != "4306/55" {
		t.Errorf("got %+v exact %s", q, q.Exact())
	}
	if got := decimalQuantity(85125).Exact(); got != "85.125" {
		t.Errorf("exact decimal %s", got)
	}
	if got := intQuantity(-5).Exact(); got != "-5" {
		t.Errorf("exact int %s", got)
	}
}
