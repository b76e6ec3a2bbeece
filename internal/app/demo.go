package app

import (
	"asnpro/internal/exam"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/training"
	"asnpro/internal/verification"
)

// DemoPassword is the password of every demo account (demo databases only).
const DemoPassword = "asnpro-demo"

// demoEnv is what a part's seeder gets.
type demoEnv struct {
	db           *sqldb.DB
	ids          *identity.Service
	rec          *recruitment.Service
	ver          *verification.Service
	exam         *exam.Service
	passwordHash string // argon2id of DemoPassword, computed once
	now          time.Time

	training training.Deps // the training service's hooks; the demo sets its clock
}

// demoPart is one part's demo data, seeded once per demo database, in one
// transaction with the mark that it was seeded (seed); or told through the
// services, each step its own transaction, and then marked (tell).
type demoPart struct {
	name string
	seed func(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error
	tell func(ctx context.Context, d *demoEnv) error
}

// demoParts are seeded in this order.
var demoParts = []demoPart{
	{name: "accounts", seed: seedDemoAccounts},
	{name: "recruitment", seed: func(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
		_, err := d.rec.SeedDemo(ctx, tx, d.now)
		return err
	}},
	// verifikator, panitia and penguji signed the demo periods' pacts, declaring no conflict.
	{name: "verification", seed: func(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
		return verification.SeedDemo(ctx, tx, d.now, d.rec, d.ids)
	}},
	// pelamar submitted in the open period; the closed one's results are announced.
	{name: "story", tell: seedDemoStory},
	// a practice bank with enough items for a full SKD, the SKD 2024 blueprint and a short practice (simulasi).
	{name: "exam", seed: func(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error { return d.exam.SeedDemo(ctx, tx) }},
	// pelamar finished one practice test and has begun another (which time finishes 15 minutes after the demo starts).
	{name: "practice", tell: seedDemoPractice},
	// last year's SKD: a selection bank, a session on the period's SKD day, its MS applicants (one with extra time), finished.
	{name: "sessions", tell: seedDemoSessions},
	// a second assessor (penguji2) who signed last year's pact; its practical test, assessors drawn, one candidate scored.
	{name: "assessor", seed: seedDemoAssessor},
	{name: "assessment", tell: seedDemoAssessment},
	// this year's open selection of a senior executive (JPT): five applicants announced MS, its structured interview drawn, unscored.
	{name: "jpt", tell: seedDemoJPT},
	// last year's SKD list published; its SKB CAT sat by the P/L and taken.
	{name: "skb", tell: seedDemoSKB},
	// last year's practical test scored by both assessors, one dimension moderated by the panel.
	{name: "practical", tell: seedDemoPractical},
	// last year's SKB made 70 % CAT and 30 % practical test, the practical test taken, the final list published.
	{name: "final", tell: seedDemoFinal},
	// the units of Kota Palangka Raya, 300 employees; pegawai under atasan, pimpinan heading BKPSDM.
	{name: "workforce", seed: seedDemoWorkforce},
	// Agus Santoso and Dewi Lestari onboarded as CPNS under atasan; three CPNS in probation, a PPPK whose contract ends soon.
	{name: "onboarding", tell: seedDemoOnboarding},
	// approved SKP plans of last year and this year for atasan and pegawai (cascading), none evaluated yet.
	{name: "performance", tell: seedDemoPerformance},
	// this year's trainings of the employees, three in ten under 20 JP; pegawai's external hours waiting for atasan.
	{name: "development", seed: seedDemoDevelopment},
	// two partner institutions (pelatih a trainer of the first), five programmes; pegawai completed two trainings this year;
	// a session of pelatih's institution running today with five participants; sessions open for enrolment.
	{name: "training", tell: seedDemoTraining},
	// the code of ethics (pegawai acknowledged the current version, atasan is asked again) and four months of the forum.
	{name: "culture", tell: seedDemoCulture},
	// two socialisation sessions on ethics this year (one of 2 JP, attended by pegawai, who answered its quiz), one upcoming.
	{name: "socialisation", tell: seedDemoSocialisation},
}

// checkDemoUntil refuses a --demo-until that names no demo part.
func checkDemoUntil(until string) error {
	if until != "" && !slices.ContainsFunc(demoParts, func(p demoPart) bool { return p.name == until }) {
		return fmt.Errorf("--demo-until %q: not a demo part (%s)", until, demoPartNames())
	}
	return nil
}

// demoPartNames lists the demo's parts, in order, for --demo-until.
func demoPartNames() string {
	names := make([]string, len(demoParts))
	for i, p := range demoParts {
		names[i] = p.name
	}
	return strings.Join(names, ", ")
}

// seedDemoPractice: pelamar takes a practice test, answering the first
// items with A, B, C, … in turn and flagging one, and finishes it; then
// starts another and answers two items.
func seedDemoPractice(ctx context.Context, d *demoEnv) error {
	u, err := d.ids.FindUserByUsername(ctx, demoOpenApplicant.username)
	if err != nil {
		return err
	}
	for i, answered := range []int{10, 2} {
		a, err := d.exam.StartPractice(ctx, u.ID)
		if err != nil {
			return err
		}
		tok, err := d.exam.OpenSession(ctx, u.ID, a.ID, "")
		if err != nil {
			return err
		}
		for no := 1; no <= answered && no <= len(a.Paper.Items); no++ {
			if err := d.exam.SaveAnswer(ctx, u.ID, a.ID, tok, no, exam.Answer(1+(no-1)%exam.NumOptions), no == 2); err != nil {
				return err
			}
		}
		if i == 0 {
			if _, err := d.exam.Finish(ctx, u.ID, a.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// isDemo reports whether the database was made with --demo.
func isDemo(ctx context.Context, db *sqldb.DB) (bool, error) {
	var v string
	err := db.R.QueryRowContext(ctx, `SELECT value FROM app_settings WHERE key = 'demo'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return v == "1", err
}

// prepareDemo makes an empty database a demo database, or accepts one that
// already is; a database with real data is refused. Then every part (up to
// and including until, when named) that has not seeded its demo data yet
// does so.
func prepareDemo(
	ctx context.Context,
	db *sqldb.DB,
	ids *identity.Service,
	rec *recruitment.Service,
	ver *verification.Service,
	ex *exam.Service,
	tr training.Deps,
	now time.Time,
	until string,
) (seeded []string, err error) {
	if err := checkDemoUntil(until); err != nil {
		return nil, err
	}
	last := len(demoParts) - 1
	if until != "" {
		last = slices.IndexFunc(demoParts, func(p demoPart) bool { return p.name == until })
	}
	demo, err := isDemo(ctx, db)
	if err != nil {
		return nil, err
	}
	if !demo {
		n, err := ids.CountUsers(ctx)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fmt.Errorf(
				"--demo needs an empty database or one made with --demo; %s has %d users and is not a demo database",
				db.Display,
				n,
			)
		}
		err = db.Write(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO app_settings (key, value) VALUES ('demo', '1')`); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "demo.init", At: now})
		})
		if err != nil {
			return nil, err
		}
	}
	var d *demoEnv
	for _, p := range demoParts[:last+1] {
		var at time.Time
		err := db.R.QueryRowContext(ctx, `SELECT seeded_at FROM demo_seeds WHERE part = $1`, p.name).Scan(&at)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		if d == nil {
			hash, err := ids.Hasher().Hash(ctx, DemoPassword)
			if err != nil {
				return nil, err
			}
			d = &demoEnv{db: db, ids: ids, rec: rec, ver: ver, exam: ex, training: tr, passwordHash: hash, now: now}
		}
		if p.tell != nil {
			if err := p.tell(ctx, d); err != nil {
				return nil, fmt.Errorf("demo data %s: %w", p.name, err)
			}
		}
		err = db.Write(ctx, func(tx *sqldb.Tx) error {
			if p.seed != nil {
				if err := p.seed(ctx, tx, d); err != nil {
					return fmt.Errorf("demo data %s: %w", p.name, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO demo_seeds (part, seeded_at) VALUES ($1, $2)`, p.name, sqldb.Now(now)); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.Event{Action: "demo.seed", At: now, ObjectType: "demo", ObjectID: p.name})
		})
		if err != nil {
			return nil, err
		}
		seeded = append(seeded, p.name)
	}
	return seeded, nil
}
