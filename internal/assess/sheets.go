package assess

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// sheets reads every candidate's sheet of an instrument: the submitted
// scores (one row per assessor, by assessor ID), the moderations and how
// many active assessors have not submitted.
func sheets(ctx context.Context, q sqldb.Querier, in *Instrument) (map[int64]*Sheet, error) {
	out := map[int64]*Sheet{}
	sheet := func(app int64) *Sheet {
		if out[app] == nil {
			out[app] = &Sheet{Moderated: map[int]int{}}
		}
		return out[app]
	}
	err := sqldb.RunQuery(ctx, q, `SELECT application_id, submitted_at IS NOT NULL FROM assess_assignments
WHERE instrument_id = $1 AND withdrawn_at IS NULL`, func(r *sql.Rows) error {
		var app int64
		var done bool
		if err := r.Scan(&app, &done); err != nil {
			return err
		}
		if !done {
			sheet(app).Pending++
		} else {
			sheet(app)
		}
		return nil
	}, in.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "find assignments")
	}
	rows := map[int64]map[int64][]int{} // app → assessor → scores by dimension index
	err = sqldb.RunQuery(ctx, q, `SELECT application_id, assessor_id, no, score FROM assess_scores WHERE instrument_id = $1
ORDER BY application_id, assessor_id, no`, func(r *sql.Rows) error {
		var app, who int64
		var no, score int
		if err := r.Scan(&app, &who, &no, &score); err != nil {
			return err
		}
		if rows[app] == nil {
			rows[app] = map[int64][]int{}
		}
		rows[app][who] = append(rows[app][who], score)
		return nil
	}, in.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "find scores")
	}
	for app, byWho := range rows {
		whos := make([]int64, 0, len(byWho))
		for w := range byWho {
			whos = append(whos, w)
		}
		slices.Sort(whos)
		for _, w := range whos {
			sheet(app).Scores = append(sheet(app).Scores, byWho[w])
		}
	}
	err = sqldb.RunQuery(ctx, q, `SELECT m.application_id, m.no, m.score, m.reason, u.name FROM assess_moderations m
JOIN users u ON u.id = m.moderated_by WHERE m.instrument_id = $1`,
		func(r *sql.Rows) error {
			var app int64
			var no, score int
			var reason, who string
			if err := r.Scan(&app, &no, &score, &reason, &who); err != nil {
				return err
			}
			sh := sheet(app)
			sh.Moderated[no] = score
			if sh.Reasons == nil {
				sh.Reasons = map[int]string{}
			}
			sh.Reasons[no] = who + ": " + reason
			return nil
		}, in.ID)
	return out, sqldb.Translate(err, "find moderations")
}

// CandidateRow is one candidate of an instrument as the committee sees it.
type CandidateRow struct {
	ApplicationID      int64
	RegistrationNumber string
	Name               string
	Assessors          []string // the active assessors' names, "✓" after one who submitted
	Sheet              Sheet
	Result             Result
	// Code is a paper's pseudonymous code ("" for other kinds).
	Code string
	// Panel is the name of the panel the candidate was placed in ("" when
	// the instrument has no panels).
	Panel string
	// Recommendations are a psychotest's psychologists' recommendations
	// (in the order of Assessors), once every one submitted;
	// Recommendation is then the final one (FinalRecommendation).
	Recommendations []string
	Recommendation  string
}

// Candidates lists an instrument's assigned candidates with their sheets
// and results, by registration number.
func (s *Service) Candidates(ctx context.Context, instrumentID int64) (*Instrument, []CandidateRow, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return nil, nil, err
	}
	sh, err := sheets(ctx, s.db.R, in)
	if err != nil {
		return nil, nil, err
	}
	var out []CandidateRow
	idx := map[int64]int{}
	// Joins across parts: applications, applicants and users, for names.
	whos := map[int64][]int64{} // app → its active assessors, in the order of Assessors
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT x.application_id, a.registration_number, ap.name, u.name, x.submitted_at IS NOT NULL,
  coalesce(c.code, ''), x.assessor_id, coalesce(pn.name, '')
FROM assess_assignments x JOIN applications a ON a.id = x.application_id JOIN applicants ap ON ap.id = a.applicant_id
  JOIN users u ON u.id = x.assessor_id
  LEFT JOIN assess_codes c ON c.instrument_id = x.instrument_id AND c.application_id = x.application_id
  LEFT JOIN assess_panel_candidates pc ON pc.instrument_id = x.instrument_id AND pc.application_id = x.application_id
  LEFT JOIN assess_panels pn ON pn.id = pc.panel_id
WHERE x.instrument_id = $1 AND x.withdrawn_at IS NULL ORDER BY a.registration_number, u.name`, func(r *sql.Rows) error {
		var app, whoID int64
		var number, name, who, code, panel string
		var done bool
		if err := r.Scan(&app, &number, &name, &who, &done, &code, &whoID, &panel); err != nil {
			return err
		}
		whos[app] = append(whos[app], whoID)
		i, ok := idx[app]
		if !ok {
			i, idx[app] = len(out), len(out)
			row := CandidateRow{ApplicationID: app, RegistrationNumber: number, Name: name, Code: code, Panel: panel}
			if x := sh[app]; x != nil {
				row.Sheet = *x
			}
			row.Result = Evaluate(in.Dimensions, row.Sheet)
			out = append(out, row)
		}
		if done {
			who += " ✓"
		}
		out[i].Assessors = append(out[i].Assessors, who)
		return nil
	}, instrumentID)
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find candidates")
	}
	if in.Kind == KindPsychotest {
		recs, err := recommendationsOf(ctx, s.db.R, instrumentID)
		if err != nil {
			return nil, nil, err
		}
		for i := range out {
			if out[i].Sheet.Pending > 0 {
				continue
			}
			for _, who := range whos[out[i].ApplicationID] {
				out[i].Recommendations = append(out[i].Recommendations, recs[out[i].ApplicationID][who])
			}
			out[i].Recommendation = FinalRecommendation(out[i].Recommendations)
		}
	}
	return in, out, nil
}

// Agreement is the agreement of an instrument's assessors over the
// candidates every assessor scored.
func (s *Service) Agreement(ctx context.Context, instrumentID int64) (Agreement, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return Agreement{}, err
	}
	sh, err := sheets(ctx, s.db.R, in)
	if err != nil {
		return Agreement{}, err
	}
	var all []Sheet
	for _, x := range sh {
		if x.Pending == 0 {
			all = append(all, *x)
		}
	}
	return Agree(len(in.Dimensions), all), nil
}

// Moderate stores the panel's agreed score of a dimension whose
// assessors' scores are Spread or more apart (every assessor submitted),
// with its written reason, and records assess.moderate. Errors: invalid
// (score, reason), not_found, conflict (ErrNoModeration).
func (s *Service) Moderate(ctx context.Context, userID, instrumentID, appID int64, no, score int, reason string) error {
	f := map[string]apperr.Msg{}
	if score < 1 || score > Levels {
		f["score"] = apperr.M("assess.score")
	}
	if textcheck.FieldMsg(f, "reason", &reason, textcheck.Multiline) && (reason == "" || utf8.RuneCountInString(reason) > 2000) {
		f["reason"] = apperr.M("assess.moderation_reason")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		sh, err := sheets(ctx, tx, in)
		if err != nil {
			return err
		}
		x := sh[appID]
		if x == nil {
			return ErrNotAssigned
		}
		r := Evaluate(in.Dimensions, *x)
		if no < 1 || no > len(r.Dimensions) || !r.Dimensions[no-1].Moderate {
			return ErrNoModeration
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_moderations (instrument_id, application_id, no, score, reason, moderated_by,
moderated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, instrumentID, appID, no, score, reason, userID, sqldb.Now(s.now())); err != nil {
			return sqldb.Translate(err, "moderate")
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.moderate", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(instrumentID, 10), Data: map[string]any{"application": appID, "dimension": no, "score": score,
				"reason": reason}})
	})
}

// Assigned is one candidate an assessor scores.
type Assigned struct {
	Instrument         *Instrument
	ApplicationID      int64
	RegistrationNumber string
	Name               string
	Submitted          bool
	Own                []int   // the assessor's scores, once submitted
	Others             [][]int // the other assessors' submitted scores, shown only after the assessor's own
	// Code is a paper's pseudonymous code: for a paper the assessor is
	// never told the candidate's name or registration number (both "").
	Code string
	// A psychotest's recommendations: the assessor's own and the others'
	// (once the assessor submitted), the final one once every assessor did.
	Recommendation       string
	OtherRecommendations []string
	FinalRecommendation  string
}

// Ref is how the assessor's pages address the candidate: a paper's code
// (its address must not carry the application, which other instruments'
// addresses name), else the application ID.
func (a Assigned) Ref() string {
	if a.Code != "" {
		return a.Code
	}
	return strconv.FormatInt(a.ApplicationID, 10)
}

// FindAssigned lists the candidates an assessor scores (not withdrawn),
// by instrument and registration number.
func (s *Service) FindAssigned(ctx context.Context, assessorID int64) ([]Assigned, error) {
	var out []Assigned
	ins := map[int64]*Instrument{}
	// A paper's candidates are listed by code, their names and numbers
	// left out.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT x.instrument_id, x.application_id, a.registration_number, ap.name,
x.submitted_at IS NOT NULL, i.kind, coalesce(c.code, '') FROM assess_assignments x JOIN assess_instruments i ON i.id = x.instrument_id
  JOIN applications a ON a.id = x.application_id JOIN applicants ap ON ap.id = a.applicant_id
  LEFT JOIN assess_codes c ON c.instrument_id = x.instrument_id AND c.application_id = x.application_id
WHERE x.assessor_id = $1 AND x.withdrawn_at IS NULL
ORDER BY x.instrument_id DESC, CASE WHEN i.kind = 'paper' THEN coalesce(c.code, '') ELSE a.registration_number END`,
		func(r *sql.Rows) error {
			var a Assigned
			var inID int64
			var kind string
			if err := r.Scan(&inID, &a.ApplicationID, &a.RegistrationNumber, &a.Name, &a.Submitted, &kind, &a.Code); err != nil {
				return err
			}
			if kind == KindPaper {
				a.RegistrationNumber, a.Name = "", ""
			}
			ins[inID] = nil
			a.Instrument = &Instrument{ID: inID}
			out = append(out, a)
			return nil
		}, assessorID)
	if err != nil {
		return nil, sqldb.Translate(err, "find assigned")
	}
	for id := range ins {
		if ins[id], err = s.FindInstrument(ctx, id); err != nil {
			return nil, err
		}
	}
	for i := range out {
		out[i].Instrument = ins[out[i].Instrument.ID]
	}
	return out, nil
}

// View is an assessor's page of one candidate: blind to the others'
// scores until their own are in. Errors: not_found (ErrNotAssigned).
func (s *Service) View(ctx context.Context, assessorID, instrumentID, appID int64) (*Assigned, error) {
	list, err := s.FindAssigned(ctx, assessorID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(a Assigned) bool { return a.Instrument.ID == instrumentID && a.ApplicationID == appID })
	if i < 0 {
		return nil, ErrNotAssigned
	}
	a := list[i]
	if a.Instrument.Kind == KindPsychotest {
		if err := s.recordRead(ctx, instrumentID, appID); err != nil {
			return nil, err
		}
	}
	if !a.Submitted {
		return &a, nil
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT assessor_id, score FROM assess_scores
WHERE instrument_id = $1 AND application_id = $2 ORDER BY assessor_id, no`, func(r *sql.Rows) error {
		var who int64
		var score int
		if err := r.Scan(&who, &score); err != nil {
			return err
		}
		if who == assessorID {
			a.Own = append(a.Own, score)
			return nil
		}
		if len(a.Others) == 0 || len(a.Others[len(a.Others)-1]) == len(a.Instrument.Dimensions) {
			a.Others = append(a.Others, nil)
		}
		a.Others[len(a.Others)-1] = append(a.Others[len(a.Others)-1], score)
		return nil
	}, instrumentID, appID)
	if err != nil {
		return nil, sqldb.Translate(err, "find scores")
	}
	if a.Instrument.Kind == KindPsychotest {
		if err := s.viewRecommendations(ctx, &a, assessorID); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// Progress counts, over a period's instruments, the candidates still
// waiting for an assessor's scores and those waiting for the panel's
// moderation (a candidate counts once per instrument).
func (s *Service) Progress(ctx context.Context, periodID int64) (scoring, moderating int, err error) {
	ins, err := s.FindInstruments(ctx, periodID)
	if err != nil {
		return 0, 0, err
	}
	for _, in := range ins {
		sh, err := sheets(ctx, s.db.R, in)
		if err != nil {
			return 0, 0, err
		}
		for _, x := range sh {
			switch r := Evaluate(in.Dimensions, *x); {
			case r.Complete:
			case x.Pending > 0:
				scoring++
			default:
				moderating++
			}
		}
	}
	return scoring, moderating, nil
}
