package verification

import (
	"context"
	"database/sql"

	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

// Assignment is what the committee needs to hand applications to
// verifiers in a period: the verifiers who may take one, who holds each
// application, which verifier declared a conflict with which
// application's applicant, and the applications left without a verifier.
type Assignment struct {
	// Verifiers are the enabled verifiers who signed the period's pact, by
	// username: the only ones Reassign accepts.
	Verifiers []Person
	// Unassigned are the undecided applications without a verifier (after
	// a conflict of interest, or before any verifier signed), oldest first.
	Unassigned []QueueItem
	// Holders names everyone holding an application of the period, by user id.
	Holders map[int64]Person
	// Disabled marks the holders whose account is disabled: their
	// applications wait until the committee hands them on.
	Disabled map[int64]bool
	// Conflicts lists, per application id, the users who declared a
	// conflict with its applicant.
	Conflicts map[int64][]int64
}

// Holder names the verifier with user id (nil for 0).
func (a *Assignment) Holder(id int64) *Person {
	if id == 0 {
		return nil
	}
	if p, ok := a.Holders[id]; ok {
		return &p
	}
	return &Person{ID: id}
}

// Options are the verifiers an application may go to: the signed,
// enabled verifiers without a declared conflict with its applicant, except
// the one holding it now.
func (a *Assignment) Options(appID, current int64) []Person {
	var out []Person
	for _, v := range a.Verifiers {
		if v.ID != current && !containsID(a.Conflicts[appID], v.ID) {
			out = append(out, v)
		}
	}
	return out
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// unassignedLimit bounds the list of applications without a verifier.
const unassignedLimit = 200

// FindAssignment returns the period's assignment for the committee (after
// signing its pact) and the auditor; applications p declared a conflict
// with are left out. Errors: forbidden (pact), not_found.
func (s *Service) FindAssignment(ctx context.Context, p *identity.Principal, periodID int64) (*Assignment, error) {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	q := s.db.R
	a := &Assignment{Holders: map[int64]Person{}, Conflicts: map[int64][]int64{}, Disabled: map[int64]bool{}}
	var err error
	if a.Verifiers, err = eligibleVerifiers(ctx, q, periodID); err != nil {
		return nil, err
	}
	for _, v := range a.Verifiers {
		a.Holders[v.ID] = v
	}
	if err := holders(ctx, q, periodID, a.Holders, a.Disabled); err != nil {
		return nil, err
	}
	if err := conflictsByApplication(ctx, q, periodID, a.Conflicts); err != nil {
		return nil, err
	}
	sc := queueScope{periodID: periodID, unassigned: true}
	if p.Has(identity.Committee) {
		sc.notRecused = p.UserID
	}
	if a.Unassigned, err = queuePage(ctx, q, sc, "pending", unassignedLimit, 0); err != nil {
		return nil, err
	}
	return a, nil
}

// eligibleVerifiers lists the enabled verifiers who signed the period's
// pact, by username. Joins across parts: users and user_roles, as
// chooseVerifier does.
func eligibleVerifiers(ctx context.Context, q queryer, periodID int64) ([]Person, error) {
	out := []Person{}
	err := sqldb.RunQuery(ctx, q, `SELECT u.id, u.name, u.username FROM integrity_pacts pc
JOIN users u ON u.id = pc.user_id AND NOT u.disabled
JOIN user_roles r ON r.user_id = u.id AND r.role = 'verifier'
WHERE pc.period_id = $1 ORDER BY u.username`, func(rows *sql.Rows) error {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Username); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	}, periodID)
	return out, sqldb.Translate(err, "eligible verifiers")
}

// holders adds everyone holding an application of the period to m, and
// those disabled to disabled. Joins across parts: users, for the names.
func holders(ctx context.Context, q queryer, periodID int64, m map[int64]Person, disabled map[int64]bool) error {
	err := sqldb.RunQuery(ctx, q, `SELECT DISTINCT u.id, u.name, u.username, u.disabled FROM verifications v
JOIN users u ON u.id = v.verifier_id WHERE v.period_id = $1`, func(rows *sql.Rows) error {
		var p Person
		var off bool
		if err := rows.Scan(&p.ID, &p.Name, &p.Username, &off); err != nil {
			return err
		}
		m[p.ID] = p
		if off {
			disabled[p.ID] = true
		}
		return nil
	}, periodID)
	return sqldb.Translate(err, "verifiers")
}

// conflictsByApplication adds, per application of the period, the users
// who declared a conflict with its applicant. Joins across parts:
// applications, for each applicant's application in the period.
func conflictsByApplication(ctx context.Context, q queryer, periodID int64, m map[int64][]int64) error {
	err := sqldb.RunQuery(ctx, q, `SELECT a.id, c.user_id FROM conflicts c
JOIN applications a ON a.applicant_id = c.applicant_id AND a.period_id = c.period_id
WHERE c.period_id = $1`, func(rows *sql.Rows) error {
		var app, user int64
		if err := rows.Scan(&app, &user); err != nil {
			return err
		}
		m[app] = append(m[app], user)
		return nil
	}, periodID)
	return sqldb.Translate(err, "conflicts")
}
