package idnum

import (
	"asnpro/internal/i18n"
	"fmt"
	"time"
)

// NIK is a parsed Nomor Induk Kependudukan. String re-encodes it.
type NIK struct {
	Province string // 2 digits, e.g. "62"
	Regency  string // 4 digits including the province, e.g. "6271"
	District string // 6 digits including the regency, e.g. "627101"
	// BirthDate is the civil date of birth at midnight UTC, its century
	// resolved as the package documentation describes.
	BirthDate time.Time
	Gender    Gender // Male or Female (women's day of birth is stored +40)
	Serial    int    // 1–9999
}

// String returns the 16-digit NIK the fields encode.
func (n NIK) String() string {
	y, m, d := n.BirthDate.Date()
	if n.Gender == Female {
		d += 40
	}
	return fmt.Sprintf("%s%02d%02d%02d%04d", n.District, d, int(m), y%100, n.Serial)
}

// ProvinceName returns the name of the NIK's province and whether it is known.
func (n NIK) ProvinceName() (string, bool) { return ProvinceName(n.Province) }

// RegencyName returns the name of the NIK's regency/city and whether it is
// known (only Kalimantan Tengah's are).
func (n NIK) RegencyName() (string, bool) { return RegencyName(n.Regency) }

// Region describes where the NIK was issued, e.g. "62 Kalimantan Tengah,
// 6271 Kota Palangka Raya". Codes without a name in asnpro's table are
// marked: in Indonesian "(tidak dikenal)" for an unknown province or an
// unknown Kalimantan Tengah regency, "(tidak ada di tabel)" for a regency of
// another province; in English (lang "en") "(unknown)" and "(not in the
// table)".
func (n NIK) Region(lang string) string {
	unknown, notListed := i18n.T(lang, "idnum.region_unknown"), i18n.T(lang, "idnum.region_not_listed")
	p, ok := ProvinceName(n.Province)
	if !ok {
		p = unknown
	}
	r, ok := RegencyName(n.Regency)
	if !ok {
		r = notListed
		if n.Province == KalimantanTengah {
			r = unknown
		}
	}
	return n.Province + " " + p + ", " + n.Regency + " " + r
}

// ParseNIK parses a NIK, resolving the century of its two-digit birth year
// against now (the most recent one that puts the date on or before now's
// civil date). Surrounding white space is ignored; nothing else but the 16
// digits is allowed.
//
// Errors (*Error, Number "NIK"): CodeDigits, CodeLength, CodeProvince,
// CodeRegency, CodeDistrict, CodeDay, CodeMonth, CodeDate (for example 30
// February, or 29 February of a common year), CodeSerial. (The century rule
// always finds a past date, so ParseNIK never returns CodeFuture.)
func ParseNIK(s string, now time.Time) (NIK, error) {
	n, f, err := parseNIKFields(s)
	if err != nil {
		return NIK{}, err
	}
	m := time.Month(f.month)
	year := now.Year() - mod100(now.Year()) + f.yy
	if dateAfter(year, m, f.day, now) {
		year -= 100
	}
	if f.day > daysIn(year, m) {
		return NIK{}, &Error{Number: "NIK", Code: CodeDate, Got: isoDate(year, f.month, f.day)}
	}
	if dateAfter(year, m, f.day, now) {
		return NIK{}, &Error{Number: "NIK", Code: CodeFuture, Got: isoDate(year, f.month, f.day)}
	}
	n.BirthDate = time.Date(year, m, f.day, 0, 0, 0, 0, time.UTC)
	return n, nil
}

// CheckNIK parses a NIK as ParseNIK does and checks it against what the
// holder declared: gender (GenderUnknown: not checked) and birth date (zero
// time: not checked). A given birth date decides the century; its civil date
// (in its own location) must have the NIK's day, month and two-digit year,
// and must not be after now. On success the returned NIK carries the given
// birth date.
//
// Errors: those of ParseNIK, then CodeGender (gender not M/F/unknown),
// CodeGenderMismatch, CodeBirthDateMismatch, CodeFuture.
func CheckNIK(s string, birthDate time.Time, gender Gender, now time.Time) (NIK, error) {
	n, err := ParseNIK(s, now)
	if err != nil {
		return NIK{}, err
	}
	switch gender {
	case GenderUnknown:
	case Male, Female:
		if gender != n.Gender {
			return NIK{}, &Error{Number: "NIK", Code: CodeGenderMismatch, Got: n.Gender.String(), Want: gender.String()}
		}
	default:
		return NIK{}, &Error{Number: "NIK", Code: CodeGender}
	}
	if birthDate.IsZero() {
		return n, nil
	}
	by, bm, bd := birthDate.Date()
	_, nm, nd := n.BirthDate.Date()
	if bm != nm || bd != nd || mod100(by) != mod100(n.BirthDate.Year()) {
		return NIK{}, &Error{Number: "NIK", Code: CodeBirthDateMismatch,
			Got: n.BirthDate.Format(time.DateOnly), Want: isoDate(by, int(bm), bd)}
	}
	if dateAfter(by, bm, bd, now) {
		return NIK{}, &Error{Number: "NIK", Code: CodeFuture, Got: isoDate(by, int(bm), bd)}
	}
	n.BirthDate = civil(birthDate)
	return n, nil
}

func mod100(y int) int {
	r := y % 100
	if r < 0 {
		r += 100
	}
	return r
}

// nikDate is the birth date as the NIK writes it: day (women's already
// reduced by 40), month and two-digit year, not yet checked against the
// calendar.
type nikDate struct{ day, month, yy int }

// parseNIKFields checks everything that does not depend on the century. The
// returned NIK has no BirthDate yet.
func parseNIKFields(s string) (NIK, nikDate, error) {
	s, err := digitsOnly("NIK", s, nikLen)
	if err != nil {
		return NIK{}, nikDate{}, err
	}
	bad := func(code, got string) (NIK, nikDate, error) {
		return NIK{}, nikDate{}, &Error{Number: "NIK", Code: code, Got: got}
	}
	if p := num2(s[0:2]); p < 11 || p > 96 {
		return bad(CodeProvince, s[0:2])
	}
	if s[2:4] == "00" {
		return bad(CodeRegency, s[2:4])
	}
	if s[4:6] == "00" {
		return bad(CodeDistrict, s[4:6])
	}
	day, g := num2(s[6:8]), Male
	if day > 40 {
		day, g = day-40, Female
	}
	if day < 1 || day > 31 {
		return bad(CodeDay, s[6:8])
	}
	month := num2(s[8:10])
	if month < 1 || month > 12 {
		return bad(CodeMonth, s[8:10])
	}
	serial := num4(s[12:16])
	if serial == 0 {
		return bad(CodeSerial, s[12:16])
	}
	n := NIK{Province: s[0:2], Regency: s[0:4], District: s[0:6], Gender: g, Serial: serial}
	return n, nikDate{day: day, month: month, yy: num2(s[10:12])}, nil
}
