package selection

import (
	"encoding/json"
	"strings"
	"testing"
)

// seedScheme is the demo selection of DESIGN §6: written test, structured
// interview and psychotest, with a minimum on the interview.
const seedScheme = `{
  "name": "Seleksi Terbuka JPT Pratama 2025",
  "components": [
    {"key": "tertulis",  "name": "Tes tertulis",          "weight": 40, "minimum": 0},
    {"key": "wawancara", "name": "Wawancara terstruktur", "weight": 40, "minimum": 60.5},
    {"key": "psikotes",  "name": "Psikotes",              "weight": 20, "minimum": "50"}
  ]
}`

func mustOwn(t *testing.T, js string) OwnScheme {
	t.Helper()
	s, err := ParseOwnScheme([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func scores(kv ...string) map[string]Decimal {
	m := map[string]Decimal{}
	for i := 0; i < len(kv); i += 2 {
		d, err := ParseDecimal(kv[i+1])
		if err != nil {
			panic(err)
		}
		m[kv[i]] = d
	}
	return m
}

func TestOwnSchemeValidate(t *testing.T) {
	s := mustOwn(t, seedScheme)
	if s.Components[1].Minimum != 60500 || s.Components[2].Minimum != 50000 {
		t.Fatalf("minimums read inexactly: %+v", s.Components)
	}
	b, err := json.Marshal(s)
	if err != nil || !strings.Contains(string(b), `"minimum":60.5`) {
		t.Fatalf("marshal: %s %v", b, err)
	}
	back, err := ParseOwnScheme(b)
	if err != nil || back.Components[1] != s.Components[1] {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	tests := []struct {
		name, js, want string
	}{
		{"weights not 100", `{"name":"x","components":[{"key":"a","name":"A","weight":60},{"key":"b","name":"B","weight":35}]}`,
			`scheme x, column weight: the weights sum to 95, not 100`},
		{"negative weight", `{"name":"x","components":[{"key":"a","name":"A","weight":110},{"key":"b","name":"B","weight":-10}]}`,
			`component 1, column weight: 110 is out of range (0 to 100)`},
		{"no components", `{"name":"x","components":[]}`, `scheme x, column components: a scheme needs at least one component`},
		{"duplicate key", `{"name":"x","components":[{"key":"a","name":"A","weight":50},{"key":"a","name":"B","weight":50}]}`,
			`component 2, column key: "a" is used twice`},
		{"bad key", `{"name":"x","components":[{"key":"Tes Tulis","name":"A","weight":100}]}`,
			`component 1, column key: "Tes Tulis" must start with a letter and hold only a–z, 0–9 and _ (at most 40)`},
		{"minimum above 100", `{"name":"x","components":[{"key":"a","name":"A","weight":100,"minimum":100.5}]}`,
			`component 1, column minimum: 100.5 is out of range (0 to 100)`},
		{"minimum too precise", `{"name":"x","components":[{"key":"a","name":"A","weight":100,"minimum":60.1234}]}`,
			`own scheme: decimal: "60.1234" has more than 3 decimals`},
		{"float exponent", `{"name":"x","components":[{"key":"a","name":"A","weight":100,"minimum":6e1}]}`,
			`own scheme: decimal: "6e1" is not a number`},
		{"unknown tie-break", `{"name":"x","components":[{"key":"a","name":"A","weight":100}],"tie_break":["b"]}`,
			`scheme x, column tie_break: "b" is not a component`},
		{"empty name", `{"name":"","components":[{"key":"a","name":"A","weight":100}]}`, `scheme, column name: empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOwnScheme([]byte(tt.js))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("got  %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestOwnRank(t *testing.T) {
	s := mustOwn(t, seedScheme)
	cands := []Candidate{
		// The seed's candidate with good education but weak communication:
		// the best total, failed by the interview minimum.
		{ID: "weak-interview", Scores: scores("tertulis", "98", "wawancara", "60.499", "psikotes", "95")},
		{ID: "absent", Scores: scores("tertulis", "90", "psikotes", "90")},
		{ID: "b", Scores: scores("tertulis", "80", "wawancara", "80", "psikotes", "70")},   // 78
		{ID: "a", Scores: scores("tertulis", "70", "wawancara", "85", "psikotes", "80")},   // 28+34+16 = 78
		{ID: "c", Scores: scores("tertulis", "80", "wawancara", "80", "psikotes", "70")},   // same as b
		{ID: "d", Scores: scores("tertulis", "75.5", "wawancara", "75", "psikotes", "80")}, // 30.2+30+16 = 76.2
		{ID: "psy", Scores: scores("tertulis", "100", "wawancara", "100", "psikotes", "49.999")},
	}
	rk, err := s.Rank(cands, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		// Totals 78 are equal; the default tie-break is by weight, then
		// listed order: tertulis (40) first, so b and c (80) beat a (70);
		// b and c are equal on everything and keep input order.
		"b": "L 1 78.000", "c": "L 2 78.000", "a": "P 3 78.000", "d": "P 4 76.200",
		"weak-interview": "TL 0 82.400", "absent": "TH 0 -", "psy": "TL 0 90.000",
	}
	for i := range cands {
		r := rk.Result(i)
		total := "-"
		if r.HasTotal {
			total = r.Total.Text
		}
		got := r.Code + " " + itoa(r.Rank) + " " + total
		if got != want[r.ID] {
			t.Errorf("%s: got %q, want %q\n%s", r.ID, got, want[r.ID], rk.Explain(i))
		}
	}
	ex := rk.Explain(0)
	r := findReason(ex, CodeBelowMinimum, StageOwn)
	if r == nil || r.Field != "wawancara" || r.Value.Text != "60.499" || r.Limit.Text != "60.5" || r.Margin.Text != "-0.001" {
		t.Errorf("weak interview: %s", ex)
	}
	if ex := rk.Explain(1); !ex.Has(CodeComponentAbsent) || ex.Reasons[0].Field != "wawancara" {
		t.Errorf("absent: %s", ex)
	}
	ex = rk.Explain(3) // a, behind c on tertulis
	var behind *Reason
	for i := range ex.Reasons {
		if ex.Reasons[i].Code == CodeBehind {
			behind = &ex.Reasons[i]
		}
	}
	if behind == nil || behind.Other != "c" || behind.Field != "tertulis" || behind.Step != 1 {
		t.Errorf("a: %s", ex)
	}
	ex = rk.Explain(2) // b ahead of c by input order
	if r := findReason(ex, CodeAheadOf, StageOwn); r == nil || r.Field != FieldInputOrder || r.Other != "c" {
		t.Errorf("b: %s", ex)
	}
	if r := findReason(rk.Explain(5), CodeTotal, StageOwn); r == nil || len(r.Parts) != 3 || r.Parts[0].Value.Text != "75.5" {
		t.Errorf("d total: %+v", r)
	}
}

func TestOwnRankTieBreakAndExactness(t *testing.T) {
	s := OwnScheme{Name: "PPPK paruh waktu", Components: []Component{
		{Key: "a", Name: "A", Weight: 33}, {Key: "b", Name: "B", Weight: 33}, {Key: "c", Name: "C", Weight: 34},
	}, TieBreak: []string{"c", "a"}}
	// 33·70.001 + 33·80 + 34·90 = 33·80.001 + 33·70 + 34·90: equal exactly.
	cands := []Candidate{
		{ID: "x", Scores: scores("a", "70.001", "b", "80", "c", "90")},
		{ID: "y", Scores: scores("a", "80.001", "b", "70", "c", "90")},
		{ID: "z", Scores: scores("a", "80", "b", "70", "c", "90.001")}, // higher by 0.00001
	}
	rk, err := s.Rank(cands, 1)
	if err != nil {
		t.Fatal(err)
	}
	order := []string{"", "", ""}
	for i := range cands {
		order[rk.Result(i).Rank-1] = rk.Result(i).ID
	}
	// z is ahead by 0.00001 (not visible at 3 decimals); x and y tie
	// exactly, c is equal, then a decides: y.
	if strings.Join(order, ",") != "z,y,x" {
		t.Errorf("order %v", order)
	}
	if rk.Result(2).Total.Text != rk.Result(1).Total.Text {
		t.Errorf("texts %s %s", rk.Result(2).Total.Text, rk.Result(1).Total.Text)
	}
	if _, err := s.Rank([]Candidate{{ID: "q", Scores: scores("d", "1")}}, 1); err == nil ||
		err.Error() != `candidate 1, column d: "d" is not a component of PPPK paruh waktu` {
		t.Errorf("unknown component: %v", err)
	}
	if _, err := s.Rank([]Candidate{{ID: "q", Scores: map[string]Decimal{"a": 100001}}}, 1); err == nil ||
		err.Error() != `candidate 1, column a: 100.001 is out of range (0 to 100)` {
		t.Errorf("range: %v", err)
	}
	if _, err := s.Rank(nil, 0); err == nil {
		t.Error("quota 0 accepted")
	}
}

// A candidate who failed inside a component (an assessment dimension below
// its minimum) is TL whatever the total, with the reason naming what failed;
// a failure naming no component refuses the input.
func TestOwnRankFailedWithin(t *testing.T) {
	s := mustOwn(t, seedScheme)
	cands := []Candidate{
		{ID: "best", Scores: scores("tertulis", "100", "wawancara", "100", "psikotes", "100"),
			Fails: map[string]string{"wawancara": "integritas 2,5 < 3"}},
		{ID: "next", Scores: scores("tertulis", "70", "wawancara", "70", "psikotes", "70")},
	}
	rk, err := s.Rank(cands, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := rk.Result(0); r.Code != ResultTL || r.Rank != 0 {
		t.Errorf("best: %+v, want TL unranked", r)
	}
	if r := rk.Result(1); r.Code != ResultL || r.Rank != 1 {
		t.Errorf("next: %+v, want L 1", r)
	}
	r := findReason(rk.Explain(0), CodeFailedWithin, StageOwn)
	if r == nil || r.Field != "wawancara" || r.Other != "integritas 2,5 < 3" {
		t.Errorf("best: %s", rk.Explain(0))
	}
	cands[1].Fails = map[string]string{"nope": "x"}
	if _, err := s.Rank(cands, 1); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("unknown failed component: %v", err)
	}
}

// A candidate without a component's score but with a failure in it did
// not take it because an earlier phase was failed: TL without a total,
// the reason naming the phase; one also absent elsewhere without a failure
// stays TH.
func TestOwnRankFailedEarlier(t *testing.T) {
	s := mustOwn(t, seedScheme)
	cands := []Candidate{
		{ID: "gated", Scores: scores("tertulis", "40"), Fails: map[string]string{"tertulis": "nilai 40", "wawancara": "Tertulis",
			"psikotes": "Tertulis"}},
		{ID: "absent", Scores: scores("tertulis", "80"), Fails: map[string]string{"wawancara": "Tertulis"}},
		{ID: "next", Scores: scores("tertulis", "70", "wawancara", "70", "psikotes", "70")},
	}
	rk, err := s.Rank(cands, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := rk.Result(0); r.Code != ResultTL || r.HasTotal || r.Rank != 0 {
		t.Errorf("gated: %+v, want TL without a total", r)
	}
	ex := rk.Explain(0)
	if r := findReason(ex, CodeFailedEarlier, StageOwn); r == nil || r.Field != "wawancara" || r.Other != "Tertulis" ||
		ex.Has(CodeComponentAbsent) || !strings.Contains(ex.String(), "failed the earlier phase Tertulis") {
		t.Errorf("gated: %s", ex)
	}
	if r := rk.Result(1); r.Code != ResultTH {
		t.Errorf("absent from psikotes without a failure: %+v, want TH", r)
	}
	if r := rk.Result(2); r.Code != ResultL {
		t.Errorf("next: %+v", r)
	}
}
