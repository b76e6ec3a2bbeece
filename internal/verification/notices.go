package verification

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

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

// EnableNotices makes publications notify applicants through n, and
// registers the batch handler on n. Call it before serving.
func (s *Service) EnableNotices(n *notify.Service) {
	s.notices = true
	if s.NoticeBatch <= 0 {
		s.NoticeBatch = DefaultNoticeBatch
	}
	n.Handle(NoticeKind, s.noticeBatch)
}

// scheduleNotices plans the first batch of an announcement, inside tx.
func (s *Service) scheduleNotices(ctx context.Context, tx *sqldb.Tx, annID, after int64) error {
	if !s.notices {
		return nil
	}
	payload, _ := json.Marshal(noticePayload{Announcement: annID, After: after})
	_, err := notify.Schedule(ctx, tx, s.now(), notify.Job{Key: fmt.Sprintf("result-notices:%d:%d", annID, after), Kind: NoticeKind, RunAt: s.now(), Payload: payload})
	return err
}

func (s *Service) noticeBatch(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	var in noticePayload
	if err := json.Unmarshal(j.Payload, &in); err != nil {
		return err
	}
	var stage, tz, periodName string
	var periodID int64
	var published time.Time
	var appealDays int
	if err := tx.QueryRowContext(ctx, `SELECT an.stage, an.published_at, p.id, p.time_zone, p.name, p.appeal_days FROM announcements an JOIN periods p ON p.id = an.period_id WHERE an.id = $1`,
		in.Announcement).Scan(&stage, &published, &periodID, &tz, &periodName, &appealDays); err != nil {
		return sqldb.Translate(err, "announcement")
	}
	// The deadline told is the one the appeal is judged by: the period's
	// rule from the first administration list that held the application.
	per := &recruitment.Period{TimeZone: tz, Timeline: recruitment.Timeline{AppealDays: appealDays}}
	loc := per.Location()
	rows, err := tx.QueryContext(ctx, `SELECT i.application_id, i.registration_number, i.formation_code, i.position, i.result, ap.user_id, ap.email, ap.name, coalesce(v.reasons, '[]')
FROM announcement_items i JOIN applications a ON a.id = i.application_id JOIN applicants ap ON ap.id = a.applicant_id
LEFT JOIN verifications v ON v.application_id = i.application_id
WHERE i.announcement_id = $1 AND i.application_id > $2 ORDER BY i.application_id LIMIT $3`, in.Announcement, in.After, s.NoticeBatch)
	if err != nil {
		return sqldb.Translate(err, "result notices")
	}
	type notice struct {
		app                            int64
		number, code, position, result string
		user                           int64
		email, name, reasons           string
		listed                         time.Time
	}
	var batch []notice
	for rows.Next() {
		var n notice
		if err := rows.Scan(&n.app, &n.number, &n.code, &n.position, &n.result, &n.user, &n.email, &n.name, &n.reasons); err != nil {
			rows.Close()
			return sqldb.Translate(err, "result notices")
		}
		batch = append(batch, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sqldb.Translate(err, "result notices")
	}
	if len(batch) > 0 && stage == StageAdministration {
		// When each was first listed in an administration announcement.
		first := map[int64]time.Time{}
		rows, err := tx.QueryContext(ctx, `SELECT fi.application_id, an.published_at FROM announcement_items fi JOIN announcements an ON an.id = fi.announcement_id
WHERE an.period_id = $1 AND an.stage = 'administration' AND fi.application_id > $2 AND fi.application_id <= $3`, periodID, in.After, batch[len(batch)-1].app)
		if err != nil {
			return sqldb.Translate(err, "first listed")
		}
		for rows.Next() {
			var app int64
			var at time.Time
			if err := rows.Scan(&app, &at); err != nil {
				rows.Close()
				return sqldb.Translate(err, "first listed")
			}
			if t, ok := first[app]; !ok || at.Before(t) {
				first[app] = at
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sqldb.Translate(err, "first listed")
		}
		for i := range batch {
			if t, ok := first[batch[i].app]; ok {
				batch[i].listed = t
			} else {
				batch[i].listed = published
			}
		}
	}
	title, titleEN := StageTitle(stage)
	now := s.now()
	for _, n := range batch {
		body := fmt.Sprintf("Yth. %s,\n\n%s — %s\nNomor pendaftaran %s, formasi %s (%s): %s.\n", n.name, title, periodName, n.number, n.position, n.code, n.result)
		if n.result == TMS {
			var reasons []Reason
			_ = json.Unmarshal([]byte(n.reasons), &reasons)
			var lines []string
			for _, r := range reasons {
				lines = append(lines, "- "+r.Requirement+": "+r.Note)
			}
			body += "\nAlasan / reasons:\n" + strings.Join(lines, "\n") + "\n"
			listed := n.listed
			if stage == StageAdministration && appealDays > 0 && !now.After(per.AppealEndsAfter(&listed)) {
				end := per.AppealEndsAfter(&listed).In(loc).Format("02-01-2006 15:04")
				body += fmt.Sprintf("\nAnda dapat mengajukan sanggah satu kali, dengan kronologi, sampai %s WIB, di halaman hasil lamaran Anda.\n"+
					"You may file one appeal, with a chronology, until %s WIB, on your application's result page.\n", end, end)
			}
		}
		body += fmt.Sprintf("\n%s: %s.\n", titleEN, n.result)
		if _, err := notify.Notify(ctx, tx, now, notify.Notification{UserID: n.user, Kind: "result." + stage,
			Title: title + ": " + n.result + " (" + n.number + ")", Body: body, Link: "/lamaran/" + strconv.FormatInt(n.app, 10) + "/hasil"}, n.email); err != nil {
			return err
		}
	}
	if len(batch) == s.NoticeBatch {
		return s.scheduleNotices(ctx, tx, in.Announcement, batch[len(batch)-1].app)
	}
	return nil
}

// noticeAppealAnswer tells the applicant the committee's answer, inside the
// transaction that records it.
func (s *Service) noticeAppealAnswer(ctx context.Context, tx *sqldb.Tx, appID int64, status, response string) error {
	if !s.notices {
		return nil
	}
	var userID int64
	var email, name, number string
	if err := tx.QueryRowContext(ctx, `SELECT ap.user_id, ap.email, ap.name, a.registration_number FROM applications a JOIN applicants ap ON ap.id = a.applicant_id WHERE a.id = $1`,
		appID).Scan(&userID, &email, &name, &number); err != nil {
		return sqldb.Translate(err, "appeal notice")
	}
	verdict, verdictEN := "ditolak: keputusan TMS tetap", "rejected: the TMS decision stands"
	if status == AppealUpheld {
		verdict, verdictEN = "diterima: lamaran Anda kini MS", "upheld: your application is now MS"
	}
	_, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: userID, Kind: "appeal.answered",
		Title: "Jawaban sanggah " + number + ": " + verdict,
		Body: fmt.Sprintf("Yth. %s,\n\nSanggah Anda atas lamaran %s %s.\n\nJawaban panitia:\n%s\n\nHasilnya masuk pengumuman pascasanggah.\n\n"+
			"Your appeal on application %s was %s. The committee's answer is above; the result goes into the post-appeal announcement.\n",
			name, number, verdict, response, number, verdictEN),
		Link: "/lamaran/" + strconv.FormatInt(appID, 10) + "/hasil"}, email)
	return err
}
