package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// registration is the applicant journey: one operation is one complete
// application by a fresh applicant — POST /api/v1/applications, a PUT of
// every required document (each with bytes no other upload has), POST
// …/submit. The applicants are registered and signed in (bearer token)
// during the setup, before the clock runs, because the server hashes each
// password (twice per applicant: registering and signing in) and hashing is
// deliberately slow and limited to a few at a time.
//
// How many applicants: every operation handed to a client uses one up,
// whether it succeeds or not (an applicant has at most one application).
// Open loop offers exactly rate × (warm-up + duration) operations, so that
// many plus a 1 % + 5 margin is enough. Closed loop does as many as the
// server allows, which is not known in advance: 20 per client by default
// (--applicants overrides); when they run out, the next operations fail
// with "no registered applicant left", so raise --applicants.
type registration struct {
	applicants int    // to register
	parallel   int    // registrations and sign-ins at a time
	file       string // --applicants-file: "" or where the applicants are kept
	documents  int    // --documents: 0, or how many documents the period made in the setup asks

	targets map[string]*regTarget // by base URL

	nikN  atomic.Int64 // NIK numbers drawn
	runID string       // makes e-mails distinct between runs
	nikAt int          // NIK serial offset of this run

	// base documents, copied to each client and patched per operation
	jpegs map[string][]byte // kind → JPEG
	pdfs  map[string][]byte // kind → PDF (sized by max_bytes: see pdfFor)
}

// regTarget is what the setup learned of one target.
type regTarget struct {
	base       string
	period     string
	refDate    time.Time
	formations []regFormation
	pool       []*regApplicant
	next       atomic.Int64
}

type regFormation struct {
	ID        string
	Category  string
	MinIPK    *float64 `json:"min_ipk"`
	AgeMin    int      `json:"age_min"`
	AgeMax    int      `json:"age_max"`
	Education struct {
		Levels []string `json:"levels"`
		Majors []struct {
			Code string `json:"code"`
		} `json:"majors"`
	} `json:"education"`
	Documents []struct {
		Kind     string   `json:"kind"`
		Formats  []string `json:"formats"`
		MaxBytes int      `json:"max_bytes"`
		Required bool     `json:"required"`
	} `json:"documents"`
}

type regApplicant struct {
	nik, token string
	formation  int // index into regTarget.formations
}

// standardDocuments is the document set of an ordinary formation; the
// scenario only applies to formations asking exactly these.
var standardDocuments = []string{"ijazah", "ktp", "pas_foto", "surat_lamaran", "swafoto", "transkrip"}

const (
	regPassword = "asnload-rahasia-123"
	regIPK      = 3.50
	regAge      = 25 // years on the period's reference date, roughly
	// markerLen is the width of the region patched in every document so its
	// SHA-256 is its own.
	markerLen = 40
)

func newRegistration(cfg config) *registration {
	n := cfg.applicants
	if n == 0 {
		if cfg.rate > 0 {
			ops := math.Ceil(cfg.rate * (cfg.warmup + cfg.duration).Seconds())
			n = int(ops*1.01) + 5
		} else {
			n = 20 * cfg.clients
		}
	}
	return &registration{applicants: n, parallel: cfg.signinParallel, file: cfg.applicantsFile, documents: cfg.documents,
		runID: strconv.FormatInt(time.Now().UnixNano(), 36), nikAt: rand.IntN(9000)}
}

func (s *registration) setup(ctx context.Context, e *env) error {
	s.targets = map[string]*regTarget{}
	for _, t := range e.targets {
		rt, err := s.discover(ctx, e.slowHTTP, t, "", standardDocuments)
		if err != nil {
			return err
		}
		if s.documents > 0 {
			period, err := s.makePeriod(ctx, e.slowHTTP, rt)
			if err != nil {
				return err
			}
			kinds := slices.Sorted(slices.Values(documentOrder[:s.documents]))
			if rt, err = s.discover(ctx, e.slowHTTP, t, period, kinds); err != nil {
				return err
			}
		}
		s.targets[t] = rt
	}
	if err := s.makeDocuments(); err != nil {
		return err
	}
	if s.file != "" {
		switch err := s.loadApplicants(e); {
		case err == nil:
			return nil
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
	}
	if err := s.register(ctx, e); err != nil {
		return err
	}
	if s.file != "" {
		return s.saveApplicants(e)
	}
	return nil
}

// saveApplicants writes the registered applicants to s.file, a line each:
// target, NIK and bearer token, separated by tabs. A later run against a
// copy of the same database takes them from there instead of registering
// again (scripts/perf-registration.sh).
func (s *registration) saveApplicants(e *env) error {
	var b strings.Builder
	for _, t := range e.targets {
		for _, a := range s.targets[t].pool {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", t, a.nik, a.token)
		}
	}
	if err := os.WriteFile(s.file, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("--applicants-file: %w", err)
	}
	return nil
}

// loadApplicants fills the pools from s.file (see saveApplicants); each
// target needs as many applicants as registering would have made.
func (s *registration) loadApplicants(e *env) error {
	b, err := os.ReadFile(s.file)
	if err != nil {
		return err
	}
	pools := map[string][]*regApplicant{}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[1] == "" || f[2] == "" {
			return fmt.Errorf("--applicants-file %s, line %d: want target, NIK and token separated by tabs", s.file, i+1)
		}
		rt, ok := s.targets[f[0]]
		if !ok {
			continue // another target's
		}
		pools[f[0]] = append(pools[f[0]], &regApplicant{nik: f[1], token: f[2], formation: len(pools[f[0]]) % len(rt.formations)})
	}
	for i, t := range e.targets {
		need := (s.applicants + len(e.targets) - 1 - i) / len(e.targets)
		if len(pools[t]) < need {
			return fmt.Errorf(
				"--applicants-file %s has %d applicants for %s; this run needs %d (a new file registers them)",
				s.file,
				len(pools[t]),
				t,
				need,
			)
		}
		s.targets[t].pool = pools[t][:need]
	}
	fmt.Fprintf(e.stderr, "asnload: %d applicants taken from %s\n", s.applicants, s.file)
	return nil
}

// discover finds, on target t, the period open for registration (the first
// one that has such formations; or the one with id period) and its
// ordinary formations: category umum, open to the scenario's applicants,
// asking exactly the documents kinds (sorted), each required, one format.
func (s *registration) discover(ctx context.Context, hc *http.Client, t, period string, kinds []string) (*regTarget, error) {
	var periods struct {
		Items []struct {
			ID            string `json:"id"`
			Status        string `json:"status"`
			ReferenceDate string `json:"reference_date"`
		} `json:"items"`
	}
	if err := getJSON(ctx, hc, t, "/api/v1/periods", &periods); err != nil {
		return nil, err
	}
	seen := false
	for _, p := range periods.Items {
		if p.Status != "registration" || (period != "" && p.ID != period) {
			continue
		}
		seen = true
		d, err := time.Parse(time.DateOnly, p.ReferenceDate)
		if err != nil {
			return nil, fmt.Errorf("target %s: period %s has reference_date %q: %w", t, p.ID, p.ReferenceDate, err)
		}
		rt := &regTarget{base: t, period: p.ID, refDate: d}
		var fs struct {
			Items []regFormation `json:"items"`
		}
		if err := getJSON(ctx, hc, t, "/api/v1/periods/"+rt.period+"/formations?limit=500", &fs); err != nil {
			return nil, err
		}
		for _, f := range fs.Items {
			if f.Category != "umum" || len(f.Education.Levels) == 0 || len(f.Education.Majors) == 0 ||
				(f.MinIPK != nil && *f.MinIPK > regIPK) || (f.AgeMin > regAge) || (f.AgeMax != 0 && f.AgeMax < regAge+2) {
				continue
			}
			var got []string
			ok := true
			for _, d := range f.Documents {
				got = append(got, d.Kind)
				ok = ok && d.Required && len(d.Formats) == 1 && (d.Formats[0] == "jpeg" || d.Formats[0] == "pdf")
			}
			slices.Sort(got)
			if ok && slices.Equal(got, kinds) {
				rt.formations = append(rt.formations, f)
			}
		}
		if len(rt.formations) > 0 {
			return rt, nil
		}
	}
	if !seen {
		return nil, fmt.Errorf("target %s: no period with status registration (is the server started with --demo?)", t)
	}
	return nil, fmt.Errorf(
		"target %s: no period in registration has a formation of category umum asking the documents %s",
		t,
		strings.Join(kinds, ", "),
	)
}

// documentOrder is the order in which --documents picks the kinds its
// period's formations ask.
var documentOrder = []string{"pas_foto", "ijazah", "surat_lamaran", "ktp", "transkrip", "swafoto"}

// makePeriod creates and publishes on rt's target, as the demo committee, a
// period open for registration from a day ago to a week ahead (reference
// date, education and document rules copied from rt's period, whose
// formations ask the standard six) with four formations of
// category umum asking the first s.documents kinds of documentOrder, and
// signs its integrity pact as the demo verifier, so that submissions are
// assigned as in the demo period. It returns the period's id.
func (s *registration) makePeriod(ctx context.Context, hc *http.Client, rt *regTarget) (string, error) {
	committee, err := apiToken(ctx, hc, rt.base, "panitia")
	if err != nil {
		return "", err
	}
	now := time.Now().UTC().Truncate(time.Second)
	var p struct {
		ID string `json:"id"`
	}
	if err := postWant(ctx, hc, rt.base+"/api/v1/periods", committee, http.StatusCreated, map[string]any{
		"name": fmt.Sprintf("asnload: %d dokumen (%s)", s.documents, s.runID), "kind": "other",
		"reference_date": rt.refDate.Format(time.DateOnly),
		"timeline": map[string]any{"announce_at": now.Add(-48 * time.Hour), "registration_open_at": now.Add(-24 * time.Hour),
			"registration_close_at": now.Add(7 * 24 * time.Hour), "administration_announce_at": now.Add(8 * 24 * time.Hour), "appeal_days": 3},
	}, &p); err != nil {
		return "", fmt.Errorf("create a period: %w", err)
	}
	// The rules (formats, limits) are the demo formation's, which asks all six.
	model := rt.formations[0]
	var docs []any
	for _, k := range documentOrder[:s.documents] {
		for _, d := range model.Documents {
			if d.Kind == k {
				docs = append(docs, d)
			}
		}
	}
	majors := make([]string, len(model.Education.Majors))
	for i, m := range model.Education.Majors {
		majors[i] = m.Code
	}
	for i := range 4 {
		if err := postWant(ctx, hc, rt.base+"/api/v1/periods/"+p.ID+"/formations", committee, http.StatusCreated, map[string]any{
			"code": fmt.Sprintf("ASNLOAD-%s-%d", s.runID, i+1), "position": "Formasi uji beban", "unit": fmt.Sprintf("Unit %d", i+1),
			"quota": 10000, "category": "umum", "education": map[string]any{"levels": model.Education.Levels, "majors": majors},
			"documents": docs,
		}, nil); err != nil {
			return "", fmt.Errorf("create a formation: %w", err)
		}
	}
	if err := postWant(ctx, hc, rt.base+"/api/v1/periods/"+p.ID+"/publish", committee, http.StatusOK, map[string]any{}, nil); err != nil {
		return "", fmt.Errorf("publish the period: %w", err)
	}
	verifier, err := apiToken(ctx, hc, rt.base, "verifikator")
	if err != nil {
		return "", err
	}
	if err := postWant(ctx, hc, rt.base+"/api/v1/periods/"+p.ID+"/pact", verifier, http.StatusCreated,
		map[string]any{"no_conflict": true}, nil); err != nil {
		return "", fmt.Errorf("sign the integrity pact: %w", err)
	}
	return p.ID, nil
}

// postWant sends v as JSON with a bearer token and wants status want; the
// answer goes into out (when not nil).
func postWant(ctx context.Context, hc *http.Client, url, token string, want int, v, out any) error {
	code, body, err := postJSON(ctx, hc, url, token, v)
	if err != nil {
		return err
	}
	if code != want {
		return fmt.Errorf("POST %s: status %d, want %d: %s", url, code, want, snippet(body))
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

// makeDocuments builds the base documents once: a JPEG of about 100 KB per
// photo kind and a PDF of up to 200 KB (and below the formation's limit) per
// PDF kind, each with a marker region that every operation overwrites.
func (s *registration) makeDocuments() error {
	s.jpegs, s.pdfs = map[string][]byte{}, map[string][]byte{}
	maxOf := map[string]int{}
	for _, rt := range s.targets {
		for _, f := range rt.formations {
			for _, d := range f.Documents {
				if m, ok := maxOf[d.Kind]; !ok || d.MaxBytes < m {
					maxOf[d.Kind] = d.MaxBytes
				}
				if d.Formats[0] == "jpeg" {
					maxOf[d.Kind+".jpeg"] = 1
				}
			}
		}
	}
	seed := uint64(1)
	for kind, limit := range maxOf {
		if strings.HasSuffix(kind, ".jpeg") {
			continue
		}
		seed++
		if maxOf[kind+".jpeg"] == 1 {
			b, err := noisyJPEG(seed, min(110_000, limit-1024))
			if err != nil {
				return err
			}
			s.jpegs[kind] = b
		} else {
			s.pdfs[kind] = markedPDF(min(200_000, limit-1024), kind)
		}
	}
	return nil
}

// noisyJPEG returns a JPEG of at most about size bytes (but not much less)
// of noise, with a COM segment holding the marker right after SOI.
func noisyJPEG(seed uint64, size int) ([]byte, error) {
	r := rand.New(rand.NewPCG(seed, 7))
	w, h := 240, 320
	for range 8 {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.Set(x, y, color.RGBA{uint8(x + r.IntN(64)), uint8(y + r.IntN(64)), uint8(r.IntN(256)), 255})
			}
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 75}); err != nil {
			return nil, err
		}
		if b.Len() <= size && b.Len() >= size/2 {
			out := []byte{0xFF, 0xD8, 0xFF, 0xFE, 0, markerLen + 2}
			out = append(out, bytes.Repeat([]byte{'#'}, markerLen)...)
			return append(out, b.Bytes()[2:]...), nil
		}
		f := math.Sqrt(float64(size) * 0.8 / float64(b.Len()))
		w, h = max(16, int(float64(w)*f)), max(16, int(float64(h)*f))
	}
	return nil, fmt.Errorf("cannot make a JPEG of about %d bytes", size)
}

// markedPDF returns a well-formed one-page PDF padded to about size bytes
// with the marker in a comment right after the header, so patching it moves
// no offset of the cross-reference table.
func markedPDF(size int, note string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% " + strings.Repeat("#", markerLen) + "\n")
	if pad := size - 500; pad > 0 {
		b.WriteString("% " + strings.Repeat("x", pad) + "\n")
	}
	var offs []int
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\nBT /F1 12 Tf 72 720 Td (%s) Tj ET\nendstream", 40+len(note), note),
	}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// markerAt returns where the marker region of a base document starts.
func markerAt(b []byte) int {
	return bytes.Index(b, bytes.Repeat([]byte{'#'}, markerLen))
}

// register registers and signs in s.applicants applicants, spread over the
// targets, s.parallel at a time.
func (s *registration) register(ctx context.Context, e *env) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next, ready atomic.Int64
		wg          sync.WaitGroup
		once        sync.Once
		firstErr    error
	)
	n := s.applicants
	pools := make([][]*regApplicant, len(e.targets))
	for i := range pools {
		pools[i] = make([]*regApplicant, (n+len(e.targets)-1-i)/len(e.targets))
	}
	began := time.Now()
	stop := every(time.Second, func(now time.Time) {
		r := ready.Load()
		fmt.Fprintf(e.stderr, "asnload: registering applicants: %d of %d ready (%.0f/s)\n", r, n, float64(r)/now.Sub(began).Seconds())
	})
	for range min(s.parallel, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t := e.target(i)
				rt := s.targets[t]
				a, err := s.newApplicant(ctx, e.slowHTTP, rt, i)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				pools[i%len(e.targets)][i/len(e.targets)] = a
				ready.Add(1)
			}
		})
	}
	wg.Wait()
	stop() // before writing to stderr again: the progress goroutine writes there too
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, t := range e.targets {
		s.targets[t].pool = pools[i]
	}
	fmt.Fprintf(e.stderr, "asnload: %d applicants registered and signed in in %v\n", n, time.Since(began).Round(time.Millisecond))
	return nil
}

// nik returns NIK number k of this run and the birth date and gender it
// encodes: 6271 03 DD MM YY SSSS, born on day 1–28 of any month of four
// years around regAge before ref, women with day + 40. 2 688 in a row differ
// by date and gender; the serial (offset per run) tells the rest apart.
func (s *registration) nik(k int, ref time.Time) (nik string, birth time.Time, gender string) {
	day := k%28 + 1
	month := (k/28)%12 + 1
	gender = "M"
	if (k/336)%2 == 1 {
		gender = "F"
	}
	year := ref.Year() - regAge - 1 + (k/672)%4 // aged regAge-1 … regAge+2
	serial := (s.nikAt+k/2688)%9999 + 1
	birth = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	dd := day
	if gender == "F" {
		dd += 40
	}
	return fmt.Sprintf("627103%02d%02d%02d%04d", dd, month, year%100, serial), birth, gender
}

// newApplicant registers applicant i at rt (drawing a fresh NIK when one is
// taken already, from an earlier run) and signs it in.
func (s *registration) newApplicant(ctx context.Context, hc *http.Client, rt *regTarget, i int) (*regApplicant, error) {
	for tries := 0; ; tries++ {
		k := int(s.nikN.Add(1) - 1)
		nik, birth, gender := s.nik(k, rt.refDate)
		name := "Budi Santoso"
		if gender == "F" {
			name = "Siti Aminah"
		}
		code, body, err := postJSON(ctx, hc, rt.base+"/api/v1/applicants", "", map[string]any{
			"nik": nik, "name": name, "birth_place": "Palangka Raya", "birth_date": birth.Format(time.DateOnly),
			"gender": gender, "email": fmt.Sprintf("asnload-%s-%d@example.id", s.runID, k), "phone": "081234567890",
			"password": regPassword})
		if err != nil {
			return nil, fmt.Errorf("register applicant %s at %s: %w", nik, rt.base, err)
		}
		if code == http.StatusConflict && tries < 20 {
			continue // NIK taken by an earlier run
		}
		if code != http.StatusCreated {
			return nil, fmt.Errorf(
				"register applicant %s at %s: status %d, want 201 (server started without --register-per-minute 100000?): %s",
				nik,
				rt.base,
				code,
				snippet(body),
			)
		}
		code, body, err = postJSON(ctx, hc, rt.base+"/api/v1/auth/token", "", map[string]any{"username": nik, "password": regPassword})
		if err != nil {
			return nil, fmt.Errorf("sign in as applicant %s at %s: %w", nik, rt.base, err)
		}
		var tok struct {
			Token string `json:"token"`
		}
		if code != http.StatusOK || json.Unmarshal(body, &tok) != nil || tok.Token == "" {
			return nil, fmt.Errorf("sign in as applicant %s at %s: status %d, want 200 with a token: %s", nik, rt.base, code, snippet(body))
		}
		return &regApplicant{nik: nik, token: tok.Token, formation: i / len(s.targets) % len(rt.formations)}, nil
	}
}

func snippet(b []byte) string {
	s := oneLine(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// getJSON GETs target+path, wants 200 and decodes the body into v.
func getJSON(ctx context.Context, hc *http.Client, target, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+path, nil)
	if err != nil {
		return err
	}
	res, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("target %s does not answer: %w", target, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("target %s: GET %s: %w", target, path, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("target %s: GET %s answered status %d, want 200", target, path, res.StatusCode)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("target %s: GET %s: %w", target, path, err)
	}
	return nil
}

// postJSON POSTs v as JSON and returns the status and body. Like signIn it
// waits as told by Retry-After on 503 and 429 and tries again until ctx
// ends: for the setup, where the server limits password hashing.
func postJSON(ctx context.Context, hc *http.Client, url, token string, v any) (int, []byte, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return 0, nil, err
	}
	backoff := 250 * time.Millisecond
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := hc.Do(req)
		if err != nil {
			return 0, nil, err
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		if err != nil {
			return 0, nil, err
		}
		if res.StatusCode != http.StatusServiceUnavailable && res.StatusCode != http.StatusTooManyRequests {
			return res.StatusCode, body, nil
		}
		wait := retryAfter(res.Header.Get("Retry-After"), backoff, time.Now())
		backoff = min(2*backoff, 5*time.Second)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0, nil, fmt.Errorf("gave up after status %d: %w", res.StatusCode, ctx.Err())
		case <-t.C:
		}
	}
}

func (s *registration) newClient(_ context.Context, e *env, i int) (client, error) {
	c := &regClient{http: e.http, rt: s.targets[e.target(i)], s: s, docs: map[string]*regDoc{}}
	for kind, b := range s.jpegs {
		c.docs[kind] = &regDoc{body: slices.Clone(b), at: markerAt(b), ctype: "image/jpeg"}
	}
	for kind, b := range s.pdfs {
		c.docs[kind] = &regDoc{body: slices.Clone(b), at: markerAt(b), ctype: "application/pdf"}
	}
	return c, nil
}

// regDoc is a client's own copy of a base document, patched per operation.
type regDoc struct {
	body  []byte
	at    int
	ctype string
}

// opSeq numbers the operations of the run, for the document markers.
var opSeq atomic.Int64

var errNoApplicant = errors.New("no registered applicant left (raise --applicants)")

// regClient makes one application per operation, each by the next unused
// applicant of its target.
type regClient struct {
	http  *http.Client
	rt    *regTarget
	s     *registration
	docs  map[string]*regDoc
	steps []stepSample
	buf   bytes.Buffer
}

func (c *regClient) takeSteps() []stepSample { return c.steps }

func (c *regClient) Op(ctx context.Context) error {
	c.steps = c.steps[:0]
	k := int(c.rt.next.Add(1) - 1)
	if k >= len(c.rt.pool) {
		return errNoApplicant
	}
	a := c.rt.pool[k]
	f := &c.rt.formations[a.formation]
	major := f.Education.Majors[k%len(f.Education.Majors)].Code
	body, _ := json.Marshal(map[string]any{"formation_id": f.ID,
		"education": map[string]any{"level": f.Education.Levels[0], "major": major, "ipk": regIPK}})
	var created struct {
		ID string `json:"id"`
	}
	if err := c.step(ctx, "create", http.MethodPost, "/api/v1/applications", a.token, "application/json", body,
		http.StatusCreated, &created); err != nil {
		return err
	}
	if created.ID == "" {
		return fmt.Errorf("create: 201 without an id")
	}
	seq := opSeq.Add(1)
	for _, d := range f.Documents {
		doc := c.docs[d.Kind]
		copy(doc.body[doc.at:doc.at+markerLen], fmt.Sprintf("%-*s", markerLen, fmt.Sprintf("asnload %s %d %s", c.s.runID, seq, d.Kind)))
		if err := c.step(ctx, "upload", http.MethodPut, "/api/v1/applications/"+created.ID+"/documents/"+d.Kind, a.token,
			doc.ctype, doc.body, http.StatusOK, nil); err != nil {
			return err
		}
	}
	return c.step(ctx, "submit", http.MethodPost, "/api/v1/applications/"+created.ID+"/submit", a.token, "", nil, http.StatusOK, nil)
}

// step makes one request of an operation, wants status want, decodes the
// body into v unless nil, and notes how long it took when it succeeded.
func (c *regClient) step(ctx context.Context, name, method, path, token, ctype string, body []byte, want int, v any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	t0 := time.Now()
	req, err := http.NewRequestWithContext(ctx, method, c.rt.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c.buf.Reset()
	_, err = c.buf.ReadFrom(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if err != nil {
		return fmt.Errorf("%s: reading the body: %w", name, err)
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s: %s %s: status %d, want %d: %s", name, method, pathPattern(path), res.StatusCode, want, snippet(c.buf.Bytes()))
	}
	if v != nil {
		if err := json.Unmarshal(c.buf.Bytes(), v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	c.steps = append(c.steps, stepSample{name, time.Since(t0)})
	return nil
}

// pathPattern hides the application id so that error messages group.
func pathPattern(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if i > 0 && parts[i-1] == "applications" && s != "" {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}
