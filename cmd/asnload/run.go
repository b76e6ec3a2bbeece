package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"runtime"
	"strings"
	"time"
)

// config is what the command line asks for.
type config struct {
	scenario       string
	targets        []string // base URLs without a trailing slash
	clients        int
	rate           float64 // operations per second offered in total; 0: closed loop
	duration       time.Duration
	warmup         time.Duration
	timeout        time.Duration
	account        string
	password       string
	pages          []string
	signinParallel int
	allowRemote    bool
	applicants     int // registration: applicants to register; 0: as many as the run needs
	uploadKB       int // upload: size of each document in kB
	// registration: applicantsFile keeps the registered applicants (read
	// when it exists, written after registering otherwise); setupOnly stops
	// after the setup.
	applicantsFile string
	setupOnly      bool
	// registration: documents > 0 has the setup create, as the demo
	// committee, a period whose formations ask that many documents.
	documents int
}

// result is the one JSON line asnload prints on stdout.
type result struct {
	Scenario string  `json:"scenario"`
	Clients  int     `json:"clients"`
	Rate     float64 `json:"rate"`
	OK       int64   `json:"ok"`
	Errors   int64   `json:"errors"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	// Steps has the latencies of the steps of an operation, for scenarios
	// whose operations have several (registration: create, upload, submit).
	Steps map[string]stepResult `json:"steps,omitempty"`
}

// stepResult is the latency of one kind of step (each request on its own).
type stepResult struct {
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
}

const usageText = `usage: asnload SCENARIO [--target URL …] [flags]

Scenarios:
%s
Flags:
%s
Without --rate each client sends its next operation as soon as the last one
is answered (closed loop, for capacity). With --rate R a scheduler offers R
operations per second in total whatever the answers (open loop, for latency
at a given load); latency counts from the scheduled time, and an operation
due while all --clients are busy is dropped and counted as an error.

Progress goes to stderr once a second; at the end stdout gets one JSON line
{"scenario","clients","rate","ok","errors","seconds","rps","p50_ms","p95_ms","p99_ms"}
(percentiles of the successful operations, within 0.4 %%), and for
registration also "steps":{"create","upload","submit"} each with
{"p50_ms","p95_ms","p99_ms"}: every request of that kind on its own (upload:
each document PUT), successful ones of the operations counted in the window.

registration needs a server started with a raised registration limit, such as
  asnpro serve --demo --register-per-minute 100000
Before the clock runs it registers and signs in one applicant per operation
to come (open loop: rate × (warm-up + duration) + 1 %% + 5; closed loop: 20
per client unless --applicants says) with --signin-parallel at a time; the
server hashes two passwords per applicant, so this takes a while
(--applicants-file keeps them for later runs against a copy of the same
database; --setup-only stops there). One
operation is one application: create (a formation of category umum with the
standard documents of the period in registration), upload every required
document (JPEGs of ~100 KB and PDFs of up to ~200 KB, each with bytes of its
own), submit; it counts as ok only if every step does. With --documents N the
setup first creates and publishes, as the demo committee, a period whose
formations ask N documents, and the applications go there.

exam also needs the raised registration limit: its setup registers and signs
in --applicants takers (default --clients; or takes them from
--applicants-file) and each starts a practice attempt (the demo's, 15
minutes). One operation is one answer save, PUT
/api/v1/attempts/{id}/answers/{no} with a random option on a random item,
round-robin over the takers; the server acknowledges it (200) only after
the commit.
Exit status: 0 when the run completed (even with errors), 1 when setup
failed (target unreachable, sign-in impossible), 2 on bad flags.
`

// errUsage marks a mistake on the command line (exit 2).
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

func usagef(format string, a ...any) error { return errUsage{fmt.Sprintf(format, a...)} }

// run is asnload with its arguments (without the program name); it returns
// the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "asnload: %s (asnload -h for help)\n", oneLine(err.Error()))
		return 2
	}
	res, err := load(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "asnload: %s\n", oneLine(err.Error()))
		return 1
	}
	if cfg.setupOnly {
		return 0 // no window, no result line
	}
	b, err := json.Marshal(res)
	if err != nil {
		fmt.Fprintf(stderr, "asnload: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return 0
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// parseArgs reads the command line; the scenario may come before or after
// the flags. It returns flag.ErrHelp after printing help to out.
func parseArgs(args []string, out io.Writer) (config, error) {
	cfg := config{}
	var targets, pages listFlag
	fs := newFlagSet(&cfg, &targets, &pages)
	if err := parseFlags(fs, args, &cfg, out); err != nil {
		return cfg, err
	}
	def, ok := findScenario(cfg.scenario)
	switch {
	case cfg.scenario == "":
		return cfg, usagef("no scenario: want one of %s", scenarioNames())
	case !ok:
		return cfg, usagef("unknown scenario %q: want one of %s", cfg.scenario, scenarioNames())
	}
	if err := cfg.checkNumbers(); err != nil {
		return cfg, err
	}
	if err := cfg.checkScenarioFlags(def, targets, pages); err != nil {
		return cfg, err
	}
	for _, t := range targets {
		base, err := checkTarget(t, cfg.allowRemote)
		if err != nil {
			return cfg, err
		}
		cfg.targets = append(cfg.targets, base)
	}
	for _, p := range pages {
		if !strings.HasPrefix(p, "/") {
			return cfg, usagef("--page %q must be a path starting with /", p)
		}
	}
	cfg.pages = pages
	return cfg, nil
}

// newFlagSet returns the flags of asnload, read into cfg, targets and
// pages.
func newFlagSet(cfg *config, targets, pages *listFlag) *flag.FlagSet {
	fs := flag.NewFlagSet("asnload", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(targets, "target", "base `URL` of an asnpro (repeat for several, used round-robin by client); loopback only")
	fs.IntVar(&cfg.clients, "clients", 50, "concurrent clients; with --rate also the cap on operations in flight")
	fs.Float64Var(&cfg.rate, "rate", 0, "operations per second offered in total (open loop); 0: closed loop")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "length of the measured window")
	fs.DurationVar(&cfg.warmup, "warmup", time.Second, "load before the measured window, not counted")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "timeout of one HTTP request")
	fs.StringVar(&cfg.account, "account", "panitia", "demo account that home signs in as")
	fs.StringVar(&cfg.password, "password", "asnpro-demo", "its password")
	fs.Var(pages, "page", "`path` that public requests (repeat; default "+strings.Join(publicPages, ", ")+")")
	fs.IntVar(&cfg.signinParallel, "signin-parallel", min(4, runtime.NumCPU()),
		"sign-ins (registration: applicants registered and signed in) at a time before the window "+
			"(the server hashes at most 4 passwords at a time by default, each on one core)")
	fs.IntVar(&cfg.applicants, "applicants", 0,
		"registration: applicants to register before the window "+
			"(default: what --rate × (--warmup + --duration) needs, or 20 per client in closed loop); "+
			"exam: takers, each with a practice attempt (default: --clients)")
	fs.StringVar(&cfg.applicantsFile, "applicants-file", "",
		"registration, exam: `file` of registered applicants (target, NIK, token a line): "+
			"used instead of registering when it exists, written after registering otherwise")
	fs.BoolVar(&cfg.setupOnly, "setup-only", false,
		"registration: register the applicants into --applicants-file and stop before the window")
	fs.IntVar(&cfg.documents, "documents", 0,
		"registration: 1–6: the setup creates (as the demo committee, panitia) a period open for registration "+
			"whose formations ask this many documents (pas_foto, ijazah, surat_lamaran, ktp, transkrip, swafoto, in that order), "+
			"and applies there; 0: the standard six of the period already in registration")
	fs.IntVar(&cfg.uploadKB, "upload-kb", 790, "upload: size of each uploaded PDF in kB (1,000 bytes; the ijazah's limit is 800 KiB)")
	fs.BoolVar(&cfg.allowRemote, "allow-remote", false, "allow a target that is not on this machine (workplace rule: do not)")
	return fs
}

// parseFlags parses args with fs, the scenario (into cfg) before, between
// or after the flags. It returns flag.ErrHelp after printing help to out.
func parseFlags(fs *flag.FlagSet, args []string, cfg *config, out io.Writer) error {
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(fs, out)
				return flag.ErrHelp
			}
			return errUsage{err.Error()}
		}
		rest = fs.Args()
		if len(rest) == 0 {
			return nil
		}
		if cfg.scenario != "" {
			return usagef("unexpected argument %q after the scenario %q", rest[0], cfg.scenario)
		}
		cfg.scenario, rest = rest[0], rest[1:]
	}
}

// printHelp prints the usage text with the scenarios and the flags of fs.
func printHelp(fs *flag.FlagSet, out io.Writer) {
	var sc, fl strings.Builder
	for _, s := range scenarios {
		fmt.Fprintf(&sc, "  %-13s %s\n", s.name, s.about)
	}
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(&fl, "  %s\n        %s", strings.TrimSpace("--"+f.Name+" "+name), usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && f.DefValue != "[]" {
			fmt.Fprintf(&fl, " (default %s)", f.DefValue)
		}
		fl.WriteString("\n")
	})
	fmt.Fprintf(out, usageText, sc.String(), fl.String())
}

// checkNumbers checks the flags every scenario uses.
func (cfg *config) checkNumbers() error {
	switch {
	case cfg.clients < 1:
		return usagef("--clients must be at least 1, not %d", cfg.clients)
	case cfg.rate < 0 || math.IsNaN(cfg.rate) || math.IsInf(cfg.rate, 0):
		return usagef("--rate must be a number of operations per second ≥ 0 (0 for closed loop), not %v", cfg.rate)
	case cfg.rate > 1e6:
		return usagef("--rate %v is more than asnload can schedule (at most 1000000)", cfg.rate)
	case cfg.duration <= 0:
		return usagef("--duration must be positive, not %v", cfg.duration)
	case cfg.warmup < 0:
		return usagef("--warmup must not be negative, not %v", cfg.warmup)
	case cfg.timeout <= 0:
		return usagef("--timeout must be positive, not %v", cfg.timeout)
	case cfg.signinParallel < 1:
		return usagef("--signin-parallel must be at least 1, not %d", cfg.signinParallel)
	case strings.TrimSpace(cfg.account) == "":
		return usagef("--account must not be empty")
	}
	return nil
}

// checkScenarioFlags checks the targets and the flags that belong to one
// scenario (def) only.
func (cfg *config) checkScenarioFlags(def scenarioDef, targets, pages listFlag) error {
	switch {
	case def.ownTarget && len(targets) > 0:
		return usagef("%s serves its own target inside asnload: drop --target", def.name)
	case !def.ownTarget && len(targets) == 0:
		return usagef("%s needs at least one --target URL, such as http://127.0.0.1:8080", def.name)
	case cfg.applicants < 0:
		return usagef("--applicants must not be negative, not %d", cfg.applicants)
	case cfg.applicants > 0 && def.name != "registration" && def.name != "exam":
		return usagef("--applicants is for the registration and exam scenarios, not %s", def.name)
	case cfg.applicantsFile != "" && def.name != "registration" && def.name != "exam":
		return usagef("--applicants-file is for the registration and exam scenarios, not %s", def.name)
	case cfg.documents != 0 && def.name != "registration":
		return usagef("--documents is for the registration scenario, not %s", def.name)
	case cfg.documents < 0 || cfg.documents > len(documentOrder):
		return usagef("--documents must be 0 to %d, not %d", len(documentOrder), cfg.documents)
	case cfg.setupOnly && cfg.applicantsFile == "":
		return usagef("--setup-only needs --applicants-file, where the setup is kept")
	case len(pages) > 0 && def.name != "public":
		return usagef("--page is for the public scenario, not %s", def.name)
	}
	return nil
}

// checkTarget validates a --target and returns it without a trailing slash.
// Load is only allowed on this machine unless allowRemote.
func checkTarget(raw string, allowRemote bool) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", usagef("--target %q is not a base URL such as http://127.0.0.1:8080", raw)
	}
	if !allowRemote && !isLoopback(u.Hostname()) {
		return "", usagef(
			"refusing --target %s: %q is not this machine (localhost, 127.0.0.0/8, [::1]); load on other hosts needs --allow-remote",
			raw,
			u.Hostname(),
		)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
