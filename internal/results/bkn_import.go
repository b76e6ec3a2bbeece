package results

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// CAT BKN: in a national round the SKD and the SKB CAT are sat at CAT BKN
// and the agency receives BKN's result exports. ImportSKD and ImportSKB
// store them in selection_scores (source 'import', source_ref the file's
// SHA-256), all rows or none.

// MaxScoreFile bounds a CAT BKN export (bytes).
const MaxScoreFile = 20 << 20

// maxScoreRows bounds the rows of an export.
const maxScoreRows = 200_000

// Refusals of an import that depend on the state of the period.
var (
	// ErrFinalPublished refuses scores once the period's final results
	// are published.
	ErrFinalPublished = apperr.E(apperr.Conflict, "results.import.final_published")
	// ErrPeriodNotFound: no such period.
	ErrPeriodNotFound = apperr.E(apperr.NotFound, "recruitment.period_not_found")
)

// ImportSummary counts what an import stored.
type ImportSummary struct {
	Imported int `json:"imported"`
	Present  int `json:"present"`
	Absent   int `json:"absent"`
	// Reused counts the SKD scores carried over from an earlier year.
	Reused int `json:"reused"`
}

// ImportSKD imports CAT BKN's SKD result export (CSV or XLSX, told apart
// by content; columns SKDColumns) into a period. Every row must name, by
// no_peserta and nik, an application of the period that its latest
// administration announcement lists as MS, once; a present candidate has
// TWK, TIU and TKP in range (TWK and TIU multiples of 5), an absent one
// none; skd_tahun_sebelumnya, when given, is an earlier year whose
// application of the same NIK in this system (if any) has the same
// education level. All rows or none: each stored score replaces the
// application's earlier SKD score. Records scores.import for the file and
// score.import per application. Errors: not_found (period), too_large,
// unsupported_media_type, invalid (the file, the header, the row report),
// conflict (the period's final results are published).
func (s *Service) ImportSKD(ctx context.Context, periodID int64, r io.Reader) (*ImportSummary, error) {
	return s.importScores(ctx, periodID, ComponentSKD, r)
}

// ImportSKB imports CAT BKN's SKB result export (columns SKBColumns): as
// ImportSKD, for applications with a present SKD score in the period; a
// present candidate has a score 0–100 with at most 3 decimals, an absent
// one an empty cell. Errors: as ImportSKD's.
func (s *Service) ImportSKB(ctx context.Context, periodID int64, r io.Reader) (*ImportSummary, error) {
	return s.importScores(ctx, periodID, ComponentSKB, r)
}

// ImportScores is ImportSKD or ImportSKB by component ("skd" or "skb";
// another is invalid, on the field component).
func (s *Service) ImportScores(ctx context.Context, periodID int64, component string, r io.Reader) (*ImportSummary, error) {
	if component != ComponentSKD && !Scored(component) {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"component": apperr.M("results.import.component")})
	}
	return s.importScores(ctx, periodID, component, r)
}

// scoreFile is a read export: its header, its data rows and the SHA-256
// of its bytes.
type scoreFile struct {
	header []string
	rows   []fileRow
	sha256 string
}

// readScoreFile reads an export whole (it is checked whole before
// anything is stored).
func readScoreFile(r io.Reader) (*scoreFile, error) {
	h := sha256.New()
	t, err := report.ReadTableLimits(io.TeeReader(r, h), "scores", report.ReadLimits{MaxBytes: MaxScoreFile,
		MaxUncompressed: 8 * MaxScoreFile, MaxRows: maxScoreRows + 1, MaxCols: 100})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return nil, apperr.E(apperr.Invalid, "results.import.no_header")
	}
	if err != nil {
		return nil, err
	}
	f := &scoreFile{header: header}
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		f.rows = append(f.rows, fileRow{line: line, cells: row})
	}
	// A CSV is read as a stream: what follows the last row still counts.
	if _, err := io.Copy(h, r); err != nil {
		return nil, apperr.Wrap(err, "read scores")
	}
	f.sha256 = hex.EncodeToString(h.Sum(nil))
	return f, nil
}

// importScores reads the file, checks its cells, then in one transaction
// checks the period's state and each row against the applications, and
// stores and records the scores.
func (s *Service) importScores(ctx context.Context, periodID int64, component string, r io.Reader) (*ImportSummary, error) {
	year, err := s.periodYear(ctx, s.db.R, periodID)
	if err != nil {
		return nil, err
	}
	f, err := readScoreFile(r)
	if err != nil {
		return nil, err
	}
	col, err := columnsOf(component, f.header)
	if err != nil {
		return nil, err
	}
	if len(f.rows) == 0 {
		return nil, apperr.E(apperr.Invalid, "results.import.empty")
	}
	if len(f.rows) > maxScoreRows {
		return nil, apperr.E(apperr.TooLarge, "results.import.too_many", "max", maxScoreRows)
	}
	bad := &report.Problems{Refusal: "results.import.rejected"}
	parsed := newRowParser(component, col, year, bad).parse(f.rows)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	qualified, err := s.qualifiedSet(ctx, periodID)
	if err != nil {
		return nil, err
	}
	_ = s.db.Prepare(ctx, audit.HotStatements(string(s.db.Engine))...)
	sum := &ImportSummary{}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		*sum = ImportSummary{}
		if done, err := finalPublished(ctx, tx, periodID); err != nil {
			return err
		} else if done {
			return ErrFinalPublished
		}
		rec := &reconciler{component: component, periodID: periodID, year: year, qualified: qualified, bad: bad}
		scores, err := rec.run(ctx, tx, parsed)
		if err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		return s.storeImport(ctx, tx, storeArgs{periodID: periodID, component: component, sha: f.sha256, at: at}, scores, sum)
	})
	s.scoresChanged()
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// qualifiedSet is the set of the period's applications announced MS.
func (s *Service) qualifiedSet(ctx context.Context, periodID int64) (map[int64]bool, error) {
	set := map[int64]bool{}
	if s.qualified == nil {
		return set, nil
	}
	ids, err := s.qualified(ctx, periodID)
	for _, id := range ids {
		set[id] = true
	}
	return set, err
}

// rowQuerier is what reads a row: the read pool or a transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// periodYear is the year of a period's selection: the year of its SKD day
// in the period's zone, or, with no SKD day set, of the opening of its
// registration. Errors: not_found.
func (s *Service) periodYear(ctx context.Context, q rowQuerier, periodID int64) (int, error) {
	var tz string
	var skd sql.NullTime
	var open time.Time
	err := q.QueryRowContext(ctx, `SELECT time_zone, skd_at, reg_open_at FROM periods WHERE id = $1`, periodID).Scan(&tz, &skd, &open)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrPeriodNotFound
	}
	if err != nil {
		return 0, sqldb.Translate(err, "period")
	}
	return yearOf(tz, skd, open), nil
}

// yearOf is a period's year from its zone, SKD day and registration opening.
func yearOf(tz string, skd sql.NullTime, open time.Time) int {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	if skd.Valid {
		return skd.Time.In(loc).Year()
	}
	return open.In(loc).Year()
}

// FinalPublished reports whether a period's final results are published
// (an announcement of stage "final"): from then on its scores no longer
// change. Errors: internal.
func (s *Service) FinalPublished(ctx context.Context, periodID int64) (bool, error) {
	return finalPublished(ctx, s.db.R, periodID)
}

func finalPublished(ctx context.Context, q rowQuerier, periodID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM announcements WHERE period_id = $1 AND stage = $2`, periodID, StageFinal).Scan(&n)
	return n > 0, sqldb.Translate(err, "final announcement")
}

// storeArgs is what every stored score of an import shares.
type storeArgs struct {
	periodID  int64
	component string
	sha       string
	at        time.Time
}

// matched is a checked row with its application.
type matched struct {
	*scoreRow
	app      *periodApp
	previous string // the source of the score it replaces ("": none)
}

// storeImport stores the scores and records score.import for each and
// scores.import for the file.
func (s *Service) storeImport(ctx context.Context, tx *sqldb.Tx, a storeArgs, rows []matched, sum *ImportSummary) error {
	scores := make([]Score, len(rows))
	for i, m := range rows {
		scores[i] = Score{ApplicationID: m.app.id, PeriodID: a.periodID, Component: a.component, Present: m.present,
			TWK: m.twk, TIU: m.tiu, TKP: m.tkp, Milli: m.milli, Source: SourceImport, SourceRef: a.sha, ReusedYear: m.reused,
			RecordedAt: a.at}
	}
	if err := putScores(ctx, tx, scores); err != nil {
		return err
	}
	for _, m := range rows {
		data := map[string]any{"period": strconv.FormatInt(a.periodID, 10), "component": a.component,
			"registration_number": m.regNo, "present": m.present, "sha256": a.sha, "replaces": m.previous}
		switch {
		case m.present && a.component == ComponentSKD:
			data["twk"], data["tiu"], data["tkp"] = m.twk, m.tiu, m.tkp
		case m.present:
			data[valueColumn(a.component)] = milliText(m.milli)
		}
		if m.reused != 0 {
			data["reused_year"] = m.reused
			sum.Reused++
		}
		if m.present {
			sum.Present++
		} else {
			sum.Absent++
		}
		if err := s.record(ctx, tx, audit.Event{At: a.at, Action: "score.import", ObjectType: "application",
			ObjectID: strconv.FormatInt(m.app.id, 10), Data: data}); err != nil {
			return err
		}
	}
	sum.Imported = len(rows)
	return s.record(ctx, tx, audit.Event{At: a.at, Action: "scores.import", ObjectType: "period",
		ObjectID: strconv.FormatInt(a.periodID, 10), Data: map[string]any{"component": a.component, "source": SourceImport,
			"sha256": a.sha, "rows": sum.Imported, "present": sum.Present, "absent": sum.Absent, "reused": sum.Reused}})
}

// ScoreCount is how many scores of one component from one source a
// period has.
type ScoreCount struct {
	Component, Source       string
	Present, Absent, Reused int
}

// CountScores counts a period's scores by component and source, in that
// order. Errors: internal.
func (s *Service) CountScores(ctx context.Context, periodID int64) ([]ScoreCount, error) {
	var out []ScoreCount
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT component, source, sum(CASE WHEN present THEN 1 ELSE 0 END),
sum(CASE WHEN present THEN 0 ELSE 1 END), count(reused_year) FROM selection_scores WHERE period_id = $1
GROUP BY component, source ORDER BY component, source`, func(r *sql.Rows) error {
		var c ScoreCount
		err := r.Scan(&c.Component, &c.Source, &c.Present, &c.Absent, &c.Reused)
		out = append(out, c)
		return err
	}, periodID)
	return out, sqldb.Translate(err, "count scores")
}
