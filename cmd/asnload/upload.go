package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// upload measures the server under many large uploads at once (the memory
// target: 200 concurrent 800 KB uploads must raise the server's RSS by
// less than 64 MB; watch the RSS from outside while it runs). The setup
// registers one applicant per client and makes each a draft application;
// one operation is one PUT of the ijazah (a PDF of --upload-kb, 790 KB by
// default: the 2024 limit is 800 KB) with bytes no other upload has, which
// replaces the previous one.
type upload struct {
	reg  *registration
	size int
	apps []string // application id per client, in target order per client index
}

func newUpload(cfg config) *upload {
	c := cfg
	c.applicants = cfg.clients
	return &upload{reg: newRegistration(c), size: cfg.uploadKB * 1000}
}

func (s *upload) setup(ctx context.Context, e *env) error {
	if err := s.reg.setup(ctx, e); err != nil {
		return err
	}
	// One draft per applicant, made before the clock runs.
	total := 0
	for _, t := range e.targets {
		total += len(s.reg.targets[t].pool)
	}
	s.apps = make([]string, total)
	for i := range total {
		rt := s.reg.targets[e.target(i)]
		a := rt.pool[i/len(e.targets)]
		f := &rt.formations[a.formation]
		code, body, err := postJSON(ctx, e.slowHTTP, rt.base+"/api/v1/applications", a.token, map[string]any{"formation_id": f.ID,
			"education": map[string]any{"level": f.Education.Levels[0], "major": f.Education.Majors[0].Code, "ipk": regIPK}})
		var created struct {
			ID string `json:"id"`
		}
		if err != nil || code != http.StatusCreated || json.Unmarshal(body, &created) != nil {
			return fmt.Errorf("upload setup: create an application at %s: status %d %v: %s", rt.base, code, err, snippet(body))
		}
		s.apps[i] = created.ID
	}
	fmt.Fprintf(e.stderr, "asnload: %d draft applications ready for %d-byte uploads\n", total, s.size)
	return nil
}

func (s *upload) newClient(_ context.Context, e *env, i int) (client, error) {
	rt := s.reg.targets[e.target(i)]
	k := i / len(e.targets)
	if k >= len(rt.pool) {
		return nil, fmt.Errorf("client %d has no applicant", i)
	}
	doc := markedPDF(s.size, "ijazah")
	return &uploadClient{reg: &regClient{http: e.http, rt: rt, s: s.reg}, token: rt.pool[k].token, app: s.apps[i],
		doc: &regDoc{body: slices.Clone(doc), at: markerAt(doc), ctype: "application/pdf"}}, nil
}

type uploadClient struct {
	reg   *regClient
	token string
	app   string
	doc   *regDoc
}

func (c *uploadClient) takeSteps() []stepSample { return c.reg.steps }

func (c *uploadClient) Op(ctx context.Context) error {
	c.reg.steps = c.reg.steps[:0]
	seq := opSeq.Add(1)
	copy(
		c.doc.body[c.doc.at:c.doc.at+markerLen],
		fmt.Sprintf("%-*s", markerLen, fmt.Sprintf("asnload %s %d up %d", c.reg.s.runID, seq, time.Now().UnixNano()%1e6)),
	)
	return c.reg.step(
		ctx,
		"upload",
		http.MethodPut,
		"/api/v1/applications/"+c.app+"/documents/ijazah",
		c.token,
		c.doc.ctype,
		c.doc.body,
		http.StatusOK,
		nil,
	)
}
