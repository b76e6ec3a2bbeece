package idnum

import (
	"errors"
	"strings"
	"testing"
)

var knownCodes = map[string]bool{
	CodeLength: true, CodeDigits: true, CodeProvince: true, CodeRegency: true, CodeDistrict: true,
	CodeDay: true, CodeMonth: true, CodeYear: true, CodeDate: true, CodeFuture: true, CodeSerial: true,
	CodeGender: true, CodeTMTMonth: true, CodeTMT: true, CodeGenderMismatch: true, CodeBirthDateMismatch: true,
}

// checkErr: every rejection is an *Error with a known code and real messages.
func checkErr(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !knownCodes[e.Code] {
		t.Fatalf("unexpected error %#v", err)
	}
	if e.Message("id") == "" || e.Message("en") == "" {
		t.Fatalf("empty message for %s", e.Code)
	}
}

func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{"6271011205900001", "6271015205900002", "6271012902000001", "6271013002900001",
		"627101120590001", "62710112059000011", " 6271011205900001 ", "6271 011205900001", "0071011205900001",
		"6271017205900001", "6271011213900001", "6271011205900000", "6271012911260001", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIK(s, testNow)
		if err != nil {
			checkErr(t, err)
			return
		}
		// Round trip: re-encoding the fields gives the same number.
		if got, want := n.String(), strings.TrimSpace(s); got != want {
			t.Fatalf("String() = %q, want %q", got, want)
		}
		if again, err := ParseNIK(n.String(), testNow); err != nil || again != n {
			t.Fatalf("reparse = %+v, %v; want %+v", again, err, n)
		}
		if n.BirthDate.After(testNow) {
			t.Fatalf("birth date %v after now", n.BirthDate)
		}
		// The NIK agrees with its own birth date and gender.
		if again, err := CheckNIK(s, n.BirthDate, n.Gender, testNow); err != nil || again != n {
			t.Fatalf("CheckNIK with own facts = %+v, %v", again, err)
		}
		_ = n.Region("id")
	})
}

func FuzzParseNIP(f *testing.F) {
	for _, s := range []string{"199005122015031001", "199005122015032999", "200002292024121002", "199002302015031001",
		"19900512201503100", "19900512 201503 1 001", "199005121989031001", "199005122015033001", "199005122015031000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIP(s)
		if err != nil {
			checkErr(t, err)
			return
		}
		if got, want := n.String(), strings.TrimSpace(s); got != want {
			t.Fatalf("String() = %q, want %q", got, want)
		}
		if again, err := ParseNIP(n.String()); err != nil || again != n {
			t.Fatalf("reparse = %+v, %v; want %+v", again, err, n)
		}
		p, err := NIPPrefix(n.BirthDate, n.TMT, n.Gender)
		if err != nil || p != n.Prefix() || !strings.HasPrefix(n.String(), p) {
			t.Fatalf("NIPPrefix = %q, %v; want %q", p, err, n.Prefix())
		}
		if again, err := CheckNIP(s, n.BirthDate, n.Gender); err != nil || again != n {
			t.Fatalf("CheckNIP with own facts = %+v, %v", again, err)
		}
	})
}
