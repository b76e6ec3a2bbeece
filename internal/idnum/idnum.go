package idnum

import (
	"asnpro/internal/i18n"
	"fmt"
	"strings"
	"time"
)

// Gender is the gender recorded in a NIK or NIP.
type Gender byte

// The genders. GenderUnknown (the zero value) means "not given" in the
// Check functions.
const (
	GenderUnknown Gender = 0
	Male          Gender = 'M'
	Female        Gender = 'F'
)

// String returns "M", "F", or "" for GenderUnknown.
func (g Gender) String() string {
	switch g {
	case Male:
		return "M"
	case Female:
		return "F"
	}
	return ""
}

// Name returns the gender in words: "laki-laki"/"perempuan" or, for lang
// "en", "male"/"female"; "" for GenderUnknown.
func (g Gender) Name(lang string) string {
	if g != Male && g != Female {
		return ""
	}
	return i18n.T(lang, string(genderArg(g.String()).(i18n.Key)))
}

// ParseGender reads a gender as people type it: "M", "L", "laki-laki",
// "male", "pria" for men; "F", "P", "W", "perempuan", "female", "wanita" for
// women (any case, surrounding space ignored). The empty string is
// GenderUnknown. Anything else is an *Error with CodeGender.
func ParseGender(s string) (Gender, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return GenderUnknown, nil
	case "m", "l", "male", "laki-laki", "lakilaki", "laki", "pria", "1":
		return Male, nil
	case "f", "p", "w", "female", "perempuan", "wanita", "2":
		return Female, nil
	}
	return GenderUnknown, &Error{Number: "", Code: CodeGender}
}

// YearMonth is a calendar month, such as the TMT CPNS in a NIP.
type YearMonth struct {
	Year  int
	Month time.Month
}

// String returns "YYYY-MM".
func (ym YearMonth) String() string { return fmt.Sprintf("%04d-%02d", ym.Year, int(ym.Month)) }

// before reports whether ym is earlier than o.
func (ym YearMonth) before(o YearMonth) bool {
	return ym.Year < o.Year || ym.Year == o.Year && ym.Month < o.Month
}

const (
	nikLen = 16
	nipLen = 18
)

// digitsOnly trims surrounding white space from s and checks that what is
// left is exactly want ASCII digits. It reports the first non-digit before a
// wrong length.
func digitsOnly(number, s string, want int) (string, error) {
	s = strings.TrimSpace(s)
	n := 0
	for _, r := range s { // invalid UTF-8 arrives as utf8.RuneError
		n++
		if r < '0' || r > '9' {
			return "", &Error{Number: number, Code: CodeDigits, Pos: n, Char: r}
		}
	}
	if n != want {
		return "", &Error{Number: number, Code: CodeLength, Digits: n}
	}
	return s, nil
}

// num2 and num4 read fixed-width decimal fields already known to be digits.
func num2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

func num3(s string) int { return int(s[0]-'0')*100 + num2(s[1:]) }

func num4(s string) int { return num2(s)*100 + num2(s[2:]) }

// daysIn returns the number of days of month m in year y (proleptic Gregorian).
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func isoDate(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// civil returns the calendar date of t in t's own location as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dateAfter reports whether (y, m, d) is later than the civil date of now.
func dateAfter(y int, m time.Month, d int, now time.Time) bool {
	ny, nm, nd := now.Date()
	switch {
	case y != ny:
		return y > ny
	case m != nm:
		return m > nm
	}
	return d > nd
}
