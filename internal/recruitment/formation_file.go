package recruitment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
)

// Formation files: the same columns (FormationColumns) for the template,
// the import and the export, so an export can be imported into another
// period as it is.

// MaxFormationFile bounds an uploaded formation file.
const MaxFormationFile = 10 << 20

// ReadFormationFile reads a formation file (CSV or XLSX, told apart by
// content) into its header and rows, each row with its physical line.
// Errors: *apperr.Error (too_large, unsupported_media_type, invalid).
func ReadFormationFile(r io.Reader, name string) ([]string, []Row, error) {
	t, err := report.ReadTableLimits(
		r,
		name,
		report.ReadLimits{MaxBytes: MaxFormationFile, MaxUncompressed: 4 * MaxFormationFile, MaxRows: 20_001, MaxCols: 100},
	)
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		return nil, nil, apperr.E(apperr.Invalid, "recruitment.import.no_header")
	}
	var rows []Row
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			return header, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, Row{Line: line, Fields: row})
	}
}

// FormationRow is a formation as a row of FormationColumns. Documents are
// named by their preset kind; a rule that differs from its preset is
// written by kind too (the file format has no place for custom limits).
func FormationRow(f *Formation) []string {
	codes := make([]string, len(f.Majors))
	for i, m := range f.Majors {
		codes[i] = m.Code
	}
	kinds := make([]string, len(f.Documents))
	for i, d := range f.Documents {
		kinds[i] = d.Kind
	}
	ipk := ""
	if f.MinIPK != nil {
		ipk = fmt.Sprintf("%d.%02d", *f.MinIPK/100, *f.MinIPK%100)
	}
	return []string{f.Code, f.Position, f.Unit, f.EmploymentType, strconv.Itoa(f.Quota), f.Category, strings.Join(f.Levels, ";"),
		strings.Join(codes, ";"), ipk, strconv.Itoa(f.AgeMin), strconv.Itoa(f.AgeMax), strings.Join(kinds, ";")}
}

// ExportFormations returns every formation of a published (or, withDrafts,
// any) period as rows of FormationColumns, in the order of the public list.
// Errors: not_found.
func (s *Service) ExportFormations(ctx context.Context, periodID int64, withDrafts bool) ([][]string, error) {
	fs, _, err := s.FindFormations(ctx, periodID, FormationFilter{}, withDrafts)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(fs))
	for i, f := range fs {
		out[i] = FormationRow(f)
	}
	return out, nil
}

// FormationTemplateRows are the example rows of the downloadable template.
func FormationTemplateRows() [][]string {
	_, rows, err := ReadFormationFile(strings.NewReader(FormationTemplate), "template")
	if err != nil {
		panic(err) // the template is a constant
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.Fields
	}
	return out
}

// WriteFormationFile writes a header of FormationColumns and rows as CSV
// ("csv": a UTF-8 BOM, then cells made safe by csvsafe.Cell) or XLSX
// ("xlsx"). Errors: invalid (another format).
func WriteFormationFile(w io.Writer, format string, rows [][]string) error {
	err := report.WriteTable(w, format, "Formasi", FormationColumns, rows)
	if errors.Is(err, report.ErrTableFormat) {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("recruitment.formations.format")})
	}
	return err
}
