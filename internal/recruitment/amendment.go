package recruitment

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// An amendment (perubahan pengumuman) is the only way published
// requirements or dates change: each one states what changed, from what to
// what, and why, and is shown publicly with the period and its formation.

// FormationAmendable are the requirement fields an amendment may change.
var FormationAmendable = []string{"quota", "levels", "majors", "min_ipk", "age_min", "age_max", "documents"}

// PeriodAmendable are the timeline fields an amendment may change.
var PeriodAmendable = []string{"registration_close_at", "administration_announce_at", "appeal_days", "skd_at", "skb_at", "final_at"}

// NewAmendment is what Amend takes.
type NewAmendment struct {
	FormationID string // empty: the period's timeline
	Note        string
	Changes     map[string]json.RawMessage
}

// Change is one field's value before and after an amendment.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Amendment is a recorded, public change.
type Amendment struct {
	ID            int64
	PeriodID      int64
	FormationID   *int64
	FormationCode string
	Note          string
	Changes       map[string]Change
	Actor         string
	CreatedAt     time.Time
}

// Fields lists the changed fields in a stable order.
func (a *Amendment) Fields() []string {
	out := make([]string, 0, len(a.Changes))
	for k := range a.Changes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Amend applies and records an amendment of a period's timeline or of one
// of its formations' requirements, in one transaction, and records
// period.amend or formation.amend with every change. Errors: not_found
// (period, or a formation of another period), invalid (no note, no change,
// a field that cannot change, a value the rules refuse).
func (s *Service) Amend(ctx context.Context, periodID int64, n NewAmendment) (*Amendment, error) {
	formationID, err := n.validate()
	if err != nil {
		return nil, err
	}
	var out *Amendment
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := s.findPeriod(ctx, tx, periodID)
		if err != nil {
			return err
		}
		var changes map[string]Change
		var fm *Formation
		if formationID != 0 {
			fm, err = scanFormation(
				tx.QueryRowContext(
					ctx,
					`SELECT `+formationColumns+` FROM formations WHERE id = $1 AND period_id = $2`,
					formationID,
					periodID,
				),
			)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrFormationNotFound
			}
			if err != nil {
				return sqldb.Translate(err, "find formation")
			}
			if err := s.loadMajorsTx(ctx, tx, fm); err != nil {
				return err
			}
			changes, err = s.amendFormation(ctx, tx, fm, n.Changes)
		} else {
			changes, err = s.amendPeriod(ctx, tx, p, n.Changes)
		}
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"changes": apperr.M("recruitment.amend.no_change")})
		}
		if err := bumpCatalog(ctx, tx, periodID); err != nil {
			return err
		}
		now := sqldb.Now(s.now())
		actor := ""
		if pr := identity.PrincipalFrom(ctx); pr != nil {
			actor = pr.Name
		}
		cj, _ := json.Marshal(changes)
		var fid any
		if fm != nil {
			fid = fm.ID
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO amendments (period_id, formation_id, note, changes, actor, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			periodID, fid, n.Note, string(cj), actor, now).Scan(&id); err != nil {
			return sqldb.Translate(err, "insert amendment")
		}
		out = &Amendment{ID: id, PeriodID: periodID, Note: n.Note, Changes: changes, Actor: actor, CreatedAt: now}
		data := map[string]any{"amendment": strconv.FormatInt(id, 10), "note": n.Note, "changes": changes}
		ev := audit.Event{Action: "period.amend", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10), Data: data}
		if fm != nil {
			out.FormationID, out.FormationCode = &fm.ID, fm.Code
			ev.Action, ev.ObjectType, ev.ObjectID = "formation.amend", "formation", strconv.FormatInt(fm.ID, 10)
			data["period"] = strconv.FormatInt(periodID, 10)
		}
		return s.record(ctx, tx, ev)
	})
	return out, err
}

// validate checks an amendment before any reading: a note, at least one
// change, only fields that may change, a formation id; it returns the
// formation's id (0 for the period's timeline).
func (n *NewAmendment) validate() (formationID int64, err error) {
	f := fieldMsgs{}
	if f.text("note", &n.Note, textcheck.Multiline) && (len([]rune(n.Note)) < 10 || len(n.Note) > 2000) {
		f.set("note", "recruitment.amend.note")
	}
	if len(n.Changes) == 0 {
		f.set("changes", "recruitment.amend.changes")
	}
	allowed := PeriodAmendable
	if n.FormationID != "" {
		allowed = FormationAmendable
	}
	for k := range n.Changes {
		if !contains(allowed, k) {
			f.set("changes."+k, "recruitment.amend.not_amendable", "fields", strings.Join(allowed, ", "))
		}
	}
	if n.FormationID != "" {
		id, err := strconv.ParseInt(n.FormationID, 10, 64)
		if err != nil || id <= 0 {
			f.set("formation_id", "recruitment.amend.formation_id")
		}
		formationID = id
	}
	return formationID, f.err()
}

func (s *Service) loadMajorsTx(ctx context.Context, tx *sqldb.Tx, f *Formation) error {
	rows, err := tx.QueryContext(
		ctx,
		`SELECT e.code, e.name FROM formation_majors fm JOIN education_refs e ON e.code = fm.code WHERE fm.formation_id = $1 ORDER BY e.name`,
		f.ID,
	)
	if err != nil {
		return sqldb.Translate(err, "load majors")
	}
	defer rows.Close()
	for rows.Next() {
		var m Major
		if err := rows.Scan(&m.Code, &m.Name); err != nil {
			return sqldb.Translate(err, "load majors")
		}
		f.Majors = append(f.Majors, m)
	}
	return sqldb.Translate(rows.Err(), "load majors")
}

// decodeChange reads one change's new value strictly into dst.
func decodeChange(raw json.RawMessage, dst any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(dst)
}

// amendFormation applies the changes ch to fm: the formation as it is,
// changed, judged by the same rules as a new formation, stored when
// anything changed. It returns the changes, before and after.
func (s *Service) amendFormation(
	ctx context.Context,
	tx *sqldb.Tx,
	fm *Formation,
	ch map[string]json.RawMessage,
) (map[string]Change, error) {
	n := formationAsNew(fm)
	if err := n.applyChanges(ch); err != nil {
		return nil, err
	}
	minIPK, err := n.validate()
	if err != nil {
		return nil, err
	}
	majors, err := s.majorsOf(ctx, tx, n.Education.Majors)
	if err != nil {
		return nil, err
	}
	changes := formationChanges(fm, &n, majors, minIPK)
	if len(changes) == 0 {
		return changes, nil
	}
	_, majorsChanged := changes["majors"]
	return changes, storeAmendedFormation(ctx, tx, fm, &n, majors, minIPK, majorsChanged)
}

// formationAsNew is fm as the request that would create it.
func formationAsNew(fm *Formation) NewFormation {
	n := NewFormation{
		Code:           fm.Code,
		Position:       fm.Position,
		Unit:           fm.Unit,
		EmploymentType: fm.EmploymentType,
		Quota:          fm.Quota,
		Category:       fm.Category,
		AgeMin:         fm.AgeMin,
		AgeMax:         fm.AgeMax,
		Documents:      fm.Documents,
	}
	n.Education.Levels = fm.Levels
	for _, m := range fm.Majors {
		n.Education.Majors = append(n.Education.Majors, m.Code)
	}
	if fm.MinIPK != nil {
		v := float64(*fm.MinIPK) / 100
		n.MinIPK = &v
	}
	return n
}

// applyChanges decodes each change's new value into n. Errors: invalid
// (naming each change that cannot be read).
func (n *NewFormation) applyChanges(ch map[string]json.RawMessage) error {
	bad := fieldMsgs{}
	for k, raw := range ch {
		var err error
		switch k {
		case "quota":
			err = decodeChange(raw, &n.Quota)
		case "levels":
			n.Education.Levels = nil
			err = decodeChange(raw, &n.Education.Levels)
		case "majors":
			n.Education.Majors = nil
			err = decodeChange(raw, &n.Education.Majors)
		case "min_ipk":
			n.MinIPK = nil
			err = decodeChange(raw, &n.MinIPK)
		case "age_min":
			err = decodeChange(raw, &n.AgeMin)
		case "age_max":
			err = decodeChange(raw, &n.AgeMax)
		case "documents":
			n.Documents, err = decodeDocuments(raw)
		}
		if err != nil {
			bad.set("changes."+k, "recruitment.amend.unreadable")
		}
	}
	return bad.err()
}

// decodeDocuments reads the documents of an amendment: kinds of the SSCASN
// presets, or whole rules; at least one.
func decodeDocuments(raw json.RawMessage) ([]DocumentRule, error) {
	var docs []DocumentRule
	var kinds []string
	if decodeChange(raw, &kinds) == nil {
		for _, kd := range kinds {
			d, ok := DocumentPresets[kd]
			if !ok {
				return nil, errors.New("unknown kind " + kd)
			}
			docs = append(docs, d)
		}
	} else if err := decodeChange(raw, &docs); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New("empty")
	}
	return docs, nil
}

// majorsOf looks up education codes in the reference list. Errors:
// invalid (naming the unknown codes).
func (s *Service) majorsOf(ctx context.Context, tx *sqldb.Tx, codes []string) ([]Major, error) {
	var majors []Major
	var unknown []string
	for _, code := range codes {
		var m Major
		err := tx.QueryRowContext(ctx, `SELECT code, name FROM education_refs WHERE code = $1`, strings.TrimSpace(code)).
			Scan(&m.Code, &m.Name)
		if errors.Is(err, sql.ErrNoRows) {
			unknown = append(unknown, code)
			continue
		}
		if err != nil {
			return nil, sqldb.Translate(err, "find education")
		}
		majors = append(majors, m)
	}
	if len(unknown) > 0 {
		return nil, apperr.InvalidMsgs(
			map[string]apperr.Msg{"changes.majors": apperr.M("recruitment.education.unknown", "codes", strings.Join(unknown, ", "))},
		)
	}
	return majors, nil
}

// formationChanges lists what differs between fm and its amended form n
// (with majors and minIPK as validated), before and after.
func formationChanges(fm *Formation, n *NewFormation, majors []Major, minIPK *int) map[string]Change {
	changes := map[string]Change{}
	note := func(k string, before, after any) {
		b, _ := json.Marshal(before)
		a, _ := json.Marshal(after)
		if !bytes.Equal(a, b) {
			changes[k] = Change{before, after}
		}
	}
	oldMajors := make([]string, len(fm.Majors))
	for i, m := range fm.Majors {
		oldMajors[i] = m.Code
	}
	newMajors := make([]string, len(majors))
	for i, m := range majors {
		newMajors[i] = m.Code
	}
	sort.Strings(oldMajors)
	sort.Strings(newMajors)
	ipk := func(h *int) any {
		if h == nil {
			return nil
		}
		return IPKString(*h)
	}
	note("quota", fm.Quota, n.Quota)
	note("levels", fm.Levels, n.Education.Levels)
	note("majors", oldMajors, newMajors)
	note("min_ipk", ipk(fm.MinIPK), ipk(minIPK))
	note("age_min", fm.AgeMin, n.AgeMin)
	note("age_max", fm.AgeMax, n.AgeMax)
	note("documents", fm.Documents, n.Documents)
	return changes
}

// storeAmendedFormation writes the amended requirements of fm (and its
// majors when they changed).
func storeAmendedFormation(
	ctx context.Context,
	tx *sqldb.Tx,
	fm *Formation,
	n *NewFormation,
	majors []Major,
	minIPK *int,
	majorsChanged bool,
) error {
	levels, _ := json.Marshal(n.Education.Levels)
	docs, _ := json.Marshal(n.Documents)
	words := []string{fm.Code, fm.Position, fm.Unit}
	for _, m := range majors {
		words = append(words, m.Name)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE formations
SET quota = $1, levels = $2, min_ipk = $3, age_min = $4, age_max = $5, documents = $6, search = $7 WHERE id = $8`,
		n.Quota, string(levels), minIPK, n.AgeMin, n.AgeMax, string(docs), strings.ToLower(strings.Join(words, " ")), fm.ID); err != nil {
		return sqldb.Translate(err, "amend formation")
	}
	if !majorsChanged {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM formation_majors WHERE formation_id = $1`, fm.ID); err != nil {
		return sqldb.Translate(err, "amend majors")
	}
	for _, m := range majors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO formation_majors (formation_id, code) VALUES ($1, $2)
ON CONFLICT DO NOTHING`, fm.ID, m.Code); err != nil {
			return sqldb.Translate(err, "amend majors")
		}
	}
	return nil
}

// amendPeriod applies the changes ch to p's timeline: decoded, judged by
// the rules of a new period, refused when they move a past step, stored
// when anything changed. It returns the changes, before and after.
func (s *Service) amendPeriod(ctx context.Context, tx *sqldb.Tx, p *Period, ch map[string]json.RawMessage) (map[string]Change, error) {
	n := NewPeriod{
		Name:          p.Name,
		Agency:        p.Agency,
		Kind:          p.Kind,
		TimeZone:      p.TimeZone,
		ReferenceDate: p.ReferenceDate,
		Timeline:      p.Timeline,
	}
	t := &n.Timeline
	if err := t.applyChanges(ch); err != nil {
		return nil, err
	}
	if err := n.validate(); err != nil {
		// Name the changed field the way the request did.
		fields := fieldMsgs{}
		for k, m := range apperr.As(err).FieldMsgs {
			fields[strings.Replace(k, "timeline.", "changes.", 1)] = m
		}
		return nil, fields.err()
	}
	now := s.now()
	if !t.RegCloseAt.Equal(p.RegCloseAt) && !t.RegCloseAt.After(now) {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"changes.registration_close_at": apperr.M("recruitment.amend.close_past")})
	}
	if !t.AdminAnnounceAt.Equal(p.AdminAnnounceAt) && !p.AdminAnnounceAt.After(now) {
		return nil, apperr.InvalidMsgs(
			map[string]apperr.Msg{"changes.administration_announce_at": apperr.M("recruitment.amend.announced")},
		)
	}
	changes := timelineChanges(&p.Timeline, t)
	if len(changes) == 0 {
		return changes, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE periods
SET reg_close_at = $1, admin_announce_at = $2, appeal_days = $3, skd_at = $4, skb_at = $5, final_at = $6, updated_at = $7
WHERE id = $8`, sqldb.Now(t.RegCloseAt), sqldb.Now(t.AdminAnnounceAt), t.AppealDays, nullTime(t.SKDAt), nullTime(t.SKBAt),
		nullTime(t.FinalAt), sqldb.Now(now), p.ID); err != nil {
		return nil, sqldb.Translate(err, "amend period")
	}
	return changes, nil
}

// applyChanges decodes each change's new value into t. Errors: invalid
// (naming each change that cannot be read).
func (t *Timeline) applyChanges(ch map[string]json.RawMessage) error {
	bad := fieldMsgs{}
	for k, raw := range ch {
		var err error
		switch k {
		case "registration_close_at":
			err = decodeChange(raw, &t.RegCloseAt)
		case "administration_announce_at":
			err = decodeChange(raw, &t.AdminAnnounceAt)
		case "appeal_days":
			err = decodeChange(raw, &t.AppealDays)
		case "skd_at":
			t.SKDAt = nil
			err = decodeChange(raw, &t.SKDAt)
		case "skb_at":
			t.SKBAt = nil
			err = decodeChange(raw, &t.SKBAt)
		case "final_at":
			t.FinalAt = nil
			err = decodeChange(raw, &t.FinalAt)
		}
		if err != nil {
			bad.set("changes."+k, "recruitment.amend.unreadable_time")
		}
	}
	return bad.err()
}

// timelineChanges lists what differs between two timelines, times in RFC
// 3339 (UTC), before and after.
func timelineChanges(before, after *Timeline) map[string]Change {
	changes := map[string]Change{}
	stamp := func(k string, b, a time.Time) {
		if !b.Equal(a) {
			changes[k] = Change{b.UTC().Format(time.RFC3339), a.UTC().Format(time.RFC3339)}
		}
	}
	opt := func(k string, b, a *time.Time) {
		switch {
		case b == nil && a == nil:
		case b == nil:
			changes[k] = Change{nil, a.UTC().Format(time.RFC3339)}
		case a == nil:
			changes[k] = Change{b.UTC().Format(time.RFC3339), nil}
		default:
			stamp(k, *b, *a)
		}
	}
	stamp("registration_close_at", before.RegCloseAt, after.RegCloseAt)
	stamp("administration_announce_at", before.AdminAnnounceAt, after.AdminAnnounceAt)
	if before.AppealDays != after.AppealDays {
		changes["appeal_days"] = Change{before.AppealDays, after.AppealDays}
	}
	opt("skd_at", before.SKDAt, after.SKDAt)
	opt("skb_at", before.SKBAt, after.SKBAt)
	opt("final_at", before.FinalAt, after.FinalAt)
	return changes
}

// FindAmendments lists a period's amendments, oldest first: all of them,
// or (formationID > 0) those of the period's timeline and of that formation.
func (s *Service) FindAmendments(ctx context.Context, periodID, formationID int64) ([]*Amendment, error) {
	q := `SELECT a.id, a.period_id, a.formation_id, coalesce(f.code, ''), a.note, a.changes, a.actor, a.created_at
FROM amendments a LEFT JOIN formations f ON f.id = a.formation_id WHERE a.period_id = $1`
	args := []any{periodID}
	if formationID > 0 {
		q += ` AND (a.formation_id IS NULL OR a.formation_id = $2)`
		args = append(args, formationID)
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "list amendments")
	}
	defer rows.Close()
	var out []*Amendment
	for rows.Next() {
		a := &Amendment{}
		var fid sql.NullInt64
		var changes string
		if err := rows.Scan(&a.ID, &a.PeriodID, &fid, &a.FormationCode, &a.Note, &changes, &a.Actor, &a.CreatedAt); err != nil {
			return nil, sqldb.Translate(err, "list amendments")
		}
		if fid.Valid {
			a.FormationID = &fid.Int64
		}
		a.CreatedAt = a.CreatedAt.UTC()
		if err := json.Unmarshal([]byte(changes), &a.Changes); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, sqldb.Translate(rows.Err(), "list amendments")
}
