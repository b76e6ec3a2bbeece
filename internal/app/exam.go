package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
)

// cmdExam: asnpro exam verify [--db …] [--bank N].
func cmdExam(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("say what to do: asnpro exam verify [--db …] [--bank N]")
	}
	sub, args := args[0], args[1:]
	if sub != "verify" {
		return fmt.Errorf("unknown exam command %q: use verify", sub)
	}
	fs := newFlags("exam verify", e.stderr)
	dsn := fs.String("db", "./asnpro.db", "database: a SQLite file path, or a postgres:// URL")
	bank := fs.Int64("bank", 0, "only the attempts drawn from this question bank (its ID; 0: every bank)")
	pos, err := parse(fs, args, e.getenv)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	if !sqldb.IsPostgres(*dsn) {
		if _, err := os.Stat(*dsn); err != nil {
			return fmt.Errorf("no database at %s: %w", *dsn, err)
		}
	}
	db, err := sqldb.Open(ctx, *dsn, sqldb.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := exam.New(db, exam.Deps{Now: e.now}).VerifyAttempts(ctx, exam.VerifyFilter{BankID: *bank})
	if err != nil {
		return err
	}
	return examVerdict(e, rep, db.Display, *bank)
}

// examVerdict prints one line per attempt that does not match and a
// summary: exit 0 when every attempt matches, 1 otherwise.
func examVerdict(e *env, rep *exam.VerifyReport, what string, bank int64) error {
	scope := "finished attempts"
	if bank != 0 {
		scope = fmt.Sprintf("finished attempts of bank %d", bank)
	}
	for _, m := range rep.Mismatches {
		parts := make([]string, len(m.Diffs))
		for i, d := range m.Diffs {
			parts[i] = d.String()
		}
		fmt.Fprintf(e.stdout, "attempt %d: %s\n", m.AttemptID, strings.Join(parts, "; "))
	}
	if rep.OK() {
		fmt.Fprintf(e.stdout, "%d %s in %s re-scored: every stored result and digest matches\n", rep.Checked, scope, what)
		return nil
	}
	return exitError{code: 1, msg: fmt.Sprintf("%d of %d %s in %s do NOT match their re-scoring (listed above)",
		len(rep.Mismatches), rep.Checked, scope, what)}
}
