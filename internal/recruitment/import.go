package recruitment

import (
	"context"
	"maps"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// FormationColumns is the header of a formation import file (CSV or XLSX),
// in this order; levels, majors and documents are lists separated by ";".
var FormationColumns = []string{
	"code",
	"position",
	"unit",
	"employment_type",
	"quota",
	"category",
	"levels",
	"majors",
	"min_ipk",
	"age_min",
	"age_max",
	"documents",
}

// FormationTemplate is a downloadable example file.
const FormationTemplate = "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents\n" +
	"PKY-2027-001,Pranata Komputer Ahli " +
	"Pertama,\"Dinas Komunikasi, Informatika, Statistik dan Persandian\",PNS,3,umum,S1,S1-TI;S1-SI,3.00,18,35,\n"

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
	if err := formationHeader(header); err != nil {
		return 0, err
	}
	bad := &report.Problems{}
	if len(rows) == 0 {
		return 0, apperr.E(apperr.Invalid, "recruitment.formations.empty")
	}
	var codes []string
	for _, r := range rows {
		if len(r.Fields) > 7 {
			codes = append(codes, list(r.Fields[7])...)
		}
	}
	unknown, err := s.unknownMajors(ctx, codes)
	if err != nil {
		return 0, err
	}
	ps := parseFormationRows(rows, unknown, bad)
	if err := bad.Err(); err != nil {
		return 0, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := s.findPeriod(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if p.PublishedAt != nil && !s.now().Before(p.RegOpenAt) {
			return ErrRegistrationStarted
		}
		for _, x := range ps {
			if _, err := s.insertFormation(ctx, tx, periodID, x.nf, x.minIPK); err != nil {
				if apperr.CodeOf(err) == apperr.Internal {
					return err
				}
				bad.AddError(x.line, "", apperr.As(err))
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     "formation.import",
				ObjectType: "period",
				ObjectID:   strconv.FormatInt(periodID, 10),
				Data:       map[string]any{"formations": len(ps)},
			},
		)
	})
	if err != nil {
		return 0, err
	}
	return len(ps), nil
}

// formationHeader checks the header row: FormationColumns, in order.
func formationHeader(header []string) error {
	if len(header) != len(FormationColumns) {
		return apperr.E(apperr.Invalid, "recruitment.formations.header", "columns", strings.Join(FormationColumns, ","))
	}
	for i, h := range header {
		if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) != FormationColumns[i] {
			return apperr.E(apperr.Invalid, "recruitment.formations.header_column", "n", i+1, "got", h, "want", FormationColumns[i])
		}
	}
	return nil
}

// parsedFormation is a checked row of a formation file.
type parsedFormation struct {
	line   int
	nf     NewFormation
	minIPK *int
}

// list splits a cell of ";"-separated values.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseFormationRows checks every row of a formation file, all of its
// rules at once: a cell that does not read, the rules of a formation for
// the cells that do, the major codes not in the catalogue (unknown). The
// problems go to bad, the good rows are returned.
func parseFormationRows(rows []Row, unknown map[string]bool, bad *report.Problems) []parsedFormation {
	var ps []parsedFormation
	seen := map[string]int{}
	for _, r := range rows {
		before := bad.Count()
		nf, unread := parseFormationRow(r, bad)
		if prev, dup := seen[nf.Code]; dup && nf.Code != "" {
			bad.Add(r.Line, "code", "recruitment.formations.code_twice", "code", nf.Code, "line", prev)
		}
		seen[nf.Code] = r.Line
		minIPK, err := nf.validate()
		f := fieldMsgs{}
		if err != nil {
			maps.Copy(f, apperr.As(err).FieldMsgs)
		}
		majorsMsg(f, nf.Education.Majors, unknown)
		for col := range unread {
			if field, ok := formationField[col]; ok {
				col = field
			}
			delete(f, col)
		}
		if len(f) > 0 {
			bad.AddError(r.Line, "", apperr.InvalidMsgs(f))
		}
		if bad.Count() == before {
			ps = append(ps, parsedFormation{r.Line, nf, minIPK})
		}
	}
	return ps
}

// formationField is the field of a formation's rules that a file's column
// fills (where the two names differ).
var formationField = map[string]string{"levels": "education.levels", "majors": "education.majors", "age_min": "age_max"}

// majorsMsg puts on education.majors the codes of majors that are unknown
// (unless the field has a message).
func majorsMsg(f fieldMsgs, majors []string, unknown map[string]bool) {
	var bad []string
	for _, m := range majors {
		if unknown[strings.TrimSpace(m)] {
			bad = append(bad, m)
		}
	}
	if len(bad) > 0 && !f.has("education.majors") {
		f.set("education.majors", "recruitment.education.unknown", "codes", strings.Join(bad, ", "))
	}
}

// parseFormationRow reads the cells of one row into a formation (the
// rules of NewFormation are checked after); it returns the columns whose
// cells did not read (their problems are in bad).
func parseFormationRow(r Row, bad *report.Problems) (NewFormation, map[string]bool) {
	get := func(i int) string {
		if i < len(r.Fields) {
			return strings.TrimSpace(r.Fields[i])
		}
		return ""
	}
	nf := NewFormation{Code: get(0), Position: get(1), Unit: get(2), EmploymentType: get(3), Category: get(5)}
	unread := map[string]bool{}
	intCol := func(i int, dst *int, optional bool) {
		v := get(i)
		if v == "" && optional {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			bad.Add(r.Line, FormationColumns[i], "recruitment.formations.not_integer", "value", v)
			unread[FormationColumns[i]] = true
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
			bad.Add(r.Line, "min_ipk", "recruitment.formations.min_ipk", "value", v)
			unread["min_ipk"] = true
		} else {
			x := float64(h) / 100
			nf.MinIPK = &x
		}
	}
	for _, k := range list(get(11)) {
		d, known := DocumentPresets[k]
		if !known {
			bad.Add(r.Line, "documents", "recruitment.formations.document_kind", "kind", k)
			unread["documents"] = true
			continue
		}
		nf.Documents = append(nf.Documents, d)
	}
	return nf, unread
}
