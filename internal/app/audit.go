package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/audit/chain"
	"asnpro/internal/sqldb"
)

// auditFlags are the flags of the audit commands.
type auditFlags struct {
	dbFlags
	from, since, out, newKey string
	horizon                  time.Duration
	oldKeys                  keyFiles
}

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("say what to do: asnpro audit verify|export|rotate-key")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("audit "+sub, e.stderr)
	var f auditFlags
	f.add(fs)
	fs.StringVar(&f.from, "from", "", "verify: an export (JSON Lines) instead of the database")
	fs.StringVar(&f.since, "since", "",
		"verify: a saved checkpoint (the body of GET /api/v1/transparency/checkpoint) the chain must extend")
	fs.StringVar(&f.out, "out", "", "export: the file to write")
	fs.StringVar(&f.newKey, "new-key-file", "", "rotate-key: the new key file (created if missing)")
	fs.DurationVar(&f.horizon, "horizon", time.Minute, "verify on PostgreSQL: an unsealed event older than this is an error")
	fs.Var(&f.oldKeys, "old-key-file",
		"verify with --key-file: a key the chain was rotated from, to check the tags of the events it wrote (repeatable)")
	if _, err := parse(fs, args, e.getenv); err != nil {
		return err
	}
	switch sub {
	case "verify":
		return auditVerify(ctx, e, &f)
	case "export":
		return auditExport(ctx, e, &f)
	case "rotate-key":
		return auditRotateKey(ctx, e, &f)
	}
	return fmt.Errorf("unknown audit command %q: use verify, export or rotate-key", sub)
}

// auditVerify is `asnpro audit verify`: the chain of an export (--from)
// or of the database, from a saved checkpoint (--since); with --key-file
// also the tags of the events.
func auditVerify(ctx context.Context, e *env, f *auditFlags) error {
	var cp *chain.Checkpoint
	if f.since != "" {
		b, err := os.ReadFile(f.since)
		if err != nil {
			return err
		}
		c, err := chain.ParseCheckpoint(b)
		if err != nil {
			return fmt.Errorf("%s: %w", f.since, err)
		}
		cp = &c
	}
	if f.from != "" {
		file, err := os.Open(f.from)
		if err != nil {
			return err
		}
		defer file.Close()
		res, err := chain.VerifyJSONL(file, cp)
		if err != nil {
			return err
		}
		return verdict(e, audit.Report{Result: res}, f.from)
	}
	db, err := sqldb.Open(ctx, f.db, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := audit.Verify(ctx, db.R, string(db.Engine), cp, f.horizon, e.now())
	if err != nil {
		return err
	}
	if f.keyFile == "" {
		if len(f.oldKeys) > 0 {
			return errors.New("--old-key-file goes with --key-file")
		}
		return verdict(e, rep, db.Display)
	}
	// With the key: name every event whose tag is not the instance's.
	var tk []*chain.TagKey
	for _, path := range append([]string{f.keyFile}, f.oldKeys...) {
		k, _, err := chain.LoadOrCreateKey(path, false)
		if err != nil {
			return err
		}
		pub := k.Public().(ed25519.PublicKey)
		if rep.Result.OK() && !rep.Pinned(chain.Fingerprint(pub)) {
			return fmt.Errorf("the key in %s (fingerprint %s…) was never pinned by this chain: it is not this instance's key",
				path, chain.Fingerprint(pub)[:16])
		}
		tk = append(tk, chain.NewTagKey(k))
	}
	tags, err := audit.CheckTags(ctx, db.R, tk)
	if err != nil {
		return err
	}
	return tagVerdict(e, rep, tags, db.Display)
}

// auditExport is `asnpro audit export`: the sealed events, redacted, into
// a new file (--out).
func auditExport(ctx context.Context, e *env, f *auditFlags) error {
	if f.out == "" {
		return errors.New("--out FILE is required")
	}
	db, err := sqldb.Open(ctx, f.db, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	file, err := os.OpenFile(f.out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	n, err := audit.Export(ctx, db.R, file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.out)
		return err
	}
	fmt.Fprintf(e.stdout, "%d sealed events written to %s (redacted: digests of data and client only)\n", n, f.out)
	return nil
}

// auditRotateKey is `asnpro audit rotate-key`: the chain pins the key of
// --new-key-file, the rotation signed by the old key.
func auditRotateKey(ctx context.Context, e *env, f *auditFlags) error {
	if f.newKey == "" {
		return errors.New("--new-key-file is required")
	}
	db, key, err := f.open(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	nk, _, err := chain.LoadOrCreateKey(f.newKey, true)
	if err != nil {
		return err
	}
	alog := audit.NewLog(db.R, auditWriter(db), string(db.Engine), key, e.now)
	if err := alog.RotateKey(ctx, nk); err != nil {
		return err
	}
	cp, err := audit.NewLog(db.R, auditWriter(db), string(db.Engine), nk, e.now).Checkpoint(ctx, "rotation")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "the chain now pins key %s (rotation signed by the old key, recorded at pos %d); start asnpro with --key-file %s\n",
		chain.Fingerprint(nk.Public().(ed25519.PublicKey)), cp.Size, f.newKey)
	return nil
}

// keyFiles is a repeatable flag of key file paths.
type keyFiles []string

func (k *keyFiles) String() string     { return fmt.Sprint(*k) }
func (k *keyFiles) Set(v string) error { *k = append(*k, v); return nil }

// tagVerdict is verdict with the tags checked: exit 1 naming every event
// whose tag is not the instance's, as well as when the chain is broken.
func tagVerdict(e *env, rep audit.Report, tags audit.TagReport, what string) error {
	if tags.Legacy > 0 {
		fmt.Fprintf(e.stdout, "%d events written before asnpro tagged its events have no tag (not checked)\n", tags.Legacy)
	}
	if tags.Unchecked > 0 {
		fmt.Fprintf(
			e.stdout,
			"%d events before a key rotation were tagged with a key not given (give it with --old-key-file to check them)\n",
			tags.Unchecked,
		)
	}
	if tags.OK() {
		if err := verdict(e, rep, what); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "every event's tag matches the key: %d checked\n", tags.Checked)
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d event(s) in %s were not written by asnpro (their tag does not match the key):", len(tags.Bad), what)
	for _, t := range tags.Bad {
		where := "not in the chain"
		if t.Pos != 0 {
			where = fmt.Sprintf("pos %d", t.Pos)
		}
		fmt.Fprintf(&b, "\n  seq %d (%s, %s): %s", t.Seq, where, t.Action, t.Why)
	}
	if err := verdict(e, rep, what); err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			fmt.Fprintf(&b, "\n%s", ee.msg)
		}
	}
	return exitError{code: 1, msg: b.String()}
}

// verdict prints the result of a verification: exit 0 when intact, exit 1
// naming the first bad event otherwise.
func verdict(e *env, rep audit.Report, what string) error {
	if rep.OK() {
		fmt.Fprintf(e.stdout, "audit chain of %s intact: %d events, head %s\n", what, rep.Size, rep.HeadHex())
		if rep.Since != nil {
			fmt.Fprintf(e.stdout, "it extends the checkpoint of size %d signed %s\n", rep.Since.Size, rep.Since.SignedAt.Format(time.RFC3339))
		}
		if rep.Pending > 0 {
			fmt.Fprintf(e.stdout, "%d recent events are not sealed yet\n", rep.Pending)
		}
		return nil
	}
	msg := rep.Problem
	if f := rep.Failure; f != nil {
		if f.Code == chain.FailCheckpointKey {
			return exitError{code: 1, msg: "the saved checkpoint is refused: " + f.Message("en")}
		}
		msg = f.Message("en")
	}
	if msg == "" && len(rep.Refused) > 0 {
		seqs := make([]string, len(rep.Refused))
		for i, s := range rep.Refused {
			seqs[i] = fmt.Sprint(s)
		}
		msg = fmt.Sprintf(
			"event(s) seq %s are not in the chain: the sealer refused them, their tag is not asnpro's (written outside asnpro; "+
				"--key-file checks every tag)",
			strings.Join(seqs, ", "),
		)
	}
	return exitError{code: 1, msg: fmt.Sprintf("audit chain of %s BROKEN: %s (%d events verified before it)", what, msg, rep.Size)}
}
