package workforce

import (
	"testing"
	"time"
)

var ruleNow = time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)

// validPNS is a man born 15 May 1990, CPNS from March 2015.
func validPNS() NewEmployee {
	return NewEmployee{Kind: KindPNS, NIK: "6271011505900001", NIP: "199005152015031001", Name: "Ahmad Saputra",
		BirthDate: "1990-05-15", Gender: "L", Grade: "III/b", Status: StatusActive, TMT: "2015-03-01"}
}

func TestCheckEmployee(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(n *NewEmployee)
		field string // "" when valid
		key   string
	}{
		{"valid PNS", func(*NewEmployee) {}, "", ""},
		{"valid PPPK", func(n *NewEmployee) { n.Kind, n.NIPPPK, n.NIP, n.Grade = KindPPPK, n.NIP, "", "IX" }, "", ""},
		{"NIP birth date disagrees with the NIK", func(n *NewEmployee) { n.NIP = "199005162015031001" }, "nip", "idnum.birth_date_against"},
		{"NIP gender disagrees with the NIK", func(n *NewEmployee) { n.NIP = "199005152015032001" }, "nip", "idnum.gender_against"},
		{"NIP month 13", func(n *NewEmployee) { n.NIP = "199013152015031001" }, "nip", "idnum.month_nip"},
		{"NIP gender digit 3", func(n *NewEmployee) { n.NIP = "199005152015033001" }, "nip", "idnum.gender_nip"},
		{"NIP missing", func(n *NewEmployee) { n.NIP = "" }, "nip", "workforce.number_required"},
		{"NIK disagrees with the birth date", func(n *NewEmployee) { n.BirthDate = "1990-05-16" }, "nik", "idnum.birth_date_given"},
		{"NIK of a woman for a man", func(n *NewEmployee) { n.Gender = "P" }, "nik", "idnum.gender_given"},
		{"PPPK with a NIP", func(n *NewEmployee) { n.Kind, n.NIPPPK, n.Grade = KindPPPK, n.NIP, "V" }, "nip", "workforce.nip_not_for_pppk"},
		{"PNS grade III/e", func(n *NewEmployee) { n.Grade = "III/e" }, "grade", "workforce.grade_pns"},
		{"PNS grade V/a", func(n *NewEmployee) { n.Grade = "V/a" }, "grade", "workforce.grade_pns"},
		{"PPPK grade XVIII", func(n *NewEmployee) { n.Kind, n.NIPPPK, n.NIP, n.Grade = KindPPPK, n.NIP, "", "XVIII" }, "grade",
			"workforce.grade_pppk"},
		{"PPPK CPNS", func(n *NewEmployee) {
			n.Kind, n.NIPPPK, n.NIP, n.Grade, n.Status = KindPPPK, n.NIP, "", "I", StatusCPNS
		},
			"status", "workforce.status_cpns_pppk"},
		{"unknown status", func(n *NewEmployee) { n.Status = "pensiun" }, "status", "workforce.status"},
		{"TMT disagrees with the NIP", func(n *NewEmployee) { n.TMT = "2016-03-01" }, "tmt", "workforce.tmt_number"},
		{"birth date in the future", func(n *NewEmployee) { n.BirthDate = "2030-01-01" }, "birth_date", "workforce.birth_date"},
		{"no kind", func(n *NewEmployee) { n.Kind = "honorer" }, "kind", "workforce.kind"},
		{"blank name", func(n *NewEmployee) { n.Name = "  " }, "name", "workforce.name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := validPNS()
			tc.edit(&n)
			_, f := check(&n, ruleNow)
			if tc.field == "" {
				if len(f) > 0 {
					t.Fatalf("refused: %v", f)
				}
				return
			}
			if f[tc.field].Key != tc.key {
				t.Fatalf("field %s: %q, want %q (all: %v)", tc.field, f[tc.field].Key, tc.key, f)
			}
		})
	}
}

func TestNIPAgainstNIKNamesBoth(t *testing.T) {
	t.Parallel()
	n := validPNS()
	n.NIP = "199005162015031001"
	_, f := check(&n, ruleNow)
	m := f["nip"]
	args := map[any]any{}
	for i := 0; i+1 < len(m.Args); i += 2 {
		args[m.Args[i]] = m.Args[i+1]
	}
	if args["n"] != "NIP" || args["against"] != "NIK" {
		t.Fatalf("message %s %v does not name the NIP and the NIK", m.Key, m.Args)
	}
}

func TestNormalGrade(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind, in, want string
		ok             bool
	}{
		{KindPNS, "III/a", "III/a", true}, {KindPNS, "iii / B", "III/b", true}, {KindPNS, "IV/e", "IV/e", true},
		{KindPNS, "II/e", "", false}, {KindPNS, "III", "", false}, {KindPNS, "IX", "", false}, {KindPNS, "I/a", "I/a", true},
		{KindPPPK, "xvii", "XVII", true}, {KindPPPK, "9", "IX", true}, {KindPPPK, "XVIII", "", false}, {KindPPPK, "III/a", "", false},
		{KindPPPK, "0", "", false}, {"x", "I", "", false},
	}
	for _, tc := range cases {
		got, ok := NormalGrade(tc.kind, tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalGrade(%s, %q) = %q, %v; want %q, %v", tc.kind, tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestLoops(t *testing.T) {
	t.Parallel()
	// 1 ← 2 ← 3 (3's superior is 2, 2's is 1); 4 alone; 5 ↔ 6 already loop.
	parent := map[int64]int64{1: 0, 2: 1, 3: 2, 4: 0, 5: 6, 6: 5}
	cases := []struct {
		down, up int64
		want     bool
	}{
		{1, 3, true}, {1, 2, true}, {2, 3, true}, {3, 3, true}, {3, 1, false}, {4, 3, false}, {1, 4, false}, {4, 5, false}, {5, 6, true},
	}
	for _, tc := range cases {
		if got := Loops(parent, tc.down, tc.up); got != tc.want {
			t.Errorf("Loops(%d under %d) = %v, want %v", tc.down, tc.up, got, tc.want)
		}
	}
}

func TestSamplePeopleAreValid(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i, n := range SamplePeople(3000) {
		n.UnitID = 1
		if _, f := check(&n, ruleNow); len(f) > 0 {
			t.Fatalf("sample %d %+v: %v", i, n, f)
		}
		for _, k := range []string{n.NIK, n.NIP + n.NIPPPK} {
			if seen[k] {
				t.Fatalf("sample %d: %s twice", i, k)
			}
			seen[k] = true
		}
	}
}
