package idnum

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	wib = time.FixedZone("WIB", 7*3600)
	// now is the reference clock of the tests: 28 November 2026, 10:00 WIB.
	testNow = time.Date(2026, 11, 28, 10, 0, 0, 0, wib)
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseNIK(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		now    time.Time
		want   NIK // checked when code == ""
		code   string
		id, en string // exact messages, when set
	}{
		{name: "man", in: "6271011205900001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(1990, 5, 12), Gender: Male, Serial: 1}},
		{name: "woman day+40", in: "6271015205900002",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(1990, 5, 12), Gender: Female, Serial: 2}},
		{name: "woman day 71 = 31", in: "6203047101859999",
			want: NIK{Province: "62", Regency: "6203", District: "620304", BirthDate: date(1985, 1, 31), Gender: Female, Serial: 9999}},
		{name: "surrounding space trimmed", in: "  6271011205900001\t\n",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(1990, 5, 12), Gender: Male, Serial: 1}},
		{name: "29 Feb 2000 (leap)", in: "6271012902000001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(2000, 2, 29), Gender: Male, Serial: 1}},
		{name: "yy 26 earlier this year is 2026", in: "6271011205260001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(2026, 5, 12), Gender: Male, Serial: 1}},
		{name: "born today is 2026", in: "6271012811260001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(2026, 11, 28), Gender: Male, Serial: 1}},
		{name: "tomorrow's date is 1926", in: "6271012911260001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(1926, 11, 29), Gender: Male, Serial: 1}},
		{name: "yy 27 is 1927", in: "6271010101270001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(1927, 1, 1), Gender: Male, Serial: 1}},
		{name: "yy 00 is 2000", in: "6271010101000001",
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(2000, 1, 1), Gender: Male, Serial: 1}},
		{name: "now's civil date in its own zone", in: "6271012811260001",
			// 28 Nov 2026 00:30 WIB is still 27 Nov in UTC; the civil date in WIB decides.
			now:  time.Date(2026, 11, 28, 0, 30, 0, 0, wib),
			want: NIK{Province: "62", Regency: "6271", District: "627101", BirthDate: date(2026, 11, 28), Gender: Male, Serial: 1}},
		{name: "unknown but plausible province 10 rejected", in: "1001011205900001", code: CodeProvince},
		{name: "unassigned province 20 accepted", in: "2001011205900001",
			want: NIK{Province: "20", Regency: "2001", District: "200101", BirthDate: date(1990, 5, 12), Gender: Male, Serial: 1}},
		{name: "province 96 accepted", in: "9601011205900001",
			want: NIK{Province: "96", Regency: "9601", District: "960101", BirthDate: date(1990, 5, 12), Gender: Male, Serial: 1}},

		{name: "15 digits", in: "627101120590001", code: CodeLength,
			id: "NIK harus 16 digit angka; yang diisi 15 digit", en: "A NIK must have 16 digits; 15 were given"},
		{name: "17 digits", in: "62710112059000011", code: CodeLength,
			id: "NIK harus 16 digit angka; yang diisi 17 digit"},
		{name: "empty", in: "   ", code: CodeLength, id: "NIK belum diisi; NIK harus 16 digit angka"},
		{name: "letter", in: "62710112059000A1", code: CodeDigits,
			id: `NIK hanya boleh berisi angka 0–9; ada 'A' pada posisi ke-15`,
			en: `A NIK may contain only the digits 0–9; found 'A' at position 15`},
		{name: "letter and wrong length: letter first", in: "6271O11205900", code: CodeDigits},
		{name: "inner space", in: "6271 011205900001", code: CodeDigits,
			id: "NIK ditulis tanpa spasi, titik, atau tanda baca lain; ada spasi pada posisi ke-5"},
		{name: "dots", in: "6271.01.120590.0001", code: CodeDigits,
			id: `NIK ditulis tanpa spasi, titik, atau tanda baca lain; ada tanda '.' pada posisi ke-5`,
			en: `Write the NIK without spaces, dots or other punctuation; found a '.' at position 5`},
		{name: "fullwidth digit", in: "627101120590000１", code: CodeDigits},
		{name: "invalid utf-8", in: "627101120590000\xff", code: CodeDigits,
			id: "NIK hanya boleh berisi angka 0–9; ada karakter yang tidak sah pada posisi ke-16"},
		{name: "province 00", in: "0071011205900001", code: CodeProvince,
			id: "Kode provinsi pada NIK (2 digit pertama) harus 11–96; yang diisi 00"},
		{name: "province 97", in: "9771011205900001", code: CodeProvince},
		{name: "province 99", in: "9971011205900001", code: CodeProvince},
		{name: "regency 00", in: "6200011205900001", code: CodeRegency},
		{name: "district 00", in: "6271001205900001", code: CodeDistrict},
		{name: "day 00", in: "6271010005900001", code: CodeDay,
			id: "Tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01–31 untuk laki-laki atau 41–71 untuk perempuan; yang diisi 00"},
		{name: "day 32", in: "6271013205900001", code: CodeDay},
		{name: "day 40 (woman's 00)", in: "6271014005900001", code: CodeDay},
		{name: "day 72 (woman's 32)", in: "6271017205900001", code: CodeDay,
			en: "The day of birth in the NIK (digits 7–8) must be 01–31 for a man or 41–71 for a woman; got 72"},
		{name: "day 99", in: "6271019905900001", code: CodeDay},
		{name: "month 13", in: "6271011213900001", code: CodeMonth,
			id: "Bulan lahir pada NIK (digit ke-9 dan ke-10) harus 01–12; yang diisi 13"},
		{name: "month 00", in: "6271011200900001", code: CodeMonth},
		{name: "30 February", in: "6271013002900001", code: CodeDate,
			id: "Tanggal lahir pada NIK, 30 Februari 1990, tidak ada di kalender",
			en: "The birth date in the NIK, 30 February 1990, does not exist"},
		{name: "woman's 30 February", in: "6271017002900001", code: CodeDate},
		{name: "31 April", in: "6271013104900001", code: CodeDate},
		{name: "29 February 2001", in: "6271012902010001", code: CodeDate,
			id: "Tanggal lahir pada NIK, 29 Februari 2001, tidak ada: 2001 bukan tahun kabisat",
			en: "The birth date in the NIK, 29 February 2001, does not exist: 2001 is not a leap year"},
		{name: "29 February 00 seen before 2000 is 1900", in: "6271012902000001", now: time.Date(1999, 6, 1, 0, 0, 0, 0, wib), code: CodeDate},
		{name: "serial 0000", in: "6271011205900000", code: CodeSerial,
			id: "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			got, err := ParseNIK(tt.in, now)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("ParseNIK(%q) error %v", tt.in, err)
				}
				if got != tt.want {
					t.Fatalf("ParseNIK(%q) = %+v, want %+v", tt.in, got, tt.want)
				}
				if got.String() != strings.TrimSpace(tt.in) {
					t.Fatalf("String() = %q, want %q", got.String(), strings.TrimSpace(tt.in))
				}
				return
			}
			mustCode(t, err, "NIK", tt.code, tt.id, tt.en)
		})
	}
}

// mustCode checks that err is an *Error with the code, and the messages
// when given; every message must be specific (not the fallback).
func mustCode(t *testing.T, err error, number, code, id, en string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *Error %s", err, err, code)
	}
	if e.Code != code || e.Number != number {
		t.Fatalf("error %s/%s %q, want %s/%s", e.Number, e.Code, e.Error(), number, code)
	}
	if id != "" && e.Message("id") != id {
		t.Errorf("Message(id) =\n %q, want\n %q", e.Message("id"), id)
	}
	if en != "" && e.Message("en") != en {
		t.Errorf("Message(en) =\n %q, want\n %q", e.Message("en"), en)
	}
	if e.Error() != e.Message("id") {
		t.Errorf("Error() is not the Indonesian message")
	}
	for _, lang := range []string{"id", "en"} {
		if m := e.Message(lang); m == "" || m == number+" tidak sah ("+code+")" || m == "Invalid "+number+" ("+code+")" {
			t.Errorf("Message(%s) = %q: not specific", lang, m)
		}
	}
	if !errors.Is(err, &Error{Code: code}) || errors.Is(err, &Error{Code: "other"}) {
		t.Errorf("errors.Is by code does not work")
	}
	if CodeOf(err) != code {
		t.Errorf("CodeOf = %q", CodeOf(err))
	}
}

func TestCheckNIK(t *testing.T) {
	const man, woman = "6271011205900001", "6271015205900002"
	tests := []struct {
		name   string
		in     string
		birth  time.Time
		gender Gender
		want   time.Time // birth date, when no error
		code   string
		id, en string
	}{
		{name: "nothing to compare", in: woman, want: date(1990, 5, 12)},
		{name: "man agrees", in: man, birth: date(1990, 5, 12), gender: Male, want: date(1990, 5, 12)},
		{name: "woman agrees", in: woman, birth: date(1990, 5, 12), gender: Female, want: date(1990, 5, 12)},
		{
			name:   "birth date in WIB at 00:30 (11 May in UTC)",
			in:     man,
			birth:  time.Date(1990, 5, 12, 0, 30, 0, 0, wib),
			gender: Male,
			want:   date(1990, 5, 12),
		},
		{name: "birth date decides the century", in: "6271011205260001", birth: date(1926, 5, 12), want: date(1926, 5, 12)},
		{name: "woman's NIK given as man", in: woman, gender: Male, code: CodeGenderMismatch,
			id: "NIK ini milik perempuan (tanggal lahirnya ditambah 40), tetapi jenis kelamin yang diisi laki-laki",
			en: "This NIK is a woman's (its day of birth is 40 higher), but the gender given is male"},
		{name: "man's NIK given as woman", in: man, gender: Female, code: CodeGenderMismatch,
			id: "NIK ini milik laki-laki, tetapi jenis kelamin yang diisi perempuan"},
		{name: "invalid gender argument", in: man, gender: 'X', code: CodeGender},
		{name: "other day", in: man, birth: date(1990, 5, 13), code: CodeBirthDateMismatch,
			id: "Tanggal lahir pada NIK (12 Mei 1990) berbeda dengan tanggal lahir yang diisi (13 Mei 1990)",
			en: "The birth date in the NIK (12 May 1990) differs from the birth date given (13 May 1990)"},
		{name: "other month", in: man, birth: date(1990, 6, 12), code: CodeBirthDateMismatch},
		{name: "other year", in: man, birth: date(1991, 5, 12), code: CodeBirthDateMismatch},
		{name: "woman's coded day 52 is not a birth date", in: woman, birth: date(1990, 5, 22), code: CodeBirthDateMismatch},
		{name: "given birth date in the future", in: "6271011205300001", birth: date(2030, 5, 12), code: CodeFuture,
			id: "Tanggal lahir 12 Mei 2030 belum lewat", en: "The birth date 12 May 2030 is in the future"},
		{name: "structural errors first", in: "6271013205900001", birth: date(1990, 5, 12), gender: Female, code: CodeDay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckNIK(tt.in, tt.birth, tt.gender, testNow)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("CheckNIK error %v", err)
				}
				if !got.BirthDate.Equal(tt.want) || got.BirthDate.Location() != time.UTC {
					t.Fatalf("BirthDate = %v, want %v", got.BirthDate, tt.want)
				}
				return
			}
			mustCode(t, err, "NIK", tt.code, tt.id, tt.en)
		})
	}
}

func TestRegion(t *testing.T) {
	tests := []struct{ nik, id, en string }{
		{"6271011205900001", "62 Kalimantan Tengah, 6271 Kota Palangka Raya", "62 Kalimantan Tengah, 6271 Kota Palangka Raya"},
		{"6201011205900001", "62 Kalimantan Tengah, 6201 Kotawaringin Barat", ""},
		{"6206011205900001", "62 Kalimantan Tengah, 6206 Katingan", "62 Kalimantan Tengah, 6206 Katingan"},
		{"6213011205900001", "62 Kalimantan Tengah, 6213 Barito Timur", ""},
		{"6299011205900001", "62 Kalimantan Tengah, 6299 (tidak dikenal)", "62 Kalimantan Tengah, 6299 (unknown)"},
		{"3171011205900001", "31 DKI Jakarta, 3171 (tidak ada di tabel)", "31 DKI Jakarta, 3171 (not in the table)"},
		{"2001011205900001", "20 (tidak dikenal), 2001 (tidak ada di tabel)", "20 (unknown), 2001 (not in the table)"},
	}
	for _, tt := range tests {
		n, err := ParseNIK(tt.nik, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.Region("id"); got != tt.id {
			t.Errorf("Region(id) = %q, want %q", got, tt.id)
		}
		if got := n.Region("en"); tt.en != "" && got != tt.en {
			t.Errorf("Region(en) = %q, want %q", got, tt.en)
		}
	}
	if len(provinces) != provinceCodeCount {
		t.Errorf("%d provinces, want %d", len(provinces), provinceCodeCount)
	}
	for code := range provinces {
		if p := num2(code); p < 11 || p > 96 {
			t.Errorf("province %s outside 11–96", code)
		}
	}
	for code := range regencies {
		if !strings.HasPrefix(code, KalimantanTengah) {
			t.Errorf("regency %s not in Kalimantan Tengah", code)
		}
	}
	if name, ok := ProvinceName("62"); !ok || name != "Kalimantan Tengah" {
		t.Errorf("ProvinceName(62) = %q %v", name, ok)
	}
	if name, ok := RegencyName(KotaPalangkaRaya); !ok || name != "Kota Palangka Raya" {
		t.Errorf("RegencyName(6271) = %q %v", name, ok)
	}
}

// Kalimantan Tengah by Kemendagri's codes, which NIKs carry (Permendagri
// 72/2019; Kepmendagri 100.1.1-6117/2022) — not BPS's, which number
// 6206–6213 in another order.
func TestKalimantanTengahRegencies(t *testing.T) {
	want := map[string]string{
		"6201": "Kotawaringin Barat",
		"6202": "Kotawaringin Timur",
		"6203": "Kapuas",
		"6204": "Barito Selatan",
		"6205": "Barito Utara",
		"6206": "Katingan",
		"6207": "Seruyan",
		"6208": "Sukamara",
		"6209": "Lamandau",
		"6210": "Gunung Mas",
		"6211": "Pulang Pisau",
		"6212": "Murung Raya",
		"6213": "Barito Timur",
		"6271": "Kota Palangka Raya",
	}
	for code, name := range want {
		if got, ok := RegencyName(code); !ok || got != name {
			t.Errorf("RegencyName(%s) = %q %v, want %q", code, got, ok, name)
		}
	}
	if len(regencies) != len(want) {
		t.Errorf("%d regencies, want %d", len(regencies), len(want))
	}
	// Province spot checks, the 2022 Papua provinces included.
	for code, name := range map[string]string{"11": "Aceh", "21": "Kepulauan Riau", "36": "Banten", "65": "Kalimantan " +
		"Utara", "76": "Sulawesi Barat",
		"91": "Papua", "92": "Papua Barat", "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya"} {
		if got, ok := ProvinceName(code); !ok || got != name {
			t.Errorf("ProvinceName(%s) = %q %v, want %q", code, got, ok, name)
		}
	}
}

func TestParseGender(t *testing.T) {
	for in, want := range map[string]Gender{"": GenderUnknown, "M": Male, "l": Male, "Laki-laki": Male, " pria ": Male,
		"F": Female, "p": Female, "Perempuan": Female, "wanita": Female, "female": Female} {
		got, err := ParseGender(in)
		if err != nil || got != want {
			t.Errorf("ParseGender(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseGender("x"); CodeOf(err) != CodeGender {
		t.Errorf("ParseGender(x) error %v", err)
	}
	if Male.Name("id") != "laki-laki" || Female.Name("en") != "female" || GenderUnknown.String() != "" {
		t.Error("gender names")
	}
}
