package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// exam is the CAT under answer saves: one operation is one
// PUT /api/v1/attempts/{id}/answers/{no} with a random option (A–E) on a
// random item of a taker's practice attempt, acknowledged (200) only once
// the save is committed. The setup registers the takers as the
// registration scenario does (or takes them from --applicants-file), and
// each starts a practice attempt (POST /api/v1/practice/attempts) before
// the clock runs; the operations go round-robin over the takers of the
// client's target. The demo practice lasts 15 minutes: a run must end
// within that of the setup, or the saves are refused (409).
type exam struct {
	reg      *registration
	attempts map[string][]*examAttempt // by target
}

// examAttempt is a taker's practice attempt.
type examAttempt struct {
	token   string
	session string // the attempt's live session (X-Attempt-Session), sent with every save
	path    string // /api/v1/attempts/{id}
	items   []int  // the items' numbers
}

// examTakers is how many takers the exam setup registers by default.
func examTakers(cfg config) int {
	if cfg.applicants > 0 {
		return cfg.applicants
	}
	return cfg.clients
}

func newExam(cfg config) *exam {
	c := cfg
	c.applicants = examTakers(cfg)
	return &exam{reg: newRegistration(c)}
}

func (s *exam) setup(ctx context.Context, e *env) error {
	if err := s.reg.setup(ctx, e); err != nil {
		return err
	}
	s.attempts = map[string][]*examAttempt{}
	began := time.Now()
	n := 0
	for _, t := range e.targets {
		for _, a := range s.reg.targets[t].pool {
			at, err := startAttempt(ctx, e.slowHTTP, t, a.token)
			if err != nil {
				return err
			}
			s.attempts[t] = append(s.attempts[t], at)
			n++
		}
	}
	fmt.Fprintf(e.stderr, "asnload: %d practice attempts started in %v\n", n, time.Since(began).Round(time.Millisecond))
	return nil
}

// startAttempt starts a practice attempt at target t as the taker with
// token and returns it.
func startAttempt(ctx context.Context, hc *http.Client, t, token string) (*examAttempt, error) {
	var got struct {
		ID      int64  `json:"id"`
		Session string `json:"session"`
		Items   []struct {
			No int `json:"no"`
		} `json:"items"`
	}
	if err := postWant(ctx, hc, t+"/api/v1/practice/attempts", token, http.StatusCreated, map[string]any{}, &got); err != nil {
		return nil, fmt.Errorf("start a practice attempt (does the server run with --demo?): %w", err)
	}
	if got.ID == 0 || len(got.Items) == 0 {
		return nil, fmt.Errorf("start a practice attempt at %s: no id or no items", t)
	}
	at := &examAttempt{token: token, session: got.Session, path: "/api/v1/attempts/" + strconv.FormatInt(got.ID, 10)}
	for _, it := range got.Items {
		at.items = append(at.items, it.No)
	}
	return at, nil
}

func (s *exam) newClient(_ context.Context, e *env, i int) (client, error) {
	t := e.target(i)
	return &examClient{http: e.http, base: t, attempts: s.attempts[t], next: &examNext,
		rnd: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))}, nil
}

// examNext spreads the operations over the takers.
var examNext atomic.Int64

// examClient saves answers for the takers of its target in turn.
type examClient struct {
	http     *http.Client
	base     string
	attempts []*examAttempt
	next     *atomic.Int64
	rnd      *rand.Rand
	buf      bytes.Buffer
}

var examOptions = []string{"A", "B", "C", "D", "E"}

func (c *examClient) Op(ctx context.Context) error {
	at := c.attempts[int(c.next.Add(1)-1)%len(c.attempts)]
	no := at.items[c.rnd.IntN(len(at.items))]
	body := fmt.Sprintf(`{"option":%q,"flagged":%v}`, examOptions[c.rnd.IntN(len(examOptions))], c.rnd.IntN(8) == 0)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, c.base+at.path+"/answers/"+strconv.Itoa(no), bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+at.token)
	req.Header.Set("X-Attempt-Session", at.session)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if err != nil {
		return fmt.Errorf("reading the body: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("PUT /api/v1/attempts/{id}/answers/{no}: status %d, want 200: %s", res.StatusCode, snippet(c.buf.Bytes()))
	}
	var ack struct {
		No int `json:"no"`
	}
	if err := json.Unmarshal(c.buf.Bytes(), &ack); err != nil || ack.No != no {
		return fmt.Errorf("PUT answer %d: acknowledged %q", no, snippet(c.buf.Bytes()))
	}
	return nil
}
