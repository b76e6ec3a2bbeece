package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
	"asnpro/internal/web"
)

type serveFlags struct {
	dbFlags
	addr, trusted     string
	tlsCert, tlsKey   string
	demo, accessLog   bool
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
	smtp              notify.SMTPMailer
	smtpPasswordFile  string
	mailEvery         time.Duration
	emailConfirmation string
	web               web.Limits
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags("serve", e.stderr)
	var f serveFlags
	f.dbFlags.add(fs)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&f.demo, "demo", false, "seed demo data for Kota Palangka Raya on an empty database (and demo accounts, password "+DemoPassword+")")
	fs.DurationVar(&f.sealEvery, "seal-interval", 100*time.Millisecond, "PostgreSQL: how often the audit sealer links new events")
	fs.DurationVar(&f.checkpointEvery, "checkpoint-interval", 10*time.Minute, "how often a signed checkpoint of the audit chain is made")
	fs.StringVar(&f.trusted, "trusted-proxies", "", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key asnpro serves HTTPS itself")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fs.BoolVar(&f.accessLog, "access-log", false, "log every request at info level")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	d := identity.DefaultLimits
	fs.IntVar(&f.limits.UserFailures, "login-user-failures", d.UserFailures, "failed sign-ins per username within --login-window before a lock")
	fs.IntVar(&f.limits.AddrFailures, "login-addr-failures", d.AddrFailures, "failed sign-ins per client address within --login-window before a lock")
	fs.DurationVar(&f.limits.Window, "login-window", d.Window, "window in which failed sign-ins are counted")
	fs.DurationVar(&f.limits.BaseLock, "login-lock", d.BaseLock, "first lock; each further lock doubles it")
	fs.DurationVar(&f.limits.MaxLock, "login-max-lock", d.MaxLock, "longest lock")
	fs.IntVar(&f.hashSlots, "login-hash-slots", 4, "password hashes computed at once (19 MiB each); more sign-ins wait, then get 503")
	fs.IntVar(&f.registerPerMinute, "register-per-minute", 30, "applicant registrations accepted per client address and minute")
	fs.StringVar(&f.blobDir, "blob-dir", "", "keep uploaded documents as files in this folder instead of in the database (back it up with the database; shared storage when several instances)")
	fs.StringVar(&f.uploadDir, "upload-dir", "", "where uploads are spooled while they are checked (default: the system's temp dir)")
	fs.StringVar(&f.publicURL, "public-url", "", "the public address that links in e-mails point to (default: the listening address)")
	fs.StringVar(&f.smtp.Addr, "smtp-addr", "", "SMTP server host:port for e-mail (empty: e-mails are only logged)")
	fs.StringVar(&f.smtp.From, "smtp-from", "asnpro <noreply@localhost>", "sender of e-mails")
	fs.StringVar(&f.smtp.Username, "smtp-user", "", "SMTP user (AUTH PLAIN over STARTTLS)")
	fs.StringVar(&f.smtpPasswordFile, "smtp-password-file", "", "file holding the SMTP password")
	fs.StringVar(&f.emailConfirmation, "email-confirmation", "", "how applicants' e-mails are confirmed: link (by a link sent by e-mail) or auto (at once); default auto with --demo, link otherwise")
	fs.DurationVar(&f.mailEvery, "mail-interval", 10*time.Second, "how often the outbox and scheduled reminders are checked (a new message wakes the sender at once)")
	wl := web.DefaultLimits
	fs.DurationVar(&f.web.BodyMinTime, "body-timeout", wl.BodyMinTime, "every request body may take this long to arrive (a larger one size / --body-min-rate)")
	fs.Int64Var(&f.web.BodyMinRate, "body-min-rate", wl.BodyMinRate, "bytes a second a large request body must arrive at")
	fs.IntVar(&f.web.ConnsPerAddr, "conns-per-address", wl.ConnsPerAddr, "open connections per client address (behind --trusted-proxies: requests in flight per forwarded address)")
	fs.IntVar(&f.web.TotalConns, "max-conns", wl.TotalConns, "open connections in all (default: the file descriptor limit less 256)")
	fs.IntVar(&f.web.UploadsPerUser, "uploads-per-user", wl.UploadsPerUser, "document uploads in flight per user")
	fs.DurationVar(&f.shutdownWait, "shutdown-wait", 30*time.Second, "how long in-flight requests may finish after SIGTERM")
	if _, err := parse(fs, args, e.getenv); err != nil {
		return err
	}
	log, err := newLogger(e.stderr, f.logLevel)
	if err != nil {
		return err
	}
	var proxies []netip.Prefix
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
		proxies = append(proxies, p.Masked())
	}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if f.limits.UserFailures < 1 || f.limits.AddrFailures < 1 || f.limits.Window <= 0 || f.limits.BaseLock <= 0 || f.limits.MaxLock < f.limits.BaseLock {
		return errors.New("login limits must be positive, and --login-max-lock at least --login-lock")
	}

	if f.web.BodyMinTime <= 0 || f.web.BodyMinRate <= 0 || f.web.ConnsPerAddr < 1 || f.web.TotalConns < 1 || f.web.UploadsPerUser < 1 {
		return errors.New("--body-timeout, --body-min-rate, --conns-per-address, --max-conns and --uploads-per-user must be positive")
	}
	if f.sealEvery <= 0 || f.checkpointEvery <= 0 {
		return errors.New("--seal-interval and --checkpoint-interval must be positive")
	}
	db, key, err := f.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	audit.UseKey(db, key, log) // the sealer's alerts go to the server's log
	alog := audit.NewLog(db.R, auditWriter(db), string(db.Engine), key, e.now)
	ids, err := identity.New(db, identity.Config{Now: e.now, HashSlots: f.hashSlots, Limits: f.limits})
	if err != nil {
		return err
	}
	notes := notify.New(db, e.now, log)
	rec, err := newRecruitment(db, ids, &f, notes, e.now)
	if err != nil {
		return err
	}
	ver := verification.New(db, verification.Deps{Recruitment: rec, Staff: ids, Audit: alog, Notify: notes, Now: e.now})
	rec.OnSubmit = append(rec.OnSubmit, ver.OnSubmit)
	rec.MaySee = ver.MaySee
	if f.demo {
		seeded, err := prepareDemo(ctx, db, ids, rec, e.now())
		if err != nil {
			return err
		}
		if len(seeded) > 0 {
			log.Info("demo data seeded", "parts", strings.Join(seeded, ","))
		}
	}
	demo, err := isDemo(ctx, db)
	if err != nil {
		return err
	}
	autoConfirm := demo
	switch f.emailConfirmation {
	case "":
	case "auto", "link":
		autoConfirm = f.emailConfirmation == "auto"
	default:
		return fmt.Errorf("--email-confirmation: %q is not auto or link", f.emailConfirmation)
	}
	var mailer notify.Mailer = notify.LogMailer{Log: log, ShowLinks: demo}
	if f.smtp.Addr != "" {
		if f.smtpPasswordFile != "" {
			b, err := os.ReadFile(f.smtpPasswordFile)
			if err != nil {
				return fmt.Errorf("--smtp-password-file: %w", err)
			}
			f.smtp.Password = strings.TrimSpace(string(b))
		}
		m := f.smtp
		mailer = &m
	}
	base := f.publicURL
	if base == "" {
		base = "http://" + f.addr
		if f.tlsCert != "" {
			base = "https://" + f.addr
		}
	}
	ids.SetMail(identity.Mail{BaseURL: base, AutoConfirm: autoConfirm, Send: func(ctx context.Context, tx *sqldb.Tx, kind, to, subject, text string) error {
		_, err := notify.Enqueue(ctx, tx, e.now(), notify.Message{Kind: kind, To: to, Subject: subject, Text: text})
		return err
	}})
	srv, err := web.New(web.Config{TLS: f.tlsCert != "", TrustedProxies: proxies, AccessLog: f.accessLog, Demo: demo, Version: version(), Now: e.now, KickMail: notes.Kick, Limits: f.web, DiskPaths: diskPaths(db, rec)},
		web.Deps{DB: db, Identity: ids, Log: log, Audit: alog, Recruit: rec, Notify: notes, Verify: ver})
	if err != nil {
		return err
	}
	// A signed checkpoint before the server listens (DESIGN §4).
	if _, err := alog.Checkpoint(ctx, "start"); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	bgDone := make(chan struct{})
	var bgWait sync.WaitGroup
	bgWait.Add(5)
	go func() {
		defer bgWait.Done()
		// What a crash left in the blob directory (a file without its row).
		if n, err := rec.Blobs().Sweep(bg, time.Hour); err != nil && bg.Err() == nil {
			log.Warn("blob directory sweep", "err", err)
		} else if n > 0 {
			log.Info("blob directory sweep: removed files no document refers to", "files", n)
		}
	}()
	go func() {
		defer bgWait.Done()
		if err := db.RunCheckpointer(bg, 250*time.Millisecond); err != nil {
			log.Error("checkpointer stopped; the writer checkpoints by itself", "err", err)
		}
	}()
	go func() {
		defer bgWait.Done()
		alog.Run(bg, f.sealEvery, f.checkpointEvery, func(err error) { log.Error("audit", "err", err) })
	}()
	// E-mail and reminders: each message and job is taken by one instance
	// at a time (leases in the database).
	go func() {
		defer bgWait.Done()
		_ = notes.RunSender(bg, mailer, notify.SenderOptions{Interval: f.mailEvery})
	}()
	go func() {
		defer bgWait.Done()
		_ = notes.RunJobs(bg, notify.JobOptions{Interval: f.mailEvery})
	}()
	go func() { bgWait.Wait(); close(bgDone) }()
	defer func() { stopBG(); <-bgDone }()
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.addr, err)
	}
	ln = srv.Listener(ln, f.tlsCert != "")
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	scheme := "http"
	if f.tlsCert != "" {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "asnpro %s listening on %s (database %s)\n", version(), url, db.Display)
	if demo {
		fmt.Fprintf(e.stdout, "demo accounts (password %s): admin, panitia, verifikator, penguji, pegawai, atasan, pelatih, pimpinan, auditor\n", DemoPassword)
	}
	errc := make(chan error, 1)
	go func() {
		if f.tlsCert != "" {
			errc <- hs.ServeTLS(ln, f.tlsCert, f.tlsKey)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "wait", f.shutdownWait)
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownWait)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
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

// newRecruitment sets up the recruitment service of a server: its upload
// spool, its documents (files under --blob-dir, else in the database), the
// registration limit and the applicants' notices.
func newRecruitment(db *sqldb.DB, ids *identity.Service, f *serveFlags, notes *notify.Service, now func() time.Time) (*recruitment.Service, error) {
	cfg := recruitment.Config{RegisterPerMinute: f.registerPerMinute, TempDir: f.uploadDir, RequireConfirmedEmail: true, Notices: notes}
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
