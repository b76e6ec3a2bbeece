// Package app is the asnpro program: Run parses a command line and runs one
// command. cmd/asnpro's main only calls Run; the end-to-end tests call it
// too, on 127.0.0.1:0.
package app

import (
	"asnpro/internal/web"
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/audit/chain"
	"asnpro/internal/sqldb"
)

// Version is set at build time with -ldflags "-X asnpro/internal/app.Version=…".
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// env is what every command gets.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time
}

const usage = `asnpro — civil-service recruitment and career management (Kota Palangka Raya)

Usage:
  asnpro serve   [--addr 127.0.0.1:8080] [--db ./asnpro.db | postgres://…] [--demo] [--durable] …
  asnpro migrate [--db …]
  asnpro user add --username U --name N [--email E] --role R[,R…] [--password-file F|-]
  asnpro user passwd|disable|roles|list …
  asnpro audit verify [--db …] [--from F.jsonl] [--since CHECKPOINT.json]
  asnpro audit export --out F.jsonl
  asnpro audit rotate-key --new-key-file F
  asnpro import formations --period ID FILE.csv|.xlsx   (--template prints an example)
  asnpro import applicants --period ID FILE.csv|.xlsx   SSCASN export with MS/TMS (--template prints an example)
  asnpro import employees FILE.csv|.xlsx                the sitting workforce, all rows or none (--template)
  asnpro export formations --period ID [--format csv|xlsx] [--out FILE]
  asnpro rank --scheme cpns-2024 FILE.csv
  asnpro exam verify [--db …] [--bank N]               re-score every finished CAT attempt and compare
  asnpro check nik NUMBER [--birth-date YYYY-MM-DD] [--gender M|F] | asnpro check nip NUMBER [--nik NIK]
  asnpro backup --out FILE
  asnpro routes                                        every route and who may use it
  asnpro version

Every flag also reads an ASNPRO_* environment variable (ASNPRO_DB, ASNPRO_ADDR, …).
Run "asnpro COMMAND -h" for a command's flags.
`

// Run runs the command in args (without the program name) and returns the
// process exit code. Errors are printed to stderr in one line.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = cmdServe(ctx, e, rest)
	case "migrate":
		err = cmdMigrate(ctx, e, rest)
	case "user":
		err = cmdUser(ctx, e, rest)
	case "backup":
		err = cmdBackup(ctx, e, rest)
	case "audit":
		err = cmdAudit(ctx, e, rest)
	case "check":
		err = cmdCheck(ctx, e, rest)
	case "rank":
		err = cmdRank(ctx, e, rest)
	case "exam":
		err = cmdExam(ctx, e, rest)
	case "import":
		err = cmdImport(ctx, e, rest)
	case "export":
		err = cmdExport(ctx, e, rest)
	case "routes":
		err = cmdRoutes(e)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "asnpro %s\n", version())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "asnpro: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			if ex.msg != "" {
				fmt.Fprintln(stderr, ex.msg)
			}
			return ex.code
		}
		fmt.Fprintf(stderr, "asnpro %s: %s\n", args[0], oneLine(err))
		return 1
	}
	return 0
}

// exitError ends a command with a given code and message.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

func oneLine(err error) string {
	var ae *apperr.Error
	msg := err.Error()
	if errors.As(err, &ae) && ae.Code != apperr.Internal {
		msg = ae.Localized("en")
		if fields := ae.LocalizedFields("en"); len(fields) > 0 {
			var parts []string
			for k, v := range fields {
				parts = append(parts, k+": "+v)
			}
			msg += " (" + strings.Join(parts, "; ") + ")"
		}
	}
	return strings.Join(strings.Fields(msg), " ")
}

// dbFlags adds the flags every database command shares.
type dbFlags struct {
	db      string
	durable bool
	// keyFile is the instance key. Every command that writes events needs
	// it: it tags them (DESIGN §4), and the sealer refuses an event without
	// the instance's tag.
	keyFile string
}

func (d *dbFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&d.db, "db", "./asnpro.db", "database: a SQLite file path, or a postgres:// URL")
	fs.BoolVar(&d.durable, "durable", false, "SQLite: synchronous=FULL (survives power loss, slower commits)")
	fs.StringVar(
		&d.keyFile,
		"key-file",
		"",
		"Ed25519 signing key of the audit checkpoints (default <db>.key beside a SQLite file; required with PostgreSQL)",
	)
}

// open opens and migrates the database, then loads the audit signing key
// (creating it, mode 0600, for a new chain) and pins it as the chain's
// first event. A key that differs from the pinned one is refused.
func (d *dbFlags) open(ctx context.Context, e *env) (*sqldb.DB, ed25519.PrivateKey, error) {
	db, err := sqldb.Open(ctx, d.db, sqldb.Options{Durable: d.durable})
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate %s: %w", db.Display, err)
	}
	if err := db.Prepare(ctx, audit.HotStatements(string(db.Engine))...); err != nil {
		db.Close()
		return nil, nil, err
	}
	key, err := d.loadKey(ctx, db, e)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, key, nil
}

func (d *dbFlags) loadKey(ctx context.Context, db *sqldb.DB, e *env) (ed25519.PrivateKey, error) {
	pinned, err := audit.PinnedKey(ctx, db.R)
	if err != nil {
		return nil, err
	}
	path := d.keyFile
	if path == "" {
		if db.Engine != sqldb.SQLite {
			// Even a command that only appends events (user add): they are
			// tagged with the key.
			return nil, errors.New("--key-file is required with PostgreSQL (the same key file for every instance)")
		}
		path = db.Path + ".key"
	}
	// A new key is made only for a chain that has none pinned yet; a lost key
	// file must be restored, not silently replaced.
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && pinned != nil {
		return nil, fmt.Errorf(
			"the signing key file %s does not exist, but the audit chain pinned key %s…: restore the key file from your backup "+
				"(a new key would need a rotation signed by the old one)",
			path,
			chain.Fingerprint(pinned)[:16],
		)
	}
	key, _, err := chain.LoadOrCreateKey(path, pinned == nil)
	if err != nil {
		return nil, err
	}
	// Every event this process writes is tagged with the key, from the pin on.
	audit.UseKey(db, key, nil)
	audit.UseClock(db, e.now) // events are dated by the clock the services get
	if err := audit.PinKey(cliCtx(ctx), auditWriter(db), key.Public().(ed25519.PublicKey), e.now()); err != nil {
		return nil, err
	}
	return key, nil
}

// auditWriter adapts the database's write transactions for package audit.
func auditWriter(db *sqldb.DB) audit.Writer {
	return func(ctx context.Context, fn func(tx audit.Tx) error) error {
		return db.Write(ctx, func(tx *sqldb.Tx) error { return fn(tx) })
	}
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags("migrate", e.stderr)
	var d dbFlags
	d.add(fs)
	if _, err := parse(fs, args, e.getenv); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, d.db, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s is up to date\n", db.Display)
	}
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "applied %s\n", m)
	}
	return nil
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags("backup", e.stderr)
	var d dbFlags
	d.add(fs)
	out := fs.String("out", "", "the new backup file (must not exist)")
	if _, err := parse(fs, args, e.getenv); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out FILE is required")
	}
	db, err := sqldb.Open(ctx, d.db, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup of %s written to %s\n", db.Display, *out)
	return nil
}

// cliActor is the audit actor of a command-line change.
func cliCtx(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Role: "system", Client: "cli"})
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// cmdRoutes prints every route of the server and who may use it, one a
// line: METHOD PATH ACCESS (from the router itself).
func cmdRoutes(e *env) error {
	rs, err := web.RouteList()
	if err != nil {
		return err
	}
	for _, r := range rs {
		fmt.Fprintf(e.stdout, "%-6s %-55s %s\n", r.Method, r.Path, r.Access)
	}
	return nil
}
