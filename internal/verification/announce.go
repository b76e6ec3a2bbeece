package verification

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
	"asnpro/internal/report/csvsafe"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Stages an announcement may publish (API.md). This part makes the
// administration and appeal lists; the SKD and final lists are ranked by
// another part (Deps.Ranked) and published here the same way.
const (
	StageAdministration = "administration"
	StageAppeal         = "appeal"
	StageSKD            = "skd"
	StageFinal          = "final"
)

var allStages = []string{StageAdministration, StageAppeal, StageSKD, StageFinal}

// StageColumns are the columns a stage's list has between the unit and
// the result, in order (none for the administration and appeal lists).
func StageColumns(stage string) []string {
	switch stage {
	case StageSKD:
		return []string{"twk", "tiu", "tkp", "skd_total", "skd_rank"}
	case StageFinal:
		return []string{"skd_total", "skb", "final_score", "final_rank", "placed_formation"}
	}
	return nil
}

// Ranked makes the rows of a period's SKD or final list (package results):
// every candidate with their stage columns (StageColumns), result code and
// explanation, names masked. Its errors refuse the publication.
type Ranked interface {
	StageItems(ctx context.Context, periodID int64, stage string) ([]Item, error)
}

// RankedFunc adapts a function to Ranked.
type RankedFunc func(ctx context.Context, periodID int64, stage string) ([]Item, error)

// StageItems calls f.
func (f RankedFunc) StageItems(ctx context.Context, periodID int64, stage string) ([]Item, error) {
	return f(ctx, periodID, stage)
}

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
	// Reason is the committee's reason for a corrected version of an SKD
	// or final list ("" otherwise).
	Reason string
	// Number is the announcement's official number ("" when none).
	Number string
}

// Item is one row of a published result list.
type Item struct {
	No                 int
	ApplicationID      int64
	RegistrationNumber string
	Name               string // masked
	FormationCode      string
	Position           string
	Unit               string
	Result             string
	// Extra holds the stage's further columns (StageColumns), as text.
	Extra []string
	// Explanation is the rules engine's explanation of the row, as JSON
	// (SKD and final lists; "" otherwise).
	Explanation string
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
func EncodeCSV(items []Item) []byte { return EncodeStageCSV("", items) }

// EncodeStageCSV is EncodeCSV for a stage's list: the stage's columns
// (StageColumns) stand between the unit and the result.
func EncodeStageCSV(stage string, items []Item) []byte {
	var b bytes.Buffer
	b.Grow(len(items)*96 + len(csvsafe.BOM))
	w := csvsafe.NewWriter(&b)
	extra := StageColumns(stage)
	header := append(append(slices.Clone(CSVHeader[:6]), extra...), "result")
	_ = w.Write(header)
	rec := make([]string, len(header))
	for _, it := range items {
		rec[0], rec[1], rec[2], rec[3] = strconv.Itoa(it.No), it.RegistrationNumber, it.Name, it.FormationCode
		rec[4], rec[5] = it.Position, it.Unit
		for i := range extra {
			rec[6+i] = ""
			if i < len(it.Extra) {
				rec[6+i] = it.Extra[i]
			}
		}
		rec[len(rec)-1] = it.Result
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// Published is what PublishResults answers (API.md).
type Published struct {
	Stage       string
	Version     int
	SHA256      string
	AuditSeq    int64
	Rows        int
	PublishedAt time.Time
}

// PublishResults publishes a new version of a stage's results in a
// period: every submitted application with its registration number, masked
// name, formation and MS/TMS (after appeals for the appeal stage). The
// canonical CSV is stored, its SHA-256 recorded by announcement.publish in
// the same transaction, and a checkpoint of the audit chain is signed at
// once. Earlier versions stay public. Errors in API.md's order: forbidden
// (pact), not_found (period), invalid (stage), failed_precondition
// (undecided applications or unanswered appeals, with the count; the
// appeal stage before the administration one), conflict (the period's
// registration still open, naming when it closes).
func (s *Service) PublishResults(ctx context.Context, p *identity.Principal, periodID int64, stage string) (*Published, error) {
	return s.Publish(ctx, p, periodID, PublishRequest{Stage: stage})
}

// PublishRequest is what the committee publishes: a stage's list, with
// the announcement's official number and, for a corrected version, why.
type PublishRequest struct {
	Stage string
	// Number is the announcement's official number (nomor pengumuman),
	// printed on its PDF: required for the SKD and final lists, at most 100
	// characters.
	Number string
	// Reason is the committee's reason for a version of an SKD or final
	// list after the first (a correction; at most 2,000 characters).
	Reason string
}

// Publish is PublishResults with the announcement's number and, which a
// version of an SKD or final list after the first requires, the
// committee's reason: a change after publication is a correction,
// published beside the earlier version with why (recorded in
// announcement.publish). Errors: PublishResults', and invalid (number,
// reason).
func (s *Service) Publish(ctx context.Context, p *identity.Principal, periodID int64, req PublishRequest) (*Published, error) {
	stage, reason, number := req.Stage, req.Reason, req.Number
	per, err := s.rec.FindPeriodByID(ctx, periodID, true)
	if err != nil {
		return nil, err
	}
	stage = strings.TrimSpace(stage)
	if err := s.mayPublish(ctx, p, per, stage); err != nil {
		return nil, err
	}
	var out *Published
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := readyToPublish(ctx, tx, periodID, stage); err != nil {
			return err
		}
		if err := correctionReason(ctx, tx, periodID, stage, &reason); err != nil {
			return err
		}
		if err := announcementNumber(stage, &number); err != nil {
			return err
		}
		out, err = s.publish(ctx, tx, p, periodID, stage, reason, number)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.renderAhead(ctx, periodID, stage, out.Version, per.Name)
	if s.audit != nil {
		// Signed at every publication (DESIGN §4); the periodic one follows
		// if this fails, and the publication stands.
		_, _ = s.audit.Checkpoint(ctx, "publication")
	}
	return out, nil
}

// CanPublish answers, without changing anything, whether PublishResults
// would publish the stage's list now: nil, or the error it would return
// (the same rule; the committee's page shows a button or the reason).
// Errors as PublishResults, in its order.
func (s *Service) CanPublish(ctx context.Context, p *identity.Principal, periodID int64, stage string) error {
	per, err := s.rec.FindPeriodByID(ctx, periodID, true)
	if err != nil {
		return err
	}
	stage = strings.TrimSpace(stage)
	if err := s.mayPublish(ctx, p, per, stage); err != nil {
		return err
	}
	return readyToPublish(ctx, s.db.R, periodID, stage)
}

// mayPublish refuses the caller without a pact, a stage this part does not
// publish, a period not yet published and one whose registration is still
// open (an application submitted later would miss the list).
func (s *Service) mayPublish(ctx context.Context, p *identity.Principal, per *recruitment.Period, stage string) error {
	if err := s.requirePact(ctx, s.db.R, p, per.ID); err != nil {
		return err
	}
	if err := publishableStage(stage); err != nil {
		return err
	}
	if per.PublishedAt == nil {
		return ErrPeriodNotPublished
	}
	if s.now().Before(per.RegCloseAt) {
		return errRegistrationOpen(per)
	}
	return nil
}

// publishableStage refuses a stage this part does not publish.
func publishableStage(stage string) error {
	switch stage {
	case StageAdministration, StageAppeal:
		return nil
	case StageSKD, StageFinal:
		return nil
	}
	return errStage()
}

func errStage() error {
	return apperr.InvalidMsgs(
		map[string]apperr.Msg{"stage": apperr.M("verification.stage_value", "stages", strings.Join(allStages, ", "))},
	)
}

// readyToPublish refuses, inside tx (or on a read for CanPublish), a list
// with undecided applications; and the appeal stage before the
// administration one or with unanswered appeals.
func readyToPublish(ctx context.Context, tx queryer, periodID int64, stage string) error {
	n, err := countUndecided(ctx, tx, periodID)
	if err != nil {
		return err
	}
	if n > 0 {
		return errUndecided(n)
	}
	switch stage {
	case StageSKD, StageFinal:
		return rankedReady(ctx, tx, periodID, stage)
	case StageAppeal:
	default:
		return nil
	}
	admin, err := countAnnouncements(ctx, tx, periodID, StageAdministration)
	if err != nil {
		return err
	}
	if admin == 0 {
		return ErrAppealStageFirst
	}
	if n, err = countPendingAppeals(ctx, tx, periodID); err != nil {
		return err
	}
	if n > 0 {
		return errPendingAppeals(n)
	}
	return nil
}

// announcementNumber checks and cleans an announcement's number: required
// for the SKD and final lists, at most 100 characters of one line. Errors:
// invalid (number).
func announcementNumber(stage string, number *string) error {
	f := map[string]apperr.Msg{}
	required := stage == StageSKD || stage == StageFinal
	if textcheck.FieldMsg(f, "number", number, textcheck.Line) &&
		((required && *number == "") || utf8.RuneCountInString(*number) > 100) {
		f["number"] = apperr.M("verification.announcement_number")
	}
	return invalid(f)
}

// correctionReason checks, inside tx, the reason of a new version: required
// (cleaned, at most 2,000 characters) for an SKD or final list that was
// published before, ignored otherwise. Errors: invalid (reason).
func correctionReason(ctx context.Context, q queryer, periodID int64, stage string, reason *string) error {
	if stage != StageSKD && stage != StageFinal {
		*reason = ""
		return nil
	}
	n, err := countAnnouncements(ctx, q, periodID, stage)
	if err != nil || n == 0 {
		*reason = ""
		return err
	}
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "reason", reason, textcheck.Multiline) && (*reason == "" || utf8.RuneCountInString(*reason) > 2000) {
		f["reason"] = apperr.M("verification.correction_reason")
	}
	return invalid(f)
}

// rankedReady refuses the SKD list before an administration list, and the
// final list before an SKD list.
func rankedReady(ctx context.Context, q queryer, periodID int64, stage string) error {
	before, errFirst := StageAdministration, ErrSKDStageFirst
	if stage == StageFinal {
		var kind string
		if err := q.QueryRowContext(ctx, `SELECT kind FROM periods WHERE id = $1`, periodID).Scan(&kind); err != nil {
			return sqldb.Translate(err, "find period")
		}
		// The city's own selections have no SKD list: their final list
		// follows the administration list.
		if kind == recruitment.KindCPNS {
			before, errFirst = StageSKD, ErrFinalStageFirst
		}
	}
	n, err := countAnnouncements(ctx, q, periodID, before)
	if err != nil {
		return err
	}
	if n == 0 {
		return errFirst
	}
	return nil
}

// stageRows is a stage's list as it stands now: the administration and
// appeal lists from the decisions, the SKD and final lists from Ranked.
func (s *Service) stageRows(ctx context.Context, tx *sqldb.Tx, periodID int64, stage string) ([]Item, error) {
	if stage != StageSKD && stage != StageFinal {
		return resultRows(ctx, tx, periodID)
	}
	if s.ranked == nil {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"stage": apperr.M("verification.stage_later", "stage", stage)})
	}
	return s.ranked.StageItems(ctx, periodID, stage)
}

// publish stores a new version of a stage's list, inside tx: its CSV and
// rows, announcement.publish with the CSV's SHA-256, the period's first
// administration announcement, and the first batch of notices.
func (s *Service) publish(ctx context.Context, tx *sqldb.Tx, p *identity.Principal, periodID int64,
	stage, reason, number string) (*Published, error) {
	items, err := s.stageRows(ctx, tx, periodID, stage)
	if err != nil {
		return nil, err
	}
	data := EncodeStageCSV(stage, items)
	sum := sha256.Sum256(data)
	a := &Announcement{PeriodID: periodID, Stage: stage, PublishedBy: p.UserID, SHA256: hex.EncodeToString(sum[:]),
		Rows: len(items), CSV: data, Reason: reason, Number: number}
	if a.Version, err = nextVersion(ctx, tx, periodID, stage); err != nil {
		return nil, err
	}
	a.PublishedAt = sqldb.Now(s.now())
	objectID := fmt.Sprintf("%d/%s/%d", periodID, stage, a.Version)
	ms := 0
	for _, it := range items {
		if it.Result == MS {
			ms++
		}
	}
	if err := s.record(ctx, tx, audit.Event{At: a.PublishedAt, Action: "announcement.publish", ObjectType: "announcement", ObjectID: objectID,
		Data: map[string]any{"period": id64(periodID), "stage": stage, "version": a.Version, "sha256": a.SHA256, "rows": len(items),
			"ms": ms, "tms": len(items) - ms, "reason": reason, "number": number}}); err != nil {
		return nil, err
	}
	// On SQLite events are written at the end of the write: now, to
	// read back the seq of this one.
	if err := tx.Flush(ctx); err != nil {
		return nil, err
	}
	if a.AuditSeq, err = publishSeq(ctx, tx, objectID); err != nil {
		return nil, err
	}
	if a.ID, err = insertAnnouncement(ctx, tx, a); err != nil {
		return nil, err
	}
	if err := insertItems(ctx, tx, a.ID, items); err != nil {
		return nil, err
	}
	// The period's public pages link its lists.
	if err := s.rec.MarkAnnounced(ctx, tx, periodID); err != nil {
		return nil, err
	}
	if stage == StageAdministration {
		// The first administration announcement opens the appeal window
		// (recruitment.Period.AppealEnds).
		if err := s.rec.MarkAdminAnnounced(ctx, tx, periodID, a.PublishedAt); err != nil {
			return nil, err
		}
	}
	if err := s.scheduleNotices(ctx, tx, a.ID, 0); err != nil {
		return nil, err
	}
	return &Published{Stage: stage, Version: a.Version, SHA256: a.SHA256, AuditSeq: a.AuditSeq, Rows: len(items),
		PublishedAt: a.PublishedAt}, nil
}

// renderAhead makes a fresh list's renderings now, side by side, so the
// first readers (everyone at once) find them ready.
func (s *Service) renderAhead(ctx context.Context, periodID int64, stage string, version int, periodName string) {
	a, err := s.FindAnnouncement(ctx, periodID, stage, version)
	if err != nil {
		return
	}
	items, _, err := s.Items(ctx, a, ItemFilter{noExplanation: true})
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, f := range []string{"pdf", "xlsx"} {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = s.renderItems(ctx, a, items, f, periodName) }()
	}
	wg.Wait()
}

// FindAnnouncement returns a published version of a stage (version 0: the
// latest; stage "": the latest stage published). Anyone may read it.
// Errors: invalid (stage), not_found.
func (s *Service) FindAnnouncement(ctx context.Context, periodID int64, stage string, version int) (*Announcement, error) {
	if stage != "" && !contains(allStages, stage) {
		return nil, errStage()
	}
	return findAnnouncement(ctx, s.db.R, periodID, stage, version)
}

// FindAnnouncements lists every published version of a period, newest first.
func (s *Service) FindAnnouncements(ctx context.Context, periodID int64) ([]*Announcement, error) {
	return listAnnouncements(ctx, s.db.R, periodID)
}

// CSV returns the exact stored CSV bytes of an announcement.
func (s *Service) CSV(ctx context.Context, a *Announcement) ([]byte, error) {
	if a.CSV != nil {
		return a.CSV, nil
	}
	var err error
	a.CSV, err = announcementCSV(ctx, s.db.R, a.ID)
	return a.CSV, err
}

// ItemFilter pages an announcement's rows (Q matches a registration number or formation code).
type ItemFilter struct {
	Q             string
	Limit, Offset int // Limit 0: every row
	// noExplanation leaves Item.Explanation empty (the renderings).
	noExplanation bool
}

// Items returns rows of an announcement and how many match.
func (s *Service) Items(ctx context.Context, a *Announcement, f ItemFilter) ([]Item, int, error) {
	return listItems(ctx, s.db.R, a, f)
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
	if format != "pdf" && format != "xlsx" {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("verification.format_value")})
	}
	items, _, err := s.Items(ctx, a, ItemFilter{noExplanation: true})
	if err != nil {
		return nil, err
	}
	return s.renderItems(ctx, a, items, format, periodName)
}

// renderItems renders an announcement's rows (read without their
// explanations, which neither rendering prints) as "pdf" or "xlsx" and
// keeps the rendering.
func (s *Service) renderItems(ctx context.Context, a *Announcement, items []Item, format, periodName string) ([]byte, error) {
	key := fmt.Sprintf("%d|%s", a.ID, format)
	var b []byte
	var err error
	switch format {
	case "pdf":
		agency := ""
		if per, perr := s.rec.FindPeriodByID(ctx, a.PeriodID, true); perr == nil {
			agency = per.Agency
		}
		b, err = RenderPDF(a, items, periodName, agency)
	case "xlsx":
		b, err = RenderXLSX(a, items)
	default:
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("verification.format_value")})
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

// stageKey is the catalogue key of a stage's title.
func stageKey(stage string) string { return "verification.stage." + stage }

// StageTitle names a stage in Indonesian and English.
func StageTitle(stage string) (id, en string) {
	if !i18n.Has(stageKey(stage)) {
		return stage, stage
	}
	return i18n.T(i18n.ID, stageKey(stage)), i18n.T(i18n.EN, stageKey(stage))
}

var wib = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

// RenderPDF prints a result list with the SHA-256 of its CSV, under the
// agency's letterhead and the announcement's number when it has one.
func RenderPDF(a *Announcement, items []Item, periodName, agency string) ([]byte, error) {
	title, _ := StageTitle(a.Stage)
	doc := report.NewPDF(report.PDFOptions{Title: title + " — " + periodName, Subject: periodName, Author: "BKPSDM Kota Palangka Raya",
		Header: periodName, Footer: fmt.Sprintf("%s · versi %d · SHA-256 %s", title, a.Version,
			a.SHA256[:16]), Created: a.PublishedAt, MaxPages: 5000})
	if agency != "" {
		doc.Heading(strings.ToUpper(agency))
	}
	doc.Heading("PENGUMUMAN — " + title)
	if a.Number != "" {
		doc.KeyValues([][2]string{{"Nomor", a.Number}})
	}
	if a.Reason != "" {
		doc.KeyValues([][2]string{{"Koreksi", a.Reason}})
	}
	doc.KeyValues([][2]string{{"Periode", periodName}, {"Versi", strconv.Itoa(a.Version)},
		{"Diterbitkan", a.PublishedAt.In(wib).Format("02-01-2006 15:04") + " WIB"},
		{"Jumlah", strconv.Itoa(len(items))}, {"Nomor urut audit", strconv.FormatInt(a.AuditSeq, 10)}})
	doc.Hash("SHA-256 berkas CSV resmi (periksa di /periods/"+strconv.FormatInt(a.PeriodID, 10)+"/results)", a.SHA256)
	doc.Space(2)
	// Six columns on A4 portrait keep most rows on one line (the unit is in
	// the CSV and XLSX; the formation code names it).
	head, widths := []string{"No", "Nomor pendaftaran", "Nama", "Kode formasi", "Jabatan"}, []float64{12, 32, 36, 26, 0}
	if extra := StageColumns(a.Stage); len(extra) > 0 {
		// The ranked lists: their scores instead of the position.
		head, widths = []string{"No", "Nomor pendaftaran", "Nama", "Formasi"}, []float64{10, 30, 32, 24}
		for _, c := range extra {
			head, widths = append(head, columnTitle(c)), append(widths, 0)
		}
	}
	head, widths = append(head, "Hasil"), append(widths, 14)
	t := doc.BeginTable(head, widths)
	for _, it := range items {
		row := []string{strconv.Itoa(it.No), it.RegistrationNumber, it.Name, it.FormationCode}
		if len(StageColumns(a.Stage)) > 0 {
			row = append(row, it.Extra...)
		} else {
			row = append(row, it.Position)
		}
		t.Row(append(row, it.Result)...)
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
	head := []string{"No", "Nomor pendaftaran", "Nama", "Kode formasi", "Jabatan", "Unit"}
	for _, c := range StageColumns(a.Stage) {
		head = append(head, columnTitle(c))
	}
	if err := x.Header(append(head, "Hasil")); err != nil {
		return nil, err
	}
	for _, it := range items {
		row := []any{it.No, it.RegistrationNumber, it.Name, it.FormationCode, it.Position, it.Unit}
		for _, v := range it.Extra {
			row = append(row, v)
		}
		if err := x.Row(append(row, it.Result)); err != nil {
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

// columnTitles are the printed titles of the ranked lists' columns.
var columnTitles = map[string]string{"twk": "TWK", "tiu": "TIU", "tkp": "TKP", "skd_total": "Total SKD", "skd_rank": "Peringkat SKD",
	"skb": "SKB", "final_score": "Nilai akhir", "final_rank": "Peringkat akhir", "placed_formation": "Formasi penempatan"}

func columnTitle(c string) string {
	if t, ok := columnTitles[c]; ok {
		return t
	}
	return c
}
