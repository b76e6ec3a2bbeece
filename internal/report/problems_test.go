package report

import (
	"reflect"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
)

// TestProblemsRefusal: the refusal counts every problem, names the first
// hundred in both languages (saying so when there are more), keys each
// shown one "line.column", and is under the import's own key when it has one.
func TestProblemsRefusal(t *testing.T) {
	cases := []struct {
		name, refusal  string
		problems       int
		wantID, wantEN string
	}{
		{"one", "", 1, "Berkas ditolak seluruhnya; 1 masalah: baris 2, kolom nik: Berkas impor kosong",
			"The whole file was rejected; 1 problems: line 2, column nik: The import file is empty"},
		{"a hundred, all shown", "", 100, "Berkas ditolak seluruhnya; 100 masalah: baris 2,",
			"The whole file was rejected; 100 problems: line 2,"},
		{"more than shown", "", 150, "150 masalah (100 pertama ditampilkan): baris 2, kolom nik",
			"150 problems (the first 100 shown): line 2, column nik"},
		{"the import's own refusal", "recruitment.import.rejected", 1, "Berkas ditolak seluruhnya, tidak ada yang disimpan; 1 masalah",
			"The whole file was rejected, nothing was stored; 1 problems"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &Problems{Refusal: c.refusal}
			for i := range c.problems {
				p.Add(i+2, "nik", "report.empty")
			}
			ae := apperr.As(p.Err())
			if ae.Code != apperr.Invalid || p.Count() != c.problems || len(ae.FieldMsgs) != min(c.problems, MaxShownProblems) ||
				ae.FieldMsgs["2.nik"].Key != "report.empty" {
				t.Fatalf("%s, %d counted, %d fields", ae.Code, p.Count(), len(ae.FieldMsgs))
			}
			if id, en := ae.Localized(i18n.ID), ae.Localized(i18n.EN); !strings.Contains(id, c.wantID) || !strings.Contains(en, c.wantEN) {
				t.Fatalf("%q / %q", id, en)
			}
		})
	}
	if err := (&Problems{}).Err(); err != nil {
		t.Fatalf("no problems, refused: %v", err)
	}
}

// TestProblemsAddError: an error's field messages go each on its field's
// column (named by Column when given), in the order of the fields; an
// error without them goes on the column given, with its own message or
// "invalid".
func TestProblemsAddError(t *testing.T) {
	upper := func(f string) string { return strings.ToUpper(f) }
	fields := &apperr.Error{Code: apperr.Invalid, FieldMsgs: map[string]apperr.Msg{
		"stem": apperr.M("report.csv_quote"), "key": apperr.M("report.empty"), "options.A": apperr.M("report.not_utf8")}}
	cases := []struct {
		name   string
		column func(string) string
		err    *apperr.Error
		want   map[string]string
		first  string
	}{
		{"fields", nil, fields, map[string]string{"3.stem": "report.csv_quote", "3.key": "report.empty",
			"3.options.A": "report.not_utf8"}, "line 3, column key: "},
		{"fields renamed", upper, fields, map[string]string{"3.STEM": "report.csv_quote", "3.KEY": "report.empty",
			"3.OPTIONS.A": "report.not_utf8"}, "line 3, column KEY: "},
		{"own message", upper, apperr.E(apperr.Conflict, "report.old_xls"), map[string]string{"3.code": "report.old_xls"},
			"line 3, column code: "},
		{"no message", nil, &apperr.Error{Code: apperr.Invalid}, map[string]string{"3.code": "error.invalid"}, "line 3, column code: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &Problems{Column: c.column}
			p.AddError(3, "code", c.err)
			ae := apperr.As(p.Err())
			got := map[string]string{}
			for k, m := range ae.FieldMsgs {
				got[k] = m.Key
			}
			if !reflect.DeepEqual(got, c.want) || p.Count() != len(c.want) {
				t.Fatalf("%v, want %v", got, c.want)
			}
			if en := ae.Localized(i18n.EN); !strings.Contains(en, "problems: "+c.first) {
				t.Fatalf("%q, want %q first", en, c.first)
			}
		})
	}
}

// TestProblemsOf: a refusal reads back as the problems shown, by line and
// column, with the count of all; an error that is no row report has none.
func TestProblemsOf(t *testing.T) {
	p := &Problems{}
	for line := 150; line >= 2; line-- {
		p.Add(line, "quota", "report.empty")
	}
	p.Add(101, "code", "report.not_utf8", "x", 1)
	shown, n := ProblemsOf(apperr.As(p.Err()))
	if n != 150 || len(shown) != MaxShownProblems ||
		!reflect.DeepEqual(shown[0], Problem{Line: 51, Column: "quota", Msg: apperr.M("report.empty")}) || shown[99].Line != 150 {
		t.Fatalf("%d of %d: first %+v, last %+v", len(shown), n, shown[0], shown[len(shown)-1])
	}
	p = &Problems{}
	p.Add(4, "quota", "report.empty")
	p.Add(4, "code", "report.empty")
	p.Add(3, "education.majors", "report.empty")
	shown, n = ProblemsOf(apperr.As(p.Err()))
	if n != 3 || len(shown) != 3 || shown[0].Column != "education.majors" || shown[1].Column != "code" || shown[2].Column != "quota" {
		t.Fatalf("%d: %+v", n, shown)
	}
	for _, e := range []*apperr.Error{apperr.E(apperr.Invalid, "report.empty", "n", 3),
		apperr.InvalidMsgs(map[string]apperr.Msg{"nik": apperr.M("report.empty"), "x.y": apperr.M("report.empty")})} {
		if shown, n := ProblemsOf(e); shown != nil || n != 0 {
			t.Fatalf("%v: %d %+v", e, n, shown)
		}
	}
}
