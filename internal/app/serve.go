package app

import (
	"asnpro/internal/dashboard"
	"asnpro/internal/development"
	"asnpro/internal/exam"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/performance"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/sqldb"
	"asnpro/internal/training"
	"asnpro/internal/verification"
	"asnpro/internal/web"
	"asnpro/internal/workforce"
)

// serveConfig is what `asnpro serve` is told by its flags (and their
// ASNPRO_ variables), checked.
type serveConfig struct {
	dbFlags
	addr, trusted     string
	proxies           []netip.Prefix // --trusted-proxies, parsed
	tlsCert, tlsKey   string
	demo, accessLog   bool
	demoUntil         string // --demo-until: the last demo part seeded ("": all)
	logLevel          string
	limits            identity.Limits
	hashSlots         int
	shutdownWait      time.Duration
	sealEvery         time.Duration
	checkpointEvery   time.Duration
	registerPerMinute int
	uploadDir         string
	blobDir           string
	publicURL         string
	helpdesk          string
	smtp              notify.SMTPMailer
	smtpPasswordFile  string
	mailEvery         time.Duration
	emailConfirmation string
	web               web.Limits
}

// cmdServe runs the server in three steps: the configuration from the
// flags, the services wired on the database, and the run, which serves
// until ctx ends and then closes what it started.
func cmdServe(ctx context.Context, e *env, args []string) error {
	cfg, err := parseServeConfig(e, args)
	if err != nil {
		return err
	}
	log, err := newLogger(e.stderr, cfg.logLevel)
	if err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	s, err := wireServer(ctx, e, cfg, log)
	if err != nil {
		return err
	}
	defer s.close()
	return s.run(ctx, e)
}

// parseServeConfig reads the flags of serve.
func parseServeConfig(e *env, args []string) (*serveConfig, error) {
	fs := newFlags("serve", e.stderr)
	f := &serveConfig{}
	f.dbFlags.add(fs)
	f.addServerFlags(fs)
	f.addLimitFlags(fs)
	f.addMailFlags(fs)
	if _, err := parse(fs, args, e.getenv); err != nil {
		return nil, err
	}
	return f, nil
}

// addServerFlags adds the flags of the HTTP server, the audit and the demo.
func (f *serveConfig) addServerFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&f.demo, "demo", false,
		"seed demo data for Kota Palangka Raya on an empty database (and demo accounts, password "+DemoPassword+")")
	fs.StringVar(&f.demoUntil, "demo-until", "",
		"with --demo: seed the demo's story only up to this part ("+demoPartNames()+"), "+
			"to practise the later steps by hand; a later start without it seeds the rest")
	fs.DurationVar(&f.sealEvery, "seal-interval", 100*time.Millisecond, "PostgreSQL: how often the audit sealer links new events")
	fs.DurationVar(&f.checkpointEvery, "checkpoint-interval", 10*time.Minute, "how often a signed checkpoint of the audit chain is made")
	fs.StringVar(&f.trusted, "trusted-proxies", "",
		"comma-separated CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key asnpro serves HTTPS itself")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fs.BoolVar(&f.accessLog, "access-log", false, "log every request at info level")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.IntVar(&f.registerPerMinute, "register-per-minute", 30, "applicant registrations accepted per client address and minute")
	fs.StringVar(&f.blobDir, "blob-dir", "",
		"keep uploaded documents as files in this folder instead of in the database "+
			"(back it up with the database; shared storage when several instances)")
	fs.StringVar(&f.uploadDir, "upload-dir", "", "where uploads are spooled while they are checked (default: the system's temp dir)")
	fs.DurationVar(&f.shutdownWait, "shutdown-wait", 30*time.Second, "how long in-flight requests may finish after SIGTERM")
}

// addLimitFlags adds the flags of the sign-in and connection limits.
func (f *serveConfig) addLimitFlags(fs *flag.FlagSet) {
	d := identity.DefaultLimits
	fs.IntVar(&f.limits.UserFailures, "login-user-failures", d.UserFailures,
		"failed sign-ins per username within --login-window before a lock")
	fs.IntVar(&f.limits.AddrFailures, "login-addr-failures", d.AddrFailures,
		"failed sign-ins per client address within --login-window before a lock")
	fs.DurationVar(&f.limits.Window, "login-window", d.Window, "window in which failed sign-ins are counted")
	fs.DurationVar(&f.limits.BaseLock, "login-lock", d.BaseLock, "first lock; each further lock doubles it")
	fs.DurationVar(&f.limits.MaxLock, "login-max-lock", d.MaxLock, "longest lock")
	fs.IntVar(&f.hashSlots, "login-hash-slots", 4, "password hashes computed at once (19 MiB each); more sign-ins wait, then get 503")
	wl := web.DefaultLimits
	fs.DurationVar(&f.web.BodyMinTime, "body-timeout", wl.BodyMinTime,
		"every request body may take this long to arrive (a larger one size / --body-min-rate)")
	fs.Int64Var(&f.web.BodyMinRate, "body-min-rate", wl.BodyMinRate, "bytes a second a large request body must arrive at")
	fs.IntVar(&f.web.ConnsPerAddr, "conns-per-address", wl.ConnsPerAddr,
		"open connections per client address (behind --trusted-proxies: requests in flight per forwarded address)")
	fs.IntVar(&f.web.TotalConns, "max-conns", wl.TotalConns, "open connections in all (default: the file descriptor limit less 256)")
	fs.IntVar(&f.web.UploadsPerUser, "uploads-per-user", wl.UploadsPerUser, "document uploads in flight per user")
}

// addMailFlags adds the flags of e-mail.
func (f *serveConfig) addMailFlags(fs *flag.FlagSet) {
	fs.StringVar(&f.publicURL, "public-url", "", "the public address that links in e-mails point to (default: the listening address)")
	fs.StringVar(&f.helpdesk, "helpdesk", "",
		"the helpdesk's contact shown on the public pages, e.g. \"helpdesk@bkpsdm.example.go.id, (0536) 000000\"")
	fs.StringVar(&f.smtp.Addr, "smtp-addr", "", "SMTP server host:port for e-mail (empty: e-mails are only logged)")
	fs.StringVar(&f.smtp.From, "smtp-from", "asnpro <noreply@localhost>", "sender of e-mails")
	fs.StringVar(&f.smtp.Username, "smtp-user", "", "SMTP user (AUTH PLAIN over STARTTLS)")
	fs.StringVar(&f.smtpPasswordFile, "smtp-password-file", "", "file holding the SMTP password")
	fs.StringVar(
		&f.emailConfirmation,
		"email-confirmation",
		"",
		"how applicants' e-mails are confirmed: link (by a link sent by e-mail) or auto "+
			"(at once); default auto with --demo, link otherwise",
	)
	fs.DurationVar(&f.mailEvery, "mail-interval", 10*time.Second,
		"how often the outbox and scheduled reminders are checked (a new message wakes the sender at once)")
}

// check checks the flags that need no database and parses
// --trusted-proxies.
func (f *serveConfig) check() error {
	for _, c := range strings.Split(f.trusted, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		p, err := netip.ParsePrefix(c)
		if err != nil {
			a, aerr := netip.ParseAddr(c)
			if aerr != nil {
				return fmt.Errorf("--trusted-proxies: %q is not a CIDR or an address", c)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		f.proxies = append(f.proxies, p.Masked())
	}
	l, w := f.limits, f.web
	switch {
	case (f.tlsCert == "") != (f.tlsKey == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case l.UserFailures < 1 || l.AddrFailures < 1 || l.Window <= 0 || l.BaseLock <= 0 || l.MaxLock < l.BaseLock:
		return errors.New("login limits must be positive, and --login-max-lock at least --login-lock")
	case w.BodyMinTime <= 0 || w.BodyMinRate <= 0 || w.ConnsPerAddr < 1 || w.TotalConns < 1 || w.UploadsPerUser < 1:
		return errors.New("--body-timeout, --body-min-rate, --conns-per-address, --max-conns and --uploads-per-user must be positive")
	case f.sealEvery <= 0 || f.checkpointEvery <= 0:
		return errors.New("--seal-interval and --checkpoint-interval must be positive")
	}
	if f.demoUntil != "" && !f.demo {
		return errors.New("--demo-until goes with --demo")
	}
	if err := checkDemoUntil(f.demoUntil); err != nil {
		return err
	}
	switch f.emailConfirmation {
	case "", "auto", "link":
		return nil
	}
	return fmt.Errorf("--email-confirmation: %q is not auto or link", f.emailConfirmation)
}

// server is asnpro's services wired on one database, ready to run.
type server struct {
	cfg    *serveConfig
	log    *slog.Logger
	db     *sqldb.DB
	alog   *audit.Log
	rec    *recruitment.Service
	notes  *notify.Service
	exam   *exam.Service
	mailer notify.Mailer
	web    *web.Server
	demo   bool
}

// wireServer opens the database and builds the services on it, the
// demo data seeded first when asked. On an error it closes what it
// opened.
func wireServer(ctx context.Context, e *env, cfg *serveConfig, log *slog.Logger) (_ *server, err error) {
	db, key, err := cfg.open(ctx, e)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	s := &server{cfg: cfg, log: log, db: db}
	audit.UseKey(db, key, log) // the sealer's alerts go to the server's log
	audit.UseClock(db, e.now)  // events are dated by the clock the services get
	s.alog = audit.NewLog(db.R, auditWriter(db), string(db.Engine), key, e.now)
	// A demo database (seeded now or before) confirms e-mails at once and
	// logs the links its messages carry.
	if s.demo, err = isDemo(ctx, db); err != nil {
		return nil, err
	}
	s.demo = s.demo || cfg.demo
	ids, err := identity.New(db, identity.Config{Now: e.now, HashSlots: cfg.hashSlots, Limits: cfg.limits, Mail: cfg.mail(s.demo, e.now)})
	if err != nil {
		return nil, err
	}
	s.notes = notify.New(db, e.now, log)
	// Verification's hooks exist before recruitment, which calls them inside
	// its submitting transaction; the verification service embeds the same.
	hooks := verification.NewHooks(db, e.now)
	if s.rec, err = cfg.newRecruitment(db, ids, s.notes, hooks, e.now); err != nil {
		return nil, err
	}
	// Verification publishes the lists that results ranks, and results
	// reads who verification announced MS; the exam's roster reads the SKD's
	// ranking (results), which reads the exam's sessions: each calls res
	// once all are made.
	var res *results.Service
	ranked := verification.RankedFunc(func(ctx context.Context, periodID int64, stage string) ([]verification.Item, error) {
		return res.StageItems(ctx, periodID, stage)
	})
	ver := verification.New(db, verification.Deps{Recruitment: s.rec, Staff: ids, Audit: s.alog, Notify: s.notes, Now: e.now, Hooks: hooks,
		Ranked: ranked})
	ex := exam.New(db, exam.Deps{Now: e.now, Roster: roster(ver, func() *results.Service { return res })})
	as := assess.New(db, assess.Deps{Now: e.now, Qualified: assess.QualifiedFunc(qualifiedIDs(ver))})
	res = results.New(db, results.Deps{Now: e.now, Exams: ex, Qualified: qualifiedIDs(ver), Assessments: as})
	s.exam = ex
	wf := workforce.New(db, e.now)
	// Development hours: evidence beside the applicants' documents; the gaps of a CPNS from their selection's
	// assessment, named in training's competency vocabulary; the open training sessions to recommend.
	var tr *training.Service
	dev := development.New(db, development.Deps{Now: e.now, Blobs: s.rec.Blobs(), TempDir: s.rec.TempDir(), Units: wf,
		Offers: trainingOffers{func() *training.Service { return tr }}})
	dev.AddGaps(dev.ProbationGaps(wf, as, training.MatchCompetency))
	// Training credits each completion to the development hours inside its completing transaction, and takes
	// it back when a certificate is revoked (the demo's training too).
	trDeps := training.Deps{Now: e.now,
		OnComplete: func(ctx context.Context, tx *sqldb.Tx, c training.Completion) error {
			return dev.CreditTx(ctx, tx, development.Credit{EmployeeID: c.EmployeeID, Title: c.Title, Institution: c.Institution,
				JP: c.JP, CompletedOn: c.CompletedOn, Ref: c.Ref})
		},
		OnRevoke: dev.RevokeTx}
	tr = training.New(db, trDeps)
	if cfg.demo {
		seeded, err := prepareDemo(ctx, db, ids, s.rec, ver, ex, trDeps, e.now(), cfg.demoUntil)
		if err != nil {
			return nil, err
		}
		if len(seeded) > 0 {
			log.Info("demo data seeded", "parts", strings.Join(seeded, ","))
		}
	}
	if s.mailer, err = cfg.newMailer(log, s.demo); err != nil {
		return nil, err
	}
	// The workforce's reminders run as the notify service's scheduled jobs.
	wf.HandleReminders(s.notes)
	// The performance evaluation reads the workforce; a coaching plan offers training's open sessions.
	perf := performance.New(db, performance.Deps{Staff: wf, Blobs: s.rec.Blobs(), TempDir: s.rec.TempDir(), Now: e.now,
		Offers: coachingOffers{tr}})
	perf.HandleReminders(s.notes)
	// The gaps of an employee in coaching come from their coaching plan.
	dev.AddGaps(coachingGaps{perf})
	// The code of ethics and the forum: employees as workforce keeps them; attachments beside the other documents.
	// Attending a socialisation session counted as JP credits the development hours in the same transaction.
	cult := culture.New(db, culture.Deps{Now: e.now, Staff: wf, Blobs: blob.New(db, blob.Config{Dir: cfg.blobDir, Durable: cfg.durable,
		Now: e.now}), OnAttend: attendCredit(dev)})
	// The leaders' dashboard shows the JP compliance by unit from development, the predikat by unit from the
	// performance evaluation, and ethics and the forum from culture.
	dash := dashboard.New(db, dashboard.Deps{Periods: s.rec, Stats: ver, Now: e.now, JP: jpSource{dev}, Predikat: predikatSource{perf},
		Culture: cultureFigures{cult}})
	s.web, err = web.New(web.Config{TLS: cfg.tlsCert != "", TrustedProxies: cfg.proxies, AccessLog: cfg.accessLog, Demo: s.demo,
		PublicURL: cfg.publicURL, Helpdesk: cfg.helpdesk, Version: version(), Now: e.now, KickMail: s.notes.Kick, Limits: cfg.web,
		DiskPaths: diskPaths(db, s.rec)},
		web.Deps{DB: db, Identity: ids, Log: log, Audit: s.alog, Recruit: s.rec, Notify: s.notes, Verify: ver, Exam: ex, Results: res,
			Assess: as, Workforce: wf, Development: dev, Performance: perf, Culture: cult, Dashboard: dash,
			Training: tr})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// newRecruitment builds recruitment with where it spools uploads and, with
// --blob-dir, keeps documents (the folders are made).
func (f *serveConfig) newRecruitment(
	db *sqldb.DB,
	ids *identity.Service,
	notes *notify.Service,
	stages recruitment.Stages,
	now func() time.Time,
) (*recruitment.Service, error) {
	cfg := recruitment.Config{RegisterPerMinute: f.registerPerMinute, TempDir: f.uploadDir, RequireConfirmedEmail: true, Notices: notes,
		Stages: stages}
	if cfg.RegisterPerMinute == 0 {
		cfg.RegisterPerMinute = -1 // --register-per-minute 0: no limit
	}
	if f.blobDir != "" {
		if cfg.TempDir == "" {
			// Spooled beside the blobs, so a checked upload is renamed into place.
			cfg.TempDir = filepath.Join(f.blobDir, ".spool")
		}
		for _, d := range []string{f.blobDir, cfg.TempDir} {
			if err := os.MkdirAll(d, 0o750); err != nil {
				return nil, fmt.Errorf("--blob-dir: %w", err)
			}
		}
	}
	cfg.Blobs = blob.New(db, blob.Config{Dir: f.blobDir, Durable: f.durable, Now: now})
	return recruitment.New(db, ids, now, cfg), nil
}

// mail is identity's e-mail set-up: links to --public-url, messages into
// the outbox, confirmation by link unless --email-confirmation auto (the
// demo's default).
func (f *serveConfig) mail(demo bool, now func() time.Time) identity.Mail {
	autoConfirm := demo
	if f.emailConfirmation != "" {
		autoConfirm = f.emailConfirmation == "auto"
	}
	return identity.Mail{BaseURL: f.baseURL(), AutoConfirm: autoConfirm,
		Send: func(ctx context.Context, tx *sqldb.Tx, kind, to, subject, text string) error {
			_, err := notify.Enqueue(ctx, tx, now(), notify.Message{Kind: kind, To: to, Subject: subject, Text: text})
			return err
		}}
}

// newMailer returns the SMTP mailer of the flags, or one that only logs.
func (f *serveConfig) newMailer(log *slog.Logger, demo bool) (notify.Mailer, error) {
	if f.smtp.Addr == "" {
		return notify.LogMailer{Log: log, ShowLinks: demo}, nil
	}
	if f.smtpPasswordFile != "" {
		b, err := os.ReadFile(f.smtpPasswordFile)
		if err != nil {
			return nil, fmt.Errorf("--smtp-password-file: %w", err)
		}
		f.smtp.Password = strings.TrimSpace(string(b))
	}
	m := f.smtp
	return &m, nil
}

// baseURL is where links in e-mails point: --public-url, or the listening
// address.
func (f *serveConfig) baseURL() string {
	if f.publicURL != "" {
		return f.publicURL
	}
	if f.tlsCert != "" {
		return "https://" + f.addr
	}
	return "http://" + f.addr
}

// close closes the database.
func (s *server) close() { s.db.Close() }

// run makes a signed checkpoint, starts the background work, listens and
// serves until ctx ends, then lets in-flight requests finish (at most
// --shutdown-wait) and stops the background work.
func (s *server) run(ctx context.Context, e *env) error {
	cfg, log := s.cfg, s.log
	// A signed checkpoint before the server listens (DESIGN §4).
	if _, err := s.alog.CheckpointSealed(ctx, "start", 5*time.Second); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	stop := s.startBackground(ctx)
	defer stop()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	ln = s.web.Listener(ln, cfg.tlsCert != "")
	hs := &http.Server{
		Handler:           s.web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	scheme := "http"
	if cfg.tlsCert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "asnpro %s listening on %s (database %s)\n", version(), url, s.db.Display)
	if s.demo {
		fmt.Fprintf(
			e.stdout,
			"demo accounts (password %s): admin, panitia, verifikator, penguji, pelamar, pegawai, atasan, pelatih, pimpinan, auditor, penulis\n",
			DemoPassword,
		)
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.tlsCert != "" {
			errc <- hs.ServeTLS(ln, cfg.tlsCert, cfg.tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "wait", cfg.shutdownWait)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownWait)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// startBackground starts the work that runs beside the server: the blob
// sweep, the SQLite checkpointer, the audit sealer, the e-mail sender,
// the scheduled jobs and the sweep of attempts whose time is up. The
// returned stop ends them and waits for them.
func (s *server) startBackground(ctx context.Context) (stop func()) {
	cfg, log := s.cfg, s.log
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() {
		// What a crash left in the blob directory (a file without its row).
		if n, err := s.rec.Blobs().Sweep(bg, time.Hour); err != nil && bg.Err() == nil {
			log.Warn("blob directory sweep", "err", err)
		} else if n > 0 {
			log.Info("blob directory sweep: removed files no document refers to", "files", n)
		}
	})
	wg.Go(func() {
		if err := s.db.RunCheckpointer(bg, 250*time.Millisecond); err != nil {
			log.Error("checkpointer stopped; the writer checkpoints by itself", "err", err)
		}
	})
	wg.Go(func() {
		s.alog.Run(bg, cfg.sealEvery, cfg.checkpointEvery, func(err error) { log.Error("audit", "err", err) })
	})
	// E-mail and reminders: each message and job is taken by one instance
	// at a time (leases in the database).
	wg.Go(func() { _ = s.notes.RunSender(bg, s.mailer, notify.SenderOptions{Interval: cfg.mailEvery}) })
	wg.Go(func() { _ = s.notes.RunJobs(bg, notify.JobOptions{Interval: cfg.mailEvery}) })
	// CAT attempts whose time is up are finished even if nobody reads them again.
	wg.Go(func() { s.exam.RunSweep(bg, time.Minute, func(err error) { log.Warn("attempt sweep", "err", err) }) })
	return func() { stopBG(); wg.Wait() }
}

// diskPaths are the folders a full disk would stop writes in: the SQLite
// file's, the blobs', the upload spool's.
func diskPaths(db *sqldb.DB, rec *recruitment.Service) []string {
	var ps []string
	if db.Path != "" {
		ps = append(ps, filepath.Dir(db.Path))
	}
	if d := rec.Blobs().Dir(); d != "" {
		ps = append(ps, d)
	}
	tmp := rec.TempDir()
	if tmp == "" {
		tmp = os.TempDir()
	}
	return append(ps, tmp)
}

// roster is the exam's roster: for the SKD the applications the period's
// latest administration announcement lists as MS; for the SKB those the
// SKD's ranking sends there (P/L).
func roster(ver *verification.Service, res func() *results.Service) exam.Roster {
	return exam.RosterFunc(func(ctx context.Context, periodID int64, stage string, formationID int64) ([]exam.Candidate, error) {
		if stage == exam.StageSKB {
			return res().ToSKB(ctx, periodID, formationID)
		}
		qs, err := ver.FindQualified(ctx, periodID, formationID)
		out := make([]exam.Candidate, len(qs))
		for i, q := range qs {
			out[i] = exam.Candidate{ApplicationID: q.ApplicationID, UserID: q.UserID, FormationID: q.FormationID, Category: q.Category}
		}
		return out, err
	})
}

// qualifiedIDs is results' list of who was announced MS in a period.
func qualifiedIDs(ver *verification.Service) results.QualifiedFunc {
	return ver.FindQualifiedIDs
}

// trainingOffers gives development the open training sessions (training's
// OpenSessions, in development's words); tr is the training service once made.
type trainingOffers struct{ tr func() *training.Service }

func (o trainingOffers) OpenSessions(ctx context.Context, competencies []string, limit int) ([]development.Offer, error) {
	offers, err := o.tr().OpenSessions(ctx, competencies, limit)
	out := make([]development.Offer, len(offers))
	for i, f := range offers {
		out[i] = development.Offer{SessionID: f.SessionID, ProgrammeID: f.ProgrammeID, Title: f.Title, Institution: f.Institution,
			Competencies: f.Competencies, JP: f.JP, StartsAt: f.StartsAt, SeatsLeft: f.SeatsLeft}
	}
	return out, err
}

// coachingOffers gives the performance evaluation's coaching plans the open
// training sessions (training's OpenSessions, in performance's words).
type coachingOffers struct{ tr *training.Service }

func (o coachingOffers) OpenSessions(ctx context.Context, competencies []string, limit int) ([]performance.Offer, error) {
	offers, err := o.tr.OpenSessions(ctx, competencies, limit)
	out := make([]performance.Offer, len(offers))
	for i, f := range offers {
		out[i] = performance.Offer{SessionID: f.SessionID, ProgrammeID: f.ProgrammeID, Title: f.Title, Institution: f.Institution,
			Competencies: f.Competencies, JP: f.JP, StartsAt: f.StartsAt, SeatsLeft: f.SeatsLeft}
	}
	return out, err
}

// attendCredit credits the JP of a socialisation session's attendance to
// the development hours (culture's Deps.OnAttend, in development's words).
func attendCredit(dev *development.Service) func(ctx context.Context, tx *sqldb.Tx, c culture.Credit) error {
	return func(ctx context.Context, tx *sqldb.Tx, c culture.Credit) error {
		return dev.CreditTx(ctx, tx, development.Credit{EmployeeID: c.EmployeeID, Title: c.Title, Institution: c.Institution,
			JP: c.JP, CompletedOn: c.CompletedOn, Ref: c.Ref})
	}
}
