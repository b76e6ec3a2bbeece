package recruitment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// EducationRef is an entry of the reference list of education codes.
type EducationRef struct {
	Code  string
	Name  string
	Level string
}

// UpsertEducationRefs adds or renames entries of the reference list and
// records education.import. Errors: invalid (with the index of the bad entry).
func (s *Service) UpsertEducationRefs(ctx context.Context, refs []EducationRef) error {
	f := fieldMsgs{}
	for i, r := range refs {
		if strings.TrimSpace(r.Code) == "" || strings.TrimSpace(r.Name) == "" || !contains(Levels, r.Level) {
			f.set(fmt.Sprintf("refs.%d", i), "recruitment.education.ref", "levels", strings.Join(Levels, ", "))
		}
	}
	if err := f.err(); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		for _, r := range refs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO education_refs (code, name, level) VALUES ($1, $2, $3)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level`, strings.TrimSpace(r.Code), strings.TrimSpace(r.Name),
				r.Level); err != nil {
				return sqldb.Translate(err, "upsert education")
			}
		}
		// A renamed major changes every list that shows it.
		if _, err := tx.ExecContext(ctx, `UPDATE periods SET catalog_version = catalog_version + 1`); err != nil {
			return sqldb.Translate(err, "catalog version")
		}
		return s.record(
			ctx,
			tx,
			audit.Event{Action: "education.import", ObjectType: "education_refs", Data: map[string]any{"count": len(refs)}},
		)
	})
}

// AddFormation adds a formation to a period before its registration opens
// and records formation.create. Errors: not_found (period), invalid,
// conflict (code taken), failed_precondition (registration opened).
func (s *Service) AddFormation(ctx context.Context, periodID int64, n NewFormation) (*Formation, error) {
	minIPK, err := s.checkFormation(ctx, &n)
	if err != nil {
		return nil, err
	}
	var f *Formation
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := s.findPeriod(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if p.PublishedAt != nil && !s.now().Before(p.RegOpenAt) {
			return ErrRegistrationStarted
		}
		f, err = s.insertFormation(ctx, tx, periodID, n, minIPK)
		return err
	})
	return f, err
}

// checkFormation checks every rule of n at once: its own (validate) and
// that its majors are in the education catalogue.
func (s *Service) checkFormation(ctx context.Context, n *NewFormation) (minIPK *int, err error) {
	minIPK, verr := n.validate()
	f := fieldMsgs{}
	if verr != nil {
		e := apperr.As(verr)
		if len(e.FieldMsgs) == 0 {
			return nil, verr
		}
		maps.Copy(f, e.FieldMsgs)
	}
	unknown, err := s.unknownMajors(ctx, n.Education.Majors)
	if err != nil {
		return nil, err
	}
	majorsMsg(f, n.Education.Majors, unknown)
	if err := f.err(); err != nil {
		return nil, err
	}
	return minIPK, nil
}

// unknownMajors returns which of codes are not in the education catalogue.
func (s *Service) unknownMajors(ctx context.Context, codes []string) (map[string]bool, error) {
	unknown := map[string]bool{}
	for _, c := range codes {
		unknown[strings.TrimSpace(c)] = true
	}
	asked := make([]any, 0, len(unknown))
	for c := range unknown {
		asked = append(asked, c)
	}
	for len(asked) > 0 {
		n := min(len(asked), 500)
		marks := make([]string, n)
		for i := range marks {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		err := sqldb.RunQuery(ctx, s.db.R, `SELECT code FROM education_refs WHERE code IN (`+strings.Join(marks, ", ")+`)`,
			func(rows *sql.Rows) error {
				var c string
				if err := rows.Scan(&c); err != nil {
					return err
				}
				delete(unknown, c)
				return nil
			}, asked[:n]...)
		if err != nil {
			return nil, sqldb.Translate(err, "find education")
		}
		asked = asked[n:]
	}
	return unknown, nil
}

func (s *Service) insertFormation(ctx context.Context, tx *sqldb.Tx, periodID int64, n NewFormation, minIPK *int) (*Formation, error) {
	var majors []Major
	bad := []string{}
	for _, code := range n.Education.Majors {
		var m Major
		err := tx.QueryRowContext(ctx, `SELECT code, name FROM education_refs WHERE code = $1`, strings.TrimSpace(code)).
			Scan(&m.Code, &m.Name)
		if errors.Is(err, sql.ErrNoRows) {
			bad = append(bad, code)
			continue
		}
		if err != nil {
			return nil, sqldb.Translate(err, "find education")
		}
		majors = append(majors, m)
	}
	if len(bad) > 0 {
		return nil, apperr.InvalidMsgs(
			map[string]apperr.Msg{"education.majors": apperr.M("recruitment.education.unknown", "codes", strings.Join(bad, ", "))},
		)
	}
	levels, _ := json.Marshal(n.Education.Levels)
	docs, _ := json.Marshal(n.Documents)
	proofs := CategoryProofs[n.Category]
	pj, _ := json.Marshal(proofs)
	words := []string{n.Code, n.Position, n.Unit}
	for _, m := range majors {
		words = append(words, m.Name)
	}
	var id int64
	err := tx.QueryRowContext(ctx,
		`INSERT INTO formations (period_id, code, position, unit, employment_type, quota, category, levels, min_ipk, age_min, age_max,
documents, proofs, search, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		periodID, n.Code, n.Position, n.Unit, n.EmploymentType, n.Quota, n.Category, string(levels), minIPK, n.AgeMin, n.AgeMax,
		string(docs), string(pj),
		strings.ToLower(strings.Join(words, " ")), sqldb.Now(s.now())).
		Scan(&id)
	if sqldb.IsUnique(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("recruitment.formation.code_exists", "code", n.Code),
			FieldMsgs: map[string]apperr.Msg{"code": apperr.M("recruitment.formation.code_taken")}}
	}
	if err != nil {
		return nil, sqldb.Translate(err, "insert formation")
	}
	for _, m := range majors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO formation_majors (formation_id, code) VALUES ($1, $2)
ON CONFLICT DO NOTHING`, id, m.Code); err != nil {
			return nil, sqldb.Translate(err, "insert major")
		}
	}
	if err := bumpCatalog(ctx, tx, periodID); err != nil {
		return nil, err
	}
	f := &Formation{
		ID:             id,
		PeriodID:       periodID,
		Code:           n.Code,
		Position:       n.Position,
		Unit:           n.Unit,
		EmploymentType: n.EmploymentType,
		Quota:          n.Quota,
		Category:       n.Category,
		Levels:         n.Education.Levels,
		Majors:         majors,
		MinIPK:         minIPK,
		AgeMin:         n.AgeMin,
		AgeMax:         n.AgeMax,
		Documents:      n.Documents,
		Proofs:         proofs,
	}
	return f, s.record(ctx, tx, audit.Event{Action: "formation.create", ObjectType: "formation", ObjectID: strconv.FormatInt(id, 10),
		Data: map[string]any{
			"period":    strconv.FormatInt(periodID, 10),
			"code":      n.Code,
			"position":  n.Position,
			"unit":      n.Unit,
			"quota":     n.Quota,
			"category":  n.Category,
			"levels":    n.Education.Levels,
			"majors":    n.Education.Majors,
			"min_ipk":   minIPK,
			"age_min":   n.AgeMin,
			"age_max":   n.AgeMax,
			"documents": n.Documents,
		}})
}

const formationColumns = `id, period_id, code, position, unit, employment_type, quota, category, levels, min_ipk, age_min, age_max,
documents, proofs, submitted`

func scanFormation(r interface{ Scan(...any) error }) (*Formation, error) {
	f := &Formation{}
	var levels, docs, proofs string
	var minIPK sql.NullInt64
	if err := r.Scan(&f.ID, &f.PeriodID, &f.Code, &f.Position, &f.Unit, &f.EmploymentType, &f.Quota, &f.Category, &levels, &minIPK,
		&f.AgeMin, &f.AgeMax, &docs, &proofs, &f.Submitted); err != nil {
		return nil, err
	}
	if minIPK.Valid {
		v := int(minIPK.Int64)
		f.MinIPK = &v
	}
	if err := errors.Join(json.Unmarshal([]byte(levels), &f.Levels), json.Unmarshal([]byte(docs), &f.Documents),
		json.Unmarshal([]byte(proofs), &f.Proofs)); err != nil {
		return nil, err
	}
	return f, nil
}

func (s *Service) loadMajors(ctx context.Context, fs []*Formation) error {
	if len(fs) == 0 {
		return nil
	}
	byID := map[int64]*Formation{}
	ph := make([]string, len(fs))
	args := make([]any, len(fs))
	for i, f := range fs {
		byID[f.ID] = f
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = f.ID
	}
	q := `SELECT fm.formation_id, e.code, e.name FROM formation_majors fm JOIN education_refs e ON e.code = fm.code
WHERE fm.formation_id IN (` + strings.Join(ph, ",") + `) ORDER BY e.name`
	var rows *sql.Rows
	var err error
	if len(fs) == 1 { // one formation (its page, an application): prepared once
		st, perr := s.db.ReadStmt(ctx, q)
		if perr != nil {
			return perr
		}
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = s.db.R.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return sqldb.Translate(err, "load majors")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m Major
		if err := rows.Scan(&id, &m.Code, &m.Name); err != nil {
			return sqldb.Translate(err, "load majors")
		}
		byID[id].Majors = append(byID[id].Majors, m)
	}
	return sqldb.Translate(rows.Err(), "load majors")
}

// FindFormationByID returns a formation of a published period (any, with
// withDrafts). Errors: not_found.
func (s *Service) FindFormationByID(ctx context.Context, id int64, withDrafts bool) (*Formation, error) {
	st, err := s.db.ReadStmt(ctx, `SELECT `+formationColumns+` FROM formations WHERE id = $1`) // prepared once: a hot read
	if err != nil {
		return nil, err
	}
	f, err := scanFormation(st.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrFormationNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find formation")
	}
	if _, err := s.FindPeriodByID(ctx, f.PeriodID, withDrafts); err != nil {
		return nil, ErrFormationNotFound
	}
	return f, s.loadMajors(ctx, []*Formation{f})
}
