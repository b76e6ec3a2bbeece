package recruitment

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// FormationColumns is the header of a formation import file (CSV or XLSX),
// in this order; levels, majors and documents are lists separated by ";".
var FormationColumns = []string{"code", "position", "unit", "employment_type", "quota", "category", "levels", "majors", "min_ipk", "age_min", "age_max", "documents"}

// FormationTemplate is a downloadable example file.
const FormationTemplate = "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents\n" +
	"PKY-2027-001,Pranata Komputer Ahli Pertama,\"Dinas Komunikasi, Informatika, Statistik dan Persandian\",PNS,3,umum,S1,S1-TI;S1-SI,3.00,18,35,\n"

// Row is one data row of an import with its physical line.
type Row struct {
	Line   int
	Fields []string
}

// ImportFormations adds every formation of a file to a period in one
// transaction: if any row is wrong, nothing is stored and the error lists
// each bad row and column (at most 100). The header row must be
// FormationColumns. Records formation.import (and formation.create per row).
// Errors: not_found (period), invalid (with the row report),
// failed_precondition (registration opened).
func (s *Service) ImportFormations(ctx context.Context, periodID int64, header []string, rows []Row) (int, error) {
	var problems []string
	add := func(line int, col, msg string) {
		if len(problems) < 100 {
			problems = append(problems, fmt.Sprintf("baris %d, kolom %s: %s", line, col, msg))
		}
	}
	if len(header) != len(FormationColumns) {
		return 0, apperr.New(apperr.Invalid, "Kepala tabel harus: "+strings.Join(FormationColumns, ","), "The header row must be: "+strings.Join(FormationColumns, ","))
	}
	for i, h := range header {
		if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) != FormationColumns[i] {
			return 0, apperr.New(apperr.Invalid, fmt.Sprintf("baris 1, kolom %d: %q, seharusnya %q", i+1, h, FormationColumns[i]),
				fmt.Sprintf("line 1, column %d: %q, expected %q", i+1, h, FormationColumns[i]))
		}
	}
	type parsed struct {
		line   int
		nf     NewFormation
		minIPK *int
	}
	var ps []parsed
	seen := map[string]int{}
	list := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ";") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	for _, r := range rows {
		f := r.Fields
		get := func(i int) string {
			if i < len(f) {
				return strings.TrimSpace(f[i])
			}
			return ""
		}
		nf := NewFormation{Code: get(0), Position: get(1), Unit: get(2), EmploymentType: get(3), Category: get(5)}
		bad := false
		intCol := func(i int, dst *int, optional bool) {
			v := get(i)
			if v == "" && optional {
				return
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				add(r.Line, FormationColumns[i], fmt.Sprintf("%q bukan bilangan bulat", v))
				bad = true
				return
			}
			*dst = n
		}
		intCol(4, &nf.Quota, false)
		intCol(9, &nf.AgeMin, true)
		intCol(10, &nf.AgeMax, true)
		nf.Education.Levels = list(get(6))
		nf.Education.Majors = list(get(7))
		if v := get(8); v != "" {
			h, err := ParseIPK(v)
			if err != nil || h > 400 {
				add(r.Line, "min_ipk", fmt.Sprintf("%q bukan IPK 0,00–4,00", v))
				bad = true
			} else {
				x := float64(h) / 100
				nf.MinIPK = &x
			}
		}
		for _, k := range list(get(11)) {
			d, ok := DocumentPresets[k]
			if !ok {
				add(r.Line, "documents", fmt.Sprintf("jenis dokumen %q tidak dikenal", k))
				bad = true
			}
			nf.Documents = append(nf.Documents, d)
		}
		if prev, ok := seen[nf.Code]; ok && nf.Code != "" {
			add(r.Line, "code", fmt.Sprintf("kode %s sudah dipakai di baris %d", nf.Code, prev))
			bad = true
		}
		seen[nf.Code] = r.Line
		if bad {
			continue
		}
		minIPK, err := nf.validate()
		if err != nil {
			fields := apperr.As(err).Fields
			keys := make([]string, 0, len(fields))
			for k := range fields {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				add(r.Line, k, fields[k])
			}
			continue
		}
		ps = append(ps, parsed{r.Line, nf, minIPK})
	}
	if len(rows) == 0 {
		return 0, apperr.New(apperr.Invalid, "Berkas tidak berisi formasi", "The file has no formations")
	}
	if len(problems) > 0 {
		return 0, importError(problems)
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := s.findPeriod(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if p.PublishedAt != nil && !s.now().Before(p.RegOpenAt) {
			return ErrRegistrationStarted
		}
		for _, x := range ps {
			if _, err := s.insertFormation(ctx, tx, periodID, x.nf, x.minIPK); err != nil {
				ae := apperr.As(err)
				if ae.Code == apperr.Internal {
					return err
				}
				msg := ae.Message
				for k, v := range ae.Fields {
					msg = k + ": " + v
				}
				add(x.line, "", msg)
			}
		}
		if len(problems) > 0 {
			return importError(problems)
		}
		return s.record(ctx, tx, audit.Event{Action: "formation.import", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10), Data: map[string]any{"formations": len(ps)}})
	})
	if err != nil {
		return 0, err
	}
	return len(ps), nil
}

func importError(problems []string) error {
	return &apperr.Error{Code: apperr.Invalid,
		Message:   fmt.Sprintf("Berkas ditolak seluruhnya; %d masalah: %s", len(problems), strings.Join(problems, "; ")),
		MessageEN: fmt.Sprintf("The whole file was rejected; %d problems: %s", len(problems), strings.Join(problems, "; "))}
}
