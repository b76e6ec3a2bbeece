package app_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/exam"
	"asnpro/internal/sqldb/sqldbtest"
)

// startPractice starts a practice attempt as a and returns its path and
// the attempt as shown.
func startPractice(t *testing.T, a *api) (string, map[string]any) {
	t.Helper()
	code, m, b := a.call("POST", "/api/v1/practice/attempts", nil)
	if code != 201 {
		t.Fatalf("start practice: %d %s", code, b)
	}
	for _, word := range []string{`"key"`, `"weights"`, `"points"`, `"Points"`, `"order"`, `"seed"`} {
		if strings.Contains(string(b), word) {
			t.Fatalf("the attempt shows %s: %.300s", word, b)
		}
	}
	items, _ := m["items"].([]any)
	if len(items) != 15 || m["ends_at"] == nil {
		t.Fatalf("attempt: %d items: %.300s", len(items), b)
	}
	for _, x := range items {
		opts, _ := x.(map[string]any)["options"].([]any)
		if len(opts) != 5 || opts[0].(map[string]any)["label"] != "A" || opts[4].(map[string]any)["label"] != "E" {
			t.Fatalf("options: %v", x)
		}
	}
	return fmt.Sprintf("/api/v1/attempts/%.0f", m["id"].(float64)), m
}

// TestPracticeAttemptAPI: a practice attempt through the API on both
// engines, with every bad input and its status, the client's clock
// ignored, and a finish digest that recomputes from the stored answers.
func TestPracticeAttemptAPI(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo")
			siti, other := newApplicant(t, srv.URL), newApplicant(t, srv.URL)
			at, shown := startPractice(t, siti)
			ans := at + "/answers/"
			A, C := "A", "C"
			tok, _ := shown["session"].(string)
			runScenarios(t, inSession(siti, tok, []scenario{
				{name: "answer", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": A, "flagged": true}, status: 200},
				{name: "change it", as: siti, method: "PUT", path: ans + "2", body: map[string]any{"option": C}, status: 200},
				{name: "blank, flagged", as: siti, method: "PUT", path: ans + "3", body: map[string]any{"option": nil, "flagged": true}, status: 200},
				{name: "option F", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": "F"}, status: 422, code: "invalid",
					fields: []string{"option"}},
				{name: "option a", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": "a"}, status: 422, code: "invalid"},
				{name: "option empty", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": ""}, status: 422, code: "invalid"},
				{name: "option AB", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": "AB"}, status: 422, code: "invalid"},
				{name: "option a number", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": 1}, status: 422, code: "invalid"},
				{name: "flagged a string", as: siti, method: "PUT", path: ans + "1", body: map[string]any{"option": A, "flagged": "ya"},
					status: 422, code: "invalid"},
				{name: "bad JSON", as: siti, method: "PUT", path: ans + "1", body: []byte(`{"option":`), status: 422, code: "invalid"},
				{name: "null body", as: siti, method: "PUT", path: ans + "1", body: []byte(`null`), status: 422, code: "invalid"},
				{name: "array body", as: siti, method: "PUT", path: ans + "1", body: []byte(`["A"]`), status: 422, code: "invalid"},
				{name: "empty body", as: siti, method: "PUT", path: ans + "1", body: []byte(``), status: 422, code: "invalid"},
				{name: "a client's time is no field", as: siti, method: "PUT", path: ans + "1",
					body: map[string]any{"option": A, "saved_at": "2020-01-01T00:00:00Z"}, status: 422, code: "invalid"},
				{name: "no 0", as: siti, method: "PUT", path: ans + "0", body: map[string]any{"option": A}, status: 404, code: "not_found"},
				{name: "no 16", as: siti, method: "PUT", path: ans + "16", body: map[string]any{"option": A}, status: 404, code: "not_found"},
				{name: "no x", as: siti, method: "PUT", path: ans + "x", body: map[string]any{"option": A}, status: 404, code: "not_found"},
				{name: "no such attempt", as: siti, method: "PUT", path: "/api/v1/attempts/999999/answers/1", body: map[string]any{"option": A},
					status: 404, code: "not_found"},
				{name: "another taker answers", as: other, method: "PUT", path: ans + "1", body: map[string]any{"option": A}, status: 404,
					code: "not_found"},
				{name: "another taker reads", as: other, method: "GET", path: at, status: 404, code: "not_found"},
				{name: "another taker finishes", as: other, method: "POST", path: at + "/finish", status: 404, code: "not_found"},
				// The server never reads a client's time: a clock far ahead or behind changes nothing.
				{name: "client clock ahead", as: siti, method: "PUT", path: ans + "4", body: map[string]any{"option": "E"},
					hdr: []string{"Date", "Mon, 01 Jan 2035 00:00:00 GMT"}, status: 200},
				{name: "client clock behind", as: siti, method: "GET", path: at, hdr: []string{"Date", "Sat, 01 Jan 2000 00:00:00 GMT"},
					status: 200, has: `"ends_at":"` + shown["ends_at"].(string) + `"`},
			}))
			attemptTakeover(t, srv, siti, at, tok)
			_, got, b := siti.call("GET", at, nil)
			items := got["items"].([]any)
			want := []any{"A", "C", nil, "E", nil}
			for i, w := range want {
				it := items[i].(map[string]any)
				if it["answer"] != w || it["flagged"] != (i == 0 || i == 2) {
					t.Fatalf("item %d: %v, want %v: %.400s", i+1, it, w, b)
				}
			}
			code, fin, b := siti.call("POST", at+"/finish", nil)
			if code != 200 || fin["sha256"] == nil || fin["total"] == nil {
				t.Fatalf("finish: %d %s", code, b)
			}
			// The digest recomputes from the answers as stored (read back) and the scores.
			var answers []exam.Answer
			for _, x := range items {
				l, _ := x.(map[string]any)["answer"].(string)
				a, _ := exam.ParseAnswer(l)
				answers = append(answers, a)
			}
			var scores []exam.SubtestScore
			for sub, v := range fin["scores"].(map[string]any) {
				scores = append(scores, exam.SubtestScore{Subtest: sub, Score: int(v.(float64))})
			}
			if len(scores) != 3 {
				t.Fatalf("scores: %s", b)
			}
			if d := exam.AttemptDigest(int64(got["id"].(float64)), answers, scores, int(fin["total"].(float64))); d != fin["sha256"] {
				t.Fatalf("digest %s, finish said %v", d, fin["sha256"])
			}
			runScenarios(t, []scenario{
				{name: "finish again", as: siti, method: "POST", path: at + "/finish", status: 200, has: fin["sha256"].(string)},
				{name: "answer after finish", as: siti, method: "PUT", path: ans + "5", body: map[string]any{"option": A}, status: 409,
					code: "conflict"},
				{name: "read after finish", as: siti, method: "GET", path: at, status: 200, has: fin["sha256"].(string)},
			})
		})
	}
}

// TestAttemptSurvivesRestart: an acknowledged answer is there after the
// server stops and starts again on the same database, and the time left
// runs on from the stored ends_at.
func TestAttemptSurvivesRestart(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo")
			siti := newApplicant(t, srv.URL)
			at, shown := startPractice(t, siti)
			// Fifteen answers at once, each acknowledged on its own.
			labels := []string{"A", "B", "C", "D", "E"}
			var wg sync.WaitGroup
			fails := make(chan string, 15)
			for no := 1; no <= 15; no++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := &api{t: t, base: siti.base, token: siti.token, c: apptest.Client()}
					if code, _, b := c.call("PUT", fmt.Sprintf("%s/answers/%d", at, no), map[string]any{"option": labels[no%5],
						"flagged": no == 7}, "X-Attempt-Session", shown["session"].(string)); code != 200 {
						fails <- fmt.Sprintf("answer %d: %d %s", no, code, b)
					}
				}()
			}
			wg.Wait()
			close(fails)
			for f := range fails {
				t.Fatal(f)
			}
			srv.Stop(t)
			again := apptest.StartDSN(t, srv.DSN, "--key-file", srv.KeyFile)
			siti.base = again.URL
			code, m, b := siti.call("GET", at, nil)
			if code != 200 || m["ends_at"] != shown["ends_at"] || m["finished_at"] != nil {
				t.Fatalf("after restart: %d %.300s (ends_at was %v)", code, b, shown["ends_at"])
			}
			for i, x := range m["items"].([]any) {
				it := x.(map[string]any)
				if it["answer"] != labels[(i+1)%5] || it["flagged"] != (i == 6) {
					t.Fatalf("item %d after restart: %v", i+1, it)
				}
			}
		})
	}
}

// inSession gives every request of as in scs the attempt's session token.
func inSession(as *api, tok string, scs []scenario) []scenario {
	for i := range scs {
		if scs[i].as == as {
			scs[i].hdr = append(scs[i].hdr, "X-Attempt-Session", tok)
		}
	}
	return scs
}

// attemptTakeover: a read of the attempt without its live token (another
// device) opens a new session; the old token's saves are refused with 409
// and the field "session", none without a token, the new one's taken; a
// read with the live token keeps it; attempt.takeover is recorded.
func attemptTakeover(t *testing.T, srv *apptest.Server, siti *api, at, old string) {
	t.Helper()
	_, m, b := siti.call("GET", at, nil)
	tok, _ := m["session"].(string)
	if tok == "" || tok == old {
		t.Fatalf("a second device's read: session %q (old %q): %.300s", tok, old, b)
	}
	ans := at + "/answers/5"
	runScenarios(t, []scenario{
		{name: "the old session saves", as: siti, method: "PUT", path: ans, body: map[string]any{"option": "B"},
			hdr: []string{"X-Attempt-Session", old}, status: 409, code: "conflict", fields: []string{"session"},
			msg: "dilanjutkan di perangkat lain"},
		{name: "no session", as: siti, method: "PUT", path: ans, body: map[string]any{"option": "B"}, status: 409, code: "conflict",
			fields: []string{"session"}},
		{name: "a made-up session", as: siti, method: "PUT", path: ans, body: map[string]any{"option": "B"},
			hdr: []string{"X-Attempt-Session", "x"}, status: 409, code: "conflict", fields: []string{"session"}},
		{name: "the same device reads", as: siti, method: "GET", path: at, hdr: []string{"X-Attempt-Session", tok}, status: 200,
			has: `"session":"` + tok + `"`},
		{name: "the new session saves", as: siti, method: "PUT", path: ans, body: map[string]any{"option": nil},
			hdr: []string{"X-Attempt-Session", tok}, status: 200},
	})
	var n int
	err := openDB(t, srv.DSN).R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'attempt.takeover' AND object_id = $1`,
		strings.TrimPrefix(at, "/api/v1/attempts/")).Scan(&n)
	if err != nil || n != 1 {
		t.Fatalf("attempt.takeover events: %d, %v", n, err)
	}
}
