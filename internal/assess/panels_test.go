package assess

import (
	"slices"
	"testing"

	"asnpro/internal/apperr"
)

// TestPanelInput: a panel's name and members, each refusal beside its
// field.
func TestPanelInput(t *testing.T) {
	t.Parallel()
	eligible := map[int64]string{1: "Ana", 2: "Budi", 3: "Citra", 4: "Dedi"}
	taken := map[int64]string{4: "Panel B"}
	names := map[string]bool{"panel b": true}
	cases := []struct {
		name    string
		title   string
		members []int64
		want    map[string]string
		out     []int64
	}{
		{"two signers", " Panel A ", []int64{2, 1}, nil, []int64{1, 2}},
		{"a member twice counts once", "Panel A", []int64{1, 1}, map[string]string{"members": "assesspanel.members_few"}, nil},
		{"one member", "Panel A", []int64{1}, map[string]string{"members": "assesspanel.members_few"}, nil},
		{"no name", "  ", []int64{1, 2}, map[string]string{"name": "assesspanel.name"}, nil},
		{"a name taken, case ignored", "PANEL B", []int64{1, 2}, map[string]string{"name": "assesspanel.name_taken"}, nil},
		{"a name too long", string(slices.Repeat([]rune("x"), maxPanelName+1)), []int64{1, 2},
			map[string]string{"name": "assesspanel.name"}, nil},
		{"not a signer", "Panel A", []int64{1, 2, 9}, map[string]string{"members": "assesspanel.members_eligible"}, nil},
		{"in another panel", "Panel A", []int64{1, 4}, map[string]string{"members": "assesspanel.members_taken"}, nil},
		{"no member, no name", "", nil, map[string]string{"name": "assesspanel.name", "members": "assesspanel.members_few"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.title
			out, err := panelInput(&name, tc.members, 2, names, eligible, taken)
			got := map[string]string{}
			if ae := apperr.As(err); ae != nil {
				for k, m := range ae.FieldMsgs {
					got[k] = m.Key
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("fields %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Fatalf("fields %v, want %v", got, tc.want)
				}
			}
			if tc.want == nil && (!slices.Equal(out, tc.out) || name != "Panel A") {
				t.Fatalf("members %v name %q", out, name)
			}
		})
	}
}

// TestChoosePanel: the panel with the fewest candidates, ties at random;
// never one with a conflicted member if another is possible; with a
// conflict in every panel, one that still has enough members.
func TestChoosePanel(t *testing.T) {
	t.Parallel()
	members := map[int64]map[int64]bool{10: {1: true, 2: true}, 20: {3: true, 4: true, 5: true}}
	none := map[int64]map[int64]bool{}
	seen := map[int64]bool{}
	for range 64 {
		id, err := choosePanel([]int64{10, 20}, members, map[int64]int{10: 1, 20: 1}, 7, 2, none)
		if err != nil {
			t.Fatal(err)
		}
		seen[id] = true
	}
	if !seen[10] || !seen[20] {
		t.Fatalf("a tie always went the same way: %v", seen)
	}
	if id, _ := choosePanel([]int64{10, 20}, members, map[int64]int{10: 2, 20: 1}, 7, 2, none); id != 20 {
		t.Fatalf("fewest: %d", id)
	}
	c := map[int64]map[int64]bool{3: {7: true}}
	if id, _ := choosePanel([]int64{10, 20}, members, map[int64]int{10: 5, 20: 0}, 7, 2, c); id != 10 {
		t.Fatalf("a conflicted member's panel chosen: %d", id)
	}
	c = map[int64]map[int64]bool{1: {7: true}, 3: {7: true}}
	if id, _ := choosePanel([]int64{10, 20}, members, map[int64]int{10: 0, 20: 5}, 7, 2, c); id != 20 {
		t.Fatalf("a panel without enough members left chosen: %d", id)
	}
	c = map[int64]map[int64]bool{1: {7: true}, 3: {7: true}, 4: {7: true}}
	if id, _ := choosePanel([]int64{10, 20}, members, map[int64]int{10: 0, 20: 5}, 7, 2, c); id != 10 {
		t.Fatalf("every panel short: the fewest, got %d", id)
	}
}

// TestAfterMsg: what an instrument may follow.
func TestAfterMsg(t *testing.T) {
	t.Parallel()
	// 1 ← 2 ← 3 in period 7; 4 in period 8.
	links := map[int64]phaseLink{1: {7, 0}, 2: {7, 1}, 3: {7, 2}, 4: {8, 0}}
	for _, tc := range []struct {
		name      string
		id, after int64
		cpns      bool
		want      string
		period    int64
	}{
		{"none", 2, 0, false, "", 7},
		{"a new one after the last", 0, 3, false, "", 7},
		{"a new one after the first", 0, 1, false, "", 7},
		{"itself", 2, 2, false, "assessphase.after_self", 7},
		{"a cycle", 1, 3, false, "assessphase.after_cycle", 7},
		{"a two-step cycle", 2, 3, false, "assessphase.after_cycle", 7},
		{"another period", 2, 4, false, "assessphase.after_period", 7},
		{"no such instrument", 0, 99, false, "assessphase.after_period", 7},
		{"a CPNS round", 0, 1, true, "assessphase.after_cpns", 7},
		{"a CPNS round without after", 0, 0, true, "", 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := afterMsg(tc.id, tc.after, tc.period, tc.cpns, links).Key; got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
