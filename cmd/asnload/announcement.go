package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// announcement is announcement day: everyone reads a freshly published
// result list at once — its JSON, its CSV (whose SHA-256 each reader
// checks against the published one), the public page and the statistics.
//
// The setup finds a period with a published administration list on each
// target; when there is none, it publishes one on the demo period in
// registration: the demo verifier (verifikator, who signed the demo pacts)
// decides every application still waiting as MS, and the demo committee
// member (panitia) closes its registration now and publishes. Run the registration scenario first for a
// list with rows.
type announcement struct {
	targets map[string]*annTarget
}

type annTarget struct {
	period string
	sha256 string
	paths  []string
}

const demoPassword = "asnpro-demo"

func (s *announcement) setup(ctx context.Context, e *env) error {
	s.targets = map[string]*annTarget{}
	for _, t := range e.targets {
		at, err := s.prepare(ctx, e.slowHTTP, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "asnload: %s: period %s, administration list sha256 %s\n", t, at.period, at.sha256)
		s.targets[t] = at
	}
	return nil
}

type annList struct {
	Items []struct {
		Stage   string `json:"stage"`
		Version int    `json:"version"`
		SHA256  string `json:"sha256"`
	} `json:"items"`
}

func (s *announcement) prepare(ctx context.Context, hc *http.Client, t string) (*annTarget, error) {
	var periods struct {
		Items []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	if err := getJSON(ctx, hc, t, "/api/v1/periods", &periods); err != nil {
		return nil, err
	}
	var open string
	for _, p := range periods.Items {
		var al annList
		if err := getJSON(ctx, hc, t, "/api/v1/periods/"+p.ID+"/announcements", &al); err != nil {
			return nil, err
		}
		for _, a := range al.Items {
			if a.Stage == "administration" {
				return newAnnTarget(p.ID, a.SHA256), nil
			}
		}
		if p.Status == "registration" && open == "" {
			open = p.ID
		}
	}
	if open == "" {
		return nil, fmt.Errorf("target %s: no published list and no period in registration (is the server started with --demo?)", t)
	}
	return publishOpen(ctx, hc, t, open)
}

// publishOpen decides every waiting application of period open as MS,
// closes its registration now (an amendment: a list is published only
// after registration closes) and publishes its administration list.
func publishOpen(ctx context.Context, hc *http.Client, t, open string) (*annTarget, error) {
	veri, err := apiToken(ctx, hc, t, "verifikator")
	if err != nil {
		return nil, err
	}
	for {
		var q struct {
			Items []struct {
				ApplicationID string `json:"application_id"`
			} `json:"items"`
		}
		if err := getJSONAuth(ctx, hc, t, "/api/v1/periods/"+open+"/verification/queue?status=pending&limit=500", veri, &q); err != nil {
			return nil, err
		}
		if len(q.Items) == 0 {
			break
		}
		for _, it := range q.Items {
			code, body, err := postJSON(ctx, hc, t+"/api/v1/applications/"+it.ApplicationID+"/verification", veri, map[string]any{"decision": "MS"})
			if err != nil || code != http.StatusOK {
				return nil, fmt.Errorf("target %s: deciding application %s: %d %s %v", t, it.ApplicationID, code, snippet(body), err)
			}
		}
	}
	panitia, err := apiToken(ctx, hc, t, "panitia")
	if err != nil {
		return nil, err
	}
	closes := time.Now().Add(time.Second)
	code, body, err := postJSON(ctx, hc, t+"/api/v1/periods/"+open+"/amendments", panitia, map[string]any{
		"note":    "Pendaftaran ditutup untuk uji beban pengumuman",
		"changes": map[string]string{"registration_close_at": closes.UTC().Format(time.RFC3339Nano)}})
	if err != nil || code != http.StatusCreated {
		return nil, fmt.Errorf("target %s: closing the registration of period %s: %d %s %v", t, open, code, snippet(body), err)
	}
	time.Sleep(time.Until(closes) + 100*time.Millisecond)
	code, body, err = postJSON(ctx, hc, t+"/api/v1/periods/"+open+"/announcements", panitia, map[string]string{"stage": "administration"})
	if err != nil || code != http.StatusCreated {
		return nil, fmt.Errorf("target %s: publishing period %s: %d %s %v", t, open, code, snippet(body), err)
	}
	var pub struct {
		SHA256 string `json:"sha256"`
	}
	if err := json.Unmarshal(body, &pub); err != nil {
		return nil, err
	}
	return newAnnTarget(open, pub.SHA256), nil
}

func newAnnTarget(period, sha string) *annTarget {
	base := "/api/v1/periods/" + period
	return &annTarget{period: period, sha256: sha, paths: []string{
		base + "/results?stage=administration&format=json",
		base + "/results?stage=administration&format=csv",
		"/periods/" + period + "/results?stage=administration",
		base + "/statistics",
	}}
}

func apiToken(ctx context.Context, hc *http.Client, t, user string) (string, error) {
	code, body, err := postJSON(ctx, hc, t+"/api/v1/auth/token", "", map[string]string{"username": user, "password": demoPassword})
	if err != nil || code != http.StatusOK {
		return "", fmt.Errorf("target %s: signing in as %s: %d %s %v", t, user, code, snippet(body), err)
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Token == "" {
		return "", fmt.Errorf("target %s: token for %s: %s", t, user, snippet(body))
	}
	return out.Token, nil
}

func getJSONAuth(ctx context.Context, hc *http.Client, t, path, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("target %s: GET %s: %d %s", t, path, res.StatusCode, snippet(b))
	}
	return json.Unmarshal(b, v)
}

func (s *announcement) newClient(_ context.Context, e *env, i int) (client, error) {
	t := e.target(i)
	return &annClient{http: e.http, base: t, t: s.targets[t], n: int64(i)}, nil
}

type annClient struct {
	http *http.Client
	base string
	t    *annTarget
	n    int64
}

var annSeq atomic.Int64

// Op reads one of the list's forms; a CSV whose SHA-256 differs from the
// published one is an error.
func (c *annClient) Op(ctx context.Context) error {
	path := c.t.paths[int(annSeq.Add(1)+c.n)%len(c.t.paths)]
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		io.Copy(io.Discard, res.Body)
		return fmt.Errorf("GET %s: status %d", pathPattern(path), res.StatusCode)
	}
	if strings.Contains(path, "format=csv") {
		h := sha256.New()
		if _, err := io.Copy(h, res.Body); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != c.t.sha256 {
			return fmt.Errorf("the CSV's SHA-256 is %s, the published one %s", got, c.t.sha256)
		}
		return nil
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}
