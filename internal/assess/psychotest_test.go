package assess_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestFinalRecommendation: unanimous gives that one, otherwise the most
// cautious; none gives "".
func TestFinalRecommendation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"disarankan"}, "disarankan"},
		{[]string{"disarankan", "disarankan"}, "disarankan"},
		{[]string{"dipertimbangkan", "dipertimbangkan", "dipertimbangkan"}, "dipertimbangkan"},
		{[]string{"tidak_disarankan", "tidak_disarankan"}, "tidak_disarankan"},
		{[]string{"disarankan", "dipertimbangkan"}, "dipertimbangkan"},
		{[]string{"dipertimbangkan", "disarankan"}, "dipertimbangkan"},
		{[]string{"disarankan", "tidak_disarankan"}, "tidak_disarankan"},
		{[]string{"disarankan", "dipertimbangkan", "tidak_disarankan"}, "tidak_disarankan"},
		{[]string{"dipertimbangkan", "tidak_disarankan", "disarankan"}, "tidak_disarankan"},
		{[]string{"disarankan", "???"}, "tidak_disarankan"},
	} {
		if got := assess.FinalRecommendation(c.in); got != c.want {
			t.Errorf("%v: %q, want %q", c.in, got, c.want)
		}
	}
}

// psychotest is a psychotest of two dimensions.
func psychotest() assess.NewInstrument {
	n := interview()
	n.Kind, n.Name = assess.KindPsychotest, "Psikotes"
	n.Dimensions[0].Name, n.Dimensions[1].Name = "Stabilitas emosi", "Daya tahan stres"
	return n
}

// countAudit counts the audit events of an action.
func countAudit(t *testing.T, db *sqldb.DB, action string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// drawn creates and draws an instrument; it returns it, its rows, and for
// each application its two assessors.
func drawn(t *testing.T, e *env, n assess.NewInstrument) (*assess.Instrument, []assess.CandidateRow, map[int64][]int64) {
	t.Helper()
	ctx := context.Background()
	in, err := e.svc.CreateInstrument(ctx, e.period, n)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Assign(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	_, rows, err := e.svc.Candidates(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	who := map[int64][]int64{}
	for _, u := range []string{"ana", "budi", "citra"} {
		list, err := e.svc.FindAssigned(ctx, e.staff[u])
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.Instrument.ID == in.ID {
				who[a.ApplicationID] = append(who[a.ApplicationID], e.staff[u])
			}
		}
	}
	return in, rows, who
}

// TestPsychotestRecommendation: a psychotest needs a recommendation of the
// three, another kind refuses one; the final recommendation shows once
// both psychologists submitted; a psychologist's view of a candidate and
// the committee's read of the results are recorded; a psychologist not
// drawn for a candidate is not shown them. Both engines.
func TestPsychotestRecommendation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in, _, who := drawn(t, e, psychotest())
		siti := e.apps[0]
		a, b := who[siti][0], who[siti][1]
		field := func(what string, err error) {
			t.Helper()
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.FieldMsgs["recommendation"].Key == "" {
				t.Fatalf("%s: %v, want invalid on recommendation", what, err)
			}
		}
		field("no recommendation", e.svc.Submit(ctx, a, in.ID, siti, []int{3, 3}))
		field("a bad recommendation", e.svc.SubmitWith(ctx, a, in.ID, siti, assess.Submission{Scores: []int{3, 3},
			Recommendation: "mungkin"}))
		if v, err := e.svc.View(ctx, a, in.ID, siti); err != nil || v.Submitted {
			t.Fatalf("a refused submission stored something: %+v %v", v, err)
		}
		if err := e.svc.SubmitWith(ctx, a, in.ID, siti, assess.Submission{Scores: []int{4, 3}, Recommendation: assess.Recommended}); err != nil {
			t.Fatal(err)
		}
		if _, rows, _ := e.svc.Candidates(ctx, in.ID); rows[0].Recommendation != "" || rows[0].Recommendations != nil {
			t.Fatalf("the recommendation shows before all are in: %+v", rows[0])
		}
		if v, _ := e.svc.View(ctx, b, in.ID, siti); v.Recommendation != "" || v.OtherRecommendations != nil {
			t.Fatalf("b sees a's recommendation before submitting: %+v", v)
		}
		if err := e.svc.SubmitWith(ctx, b, in.ID, siti, assess.Submission{Scores: []int{3, 3}, Recommendation: assess.Considered}); err != nil {
			t.Fatal(err)
		}
		v, err := e.svc.View(ctx, b, in.ID, siti)
		if err != nil || v.Recommendation != assess.Considered || len(v.OtherRecommendations) != 1 ||
			v.OtherRecommendations[0] != assess.Recommended || v.FinalRecommendation != assess.Considered {
			t.Fatalf("b after both submitted: %+v %v", v, err)
		}
		reads := countAudit(t, db, "assess.psychotest.read")
		if reads != 3 {
			t.Fatalf("%d psychologist reads recorded, want 3", reads)
		}
		_, rows, err := e.svc.ReadCandidates(ctx, in.ID)
		if err != nil || rows[0].ApplicationID != siti || rows[0].Recommendation != assess.Considered || len(rows[0].Recommendations) != 2 {
			t.Fatalf("the committee's rows: %+v %v", rows, err)
		}
		if n := countAudit(t, db, "assess.psychotest.read"); n != reads+1 {
			t.Fatalf("the committee's read not recorded: %d", n)
		}
		// The third psychologist is not drawn for siti: not shown, not recorded.
		third := e.staff["ana"] + e.staff["budi"] + e.staff["citra"] - a - b
		if _, err := e.svc.View(ctx, third, in.ID, siti); !errors.Is(err, assess.ErrNotAssigned) {
			t.Fatalf("an assessor not drawn: %v", err)
		}
		if n := countAudit(t, db, "assess.psychotest.read"); n != reads+1 {
			t.Fatalf("a refused view recorded: %d", n)
		}
		// Another kind refuses a recommendation.
		iv, _, who2 := drawn(t, e, interview())
		field("a recommendation for an interview", e.svc.SubmitWith(ctx, who2[siti][0], iv.ID, siti,
			assess.Submission{Scores: []int{3, 3}, Recommendation: assess.Recommended}))
		if _, err := e.svc.View(ctx, who2[siti][0], iv.ID, siti); err != nil {
			t.Fatal(err)
		}
		if n := countAudit(t, db, "assess.psychotest.read"); n != reads+1 {
			t.Fatalf("an interview's view recorded as a psychotest read: %d", n)
		}
	})
}

// TestPsychotestImport: a psychologist's file submits every row as if by
// hand; a bad row, or a candidate not drawn for them, refuses the whole
// file (naming line and column) and stores nothing. Both engines.
func TestPsychotestImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in, rows, who := drawn(t, e, psychotest())
		number := map[int64]string{}
		for _, r := range rows {
			number[r.ApplicationID] = r.RegistrationNumber
		}
		// ana's candidates, and one that is not hers.
		ana := e.staff["ana"]
		var mine []int64
		var other int64
		for _, app := range e.apps {
			if who[app][0] == ana || who[app][1] == ana {
				mine = append(mine, app)
			} else {
				other = app
			}
		}
		if len(mine) != 2 || other == 0 {
			t.Fatalf("ana's candidates: %v (other %d)", mine, other)
		}
		head := "nomor_pendaftaran,Stabilitas emosi,Daya tahan stres,rekomendasi\n"
		problems := func(what, file string, want ...string) {
			t.Helper()
			_, err := e.svc.ImportPsychotest(ctx, ana, in.ID, strings.NewReader(file))
			wantCode(t, what, err, apperr.Invalid)
			var ae *apperr.Error
			errors.As(err, &ae)
			for _, k := range want {
				if ae.FieldMsgs[k].Key == "" {
					t.Fatalf("%s: no problem at %s: %v", what, k, ae.FieldMsgs)
				}
			}
			if n := countAudit(t, db, "assess.submit"); n != 0 {
				t.Fatalf("%s: %d submitted", what, n)
			}
		}
		problems("a bad row", head+number[mine[0]]+",4,3,disarankan\n"+number[mine[1]]+",6,2,x\n",
			"3.Stabilitas emosi", "3.rekomendasi")
		problems("a candidate not hers", head+number[mine[0]]+",4,3,disarankan\n"+number[other]+",2,2,dipertimbangkan\n",
			"3.nomor_pendaftaran")
		problems("a row twice", head+number[mine[0]]+",4,3,disarankan\n"+number[mine[0]]+",2,2,dipertimbangkan\n",
			"3.nomor_pendaftaran")
		_, err := e.svc.ImportPsychotest(ctx, ana, in.ID, strings.NewReader("nomor,a,b\n1,2,3\n"))
		wantCode(t, "a wrong header", err, apperr.Invalid)
		_, err = e.svc.ImportPsychotest(ctx, e.staff["cici"], in.ID, strings.NewReader(head))
		wantCode(t, "an assessor not drawn", err, apperr.NotFound)
		n, err := e.svc.ImportPsychotest(ctx, ana, in.ID, strings.NewReader(head+number[mine[0]]+",4,3,disarankan\n"+
			number[mine[1]]+",2,2,Tidak_Disarankan\n"))
		if err != nil || n != 2 {
			t.Fatalf("import: %d %v", n, err)
		}
		v, err := e.svc.View(ctx, ana, in.ID, mine[1])
		if err != nil || !v.Submitted || v.Own[0] != 2 || v.Recommendation != assess.NotRecommended {
			t.Fatalf("ana's imported row: %+v %v", v, err)
		}
		_, err = e.svc.ImportPsychotest(ctx, ana, in.ID, strings.NewReader(head+number[mine[0]]+",4,3,disarankan\n"))
		wantCode(t, "import again", err, apperr.Invalid)
		iv, _, who2 := drawn(t, e, interview())
		_, err = e.svc.ImportPsychotest(ctx, who2[e.apps[0]][0], iv.ID, strings.NewReader(head))
		wantCode(t, "an interview's scores", err, apperr.Conflict)
	})
}
