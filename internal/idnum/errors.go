package idnum

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
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
// the message needs. Error() is the Indonesian message; Message("en") the
// English one.
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
	p := picker(lang == "en")
	for _, m := range [...]func(picker) (string, bool){e.formatMessage, e.partMessage, e.dateMessage, e.genderMessage} {
		if msg, ok := m(p); ok {
			return msg
		}
	}
	n := e.Number
	return p.pick(fmt.Sprintf("%s tidak sah (%s)", n, e.Code), fmt.Sprintf("invalid %s (%s)", n, e.Code))
}

// picker chooses between the Indonesian and the English message: true
// for English.
type picker bool

func (p picker) pick(id, eng string) string {
	if p {
		return eng
	}
	return id
}

// formatMessage returns the message about the length and the characters
// of the number, or false for another code.
func (e *Error) formatMessage(p picker) (string, bool) {
	en, n := bool(p), e.Number
	switch e.Code {
	case CodeLength:
		want := wantLen(n)
		if e.Digits == 0 {
			return p.pick(fmt.Sprintf("%s belum diisi; %s harus %d digit angka", n, n, want),
				fmt.Sprintf("%s is empty; a %s has %d digits", n, n, want)), true
		}
		return p.pick(fmt.Sprintf("%s harus %d digit angka; yang diisi %d digit", n, want, e.Digits),
			fmt.Sprintf("a %s must have %d digits; %d were given", n, want, e.Digits)), true
	case CodeDigits:
		if name, ok := separatorName(e.Char, en); ok {
			return p.pick(fmt.Sprintf("%s ditulis tanpa spasi, titik, atau tanda baca lain; ada %s pada posisi ke-%d", n, name, e.Pos),
				fmt.Sprintf("write the %s without spaces, dots or other punctuation; found %s at position %d", n, name, e.Pos)), true
		}
		ch := strconv.QuoteRune(e.Char)
		if e.Char == utf8.RuneError {
			ch = p.pick("karakter yang tidak sah", "an invalid character")
		}
		return p.pick(fmt.Sprintf("%s hanya boleh berisi angka 0–9; ada %s pada posisi ke-%d", n, ch, e.Pos),
			fmt.Sprintf("a %s may contain only the digits 0–9; found %s at position %d", n, ch, e.Pos)), true
	}
	return "", false
}

// partMessage returns the message about a part of the number (province,
// regency, district, day, month, year, serial), or false for another code.
func (e *Error) partMessage(p picker) (string, bool) {
	n := e.Number
	switch e.Code {
	case CodeProvince:
		return p.pick(fmt.Sprintf("kode provinsi pada NIK (2 digit pertama) harus 11–96; yang diisi %s", e.Got),
			fmt.Sprintf("the province code in the NIK (first 2 digits) must be 11–96; got %s", e.Got)), true
	case CodeRegency:
		return p.pick("kode kabupaten/kota pada NIK (digit ke-3 dan ke-4) tidak boleh 00",
			"the regency/city code in the NIK (digits 3–4) must not be 00"), true
	case CodeDistrict:
		return p.pick("kode kecamatan pada NIK (digit ke-5 dan ke-6) tidak boleh 00",
			"the district code in the NIK (digits 5–6) must not be 00"), true
	case CodeDay:
		if n == "NIK" {
			return p.pick(
				fmt.Sprintf(
					"tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01–31 untuk laki-laki atau 41–71 untuk perempuan; yang diisi %s",
					e.Got,
				),
				fmt.Sprintf("the day of birth in the NIK (digits 7–8) must be 01–31 for a man or 41–71 for a woman; got %s", e.Got),
			), true
		}
		return p.pick(fmt.Sprintf("tanggal lahir pada NIP (digit ke-7 dan ke-8) harus 01–31; yang diisi %s", e.Got),
			fmt.Sprintf("the day of birth in the NIP (digits 7–8) must be 01–31; got %s", e.Got)), true
	case CodeMonth:
		where := p.pick("digit ke-9 dan ke-10", "digits 9–10")
		if n == "NIP" {
			where = p.pick("digit ke-5 dan ke-6", "digits 5–6")
		}
		return p.pick(fmt.Sprintf("bulan lahir pada %s (%s) harus 01–12; yang diisi %s", n, where, e.Got),
			fmt.Sprintf("the month of birth in the %s (%s) must be 01–12; got %s", n, where, e.Got)), true
	case CodeYear:
		return p.pick(fmt.Sprintf("tahun lahir pada NIP (4 digit pertama) tidak mungkin sebelum 1900; yang diisi %s", e.Got),
			fmt.Sprintf("the year of birth in the NIP (first 4 digits) cannot be before 1900; got %s", e.Got)), true
	case CodeSerial:
		if n == "NIP" {
			return p.pick("nomor urut pada NIP (3 digit terakhir) tidak boleh 000",
				"the serial in the NIP (last 3 digits) must not be 000"), true
		}
		return p.pick("nomor urut pada NIK (4 digit terakhir) tidak boleh 0000",
			"the serial in the NIK (last 4 digits) must not be 0000"), true
	}
	return "", false
}

// dateMessage returns the message about a date in the number (birth
// date, TMT CPNS), or false for another code.
func (e *Error) dateMessage(p picker) (string, bool) {
	en, n := bool(p), e.Number
	switch e.Code {
	case CodeDate:
		d := dateText(e.Got, en)
		if y, m, day, ok := splitISO(e.Got); ok && m == 2 && day == 29 {
			return p.pick(fmt.Sprintf("tanggal lahir pada %s, %s, tidak ada: %d bukan tahun kabisat", n, d, y),
				fmt.Sprintf("the birth date in the %s, %s, does not exist: %d is not a leap year", n, d, y)), true
		}
		return p.pick(fmt.Sprintf("tanggal lahir pada %s, %s, tidak ada di kalender", n, d),
			fmt.Sprintf("the birth date in the %s, %s, does not exist", n, d)), true
	case CodeFuture:
		d := dateText(e.Got, en)
		return p.pick(fmt.Sprintf("tanggal lahir %s belum lewat", d),
			fmt.Sprintf("the birth date %s is in the future", d)), true
	case CodeTMTMonth:
		return p.pick(fmt.Sprintf("bulan TMT CPNS pada NIP (digit ke-13 dan ke-14) harus 01–12; yang diisi %s", e.Got),
			fmt.Sprintf("the TMT CPNS month in the NIP (digits 13–14) must be 01–12; got %s", e.Got)), true
	case CodeTMT:
		tmt := monthText(e.Got, en)
		if e.Want == "" {
			return p.pick(fmt.Sprintf("TMT CPNS pada NIP (%s) tidak mungkin sebelum 1900", tmt),
				fmt.Sprintf("the TMT CPNS in the NIP (%s) cannot be before 1900", tmt)), true
		}
		return p.pick(fmt.Sprintf("TMT CPNS pada NIP (%s) harus sesudah bulan lahir (%s)", tmt, dateText(e.Want, en)),
			fmt.Sprintf("the TMT CPNS in the NIP (%s) must be after the month of birth (%s)", tmt, dateText(e.Want, en))), true
	}
	return "", false
}

// genderMessage returns the message about the gender, or a disagreement
// with another number or what was given, or false for another code.
func (e *Error) genderMessage(p picker) (string, bool) {
	en, n := bool(p), e.Number
	switch e.Code {
	case CodeGender:
		if n == "NIP" && e.Got != "" {
			return p.pick(fmt.Sprintf("digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan); yang diisi %s", e.Got),
				fmt.Sprintf("digit 15 of the NIP (gender) must be 1 (male) or 2 (female); got %s", e.Got)), true
		}
		return p.pick("jenis kelamin harus laki-laki (L/M) atau perempuan (P/F)",
			"gender must be male (M/L) or female (F/P)"), true
	case CodeGenderMismatch:
		if e.Against != "" {
			return p.pick(
				fmt.Sprintf("jenis kelamin pada %s (%s) berbeda dengan pada %s (%s)", n, genderText(e.Got, en), e.Against, genderText(e.Want, en)),
				fmt.Sprintf("the gender in the %s (%s) differs from the %s (%s)", n, genderText(e.Got, en), e.Against, genderText(e.Want, en)),
			), true
		}
		hint := ""
		if n == "NIK" && e.Got == string(Female) {
			hint = p.pick(" (tanggal lahirnya ditambah 40)", " (its day of birth is 40 higher)")
		}
		return p.pick(
			fmt.Sprintf("%s ini milik %s%s, tetapi jenis kelamin yang diisi %s", n, genderText(e.Got, false), hint, genderText(e.Want, false)),
			fmt.Sprintf("this %s is a %s's%s, but the gender given is %s", n, genderNoun(e.Got), hint, genderText(e.Want, true)),
		), true
	case CodeBirthDateMismatch:
		if e.Against != "" {
			return p.pick(
				fmt.Sprintf("tanggal lahir pada %s (%s) berbeda dengan pada %s (%s)", n, dateText(e.Got, en), e.Against, dateText(e.Want, en)),
				fmt.Sprintf("the birth date in the %s (%s) differs from the %s (%s)", n, dateText(e.Got, en), e.Against, dateText(e.Want, en)),
			), true
		}
		return p.pick(
			fmt.Sprintf("tanggal lahir pada %s (%s) berbeda dengan tanggal lahir yang diisi (%s)", n, dateText(e.Got, en), dateText(e.Want, en)),
			fmt.Sprintf("the birth date in the %s (%s) differs from the birth date given (%s)", n, dateText(e.Got, en), dateText(e.Want, en)),
		), true
	}
	return "", false
}

func wantLen(number string) int {
	if number == "NIP" {
		return nipLen
	}
	return nikLen
}

// separatorName names characters people use to group digits.
func separatorName(r rune, en bool) (string, bool) {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f', '\u2009':
		if en {
			return "a space", true
		}
		return "spasi", true
	case '.', '-', '/', ',', '_', '\u2013', '\u2014':
		if en {
			return fmt.Sprintf("a %q", r), true
		}
		return fmt.Sprintf("tanda %q", r), true
	}
	return "", false
}

var (
	monthsID = [...]string{
		"Januari",
		"Februari",
		"Maret",
		"April",
		"Mei",
		"Juni",
		"Juli",
		"Agustus",
		"September",
		"Oktober",
		"November",
		"Desember",
	}
	monthsEN = [...]string{
		"January",
		"February",
		"March",
		"April",
		"May",
		"June",
		"July",
		"August",
		"September",
		"October",
		"November",
		"December",
	}
)

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

// dateText renders "1990-02-30" as "30 Februari 1990" (or "30 February 1990").
func dateText(iso string, en bool) string {
	y, m, d, ok := splitISO(iso)
	if !ok || m < 1 || m > 12 {
		return iso
	}
	names := monthsID
	if en {
		names = monthsEN
	}
	return fmt.Sprintf("%d %s %d", d, names[m-1], y)
}

// monthText renders "2015-03" as "Maret 2015" (or "March 2015").
func monthText(ym string, en bool) string {
	if len(ym) != 7 || ym[4] != '-' {
		return ym
	}
	y, err1 := strconv.Atoi(ym[:4])
	m, err2 := strconv.Atoi(ym[5:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return ym
	}
	names := monthsID
	if en {
		names = monthsEN
	}
	return fmt.Sprintf("%s %d", names[m-1], y)
}

func genderText(g string, en bool) string {
	switch Gender(firstByte(g)) {
	case Male:
		if en {
			return "male"
		}
		return "laki-laki"
	case Female:
		if en {
			return "female"
		}
		return "perempuan"
	}
	return g
}

func genderNoun(g string) string {
	switch Gender(firstByte(g)) {
	case Male:
		return "man"
	case Female:
		return "woman"
	}
	return g
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}
