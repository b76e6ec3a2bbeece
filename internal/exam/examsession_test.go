package exam

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
)

func TestNewSessionValidate(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 13, 1, 0, 0, 0, time.UTC)
	ok := NewSession{PeriodID: 1, Stage: StageSKD, Name: " SKD sesi 1 ", BankID: 1, BlueprintID: 1, Capacity: 100, OpensAt: at,
		ClosesAt: at.Add(8 * time.Hour)}
	cases := []struct {
		name   string
		edit   func(*NewSession)
		fields []string
	}{
		{"valid", func(*NewSession) {}, nil},
		{"no name", func(n *NewSession) { n.Name = "  " }, []string{"name"}},
		{"name too long", func(n *NewSession) { n.Name = strings.Repeat("x", 201) }, []string{"name"}},
		{"control character", func(n *NewSession) { n.Name = "SKD\u0007" }, []string{"name"}},
		{"stage", func(n *NewSession) { n.Stage = "ukom" }, []string{"stage"}},
		{"stage in capitals", func(n *NewSession) { n.Stage = "SKD" }, []string{"stage"}},
		{"capacity 0", func(n *NewSession) { n.Capacity = 0 }, []string{"capacity"}},
		{"capacity too big", func(n *NewSession) { n.Capacity = maxSessionCapacity + 1 }, []string{"capacity"}},
		{"no opening", func(n *NewSession) { n.OpensAt = time.Time{} }, []string{"opens_at"}},
		{"no closing", func(n *NewSession) { n.ClosesAt = time.Time{} }, []string{"closes_at"}},
		{"closes at the opening", func(n *NewSession) { n.ClosesAt = n.OpensAt }, []string{"closes_at"}},
		{"closes before", func(n *NewSession) { n.ClosesAt = n.OpensAt.Add(-time.Minute) }, []string{"closes_at"}},
		{"longer than a month", func(n *NewSession) { n.ClosesAt = n.OpensAt.Add(32 * 24 * time.Hour) }, []string{"closes_at"}},
		{"everything", func(n *NewSession) { n.Name, n.Stage, n.Capacity = "", "", -1 }, []string{"capacity", "name", "stage"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := ok
			tc.edit(&n)
			f := n.validate()
			var got []string
			for k := range f {
				got = append(got, k)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v", got, tc.fields)
			}
			if tc.fields == nil && n.Name != "SKD sesi 1" {
				t.Fatalf("name not cleaned: %q", n.Name)
			}
		})
	}
}

func TestSessionOpen(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 13, 1, 0, 0, 0, time.UTC)
	s := Session{OpensAt: at, ClosesAt: at.Add(time.Hour)}
	for _, tc := range []struct {
		at   time.Time
		open bool
	}{
		{at.Add(-time.Nanosecond), false}, {at, true}, {at.Add(59 * time.Minute), true}, {at.Add(time.Hour), false},
	} {
		if s.Open(tc.at) != tc.open {
			t.Errorf("Open(%v) = %v", tc.at, !tc.open)
		}
	}
}

func TestValidExtraTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		minutes int
		reason  string
		fields  []string
	}{
		{0, "", nil},
		{30, "Peserta tunanetra", nil},
		{MaxExtraMinutes, "x", nil},
		{0, "dicabut", nil},
		{-1, "x", []string{"minutes"}},
		{MaxExtraMinutes + 1, "x", []string{"minutes"}},
		{30, "", []string{"reason"}},
		{30, "   ", []string{"reason"}},
		{30, strings.Repeat("x", 501), []string{"reason"}},
		{30, "tuna\u202enetra", []string{"reason"}},
		{-5, "", []string{"minutes"}},
	}
	for _, tc := range cases {
		r := tc.reason
		err := validExtraTime(tc.minutes, &r)
		var got []string
		if ae := asAppErr(err); ae != nil {
			for k := range ae.FieldMsgs {
				got = append(got, k)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.fields) {
			t.Errorf("validExtraTime(%d, %q): fields %v, want %v", tc.minutes, tc.reason, got, tc.fields)
		}
	}
}

// asAppErr is err as an *apperr.Error (nil: none).
func asAppErr(err error) *apperr.Error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae
	}
	return nil
}
