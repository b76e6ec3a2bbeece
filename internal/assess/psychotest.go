package assess

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// A psychotest's results (its dimension scores and recommendations) are
// read only by the psychologists drawn for it, the committee and the
// auditor, and every read is recorded as assess.psychotest.read
// (DESIGN §4: reads of sensitive data are recorded).

// recommendationsOf reads an instrument's recommendations by candidate and
// assessor.
func recommendationsOf(ctx context.Context, q sqldb.Querier, instrumentID int64) (map[int64]map[int64]string, error) {
	out := map[int64]map[int64]string{}
	err := sqldb.RunQuery(ctx, q, `SELECT application_id, assessor_id, recommendation FROM assess_recommendations
WHERE instrument_id = $1`, func(r *sql.Rows) error {
		var app, who int64
		var rec string
		if err := r.Scan(&app, &who, &rec); err != nil {
			return err
		}
		if out[app] == nil {
			out[app] = map[int64]string{}
		}
		out[app][who] = rec
		return nil
	}, instrumentID)
	return out, sqldb.Translate(err, "find recommendations")
}

// viewRecommendations fills a submitted psychologist's view of a candidate:
// their own recommendation, the others' that are in, and the final one
// once every assessor submitted.
func (s *Service) viewRecommendations(ctx context.Context, a *Assigned, assessorID int64) error {
	var all []string
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT assessor_id, recommendation FROM assess_recommendations
WHERE instrument_id = $1 AND application_id = $2 ORDER BY assessor_id`, func(r *sql.Rows) error {
		var who int64
		var rec string
		if err := r.Scan(&who, &rec); err != nil {
			return err
		}
		all = append(all, rec)
		if who == assessorID {
			a.Recommendation = rec
		} else {
			a.OtherRecommendations = append(a.OtherRecommendations, rec)
		}
		return nil
	}, a.Instrument.ID, a.ApplicationID)
	if err != nil {
		return sqldb.Translate(err, "find recommendations")
	}
	var pending int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM assess_assignments
WHERE instrument_id = $1 AND application_id = $2 AND withdrawn_at IS NULL AND submitted_at IS NULL`,
		a.Instrument.ID, a.ApplicationID).Scan(&pending); err != nil {
		return sqldb.Translate(err, "count pending")
	}
	if pending == 0 {
		a.FinalRecommendation = FinalRecommendation(all)
	}
	return nil
}

// recordRead records, in its own transaction, that the acting person read
// a psychotest's results: the instrument's (appID 0) or one candidate's.
func (s *Service) recordRead(ctx context.Context, instrumentID, appID int64) error {
	data := map[string]any{}
	if appID != 0 {
		data["application"] = appID
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.record(ctx, tx, audit.Event{Action: "assess.psychotest.read", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(instrumentID, 10), Data: data})
	})
}

// ReadCandidates is Candidates as a person reads them on a page: the read
// of a psychotest's results is recorded (assess.psychotest.read).
func (s *Service) ReadCandidates(ctx context.Context, instrumentID int64) (*Instrument, []CandidateRow, error) {
	in, rows, err := s.Candidates(ctx, instrumentID)
	if err != nil {
		return nil, nil, err
	}
	if in.Kind == KindPsychotest {
		if err := s.recordRead(ctx, instrumentID, 0); err != nil {
			return nil, nil, err
		}
	}
	return in, rows, nil
}

// Limits of a psychologist's score file.
const (
	MaxImportFile = 1 << 20 // bytes
	maxImportRows = 5000
)

// Columns of a psychologist's score file: the registration number, one
// column per dimension (headed by its name) and the recommendation.
const (
	ColNumber         = "nomor_pendaftaran"
	ColRecommendation = "rekomendasi"
)

// ImportHeader is the header row a psychologist's score file of in starts
// with.
func ImportHeader(in *Instrument) []string {
	out := []string{ColNumber}
	for _, d := range in.Dimensions {
		out = append(out, d.Name)
	}
	return append(out, ColRecommendation)
}

// ErrPsychotestOnly: only a psychotest's scores are imported.
var ErrPsychotestOnly = apperr.E(apperr.Conflict, "assessinstr.import.psychotest_only")

// ImportPsychotest submits a psychologist's scores and recommendations
// from a file (CSV or XLSX: ImportHeader, then one row per candidate), each
// row as if entered by hand (SubmitWith), all rows in one transaction or
// none. Every row must be a candidate drawn for this psychologist, not
// submitted yet, once. Records assess.submit per row and
// assess.psychotest.import. It returns how many were submitted. Errors:
// not_found (ErrNotAssigned: not one of the instrument's psychologists),
// conflict (ErrPsychotestOnly), invalid (the rows' problems, by line and
// column: report.Problems), too_large, unsupported_media_type.
func (s *Service) ImportPsychotest(ctx context.Context, assessorID, instrumentID int64, r io.Reader) (int, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return 0, ErrNotAssigned
	}
	mine, err := s.assignedNumbers(ctx, assessorID, instrumentID)
	if err != nil {
		return 0, err
	}
	if len(mine) == 0 {
		return 0, ErrNotAssigned
	}
	if in.Kind != KindPsychotest {
		return 0, ErrPsychotestOnly
	}
	rows, err := readImport(in, r, mine)
	if err != nil {
		return 0, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		for _, row := range rows {
			if err := s.submitIn(ctx, tx, in, assessorID, row.app, row.sub); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.psychotest.import", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(instrumentID, 10), Data: map[string]any{"rows": len(rows)}})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// assignedNumbers maps the registration numbers of the candidates drawn
// for an assessor in an instrument (not withdrawn) to their application
// and whether the assessor submitted.
func (s *Service) assignedNumbers(ctx context.Context, assessorID, instrumentID int64) (map[string]mineRow, error) {
	out := map[string]mineRow{}
	// Joins across parts: applications (recruitment), for the number.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT a.registration_number, x.application_id, x.submitted_at IS NOT NULL
FROM assess_assignments x JOIN applications a ON a.id = x.application_id
WHERE x.instrument_id = $1 AND x.assessor_id = $2 AND x.withdrawn_at IS NULL`, func(r *sql.Rows) error {
		var n string
		var m mineRow
		err := r.Scan(&n, &m.app, &m.submitted)
		out[n] = m
		return err
	}, instrumentID, assessorID)
	return out, sqldb.Translate(err, "find assigned")
}

type mineRow struct {
	app       int64
	submitted bool
}

type importRow struct {
	app int64
	sub Submission
}

// readImport reads and checks a score file whole: nothing is stored unless
// every row is right.
func readImport(in *Instrument, r io.Reader, mine map[string]mineRow) ([]importRow, error) {
	t, err := report.ReadTableLimits(r, "psychotest", report.ReadLimits{MaxBytes: MaxImportFile, MaxUncompressed: 8 * MaxImportFile,
		MaxRows: maxImportRows + 1, MaxCols: maxDimensions + 2})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	want := ImportHeader(in)
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return nil, apperr.E(apperr.Invalid, "assessinstr.import.header", "header", strings.Join(want, ","))
	}
	if err != nil {
		return nil, err
	}
	if !sameHeader(header, want) {
		return nil, apperr.E(apperr.Invalid, "assessinstr.import.header", "header", strings.Join(want, ","))
	}
	var p report.Problems
	var out []importRow
	seen := map[string]int{}
	for {
		cells, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if row, ok := checkImportRow(&p, in, want, cells, line, mine, seen); ok {
			out = append(out, row)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.E(apperr.Invalid, "assessinstr.import.empty")
	}
	return out, nil
}

func sameHeader(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if !strings.EqualFold(strings.TrimSpace(got[i]), want[i]) {
			return false
		}
	}
	return true
}

// checkImportRow checks one row of a score file, reporting its problems
// on p; ok when it has none.
func checkImportRow(p *report.Problems, in *Instrument, cols, cells []string, line int, mine map[string]mineRow,
	seen map[string]int) (importRow, bool) {
	before := p.Count()
	cell := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	if len(cells) > len(cols) {
		p.Add(line, cols[len(cols)-1], "assessinstr.import.columns", "n", len(cols))
	}
	number := cell(0)
	m, ok := mine[number]
	switch {
	case number == "":
		p.Add(line, ColNumber, "assessinstr.import.number")
	case !ok:
		p.Add(line, ColNumber, "assessinstr.import.not_yours", "number", number)
	case seen[number] > 0:
		p.Add(line, ColNumber, "assessinstr.import.twice", "line", seen[number])
	case m.submitted:
		p.Add(line, ColNumber, "assess.submitted")
	}
	if number != "" && seen[number] == 0 {
		seen[number] = line
	}
	row := importRow{app: m.app}
	for i, d := range in.Dimensions {
		v, err := strconv.Atoi(cell(i + 1))
		if err != nil || v < 1 || v > Levels {
			p.Add(line, d.Name, "assess.score")
		}
		row.sub.Scores = append(row.sub.Scores, v)
	}
	row.sub.Recommendation = strings.ToLower(cell(len(in.Dimensions) + 1))
	if err := validSubmission(in, row.sub); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.FieldMsgs["recommendation"].Key != "" {
			p.Add(line, ColRecommendation, ae.FieldMsgs["recommendation"].Key)
		}
	}
	return row, p.Count() == before
}
