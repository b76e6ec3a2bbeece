package training

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// CreateInstitution adds a partner institution and records
// training.institution.create. Errors: invalid (name, address, contact),
// conflict (the name is taken).
func (s *Service) CreateInstitution(ctx context.Context, n NewInstitution) (*Institution, error) {
	if f := n.check(); len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(s.now())
		err := tx.QueryRowContext(ctx, `INSERT INTO training_institutions (name, address, contact, created_at)
VALUES ($1, $2, $3, $4) RETURNING id`, n.Name, n.Address, n.Contact, at).Scan(&id)
		if sqldb.IsUnique(err) {
			return ErrInstitutionTaken
		}
		if err != nil {
			return sqldb.Translate(err, "insert institution")
		}
		return s.record(ctx, tx, at, "training.institution.create", "training_institution", id,
			map[string]any{"name": n.Name, "address": n.Address, "contact": n.Contact})
	})
	if err != nil {
		return nil, err
	}
	return s.FindInstitution(ctx, id)
}

// FindInstitution returns an institution. Errors: not_found.
func (s *Service) FindInstitution(ctx context.Context, id int64) (*Institution, error) {
	return findInstitution(ctx, s.db.R, id)
}

func findInstitution(ctx context.Context, q querier, id int64) (*Institution, error) {
	var in Institution
	err := q.QueryRowContext(ctx, `SELECT id, name, address, contact FROM training_institutions WHERE id = $1`, id).
		Scan(&in.ID, &in.Name, &in.Address, &in.Contact)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrInstitutionNotFound
	}
	return &in, sqldb.Translate(err, "find institution")
}

// Institutions lists the partner institutions by name.
func (s *Service) Institutions(ctx context.Context) ([]*Institution, error) {
	var out []*Institution
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, name, address, contact FROM training_institutions ORDER BY name, id`,
		func(r *sql.Rows) error {
			var in Institution
			err := r.Scan(&in.ID, &in.Name, &in.Address, &in.Contact)
			out = append(out, &in)
			return err
		})
	return out, sqldb.Translate(err, "institutions")
}

// AddAgreement records an agreement of an institution and
// training.agreement.create. Errors: not_found, invalid (number,
// starts_on, ends_on, scope).
func (s *Service) AddAgreement(ctx context.Context, institutionID int64, n NewAgreement) (*Agreement, error) {
	if f := n.check(); len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	a := Agreement{InstitutionID: institutionID, Number: n.Number, StartsOn: n.StartsOn, EndsOn: n.EndsOn, Scope: n.Scope}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findInstitution(ctx, tx, institutionID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_agreements (institution_id, number, starts_on, ends_on, scope, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, institutionID, n.Number, n.StartsOn, n.EndsOn, n.Scope, at).Scan(&a.ID); err != nil {
			return sqldb.Translate(err, "insert agreement")
		}
		return s.record(ctx, tx, at, "training.agreement.create", "training_institution", institutionID,
			map[string]any{"agreement": idText(a.ID), "number": n.Number, "starts_on": n.StartsOn, "ends_on": n.EndsOn, "scope": n.Scope})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Agreements lists an institution's agreements, the latest first.
func (s *Service) Agreements(ctx context.Context, institutionID int64) ([]Agreement, error) {
	var out []Agreement
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, institution_id, number, starts_on, ends_on, scope FROM training_agreements
WHERE institution_id = $1 ORDER BY starts_on DESC, id DESC`, func(r *sql.Rows) error {
		var a Agreement
		err := r.Scan(&a.ID, &a.InstitutionID, &a.Number, &a.StartsOn, &a.EndsOn, &a.Scope)
		out = append(out, a)
		return err
	}, institutionID)
	return out, sqldb.Translate(err, "agreements")
}

// LinkTrainer makes the account username (which must hold the trainer
// role) a trainer of an institution, moving it from another one, and
// records training.trainer.link. Errors: not_found (the institution),
// invalid ("username": no such account, or one without the trainer role).
func (s *Service) LinkTrainer(ctx context.Context, institutionID int64, username string) error {
	username = strings.TrimSpace(username)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findInstitution(ctx, tx, institutionID); err != nil {
			return err
		}
		var uid int64
		// Joins across parts: identity's users and their roles.
		err := tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'trainer'
WHERE lower(u.username) = lower($1)`, username).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return invalid("username", "training.trainer_missing")
		}
		if err != nil {
			return sqldb.Translate(err, "find trainer")
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_trainers WHERE user_id = $1`, uid); err != nil {
			return sqldb.Translate(err, "unlink trainer")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_trainers (user_id, institution_id, created_at) VALUES ($1, $2, $3)`,
			uid, institutionID, at); err != nil {
			return sqldb.Translate(err, "link trainer")
		}
		return s.record(ctx, tx, at, "training.trainer.link", "training_institution", institutionID,
			map[string]any{"user": idText(uid), "username": username})
	})
}

// Trainers lists an institution's trainer accounts by name.
func (s *Service) Trainers(ctx context.Context, institutionID int64) ([]Person, error) {
	var out []Person
	// Joins across parts: identity's users.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT u.id, u.name, u.username FROM training_trainers t JOIN users u ON u.id = t.user_id
WHERE t.institution_id = $1 ORDER BY u.name, u.id`, func(r *sql.Rows) error {
		var p Person
		err := r.Scan(&p.ID, &p.Name, &p.Username)
		out = append(out, p)
		return err
	}, institutionID)
	return out, sqldb.Translate(err, "trainers")
}

// InstitutionOf returns the institution a trainer account belongs to (0: none).
func (s *Service) InstitutionOf(ctx context.Context, userID int64) (int64, error) {
	return institutionOf(ctx, s.db.R, userID)
}

func institutionOf(ctx context.Context, q querier, userID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT institution_id FROM training_trainers WHERE user_id = $1`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, sqldb.Translate(err, "trainer's institution")
}

// CreateProgramme adds a programme to an institution's catalogue and
// records training.programme.create. Errors: not_found (the institution),
// invalid (title, topic, jp, mode, cost, description, competencies,
// prerequisites: a programme that does not exist).
func (s *Service) CreateProgramme(ctx context.Context, institutionID int64, n NewProgramme) (*Programme, error) {
	if f := n.check(); len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findInstitution(ctx, tx, institutionID); err != nil {
			return err
		}
		for _, p := range n.Prerequisites {
			if _, err := findProgramme(ctx, tx, p); err != nil {
				return invalid("prerequisites", "training.prerequisite_missing")
			}
		}
		at := sqldb.Now(s.now())
		var cost any
		if n.Cost != nil {
			cost = *n.Cost
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_programmes (institution_id, title, topic, jp, mode, cost, description,
  created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, institutionID, n.Title, n.Topic, n.JP, n.Mode, cost,
			n.Description, at).Scan(&id); err != nil {
			return sqldb.Translate(err, "insert programme")
		}
		for _, c := range n.Competencies {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_programme_competencies (programme_id, competency) VALUES ($1, $2)`,
				id, c); err != nil {
				return sqldb.Translate(err, "programme competency")
			}
		}
		for _, p := range n.Prerequisites {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_prerequisites (programme_id, requires_id) VALUES ($1, $2)`,
				id, p); err != nil {
				return sqldb.Translate(err, "programme prerequisite")
			}
		}
		return s.record(ctx, tx, at, "training.programme.create", "training_programme", id, map[string]any{
			"institution": idText(institutionID), "title": n.Title, "topic": n.Topic, "jp": n.JP, "mode": n.Mode, "cost": n.Cost,
			"competencies": n.Competencies, "prerequisites": n.Prerequisites})
	})
	if err != nil {
		return nil, err
	}
	return s.FindProgramme(ctx, id)
}

const programmeColumns = `p.id, p.institution_id, i.name, p.title, p.topic, p.jp, p.mode, p.cost, p.description`

func scanProgramme(r interface{ Scan(...any) error }, p *Programme) error {
	var cost sql.NullInt64
	err := r.Scan(&p.ID, &p.InstitutionID, &p.Institution, &p.Title, &p.Topic, &p.JP, &p.Mode, &cost, &p.Description)
	if cost.Valid {
		p.Cost = &cost.Int64
	}
	return err
}

// FindProgramme returns a programme with its competencies and
// prerequisites. Errors: not_found.
func (s *Service) FindProgramme(ctx context.Context, id int64) (*Programme, error) {
	return findProgramme(ctx, s.db.R, id)
}

func findProgramme(ctx context.Context, q querier, id int64) (*Programme, error) {
	var p Programme
	err := scanProgramme(q.QueryRowContext(ctx, `SELECT `+programmeColumns+` FROM training_programmes p
JOIN training_institutions i ON i.id = p.institution_id WHERE p.id = $1`, id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrProgrammeNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find programme")
	}
	if err := attachProgrammes(ctx, q, []*Programme{&p}); err != nil {
		return nil, err
	}
	return &p, nil
}

// attachProgrammes fills the programmes' competencies and prerequisites.
func attachProgrammes(ctx context.Context, q querier, ps []*Programme) error {
	by := map[int64][]*Programme{} // a programme may appear once per session
	for _, p := range ps {
		by[p.ID] = append(by[p.ID], p)
	}
	err := sqldb.RunQuery(ctx, q, `SELECT programme_id, competency FROM training_programme_competencies ORDER BY competency`,
		func(r *sql.Rows) error {
			var id int64
			var c string
			if err := r.Scan(&id, &c); err != nil {
				return err
			}
			for _, p := range by[id] {
				p.Competencies = append(p.Competencies, c)
			}
			return nil
		})
	if err != nil {
		return sqldb.Translate(err, "programme competencies")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT programme_id, requires_id FROM training_prerequisites ORDER BY requires_id`,
		func(r *sql.Rows) error {
			var id, req int64
			if err := r.Scan(&id, &req); err != nil {
				return err
			}
			for _, p := range by[id] {
				p.Prerequisites = append(p.Prerequisites, req)
			}
			return nil
		})
	return sqldb.Translate(err, "programme prerequisites")
}

// Programmes lists the catalogue (of one institution when institutionID
// is not 0), by title.
func (s *Service) Programmes(ctx context.Context, institutionID int64) ([]*Programme, error) {
	var out []*Programme
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+programmeColumns+` FROM training_programmes p
JOIN training_institutions i ON i.id = p.institution_id WHERE ($1 = 0 OR p.institution_id = $1) ORDER BY p.title, p.id`,
		func(r *sql.Rows) error {
			var p Programme
			err := scanProgramme(r, &p)
			out = append(out, &p)
			return err
		}, institutionID)
	if err != nil {
		return nil, sqldb.Translate(err, "programmes")
	}
	return out, attachProgrammes(ctx, s.db.R, out)
}
