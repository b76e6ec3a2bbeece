package verification

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
	"asnpro/internal/report/csvsafe"
	"asnpro/internal/sqldb"
)

// Stages an announcement may publish (API.md). This part publishes
// administration and appeal; later parts add theirs.
const (
	StageAdministration = "administration"
	StageAppeal         = "appeal"
)

var allStages = []string{StageAdministration, StageAppeal, "skd", "final"}

// Announcement is one published version of a stage's results.
type Announcement struct {
	ID          int64
	PeriodID    int64
	Stage       string
	Version     int
	PublishedAt time.Time
	PublishedBy int64
	SHA256      string
	AuditSeq    int64
	Rows        int
	CSV         []byte
}

// Item is one row of a published result list.
type Item struct {
	No                 int    `json:"no"`
	ApplicationID      int64  `json:"-"`
	RegistrationNumber string `json:"registration_number"`
	Name               string `json:"name"` // masked
	FormationCode      string `json:"formation_code"`
	Position           string `json:"position"`
	Unit               string `json:"unit"`
	Result             string `json:"result"`
}

// CSVHeader is the header row of every result CSV.
var CSVHeader = []string{"no", "registration_number", "name", "formation_code", "position", "unit", "result"}

// EncodeCSV writes the canonical CSV of a result list: a UTF-8 BOM, a
// header row, one row per item in order, every cell that a spreadsheet would
// run as a formula (= + - @ tab CR in front) prefixed with an apostrophe
// (csvsafe.Cell), fields quoted only when needed, lines ending in \n. These
// are the bytes stored, served as format=csv and hashed: the SHA-256 that
// is recorded and printed is of them, BOM included. A version published
// before this form serves its own stored bytes, which match its own hash.
func EncodeCSV(items []Item) []byte {
	var b bytes.Buffer
	b.Grow(len(items)*96 + len(csvsafe.BOM))
	w := csvsafe.NewWriter(&b)
	_ = w.Write(CSVHeader)
	rec := make([]string, len(CSVHeader))
	for _, it := range items {
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] = strconv.Itoa(it.No), it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Unit, it.Result
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// Published is what PublishResults answers (API.md).
type Published struct {
	Stage       string    `json:"stage"`
	Version     int       `json:"version"`
	SHA256      string    `json:"sha256"`
	AuditSeq    int64     `json:"audit_seq"`
	Rows        int       `json:"rows"`
	PublishedAt time.Time `json:"published_at"`
}

// PublishResults publishes a new version of a stage's results in a
// period: every submitted application with its registration number, masked
// name, formation and MS/TMS (after appeals for the appeal stage). The
// canonical CSV is stored, its SHA-256 recorded by announcement.publish in
// the same transaction, and a checkpoint of the audit chain is signed at
// once. Earlier versions stay public. Errors in API.md's order: forbidden
// (pact), not_found (period), invalid (stage), failed_precondition
// (undecided applications or unanswered appeals, with the count; the
// appeal stage before the administration one).
func (s *Service) PublishResults(ctx context.Context, p *identity.Principal, periodID int64, stage string) (*Published, error) {
	per, err := s.rec.FindPeriodByID(ctx, periodID, true)
	if err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	stage = strings.TrimSpace(stage)
	switch stage {
	case StageAdministration, StageAppeal:
	case "skd", "final":
		return nil, apperr.InvalidFields(map[string]string{"stage": "Tahap " + stage + " diumumkan oleh bagian seleksi (belum tersedia pada versi ini)"})
	default:
		return nil, apperr.InvalidFields(map[string]string{"stage": "Tahap harus salah satu dari: " + strings.Join(allStages, ", ")})
	}
	if per.PublishedAt == nil {
		return nil, apperr.New(apperr.FailedPrecondition, "Periode belum diumumkan", "The period has not been published")
	}
	var out *Published
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM verifications WHERE period_id = $1 AND decision IS NULL`, periodID).Scan(&n); err != nil {
			return sqldb.Translate(err, "count undecided")
		}
		if n > 0 {
			return errUndecided(n)
		}
		if stage == StageAppeal {
			var admin int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM announcements WHERE period_id = $1 AND stage = 'administration'`, periodID).Scan(&admin); err != nil {
				return sqldb.Translate(err, "announcements")
			}
			if admin == 0 {
				return apperr.New(apperr.FailedPrecondition, "Pengumuman pascasanggah diterbitkan setelah pengumuman hasil seleksi administrasi", "The post-appeal announcement comes after the administration announcement")
			}
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE period_id = $1 AND status = 'pending'`, periodID).Scan(&n); err != nil {
				return sqldb.Translate(err, "count appeals")
			}
			if n > 0 {
				return errPendingAppeals(n)
			}
		}
		items, err := s.resultRows(ctx, tx, periodID)
		if err != nil {
			return err
		}
		data := EncodeCSV(items)
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		var version int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM announcements WHERE period_id = $1 AND stage = $2`, periodID, stage).Scan(&version); err != nil {
			return sqldb.Translate(err, "version")
		}
		now := sqldb.Now(s.now())
		objectID := fmt.Sprintf("%d/%s/%d", periodID, stage, version)
		ms := 0
		for _, it := range items {
			if it.Result == MS {
				ms++
			}
		}
		if err := s.record(ctx, tx, audit.Event{At: now, Action: "announcement.publish", ObjectType: "announcement", ObjectID: objectID,
			Data: map[string]any{"period": id64(periodID), "stage": stage, "version": version, "sha256": digest, "rows": len(items), "ms": ms, "tms": len(items) - ms}}); err != nil {
			return err
		}
		// On SQLite events are written at the end of the write: now, to
		// read back the seq of this one.
		if err := tx.Flush(ctx); err != nil {
			return err
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, `SELECT max(seq) FROM audit_events WHERE action = 'announcement.publish' AND object_id = $1`, objectID).Scan(&seq); err != nil {
			return sqldb.Translate(err, "audit seq")
		}
		var annID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO announcements (period_id, stage, version, published_at, published_by, sha256, audit_seq, row_count, csv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			periodID, stage, version, now, p.UserID, digest, seq, len(items), string(data)).Scan(&annID); err != nil {
			return sqldb.Translate(err, "insert announcement")
		}
		if err := insertItems(ctx, tx, annID, items); err != nil {
			return err
		}
		if stage == StageAdministration {
			// The first administration announcement opens the appeal window
			// (recruitment.Period.AppealEnds); the version moves so every
			// copy of the period is read again.
			if _, err := tx.ExecContext(ctx, `UPDATE periods SET admin_announced_at = $1, catalog_version = catalog_version + 1 WHERE id = $2 AND admin_announced_at IS NULL`, now, periodID); err != nil {
				return sqldb.Translate(err, "announced")
			}
		}
		if err := s.scheduleNotices(ctx, tx, annID, 0); err != nil {
			return err
		}
		out = &Published{Stage: stage, Version: version, SHA256: digest, AuditSeq: seq, Rows: len(items), PublishedAt: now}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The renderings are made now, side by side, so the first readers of a
	// fresh list (everyone at once) find them ready.
	if a, err := s.FindAnnouncement(ctx, periodID, stage, out.Version); err == nil {
		var wg sync.WaitGroup
		for _, f := range []string{"pdf", "xlsx"} {
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = s.Render(ctx, a, f, per.Name) }()
		}
		wg.Wait()
	}
	if s.audit != nil {
		// Signed at every publication (DESIGN §4); the periodic one follows
		// if this fails, and the publication stands.
		_, _ = s.audit.Checkpoint(ctx, "publication")
	}
	return out, nil
}

// resultRows reads the current decisions of a period as a result list,
// ordered by formation code and registration number.
func (s *Service) resultRows(ctx context.Context, q queryer, periodID int64) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.application_id, a.registration_number, ap.name, f.code, f.position, f.unit, v.decision
FROM verifications v JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id JOIN formations f ON f.id = v.formation_id
WHERE v.period_id = $1 ORDER BY f.code, a.registration_number`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "results")
	}
	defer rows.Close()
	var items []Item
	for rows.Next() {
		var it Item
		var name string
		if err := rows.Scan(&it.ApplicationID, &it.RegistrationNumber, &name, &it.FormationCode, &it.Position, &it.Unit, &it.Result); err != nil {
			return nil, sqldb.Translate(err, "results")
		}
		it.No, it.Name = len(items)+1, recruitment.MaskName(name)
		items = append(items, it)
	}
	return items, sqldb.Translate(rows.Err(), "results")
}

// insertItems writes a list's rows in multi-row statements.
func insertItems(ctx context.Context, tx *sqldb.Tx, annID int64, items []Item) error {
	if tx.Dialect() == "sqlite" {
		// In-process: one prepared statement per row is fastest (large
		// multi-row statements cost more to bind than they save).
		st, err := tx.PrepareContext(ctx, `INSERT INTO announcement_items (announcement_id, application_id, no, registration_number, masked_name, formation_code, position, unit, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`)
		if err != nil {
			return sqldb.Translate(err, "insert results")
		}
		defer st.Close()
		for _, it := range items {
			if _, err := st.ExecContext(ctx, annID, it.ApplicationID, it.No, it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Unit, it.Result); err != nil {
				return sqldb.Translate(err, "insert results")
			}
		}
		return nil
	}
	// PostgreSQL: one statement per 10,000 rows, the columns as arrays.
	const per = 10_000
	for start := 0; start < len(items); start += per {
		chunk := items[start:min(start+per, len(items))]
		app, no := make([]int64, len(chunk)), make([]int64, len(chunk))
		reg, name, code, pos, unit, res := make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk))
		for i, it := range chunk {
			app[i], no[i], reg[i], name[i], code[i], pos[i], unit[i], res[i] = it.ApplicationID, int64(it.No), it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Unit, it.Result
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO announcement_items (announcement_id, application_id, no, registration_number, masked_name, formation_code, position, unit, result)
SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`, annID, app, no, reg, name, code, pos, unit, res); err != nil {
			return sqldb.Translate(err, "insert results")
		}
	}
	return nil
}

const announcementColumns = `id, period_id, stage, version, published_at, coalesce(published_by, 0), sha256, audit_seq, row_count`

func scanAnnouncement(r interface{ Scan(...any) error }) (*Announcement, error) {
	a := &Announcement{}
	if err := r.Scan(&a.ID, &a.PeriodID, &a.Stage, &a.Version, &a.PublishedAt, &a.PublishedBy, &a.SHA256, &a.AuditSeq, &a.Rows); err != nil {
		return nil, err
	}
	a.PublishedAt = a.PublishedAt.UTC()
	return a, nil
}

// FindAnnouncement returns a published version of a stage (version 0: the
// latest; stage "": the latest stage published). Anyone may read it.
// Errors: invalid (stage), not_found.
func (s *Service) FindAnnouncement(ctx context.Context, periodID int64, stage string, version int) (*Announcement, error) {
	if stage != "" && !contains(allStages, stage) {
		return nil, apperr.InvalidFields(map[string]string{"stage": "Tahap harus salah satu dari: " + strings.Join(allStages, ", ")})
	}
	q := `SELECT ` + announcementColumns + ` FROM announcements WHERE period_id = $1`
	args := []any{periodID}
	if stage != "" {
		args = append(args, stage)
		q += ` AND stage = $2`
	}
	if version > 0 {
		args = append(args, version)
		q += ` AND version = $` + strconv.Itoa(len(args))
	}
	a, err := scanAnnouncement(s.db.R.QueryRowContext(ctx, q+` ORDER BY published_at DESC, id DESC LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoVersion
	}
	return a, sqldb.Translate(err, "announcement")
}

// FindAnnouncements lists every published version of a period, newest first.
func (s *Service) FindAnnouncements(ctx context.Context, periodID int64) ([]*Announcement, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+announcementColumns+` FROM announcements WHERE period_id = $1 ORDER BY published_at DESC, id DESC`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "announcements")
	}
	defer rows.Close()
	var out []*Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows)
		if err != nil {
			return nil, sqldb.Translate(err, "announcements")
		}
		out = append(out, a)
	}
	return out, sqldb.Translate(rows.Err(), "announcements")
}

// CSV returns the exact stored CSV bytes of an announcement.
func (s *Service) CSV(ctx context.Context, a *Announcement) ([]byte, error) {
	if a.CSV != nil {
		return a.CSV, nil
	}
	var t string
	if err := s.db.R.QueryRowContext(ctx, `SELECT csv FROM announcements WHERE id = $1`, a.ID).Scan(&t); err != nil {
		return nil, sqldb.Translate(err, "csv")
	}
	a.CSV = []byte(t)
	return a.CSV, nil
}

// ItemFilter pages an announcement's rows (Q matches a registration number or formation code).
type ItemFilter struct {
	Q             string
	Limit, Offset int // Limit 0: every row
}

// Items returns rows of an announcement and how many match.
func (s *Service) Items(ctx context.Context, a *Announcement, f ItemFilter) ([]Item, int, error) {
	where := `announcement_id = $1`
	args := []any{a.ID}
	if q := strings.TrimSpace(f.Q); q != "" {
		args = append(args, q)
		where += ` AND (registration_number = $2 OR formation_code = $2)`
	}
	total := a.Rows
	if len(args) > 1 {
		if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM announcement_items WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, sqldb.Translate(err, "items")
		}
	}
	q := `SELECT no, application_id, registration_number, masked_name, formation_code, position, unit, result FROM announcement_items WHERE ` + where + ` ORDER BY no`
	if f.Limit > 0 {
		args = append(args, f.Limit, f.Offset)
		q += fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "items")
	}
	defer rows.Close()
	out := make([]Item, 0, min(total, 1000))
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.No, &it.ApplicationID, &it.RegistrationNumber, &it.Name, &it.FormationCode, &it.Position, &it.Unit, &it.Result); err != nil {
			return nil, 0, sqldb.Translate(err, "items")
		}
		out = append(out, it)
	}
	return out, total, sqldb.Translate(rows.Err(), "items")
}

// Render returns an announcement as "pdf" or "xlsx", printing the CSV's
// SHA-256; renderings are kept, since a version never changes.
func (s *Service) Render(ctx context.Context, a *Announcement, format, periodName string) ([]byte, error) {
	key := fmt.Sprintf("%d|%s", a.ID, format)
	s.renderMu.Lock()
	b, ok := s.rendered[key]
	s.renderMu.Unlock()
	if ok {
		return b, nil
	}
	items, _, err := s.Items(ctx, a, ItemFilter{})
	if err != nil {
		return nil, err
	}
	switch format {
	case "pdf":
		b, err = RenderPDF(a, items, periodName)
	case "xlsx":
		b, err = RenderXLSX(a, items)
	default:
		return nil, apperr.InvalidFields(map[string]string{"format": "format: json, csv, xlsx atau pdf"})
	}
	if err != nil {
		return nil, apperr.Wrap(err, "render "+format)
	}
	s.renderMu.Lock()
	if s.renderedBytes+len(b) > maxRendered {
		s.rendered, s.renderedBytes = map[string][]byte{}, 0
	}
	s.rendered[key] = b
	s.renderedBytes += len(b)
	s.renderMu.Unlock()
	return b, nil
}

// maxRendered bounds the memory kept for renderings (a 50,000-row PDF is
// about 30 MB).
const maxRendered = 256 << 20

// StageTitle names a stage in Indonesian and English.
func StageTitle(stage string) (id, en string) {
	switch stage {
	case StageAdministration:
		return "Hasil Seleksi Administrasi", "Administration results"
	case StageAppeal:
		return "Hasil Seleksi Administrasi Pascasanggah", "Administration results after appeals"
	case "skd":
		return "Hasil SKD", "SKD results"
	case "final":
		return "Hasil Akhir", "Final results"
	}
	return stage, stage
}

var wib = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

// RenderPDF prints a result list with the SHA-256 of its CSV.
func RenderPDF(a *Announcement, items []Item, periodName string) ([]byte, error) {
	title, _ := StageTitle(a.Stage)
	doc := report.NewPDF(report.PDFOptions{Title: title + " — " + periodName, Subject: periodName, Author: "BKPSDM Kota Palangka Raya",
		Header: periodName, Footer: fmt.Sprintf("%s · versi %d · SHA-256 %s", title, a.Version, a.SHA256[:16]), Created: a.PublishedAt, MaxPages: 5000})
	doc.Heading(title)
	doc.KeyValues([][2]string{{"Periode", periodName}, {"Versi", strconv.Itoa(a.Version)}, {"Diterbitkan", a.PublishedAt.In(wib).Format("02-01-2006 15:04") + " WIB"},
		{"Jumlah", strconv.Itoa(len(items))}, {"Nomor urut audit", strconv.FormatInt(a.AuditSeq, 10)}})
	doc.Hash("SHA-256 berkas CSV resmi (periksa di /periods/"+strconv.FormatInt(a.PeriodID, 10)+"/results)", a.SHA256)
	doc.Space(2)
	// Six columns on A4 portrait keep most rows on one line (the unit is in
	// the CSV and XLSX; the formation code names it).
	t := doc.BeginTable([]string{"No", "Nomor pendaftaran", "Nama", "Kode formasi", "Jabatan", "Hasil"}, []float64{12, 32, 36, 26, 0, 12})
	for _, it := range items {
		t.Row(strconv.Itoa(it.No), it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Result)
	}
	t.End()
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderXLSX writes a result list as a workbook; its last rows carry the
// SHA-256 of the CSV.
func RenderXLSX(a *Announcement, items []Item) ([]byte, error) {
	x := report.NewXLSX("Hasil")
	defer x.Close()
	_ = x.ColWidths(6, 20, 24, 16, 40, 40, 8)
	if err := x.Header([]string{"No", "Nomor pendaftaran", "Nama", "Kode formasi", "Jabatan", "Unit", "Hasil"}); err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := x.Row([]any{it.No, it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Unit, it.Result}); err != nil {
			return nil, err
		}
	}
	if err := x.Row([]any{}); err != nil {
		return nil, err
	}
	if err := x.Row([]any{"SHA-256 CSV", a.SHA256}); err != nil {
		return nil, err
	}
	if err := x.Row([]any{"Versi", a.Version, "Diterbitkan", a.PublishedAt.In(wib).Format("02-01-2006 15:04") + " WIB"}); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
