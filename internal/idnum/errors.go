package idnum

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
)

// Error codes. They are stable: callers, translations and API clients may
// depend on them.
const (
	CodeLength            = "length"              // wrong number of digits (or empty)
	CodeDigits            = "digits"              // a character other than 0–9 (separators included)
	CodeProvince          = "province"            // NIK province code outside 11–96
	CodeRegency           = "regency"             // NIK regency/city code 00
	CodeDistrict          = "district"            // NIK district code 00
	CodeDay               = "day"                 // day of birth not 01–31 (NIK: or 41–71)
	CodeMonth             = "month"               // month of birth not 01–12
	CodeYear              = "year"                // NIP birth year before 1900
	CodeDate              = "date"                // day and month valid, but not in that month (30 Feb, 29 Feb of a common year)
	CodeFuture            = "future"              // birth date after now
	CodeSerial            = "serial"              // serial all zeros
	CodeGender            = "gender"              // NIP gender digit not 1 or 2; or an unknown gender argument
	CodeTMTMonth          = "tmt_month"           // NIP TMT month not 01–12
	CodeTMT               = "tmt"                 // NIP TMT before 1900 or not after the birth month
	CodeGenderMismatch    = "gender_mismatch"     // gender differs from the one given (or from the NIK)
	CodeBirthDateMismatch = "birth_date_mismatch" // birth date differs from the one given (or from the NIK)
)

// Error is why a NIK or NIP was rejected. Number says which ("NIK" or
// "NIP"); Code is one of the Code constants; the other fields carry what
// the message needs. Msg() is the message by catalogue key; Error() is
// its Indonesian words, Message("en") the English ones.
type Error struct {
	Number string // "NIK" or "NIP"
	Code   string

	Digits int  // CodeLength: digits (characters) found after trimming
	Pos    int  // CodeDigits: 1-based position of the first offending character
	Char   rune // CodeDigits: that character (utf8.RuneError for invalid UTF-8)

	// Got is what the number holds: the offending two digits for day/month
	// codes, a date "YYYY-MM-DD" for date/future/birth_date_mismatch (the
	// date may not exist for CodeDate), "M"/"F" for gender_mismatch, a
	// year-month "YYYY-MM" for CodeTMT.
	Got string
	// Want is what it was compared with: the given birth date or gender for
	// the mismatch codes, the birth date for CodeTMT.
	Want string
	// Against is "" when Want was given by the caller, or "NIK" when a NIP
	// was compared with a NIK.
	Against string
}

// Error returns the Indonesian message.
func (e *Error) Error() string { return e.Message("id") }

// Is reports whether target is an *Error with the same Code (and the same
// Number, when target names one), so errors.Is(err, &idnum.Error{Code:
// idnum.CodeDay}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Number == "" || t.Number == e.Number)
}

// CodeOf returns the Code of the *Error in err's chain, or "".
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Message returns the message in lang: "en" for English, anything else for
// Indonesian.
func (e *Error) Message(lang string) string {
	m := e.Msg()
	return i18n.T(lang, m.Key, m.Args...)
}

// Msg returns the message by its catalogue key (internal/i18n/idnum.go)
// with the values of its placeholders.
func (e *Error) Msg() apperr.Msg {
	n := e.Number
	switch e.Code {
	case CodeLength:
		if e.Digits == 0 {
			return apperr.M("idnum.empty", "n", n, "want", wantLen(n))
		}
		return apperr.M("idnum.length", "n", n, "want", wantLen(n), "digits", e.Digits)
	case CodeDigits:
		return e.digitsMsg()
	case CodeProvince:
		return apperr.M("idnum.province", "got", e.Got)
	case CodeRegency:
		return apperr.M("idnum.regency")
	case CodeDistrict:
		return apperr.M("idnum.district")
	case CodeDay:
		if n == "NIK" {
			return apperr.M("idnum.day_nik", "got", e.Got)
		}
		return apperr.M("idnum.day_nip", "got", e.Got)
	case CodeMonth:
		if n == "NIP" {
			return apperr.M("idnum.month_nip", "got", e.Got)
		}
		return apperr.M("idnum.month_nik", "got", e.Got)
	case CodeYear:
		return apperr.M("idnum.year", "got", e.Got)
	case CodeDate:
		if y, m, day, ok := splitISO(e.Got); ok && m == 2 && day == 29 {
			return apperr.M("idnum.date_leap", "n", n, "date", dateArg(e.Got), "year", y)
		}
		return apperr.M("idnum.date", "n", n, "date", dateArg(e.Got))
	case CodeFuture:
		return apperr.M("idnum.future", "date", dateArg(e.Got))
	case CodeSerial:
		if n == "NIP" {
			return apperr.M("idnum.serial_nip")
		}
		return apperr.M("idnum.serial_nik")
	case CodeGender:
		if n == "NIP" && e.Got != "" {
			return apperr.M("idnum.gender_nip", "got", e.Got)
		}
		return apperr.M("idnum.gender")
	case CodeTMTMonth:
		return apperr.M("idnum.tmt_month", "got", e.Got)
	case CodeTMT:
		if e.Want == "" {
			return apperr.M("idnum.tmt_1900", "tmt", monthArg(e.Got))
		}
		return apperr.M("idnum.tmt_birth", "tmt", monthArg(e.Got), "birth", dateArg(e.Want))
	case CodeGenderMismatch:
		return e.genderMismatchMsg()
	case CodeBirthDateMismatch:
		if e.Against != "" {
			return apperr.M("idnum.birth_date_against", "n", n, "got", dateArg(e.Got), "against", e.Against, "want", dateArg(e.Want))
		}
		return apperr.M("idnum.birth_date_given", "n", n, "got", dateArg(e.Got), "want", dateArg(e.Want))
	}
	return apperr.M("idnum.invalid", "n", n, "code", e.Code)
}

// digitsMsg: a separator is named (write the number without it), any
// other character quoted.
func (e *Error) digitsMsg() apperr.Msg {
	if name, ok := separatorName(e.Char); ok {
		return apperr.M("idnum.separator", "n", e.Number, "name", name, "pos", e.Pos)
	}
	var ch any = strconv.QuoteRune(e.Char)
	if e.Char == utf8.RuneError {
		ch = i18n.Key("idnum.invalid_char")
	}
	return apperr.M("idnum.digits", "n", e.Number, "char", ch, "pos", e.Pos)
}

// genderMismatchMsg: the gender in the number against another number's,
// or against the one given (a woman's NIK day is 40 higher, said as a hint).
func (e *Error) genderMismatchMsg() apperr.Msg {
	n := e.Number
	if e.Against != "" {
		return apperr.M("idnum.gender_against", "n", n, "got", genderArg(e.Got), "against", e.Against, "want", genderArg(e.Want))
	}
	key := "idnum.gender_given"
	if n == "NIK" && e.Got == string(Female) {
		key = "idnum.gender_given_nik_female"
	}
	return apperr.M(key, "n", n, "owner", ownerArg(e.Got), "want", genderArg(e.Want))
}

func wantLen(number string) int {
	if number == "NIP" {
		return nipLen
	}
	return nikLen
}

// separatorName names characters people use to group digits.
func separatorName(r rune) (any, bool) {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f', '\u2009':
		return i18n.Key("idnum.sep_space"), true
	case '.', '-', '/', ',', '_', '\u2013', '\u2014':
		return i18n.P("idnum.sep_mark", "mark", fmt.Sprintf("%q", r)), true
	}
	return "", false
}

// splitISO splits "YYYY-MM-DD" without checking that the date exists.
func splitISO(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	return y, m, d, err1 == nil && err2 == nil && err3 == nil
}

// dateArg renders "1990-02-30" as "30 Februari 1990" (or "30 February
// 1990"); a text that is not such a date stays as it is.
func dateArg(iso string) any {
	y, m, d, ok := splitISO(iso)
	if !ok || m < 1 || m > 12 {
		return iso
	}
	return i18n.P("idnum.day_month_year", "d", d, "month", i18n.Key(monthKey(m)), "y", y)
}

// monthArg renders "2015-03" as "Maret 2015" (or "March 2015").
func monthArg(ym string) any {
	if len(ym) != 7 || ym[4] != '-' {
		return ym
	}
	y, err1 := strconv.Atoi(ym[:4])
	m, err2 := strconv.Atoi(ym[5:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return ym
	}
	return i18n.P("idnum.month_year", "month", i18n.Key(monthKey(m)), "y", y)
}

func monthKey(m int) string { return "idnum.month." + strconv.Itoa(m) }

// genderArg is "laki-laki"/"male" or "perempuan"/"female"; an unknown
// gender stays as given.
func genderArg(g string) any {
	switch Gender(firstByte(g)) {
	case Male:
		return i18n.Key("idnum.male")
	case Female:
		return i18n.Key("idnum.female")
	}
	return g
}

// ownerArg is whose number it is: "laki-laki"/"man" or "perempuan"/"woman".
func ownerArg(g string) any {
	switch Gender(firstByte(g)) {
	case Male:
		return i18n.Key("idnum.man")
	case Female:
		return i18n.Key("idnum.woman")
	}
	return g
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}
