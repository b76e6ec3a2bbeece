package idnum

import (
	"strings"
	"testing"
	"time"
)

func TestParseNIP(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   NIP
		code   string
		id, en string
	}{
		{name: "man", in: "199005122015031001",
			want: NIP{BirthDate: date(1990, 5, 12), TMT: YearMonth{2015, time.March}, Gender: Male, Serial: 1}},
		{name: "woman", in: "199005122015032999",
			want: NIP{BirthDate: date(1990, 5, 12), TMT: YearMonth{2015, time.March}, Gender: Female, Serial: 999}},
		{name: "29 Feb 2000", in: "200002292024121002",
			want: NIP{BirthDate: date(2000, 2, 29), TMT: YearMonth{2024, time.December}, Gender: Male, Serial: 2}},
		{name: "TMT the month after birth", in: "199005122015031001",
			want: NIP{BirthDate: date(1990, 5, 12), TMT: YearMonth{2015, time.March}, Gender: Male, Serial: 1}},
		{name: "surrounding space", in: " 199005122015031001 ",
			want: NIP{BirthDate: date(1990, 5, 12), TMT: YearMonth{2015, time.March}, Gender: Male, Serial: 1}},

		{name: "17 digits", in: "19900512201503100", code: CodeLength,
			id: "NIP harus 18 digit angka; yang diisi 17 digit", en: "A NIP must have 18 digits; 17 were given"},
		{name: "19 digits", in: "1990051220150310011", code: CodeLength},
		{name: "empty", in: "", code: CodeLength, id: "NIP belum diisi; NIP harus 18 digit angka"},
		{name: "spaces as printed on SK", in: "19900512 201503 1 001", code: CodeDigits,
			id: "NIP ditulis tanpa spasi, titik, atau tanda baca lain; ada spasi pada posisi ke-9"},
		{name: "letter", in: "19900512201503100l", code: CodeDigits},
		{name: "year 1899", in: "189905122015031001", code: CodeYear},
		{name: "month 13", in: "199013122015031001", code: CodeMonth,
			id: "Bulan lahir pada NIP (digit ke-5 dan ke-6) harus 01–12; yang diisi 13"},
		{name: "month 00", in: "199000122015031001", code: CodeMonth},
		{name: "day 00", in: "199005002015031001", code: CodeDay,
			id: "Tanggal lahir pada NIP (digit ke-7 dan ke-8) harus 01–31; yang diisi 00"},
		{name: "day 32", in: "199005322015031001", code: CodeDay},
		{name: "woman's +40 is not used in NIPs", in: "199005522015032001", code: CodeDay},
		{name: "30 Feb", in: "199002302015031001", code: CodeDate, id: "Tanggal lahir pada NIP, 30 Februari 1990, tidak ada di kalender"},
		{name: "29 Feb 1990", in: "199002292015031001", code: CodeDate},
		{name: "29 Feb 1900", in: "190002291925031001", code: CodeDate},
		{name: "TMT month 13", in: "199005122015131001", code: CodeTMTMonth,
			id: "Bulan TMT CPNS pada NIP (digit ke-13 dan ke-14) harus 01–12; yang diisi 13"},
		{name: "TMT month 00", in: "199005122015001001", code: CodeTMTMonth},
		{name: "TMT before birth", in: "199005121989031001", code: CodeTMT,
			id: "TMT CPNS pada NIP (Maret 1989) harus sesudah bulan lahir (12 Mei 1990)",
			en: "The TMT CPNS in the NIP (March 1989) must be after the month of birth (12 May 1990)"},
		{name: "TMT in the birth month", in: "199005121990051001", code: CodeTMT},
		{name: "gender digit 3", in: "199005122015033001", code: CodeGender,
			id: "Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan); yang diisi 3"},
		{name: "gender digit 0", in: "199005122015030001", code: CodeGender},
		{name: "serial 000", in: "199005122015031000", code: CodeSerial, id: "Nomor urut pada NIP (3 digit terakhir) tidak boleh 000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNIP(tt.in)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("ParseNIP(%q) error %v", tt.in, err)
				}
				if got != tt.want {
					t.Fatalf("ParseNIP(%q) = %+v, want %+v", tt.in, got, tt.want)
				}
				if got.String() != strings.TrimSpace(tt.in) {
					t.Fatalf("String() = %q", got.String())
				}
				return
			}
			mustCode(t, err, "NIP", tt.code, tt.id, tt.en)
		})
	}
}

func TestCheckNIP(t *testing.T) {
	const nip = "199005122015032001"
	if _, err := CheckNIP(nip, time.Date(1990, 5, 12, 0, 30, 0, 0, wib), Female); err != nil {
		t.Fatal(err)
	}
	_, err := CheckNIP(nip, time.Time{}, Male)
	mustCode(t, err, "NIP", CodeGenderMismatch, "NIP ini milik perempuan, tetapi jenis kelamin yang diisi laki-laki", "")
	_, err = CheckNIP(nip, date(1990, 5, 11), GenderUnknown)
	mustCode(
		t,
		err,
		"NIP",
		CodeBirthDateMismatch,
		"Tanggal lahir pada NIP (12 Mei 1990) berbeda dengan tanggal lahir yang diisi (11 Mei 1990)",
		"",
	)
}

func TestNIPPrefix(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		tmt   YearMonth
		g     Gender
		want  string
		code  string
	}{
		{"man", date(1990, 5, 12), YearMonth{2015, time.March}, Male, "199005122015031", ""},
		{"woman", date(1998, 12, 1), YearMonth{2025, time.June}, Female, "199812012025062", ""},
		{"birth date read in its own zone", time.Date(1998, 12, 1, 6, 0, 0, 0, wib), YearMonth{2025, time.June}, Female, "199812012025062", ""},
		{"no gender", date(1990, 5, 12), YearMonth{2015, time.March}, GenderUnknown, "", CodeGender},
		{"TMT month 0", date(1990, 5, 12), YearMonth{2015, 0}, Male, "", CodeTMTMonth},
		{"TMT month 13", date(1990, 5, 12), YearMonth{2015, 13}, Male, "", CodeTMTMonth},
		{"TMT before birth", date(1990, 5, 12), YearMonth{1990, time.April}, Male, "", CodeTMT},
		{"TMT year 5 digits", date(1990, 5, 12), YearMonth{12015, time.March}, Male, "", CodeTMT},
		{"birth before 1900", date(1899, 5, 12), YearMonth{1920, time.March}, Male, "", CodeYear},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NIPPrefix(tt.birth, tt.tmt, tt.g)
			if tt.code == "" {
				if err != nil || got != tt.want {
					t.Fatalf("NIPPrefix = %q, %v; want %q", got, err, tt.want)
				}
				// A NIP made from the prefix parses back to the same facts.
				n, err := ParseNIP(got + "001")
				if err != nil || n.Prefix() != got {
					t.Fatalf("ParseNIP(prefix+001) = %+v, %v", n, err)
				}
				return
			}
			mustCode(t, err, "NIP", tt.code, "", "")
		})
	}
}

func TestCheckNIPAgainstNIK(t *testing.T) {
	nik, err := ParseNIK("6271015205900002", testNow) // woman, 12 May 1990
	if err != nil {
		t.Fatal(err)
	}
	nipOf := func(s string) NIP {
		t.Helper()
		n, err := ParseNIP(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := CheckNIPAgainstNIK(nipOf("199005122015032001"), nik); err != nil {
		t.Fatalf("agreeing NIP: %v", err)
	}
	err = CheckNIPAgainstNIK(nipOf("199005132015032001"), nik)
	mustCode(t, err, "NIP", CodeBirthDateMismatch,
		"Tanggal lahir pada NIP (13 Mei 1990) berbeda dengan pada NIK (12 Mei 1990)",
		"The birth date in the NIP (13 May 1990) differs from the NIK (12 May 1990)")
	err = CheckNIPAgainstNIK(nipOf("199005122015031001"), nik)
	mustCode(t, err, "NIP", CodeGenderMismatch,
		"Jenis kelamin pada NIP (laki-laki) berbeda dengan pada NIK (perempuan)",
		"The gender in the NIP (male) differs from the NIK (female)")
}
