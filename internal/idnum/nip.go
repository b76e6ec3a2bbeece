package idnum

import (
	"fmt"
	"time"
)

// NIP is a parsed Nomor Induk Pegawai of a PNS. String re-encodes it.
type NIP struct {
	BirthDate time.Time // civil date at midnight UTC
	TMT       YearMonth // TMT CPNS
	Gender    Gender    // Male or Female
	Serial    int       // 1–999, issued by BKN
}

// String returns the 18-digit NIP the fields encode.
func (n NIP) String() string {
	return fmt.Sprintf("%s%03d", n.Prefix(), n.Serial)
}

// Prefix returns the first 15 digits: birth date, TMT CPNS and gender.
func (n NIP) Prefix() string {
	g := '1'
	if n.Gender == Female {
		g = '2'
	}
	return fmt.Sprintf("%s%04d%02d%c", n.BirthDate.Format("20060102"), n.TMT.Year, int(n.TMT.Month), g)
}

// ParseNIP parses an 18-digit NIP. Surrounding white space is ignored;
// nothing else but the digits is allowed.
//
// Errors (*Error, Number "NIP"): CodeDigits, CodeLength, CodeYear (birth year
// before 1900), CodeMonth, CodeDay, CodeDate, CodeTMTMonth, CodeTMT (TMT
// before 1900, or not after the birth month), CodeGender (digit 15 not 1 or
// 2), CodeSerial (000).
func ParseNIP(s string) (NIP, error) {
	s, err := digitsOnly("NIP", s, nipLen)
	if err != nil {
		return NIP{}, err
	}
	bad := func(code, got, want string) (NIP, error) {
		return NIP{}, &Error{Number: "NIP", Code: code, Got: got, Want: want}
	}
	year, month, day := num4(s[0:4]), num2(s[4:6]), num2(s[6:8])
	if year < 1900 {
		return bad(CodeYear, s[0:4], "")
	}
	if month < 1 || month > 12 {
		return bad(CodeMonth, s[4:6], "")
	}
	if day < 1 || day > 31 {
		return bad(CodeDay, s[6:8], "")
	}
	if day > daysIn(year, time.Month(month)) {
		return bad(CodeDate, isoDate(year, month, day), "")
	}
	tmt := YearMonth{Year: num4(s[8:12]), Month: time.Month(num2(s[12:14]))}
	if tmt.Month < 1 || tmt.Month > 12 {
		return bad(CodeTMTMonth, s[12:14], "")
	}
	if tmt.Year < 1900 {
		return bad(CodeTMT, tmt.String(), "")
	}
	birthMonth := YearMonth{Year: year, Month: time.Month(month)}
	if !birthMonth.before(tmt) {
		return bad(CodeTMT, tmt.String(), isoDate(year, month, day))
	}
	var g Gender
	switch s[14] {
	case '1':
		g = Male
	case '2':
		g = Female
	default:
		return bad(CodeGender, s[14:15], "")
	}
	serial := num3(s[15:18])
	if serial == 0 {
		return bad(CodeSerial, s[15:18], "")
	}
	return NIP{
		BirthDate: time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC),
		TMT:       tmt,
		Gender:    g,
		Serial:    serial,
	}, nil
}

// CheckNIP parses a NIP as ParseNIP does and checks it against the holder's
// declared gender (GenderUnknown: not checked) and birth date (zero time:
// not checked; its civil date in its own location is compared).
//
// Errors: those of ParseNIP, then CodeGender (gender not M/F/unknown),
// CodeGenderMismatch, CodeBirthDateMismatch.
func CheckNIP(s string, birthDate time.Time, gender Gender) (NIP, error) {
	n, err := ParseNIP(s)
	if err != nil {
		return NIP{}, err
	}
	switch gender {
	case GenderUnknown:
	case Male, Female:
		if gender != n.Gender {
			return NIP{}, &Error{Number: "NIP", Code: CodeGenderMismatch, Got: n.Gender.String(), Want: gender.String()}
		}
	default:
		return NIP{}, &Error{Number: "NIP", Code: CodeGender}
	}
	if !birthDate.IsZero() && !civil(birthDate).Equal(n.BirthDate) {
		return NIP{}, &Error{Number: "NIP", Code: CodeBirthDateMismatch,
			Got: n.BirthDate.Format(time.DateOnly), Want: civil(birthDate).Format(time.DateOnly)}
	}
	return n, nil
}

// NIPPrefix returns the 15 digits a new NIP for this person must start with:
// birth date (its civil date in its own location), TMT CPNS and gender (1
// male, 2 female). BKN issues the 3-digit serial that follows.
//
// Errors (*Error, Number "NIP"): CodeGender (gender not Male or Female),
// CodeYear (birth year before 1900 or after 9999), CodeTMTMonth, CodeTMT (TMT
// before 1900, after 9999, or not after the birth month).
func NIPPrefix(birth time.Time, tmt YearMonth, g Gender) (string, error) {
	if g != Male && g != Female {
		return "", &Error{Number: "NIP", Code: CodeGender}
	}
	b := civil(birth)
	if b.Year() < 1900 || b.Year() > 9999 {
		return "", &Error{Number: "NIP", Code: CodeYear, Got: fmt.Sprint(b.Year())}
	}
	if tmt.Month < 1 || tmt.Month > 12 {
		return "", &Error{Number: "NIP", Code: CodeTMTMonth, Got: fmt.Sprintf("%02d", int(tmt.Month))}
	}
	if tmt.Year < 1900 || tmt.Year > 9999 {
		return "", &Error{Number: "NIP", Code: CodeTMT, Got: tmt.String()}
	}
	if !(YearMonth{Year: b.Year(), Month: b.Month()}).before(tmt) {
		return "", &Error{Number: "NIP", Code: CodeTMT, Got: tmt.String(), Want: b.Format(time.DateOnly)}
	}
	return NIP{BirthDate: b, TMT: tmt, Gender: g}.Prefix(), nil
}

// CheckNIPAgainstNIK checks that a NIP and the NIK of the same person agree
// on birth date and gender (DESIGN §6).
//
// Errors (*Error, Number "NIP", Against "NIK"): CodeBirthDateMismatch,
// CodeGenderMismatch.
func CheckNIPAgainstNIK(nip NIP, nik NIK) error {
	if !civil(nip.BirthDate).Equal(civil(nik.BirthDate)) {
		return &Error{Number: "NIP", Code: CodeBirthDateMismatch, Against: "NIK",
			Got: civil(nip.BirthDate).Format(time.DateOnly), Want: civil(nik.BirthDate).Format(time.DateOnly)}
	}
	if nip.Gender != nik.Gender {
		return &Error{Number: "NIP", Code: CodeGenderMismatch, Against: "NIK",
			Got: nip.Gender.String(), Want: nik.Gender.String()}
	}
	return nil
}
