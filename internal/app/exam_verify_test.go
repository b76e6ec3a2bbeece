package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// finishedSKD makes a database with the demo bank and n finished SKD 2024
// attempts (item 1 answered A) and returns its DSN, the bank and the
// attempts.
func finishedSKD(t *testing.T, e sqldb.Engine, n int) (dsn string, bankID int64, ids []int64) {
	t.Helper()
	ctx := context.Background()
	dsn = sqldbtest.DSN(t, e)
	db := openDB(t, dsn)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s := exam.New(db, exam.Deps{})
	var user int64
	err := db.Write(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, created_at, updated_at) VALUES ('peserta', 'Peserta', $1, $1)
RETURNING id`, sqldb.Now(time.Now())).Scan(&user)
		if err != nil {
			return err
		}
		return s.SeedDemo(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.R.QueryRowContext(ctx, `SELECT bank_id FROM exam_practice`).Scan(&bankID); err != nil {
		t.Fatal(err)
	}
	bp, err := s.CreateBlueprint(ctx, exam.SKD2024())
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		a, err := s.Start(ctx, exam.StartSpec{UserID: user, BankID: bankID, BlueprintID: bp.ID, Category: selection.Umum})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.OpenSession(ctx, user, a.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnswer(ctx, user, a.ID, tok, 1, 1, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Finish(ctx, user, a.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	return dsn, bankID, ids
}

// TestExamVerify: asnpro exam verify exits 0 on untouched attempts, and 1
// with a line naming the attempt and what differs once a stored result is
// changed with SQL.
func TestExamVerify(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			dsn, bankID, ids := finishedSKD(t, e, 3)
			bank := fmt.Sprint(bankID)
			for _, args := range [][]string{{"--db", dsn}, {"--db", dsn, "--bank", bank}} {
				code, out, errOut := runCmd(t, append([]string{"exam", "verify"}, args...)...)
				if code != 0 || !strings.Contains(out, "3 finished attempts") || !strings.Contains(out, "every stored result and digest matches") {
					t.Fatalf("untouched %v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
				}
			}
			db := openDB(t, dsn)
			if _, err := db.W.Exec(`UPDATE exam_attempts SET result = REPLACE(result, '"total":', '"total":1') WHERE id = $1`,
				ids[1]); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCmd(t, "exam", "verify", "--db", dsn, "--bank", bank)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			want := fmt.Sprintf("attempt %d: total stored 1", ids[1])
			if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], want) || !strings.Contains(lines[0], ", rescored ") ||
				!strings.Contains(errOut, fmt.Sprintf("1 of 3 finished attempts of bank %s", bank)) {
				t.Fatalf("tampered: exit %d, stdout %q, stderr %q; want exit 1 and one line %q…", code, out, errOut, want)
			}
			for _, tc := range []struct {
				args []string
				err  string
			}{
				{[]string{"--db", dsn, "--bank", fmt.Sprint(bankID + 100)}, "Question bank not found"},
				{[]string{"--db", dsn, "--bank", "x"}, "invalid value"},
				{[]string{"--db", filepath.Join(t.TempDir(), "none.db")}, "no database at"},
			} {
				code, _, errOut := runCmd(t, append([]string{"exam", "verify"}, tc.args...)...)
				if code == 0 || !strings.Contains(errOut, tc.err) {
					t.Fatalf("%v: exit %d, stderr %q; want %q", tc.args, code, errOut, tc.err)
				}
			}
		})
	}
}

func TestExamCommandNeedsVerify(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"exam"}, {"exam", "check"}} {
		if code, _, errOut := runCmd(t, args...); code != 1 || !strings.Contains(errOut, "verify") {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
