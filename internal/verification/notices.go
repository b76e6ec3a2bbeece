package verification

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/i18n"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// Every applicant on a published list is told the result, with the reasons
// of a TMS and, after the administration announcement, until when an
// appeal may be filed — in the app and by e-mail. A list may hold 50,000
// rows, so the publication only schedules the first batch; each batch is a
// job that notifies the next applicants and schedules the one after it, in
// one transaction, so every applicant is told exactly once whatever the
// number of instances, and publishing stays fast.

// NoticeKind is the job kind of a batch of result notices.
const NoticeKind = "verification.result_notices"

// DefaultNoticeBatch is how many applicants one job notifies.
const DefaultNoticeBatch = 500

type noticePayload struct {
	Announcement int64 `json:"announcement"`
	After        int64 `json:"after"` // application id the previous batch ended with
}

// scheduleNotices plans the first batch of an announcement, inside tx.
func (s *Service) scheduleNotices(ctx context.Context, tx *sqldb.Tx, annID, after int64) error {
	if s.notify == nil {
		return nil
	}
	payload, _ := json.Marshal(noticePayload{Announcement: annID, After: after})
	_, err := notify.Schedule(ctx, tx, s.now(),
		notify.Job{Key: fmt.Sprintf("result-notices:%d:%d", annID, after), Kind: NoticeKind, RunAt: s.now(), Payload: payload})
	return err
}

func (s *Service) noticeBatch(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	var in noticePayload
	if err := json.Unmarshal(j.Payload, &in); err != nil {
		return err
	}
	an, err := findAnnouncementByID(ctx, tx, in.Announcement)
	if err != nil {
		return err
	}
	per, err := s.rec.FindPeriodByID(ctx, an.PeriodID, true)
	if err != nil {
		return err
	}
	batch, err := resultNoticeRows(ctx, tx, in.Announcement, in.After, s.batchSize)
	if err != nil {
		return err
	}
	if len(batch) > 0 && an.Stage == StageAdministration {
		// The deadline told is the one the appeal is judged by: the period's
		// rule from the first administration list that held the application.
		if err := firstListed(ctx, tx, an, in.After, batch); err != nil {
			return err
		}
	}
	now := s.now()
	for _, n := range batch {
		title, body := resultNotice(i18n.ID, n, an.Stage, per, now)
		titleEN, bodyEN := resultNotice(i18n.EN, n, an.Stage, per, now)
		if _, err := notify.Notify(ctx, tx, now, notify.Notification{UserID: n.user, Kind: "result." + an.Stage,
			Title: title, Body: body, TitleEN: titleEN, BodyEN: bodyEN, Link: "/lamaran/" + strconv.FormatInt(n.app, 10) + "/hasil"},
			n.email); err != nil {
			return err
		}
	}
	if len(batch) == s.batchSize {
		return s.scheduleNotices(ctx, tx, in.Announcement, batch[len(batch)-1].app)
	}
	return nil
}

// resultNotice is what an applicant is told of a published list, in lang:
// the result, with the reasons of a TMS and, after the administration
// announcement and while it is open, until when an appeal may be filed.
func resultNotice(lang string, n resultNoticeRow, stage string, per *recruitment.Period, now time.Time) (title, body string) {
	st := i18n.Key(stageKey(stage))
	result := i18n.Key("code." + i18n.CodeResult + "." + n.result)
	title = i18n.T(lang, "verification.notice.result_title", "stage", st, "result", result, "number", n.number)
	body = i18n.T(lang, "verification.notice.result_body", "name", n.name, "stage", st, "period", per.Name, "number", n.number,
		"position", n.position, "code", n.code, "result", result)
	if n.result != TMS {
		return title, body
	}
	var reasons []Reason
	_ = json.Unmarshal([]byte(n.reasons), &reasons)
	var lines []string
	for _, r := range reasons {
		lines = append(lines, "- "+i18n.Name(lang, i18n.CodeReq, r.Requirement)+": "+r.Note)
	}
	body += "\n" + i18n.T(lang, "verification.notice.reasons") + ":\n" + strings.Join(lines, "\n") + "\n"
	listed := n.listed
	if stage == StageAdministration && per.AppealDays > 0 && !now.After(per.AppealEndsAfter(&listed)) {
		end := per.AppealEndsAfter(&listed).In(per.Location()).Format("02-01-2006 15:04")
		body += "\n" + i18n.T(lang, "verification.notice.appeal_until", "end", end) + "\n"
	}
	return title, body
}

// firstListed sets when each row of a batch was first listed in an
// administration announcement of the period (an's time when never before).
func firstListed(ctx context.Context, q queryer, an *Announcement, after int64, batch []resultNoticeRow) error {
	first, err := firstListedAt(ctx, q, an.PeriodID, after, batch[len(batch)-1].app)
	if err != nil {
		return err
	}
	for i := range batch {
		if t, ok := first[batch[i].app]; ok {
			batch[i].listed = t
		} else {
			batch[i].listed = an.PublishedAt
		}
	}
	return nil
}

// noticeAppealAnswer tells the applicant the committee's answer, inside the
// transaction that records it.
func (s *Service) noticeAppealAnswer(ctx context.Context, tx *sqldb.Tx, app *recruitment.ApplicationRef, status, response string) error {
	if s.notify == nil {
		return nil
	}
	verdict := i18n.Key("verification.notice.appeal_rejected")
	if status == AppealUpheld {
		verdict = i18n.Key("verification.notice.appeal_upheld")
	}
	number := app.RegistrationNumber
	text := func(lang, key string) string {
		return i18n.T(lang, key, "name", app.Name, "number", number, "verdict", verdict, "response", response)
	}
	_, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: app.ApplicantUserID, Kind: "appeal.answered",
		Title: text(i18n.ID, "verification.notice.appeal_answer_title"), Body: text(i18n.ID, "verification.notice.appeal_answer_body"),
		TitleEN: text(i18n.EN, "verification.notice.appeal_answer_title"), BodyEN: text(i18n.EN, "verification.notice.appeal_answer_body"),
		Link: "/lamaran/" + strconv.FormatInt(app.ID, 10) + "/hasil"}, app.Email)
	return err
}
