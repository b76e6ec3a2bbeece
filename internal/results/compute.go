package results

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
)

// Stages a computation ranks.
const (
	// StageSKD: the SKD's outcome only (P/L, P, TL, TH and the SKD rank):
	// no SKB score is in yet.
	StageSKD = "skd"
	// StageFinal: integration (40 % SKD, 60 % SKB), the final ranking and
	// optimalisasi.
	StageFinal = "final"
)

// QualifiedFunc lists the applications of a period announced MS (package
// verification's FindQualified), by application ID.
type QualifiedFunc func(ctx context.Context, periodID int64) ([]int64, error)

// Candidate is one application in a period's ranking, with what the
// pages show of it.
type Candidate struct {
	ApplicationID      int64
	UserID             int64
	RegistrationNumber string
	Name               string // in full: the committee's view; publications mask it
	FormationID        int64
	FormationCode      string
	Position, Unit     string
	Category           selection.Category
	SKD                Score
	SKB                *Score // nil: none
	// skbParts: the SKB CAT's and the additional test's scores (thousandths)
	// when the SKB is made of both.
	skbParts *[2]int

	// What the rules engine needs besides: the IPK in hundredths, the
	// birth date as stored, the formation's quota.
	ipk   sql.NullInt64
	birth string
	quota int
}

// Computation is a period's ranking, as the rules engine made it from the
// stored scores: Ranking's index i is Candidates[i].
type Computation struct {
	PeriodID   int64
	Stage      string // StageSKD or StageFinal
	Scheme     string // the rules engine's scheme, e.g. cpns-2024
	Candidates []Candidate
	Ranking    *selection.Ranking // nil in an own selection

	// skbScheme is how the SKB was made (a CPNS round's final stage).
	skbScheme SKBScheme

	// An own selection's outcomes, by candidate, and its scheme (own.go).
	own       []ownOutcome
	ownScheme *selection.OwnScheme
}

// Errors of a computation.
var (
	// ErrNoScheme: the period's kind has no scheme to rank by yet.
	ErrNoScheme = apperr.E(apperr.FailedPrecondition, "results.no_scheme")
	// ErrNoCandidates: nobody was announced MS in the period.
	ErrNoCandidates = apperr.E(apperr.FailedPrecondition, "results.no_candidates")
)

// errMissing: scores the ranking needs are missing (409), naming the first
// registration numbers.
func errMissing(key string, numbers []string) error {
	shown := numbers[:min(len(numbers), 10)]
	return apperr.E(apperr.Conflict, key, "n", len(numbers), "numbers", strings.Join(shown, ", "))
}

// Compute ranks a period from its stored scores with the rules engine:
// every candidate announced MS needs an SKD score (present or absent);
// while no SKB score is in, the computation is the SKD stage's; once one
// is, every candidate who goes to SKB (P/L) needs one and nobody else may
// have one, and the computation is the final stage's. Errors:
// failed_precondition (ErrNoScheme; ErrNoCandidates), conflict (scores
// missing, or SKB scores of candidates who did not go to SKB, naming them).
func (s *Service) Compute(ctx context.Context, periodID int64) (*Computation, error) {
	return s.compute(ctx, periodID, false)
}

// compute is Compute; skdOnly stops at the SKD stage (who goes to SKB),
// whatever SKB scores are in.
func (s *Service) compute(ctx context.Context, periodID int64, skdOnly bool) (*Computation, error) {
	kind, err := s.periodKind(ctx, periodID)
	if err != nil {
		return nil, err
	}
	if kind != "cpns" {
		if skdOnly {
			return nil, ErrNoScheme
		}
		return s.computeOwn(ctx, periodID, kind)
	}
	rules, name := selection.CPNS2024(), "cpns-2024"
	cands, err := s.candidates(ctx, periodID)
	if err != nil {
		return nil, err
	}
	skd, err := s.FindScores(ctx, periodID, ComponentSKD)
	if err != nil {
		return nil, err
	}
	skb, err := s.FindScores(ctx, periodID, ComponentSKB)
	if err != nil {
		return nil, err
	}
	scheme, err := s.FindSKBScheme(ctx, periodID)
	if err != nil {
		return nil, err
	}
	var extra map[int64]Score
	if scheme.HasExtra() {
		if extra, err = s.FindScores(ctx, periodID, ComponentSKBExtra); err != nil {
			return nil, err
		}
	}
	var missing []string
	for i := range cands {
		sc, ok := skd[cands[i].ApplicationID]
		if !ok {
			missing = append(missing, cands[i].RegistrationNumber)
		}
		cands[i].SKD = sc
	}
	if len(missing) > 0 {
		return nil, errMissing("results.missing_skd", missing)
	}
	forms, apps, err := s.rankInput(ctx, cands)
	if err != nil {
		return nil, err
	}
	c := &Computation{PeriodID: periodID, Stage: StageSKD, Scheme: name, Candidates: cands}
	if c.Ranking, err = rules.Rank(forms, apps); err != nil {
		return nil, err
	}
	if skdOnly || (len(skb) == 0 && len(extra) == 0) {
		return c, nil
	}
	if err := withSKB(c, apps, skb, extra, scheme); err != nil {
		return nil, err
	}
	c.Stage, c.skbScheme = StageFinal, scheme
	if c.Ranking, err = rules.Rank(forms, apps); err != nil {
		return nil, err
	}
	return c, nil
}

// withSKB puts the SKB scores into apps (and c's candidates) for those the
// SKD stage sent to SKB: the SKB CAT's, or, when the scheme has an
// additional test, both combined by their weights (absent at either: absent
// at SKB). Errors: conflict, naming who lacks one or has one without going.
func withSKB(c *Computation, apps []selection.Applicant, skb, added map[int64]Score, scheme SKBScheme) error {
	var missing, missingExtra, extra []string
	for i := range c.Candidates {
		cd := &c.Candidates[i]
		sc, has := skb[cd.ApplicationID]
		ex, hasEx := added[cd.ApplicationID]
		toSKB := c.Ranking.Outcome(i).SKDCode == "P/L"
		switch {
		case toSKB && !has:
			missing = append(missing, cd.RegistrationNumber)
		case toSKB && scheme.HasExtra() && !hasEx:
			missingExtra = append(missingExtra, cd.RegistrationNumber)
		case !toSKB && (has || hasEx):
			extra = append(extra, cd.RegistrationNumber)
		case has:
			if scheme.HasExtra() {
				sc.Present = sc.Present && ex.Present
				cd.skbParts = &[2]int{sc.Milli, ex.Milli}
				sc.Milli = scheme.Combine(sc.Milli, ex.Milli)
			}
			if !sc.Present {
				sc.Milli = 0
			}
			cd.SKB = &sc
			apps[i].PresentSKB, apps[i].SKB = sc.Present, selection.Decimal(sc.Milli)
		}
	}
	switch {
	case len(missing) > 0:
		return errMissing("results.missing_skb", missing)
	case len(missingExtra) > 0:
		return errMissing("results.missing_skb_extra", missingExtra)
	case len(extra) > 0:
		return errMissing("results.skb_not_qualified", extra)
	}
	return nil
}

// candidates reads the applications announced MS in a period, by
// formation code and registration number. Errors: failed_precondition
// (ErrNoCandidates).
func (s *Service) candidates(ctx context.Context, periodID int64) ([]Candidate, error) {
	if s.qualified == nil {
		return nil, ErrNoCandidates
	}
	ids, err := s.qualified(ctx, periodID)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, ErrNoCandidates
	}
	ms := make(map[int64]bool, len(ids))
	for _, id := range ids {
		ms[id] = true
	}
	var out []Candidate
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.id, ap.user_id, a.registration_number, ap.name, f.id, f.code, f.position, f.unit,
f.category, a.ipk, ap.birth_date, f.quota FROM applications a JOIN applicants ap ON ap.id = a.applicant_id
JOIN formations f ON f.id = a.formation_id
WHERE a.period_id = $1 ORDER BY f.code, a.registration_number`, func(r *sql.Rows) error {
		var c Candidate
		var cat string
		if err := r.Scan(&c.ApplicationID, &c.UserID, &c.RegistrationNumber, &c.Name, &c.FormationID, &c.FormationCode, &c.Position,
			&c.Unit, &cat, &c.ipk, &c.birth, &c.quota); err != nil {
			return err
		}
		if !ms[c.ApplicationID] {
			return nil
		}
		var ok bool
		if c.Category, ok = selection.ParseCategory(cat); !ok {
			return errors.New("results: formation " + c.FormationCode + " has an unknown category " + strconv.Quote(cat))
		}
		out = append(out, c)
		return nil
	}, periodID)
	return out, sqldb.Translate(err, "find candidates")
}

// rankInput is the rules engine's input for cands (with their SKD
// scores and what candidates read besides): the formations in code order
// and one applicant per candidate, absent at SKB.
func (s *Service) rankInput(ctx context.Context, cands []Candidate) ([]selection.Formation, []selection.Applicant, error) {
	education, err := s.educations(ctx, cands)
	if err != nil {
		return nil, nil, err
	}
	var forms []selection.Formation
	seen := map[int64]bool{}
	apps := make([]selection.Applicant, len(cands))
	for i, c := range cands {
		fid := strconv.FormatInt(c.FormationID, 10)
		if !seen[c.FormationID] {
			seen[c.FormationID] = true
			forms = append(forms, selection.Formation{ID: fid, Quota: c.quota, Position: c.Position,
				Education: education[c.FormationID]})
		}
		birth, err := selection.ParseDate(c.birth)
		if err != nil {
			return nil, nil, err
		}
		apps[i] = selection.Applicant{ID: strconv.FormatInt(c.ApplicationID, 10), FormationID: fid, Category: c.Category,
			PresentSKD: c.SKD.Present, IPK: selection.Decimal(c.ipk.Int64 * 10), BirthDate: birth}
		if c.SKD.Present {
			apps[i].TWK, apps[i].TIU, apps[i].TKP = c.SKD.TWK, c.SKD.TIU, c.SKD.TKP
		}
	}
	return forms, apps, nil
}

// educations is each formation's education qualification as the rules
// engine compares it for optimalisasi: its levels and its majors' codes,
// sorted ("S1|S1-SI,S1-TI").
func (s *Service) educations(ctx context.Context, cands []Candidate) (map[int64]string, error) {
	levels, majors := map[int64]string{}, map[int64][]string{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT f.id, f.levels, coalesce(m.code, '') FROM formations f
LEFT JOIN formation_majors m ON m.formation_id = f.id
WHERE f.period_id = (SELECT period_id FROM applications WHERE id = $1) ORDER BY f.id, m.code`, func(r *sql.Rows) error {
		var id int64
		var lv, code string
		if err := r.Scan(&id, &lv, &code); err != nil {
			return err
		}
		levels[id] = lv
		if code != "" {
			majors[id] = append(majors[id], code)
		}
		return nil
	}, cands[0].ApplicationID)
	if err != nil {
		return nil, sqldb.Translate(err, "find educations")
	}
	out := make(map[int64]string, len(levels))
	for id, lv := range levels {
		var ls []string
		if err := json.Unmarshal([]byte(lv), &ls); err != nil {
			return nil, err
		}
		sort.Strings(ls)
		out[id] = strings.Join(ls, ",") + "|" + strings.Join(majors[id], ",")
	}
	return out, nil
}

// ToSKB lists the candidates the SKD's ranking sends to SKB (P/L),
// optionally of one formation, by formation and registration number: who
// may sit the period's SKB. Errors: as Compute's.
func (s *Service) ToSKB(ctx context.Context, periodID, formationID int64) ([]exam.Candidate, error) {
	c, err := s.compute(ctx, periodID, true)
	if err != nil {
		return nil, err
	}
	var out []exam.Candidate
	for i, cd := range c.Candidates {
		if c.Ranking.Outcome(i).SKDCode != "P/L" || (formationID != 0 && cd.FormationID != formationID) {
			continue
		}
		out = append(out, exam.Candidate{ApplicationID: cd.ApplicationID, UserID: cd.UserID, FormationID: cd.FormationID,
			Category: cd.Category.String()})
	}
	return out, nil
}
