package training

import (
	"context"
	"database/sql"

	"asnpro/internal/sqldb"
)

// ReportRow is the training of one institution in one topic area.
type ReportRow struct {
	Institution  string
	Topic        string
	Sessions     int
	Participants int // seated, completed or incomplete
	Finished     int // completed or incomplete
	Completed    int
	Ratings      int
	RatingSum    int
	Satisfied    int   // ratings of 4 or 5
	Cost         int64 // rupiah: the programmes' cost per participant × participants, where recorded
	CostRecorded bool
}

// CompletionRate is completed out of finished participants, 0–1.
func (r ReportRow) CompletionRate() float64 { return ratio(r.Completed, r.Finished) }

// SatisfactionRate is the share of ratings of 4 or 5, 0–1.
func (r ReportRow) SatisfactionRate() float64 { return ratio(r.Satisfied, r.Ratings) }

// AverageRating is the mean rating, 0 when none.
func (r ReportRow) AverageRating() float64 { return ratio(r.RatingSum, r.Ratings) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report sums the training per institution and topic, by institution then
// topic; the last row (Institution "") is the total.
func (s *Service) Report(ctx context.Context) ([]ReportRow, error) {
	var out []ReportRow
	// The enrolments are summed per session first (index training_enrolments_session), then per institution and topic.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT i.name, p.topic, count(*), COALESCE(sum(x.participants), 0),
  COALESCE(sum(x.finished), 0), COALESCE(sum(x.completed), 0), COALESCE(sum(x.ratings), 0), COALESCE(sum(x.rating_sum), 0),
  COALESCE(sum(x.satisfied), 0), COALESCE(sum(p.cost * x.participants), 0), count(p.cost)
FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id
JOIN training_institutions i ON i.id = p.institution_id
LEFT JOIN (SELECT session_id, count(*) AS participants,
    sum(CASE WHEN status IN ('completed', 'incomplete') THEN 1 ELSE 0 END) AS finished,
    sum(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,
    count(rating) AS ratings, COALESCE(sum(rating), 0) AS rating_sum,
    sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied
  FROM training_enrolments WHERE status IN ('enrolled', 'completed', 'incomplete') GROUP BY session_id) x ON x.session_id = s.id
GROUP BY i.name, p.topic ORDER BY i.name, p.topic`, func(r *sql.Rows) error {
		var row ReportRow
		var costs int
		err := r.Scan(&row.Institution, &row.Topic, &row.Sessions, &row.Participants, &row.Finished, &row.Completed, &row.Ratings,
			&row.RatingSum, &row.Satisfied, &row.Cost, &costs)
		row.CostRecorded = costs > 0
		out = append(out, row)
		return err
	})
	if err != nil {
		return nil, sqldb.Translate(err, "training report")
	}
	var total ReportRow
	for _, r := range out {
		total.Sessions += r.Sessions
		total.Participants += r.Participants
		total.Finished += r.Finished
		total.Completed += r.Completed
		total.Ratings += r.Ratings
		total.RatingSum += r.RatingSum
		total.Satisfied += r.Satisfied
		total.Cost += r.Cost
		total.CostRecorded = total.CostRecorded || r.CostRecorded
	}
	return append(out, total), nil
}
