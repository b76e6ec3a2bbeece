package assess_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

func paper() assess.NewInstrument {
	n := interview()
	n.Kind, n.Name = assess.KindPaper, "Makalah"
	return n
}

// TestPaperCodes: drawing a paper's assessors gives each candidate a code
// unique within it, recorded; its assessors are shown the code, never the
// name or number; the committee sees whose code is whose; drawing again
// keeps the codes. Both engines.
func TestPaperCodes(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in, rows, _ := drawn(t, e, paper())
		form := regexp.MustCompile(`^MK-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{5}$`)
		codes := map[string]bool{}
		for _, r := range rows {
			if !form.MatchString(r.Code) || codes[r.Code] || r.Name == "" || r.RegistrationNumber == "" {
				t.Fatalf("the committee's row: %+v", r)
			}
			codes[r.Code] = true
		}
		if len(codes) != 3 || countAudit(t, db, "assess.code") != 3 {
			t.Fatalf("codes %v, %d recorded", codes, countAudit(t, db, "assess.code"))
		}
		if _, err := e.svc.Assign(ctx, in.ID); err != nil {
			t.Fatal(err)
		}
		_, again, _ := e.svc.Candidates(ctx, in.ID)
		for i := range again {
			if again[i].Code != rows[i].Code {
				t.Fatalf("a code changed: %s → %s", rows[i].Code, again[i].Code)
			}
		}
		for _, u := range []string{"ana", "budi", "citra"} {
			list, err := e.svc.FindAssigned(ctx, e.staff[u])
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range list {
				if a.Name != "" || a.RegistrationNumber != "" || !codes[a.Code] {
					t.Fatalf("%s's list shows %+v", u, a)
				}
				v, err := e.svc.View(ctx, e.staff[u], in.ID, a.ApplicationID)
				if err != nil || v.Name != "" || v.RegistrationNumber != "" || v.Code != a.Code {
					t.Fatalf("%s's view: %+v %v", u, v, err)
				}
			}
		}
		// Another kind has no codes.
		_, irows, _ := drawn(t, e, interview())
		if irows[0].Code != "" {
			t.Fatalf("an interview's code: %q", irows[0].Code)
		}
	})
}

// TestPaperConflictByName: a paper's assessor declares a conflict by a
// name among all the candidates: when drawn for that candidate, they are
// withdrawn and another is drawn; when not, the conflict is recorded all
// the same; a stale pick is refused; only a paper's assessors may. Both
// engines.
func TestPaperConflictByName(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in, rows, who := drawn(t, e, paper())
		ana := e.staff["ana"]
		names, err := e.svc.ConflictNames(ctx, ana, in.ID)
		if err != nil || len(names) != 3 || !slices.IsSorted(names) {
			t.Fatalf("names %v %v", names, err)
		}
		nameOf := map[int64]string{}
		for _, r := range rows {
			nameOf[r.ApplicationID] = r.Name
		}
		var mine, other int64
		for _, app := range e.apps {
			if slices.Contains(who[app], ana) {
				mine = app
			} else {
				other = app
			}
		}
		if mine == 0 || other == 0 {
			t.Fatalf("ana's paper %d, another %d", mine, other)
		}
		at := func(app int64) int { return slices.Index(names, nameOf[app]) }
		wantCode(t, "no note", e.svc.DeclareConflictByName(ctx, ana, in.ID, at(mine), nameOf[mine], ""), apperr.Invalid)
		wantCode(t, "a stale pick", e.svc.DeclareConflictByName(ctx, ana, in.ID, at(mine), "Orang lain", "Sepupu"), apperr.Invalid)
		wantCode(t, "out of range", e.svc.DeclareConflictByName(ctx, ana, in.ID, 7, nameOf[mine], "Sepupu"), apperr.Invalid)
		if err := e.svc.DeclareConflictByName(ctx, ana, in.ID, at(mine), nameOf[mine], "Sepupu saya"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.View(ctx, ana, in.ID, mine); !errors.Is(err, assess.ErrNotAssigned) {
			t.Fatalf("ana still marks the paper: %v", err)
		}
		_, after, _ := e.svc.Candidates(ctx, in.ID)
		for _, r := range after {
			if r.ApplicationID == mine && len(r.Assessors) != 2 {
				t.Fatalf("no other assessor drawn: %v", r.Assessors)
			}
		}
		if err := e.svc.DeclareConflictByName(ctx, ana, in.ID, at(other), nameOf[other], "Tetangga"); err != nil {
			t.Fatalf("a conflict with a candidate not drawn for her: %v", err)
		}
		var n int
		if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM conflicts WHERE user_id = $1`, ana).Scan(&n); err != nil ||
			n != 2 {
			t.Fatalf("conflicts recorded: %d %v", n, err)
		}
		wantCode(t, "cici, not drawn", e.svc.DeclareConflictByName(ctx, e.staff["cici"], in.ID, 0, names[0], "x"), apperr.NotFound)
		iv, _, who2 := drawn(t, e, interview())
		_, err = e.svc.ConflictNames(ctx, who2[e.apps[0]][0], iv.ID)
		wantCode(t, "an interview's names", err, apperr.NotFound)
	})
}
