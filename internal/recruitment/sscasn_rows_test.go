package recruitment

import (
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/report"
)

// TestSSCASNRowChecks: each column's rule refuses its bad values with its
// key, on its column, and a good row passes (the rules of the export,
// before anything is looked up).
func TestSSCASNRowChecks(t *testing.T) {
	col, err := applicantHeader(ApplicantColumns)
	if err != nil {
		t.Fatal(err)
	}
	ti := &Formation{ID: 7, Code: "PKY-2027-001"}
	ref := importRef{formations: map[string]*Formation{"pky-2027-001": ti},
		education: map[string]EducationRef{"s1-ti": {Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"}}}
	good := map[string]string{
		"no_peserta":        "24300110000001",
		"nik":               "6271031205980001",
		"nama":              "Budi Santoso",
		"tempat_lahir":      "Palangka Raya",
		"tanggal_lahir":     "1998-05-12",
		"jenis_kelamin":     "L",
		"email":             "budi@example.id",
		"no_hp":             "81234567890",
		"kode_formasi":      "pky-2027-001",
		"pendidikan":        "s1",
		"kode_pendidikan":   "S1-TI",
		"ipk":               "3,45",
		"status_verifikasi": "MS",
		"alasan_tms":        "",
	}
	cases := []struct {
		name   string
		change map[string]string
		column string
		key    string // "" means the row passes
	}{
		{"good", nil, "", ""},
		{"registration number too short", map[string]string{"no_peserta": "12"}, "no_peserta", "recruitment.import.regno_required"},
		{"name missing", map[string]string{"nama": "  "}, "nama", "recruitment.import.name_required"},
		{"name with a control character", map[string]string{"nama": "Budi\x07"}, "nama", "textcheck.control"},
		{"birth date unreadable", map[string]string{"tanggal_lahir": "12 Mei 1998"}, "tanggal_lahir", "recruitment.import.birth_date"},
		{"gender unknown", map[string]string{"jenis_kelamin": "X"}, "jenis_kelamin", "recruitment.import.gender"},
		{"NIK against another birth date", map[string]string{"tanggal_lahir": "1998-05-13"}, "nik", "idnum.birth_date_given"},
		{"e-mail bad", map[string]string{"email": "budi@"}, "email", "recruitment.import.email"},
		{"phone not mobile", map[string]string{"no_hp": "0536123456"}, "no_hp", "recruitment.import.phone"},
		{"formation of another period", map[string]string{"kode_formasi": "XYZ"}, "kode_formasi", "recruitment.import.formation"},
		{"level unknown", map[string]string{"pendidikan": "S9"}, "pendidikan", "recruitment.import.level"},
		{"education code unknown", map[string]string{"kode_pendidikan": "S1-XX"}, "kode_pendidikan", "recruitment.import.education"},
		{
			"education code of another level",
			map[string]string{"pendidikan": "D3"},
			"kode_pendidikan",
			"recruitment.import.education_level",
		},
		{"IPK over 4", map[string]string{"ipk": "4,5"}, "ipk", "recruitment.import.ipk"},
		{
			"an SMA average of 87,5 passes; the S1 code does not",
			map[string]string{"pendidikan": "SMA", "kode_pendidikan": "S1-TI", "ipk": "87,5"},
			"kode_pendidikan",
			"recruitment.import.education_level",
		},
		{"decision unknown", map[string]string{"status_verifikasi": "LULUS"}, "status_verifikasi", "recruitment.import.decision"},
		{"MS with reasons", map[string]string{"alasan_tms": "ipk: rendah"}, "alasan_tms", "recruitment.import.ms_reasons"},
		{"TMS without reasons", map[string]string{"status_verifikasi": "TMS"}, "alasan_tms", "recruitment.import.tms_reasons"},
		{
			"TMS reason without note",
			map[string]string{"status_verifikasi": "TMS", "alasan_tms": "ipk"},
			"alasan_tms",
			"recruitment.import.reason_form",
		},
		{"TMS reason not of the formation", map[string]string{"status_verifikasi": "TMS", "alasan_tms": "tinggi: kurang"}, "alasan_tms",
			"recruitment.import.reason_unknown"},
		{
			"TMS reason twice",
			map[string]string{"status_verifikasi": "tidak memenuhi syarat", "alasan_tms": "ipk: a | IPK: b"},
			"alasan_tms",
			"recruitment.import.reason_twice",
		},
		{
			"TMS reason note too long",
			map[string]string{"status_verifikasi": "TMS", "alasan_tms": "ipk: " + strings.Repeat("x", 1001)},
			"alasan_tms",
			"recruitment.import.reason_long",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cells := make([]string, len(ApplicantColumns))
			for i, k := range ApplicantColumns {
				cells[i] = good[k]
				if v, ok := c.change[k]; ok {
					cells[i] = v
				}
			}
			bad := &report.Problems{}
			p := &rowParser{col: col, ref: ref, requirements: func(*Formation) []string { return []string{"ipk", "ijazah"} },
				now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), seenNIK: map[string]int{}, seenReg: map[string]int{}, bad: bad}
			x, ok := p.row(Row{Line: 2, Fields: cells})
			if c.key == "" {
				if !ok || bad.Err() != nil {
					t.Fatalf("refused: %v", bad.Err())
				}
				if x.phone != "081234567890" || x.level != "S1" || x.major != "S1-TI" || x.ipk == nil || *x.ipk != 345 || x.gender != "M" {
					t.Fatalf("parsed %+v", x)
				}
				return
			}
			ae := apperr.As(bad.Err())
			if ok || ae == nil {
				t.Fatalf("accepted")
			}
			if m := ae.FieldMsgs["2."+c.column]; m.Key != c.key {
				t.Fatalf("2.%s = %q, want %q (all %v)", c.column, m.Key, c.key, ae.FieldMsgs)
			}
			for _, lang := range []string{i18n.ID, i18n.EN} {
				if msg := ae.Localized(lang); strings.Contains(msg, "[[") || strings.Contains(msg, "{") {
					t.Fatalf("%s: %q", lang, msg)
				}
			}
			if !strings.Contains(ae.Localized(i18n.ID), "baris 2, kolom "+c.column) ||
				!strings.Contains(ae.Localized(i18n.EN), "line 2, column "+c.column) {
				t.Fatalf("report %q / %q", ae.Localized(i18n.ID), ae.Localized(i18n.EN))
			}
		})
	}
}

// TestSSCASNHeader: any order and case, each column once, every column
// there.
func TestSSCASNHeader(t *testing.T) {
	upper := make([]string, len(ApplicantColumns))
	for i, c := range ApplicantColumns {
		upper[len(upper)-1-i] = "\ufeff" + strings.ToUpper(c)
	}
	cases := []struct {
		name   string
		header []string
		key    string
	}{
		{"as exported", ApplicantColumns, ""},
		{"reversed, upper case, with a BOM", upper, ""},
		{"a column twice", append(append([]string{}, ApplicantColumns...), "nik"), "recruitment.import.column_twice"},
		{"a column missing", ApplicantColumns[:13], "recruitment.import.columns_missing"},
	}
	for _, c := range cases {
		_, err := applicantHeader(c.header)
		if got := apperr.As(err); (c.key == "") != (err == nil) || err != nil && got.Msg.Key != c.key {
			t.Errorf("%s: %v, want %q", c.name, err, c.key)
		}
	}
}
