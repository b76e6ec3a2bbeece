package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// killTakers is how many takers TestAttemptsSurviveKill registers. Each
// costs two password hashes (registration, sign-in), the bulk of the
// test's time.
const killTakers = 200

// TestAttemptsSurviveKill: the real binary, started as a subprocess, is
// killed with SIGKILL while 200 takers save answers in their practice
// attempts; restarted on the same database, every save it acknowledged
// (200) is there, and every attempt ends when it ended before (its timer
// goes on from the same moment).
func TestAttemptsSurviveKill(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not installed: cannot build the binary")
	}
	bin := filepath.Join(t.TempDir(), "asnpro")
	if out, err := exec.Command(goTool, "build", "-o", bin, "asnpro/cmd/asnpro").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			attemptsSurviveKill(t, bin, e)
		})
	}
}

// killTaker is a taker with a practice attempt. Only one goroutine saves
// its answers, one at a time, so for each item the server holds the last
// acknowledged save or one sent after it that was not acknowledged (cut off
// by the kill, or refused); may holds those values, by item number.
type killTaker struct {
	token   string
	session string // X-Attempt-Session
	path    string // /api/v1/attempts/{id}
	endsAt  string
	items   []int
	may     map[int][]killAnswer
	acked   map[int]bool // items with an acknowledged save
}

type killAnswer struct {
	option  string
	flagged bool
}

func attemptsSurviveKill(t *testing.T, bin string, e sqldb.Engine) {
	began := time.Now()
	dsn := sqldbtest.DSN(t, e)
	args := []string{"serve", "--demo", "--db", dsn, "--register-per-minute", "1000000", "--addr", "127.0.0.1:0"}
	if e == sqldb.Postgres {
		args = append(args, "--key-file", filepath.Join(t.TempDir(), "asnpro.key"))
	}
	srv := startBinary(t, bin, args)
	takers := registerTakers(t, srv.url, killTakers)
	t.Logf("%d takers registered with attempts in %v", len(takers), time.Since(began).Round(time.Millisecond))

	// Saves from 32 goroutines, each for its own takers, until the kill,
	// which comes once at least 500 saves are acknowledged (or after 5 s).
	var acked atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	const savers = 32
	for g := range savers {
		wg.Go(func() {
			c := &http.Client{Timeout: 10 * time.Second}
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				k := takers[g+savers*r.IntN((len(takers)-g+savers-1)/savers)]
				no := k.items[r.IntN(len(k.items))]
				a := killAnswer{option: string(rune('A' + r.IntN(5))), flagged: r.IntN(4) == 0}
				body := fmt.Sprintf(`{"option":%q,"flagged":%v}`, a.option, a.flagged)
				code, _, err := killCall(c, "PUT", srv.url+k.path+"/answers/"+fmt.Sprint(no), k.token, body,
					"X-Attempt-Session", k.session)
				if err != nil || code != http.StatusOK {
					k.may[no] = append(k.may[no], a) // not acknowledged: it may or may not be saved
					continue
				}
				k.may[no], k.acked[no] = []killAnswer{a}, true
				acked.Add(1)
			}
		})
	}
	deadline := time.Now().Add(5 * time.Second)
	for acked.Load() < 500 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	close(stop)
	wg.Wait()
	n := acked.Load()
	if n == 0 {
		t.Fatalf("no save was acknowledged before the kill:\n%s", srv.stderr.String())
	}

	srv = startBinary(t, bin, args)
	c := &http.Client{Timeout: 30 * time.Second}
	for i, k := range takers {
		code, b, err := killCall(c, "GET", srv.url+k.path, k.token, "")
		if err != nil || code != http.StatusOK {
			t.Fatalf("taker %d: GET %s after the restart: %d %v %s", i, k.path, code, err, b)
		}
		var got struct {
			EndsAt     string  `json:"ends_at"`
			FinishedAt *string `json:"finished_at"`
			Items      []struct {
				No      int     `json:"no"`
				Answer  *string `json:"answer"`
				Flagged bool    `json:"flagged"`
			} `json:"items"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.EndsAt != k.endsAt {
			t.Errorf("taker %d: the attempt ends at %s after the restart, %s before", i, got.EndsAt, k.endsAt)
		}
		if got.FinishedAt != nil {
			t.Errorf("taker %d: the attempt is finished after the restart (%s)", i, *got.FinishedAt)
		}
		for _, it := range got.Items {
			if !k.acked[it.No] {
				continue // never acknowledged: it may or may not have been saved
			}
			have := killAnswer{flagged: it.Flagged}
			if it.Answer != nil {
				have.option = *it.Answer
			}
			if !slices.Contains(k.may[it.No], have) {
				t.Errorf("taker %d, item %d: %+v after the restart, want the acknowledged save or one sent after it: %+v",
					i, it.No, have, k.may[it.No])
			}
		}
	}
	t.Logf("%s: %d saves acknowledged before SIGKILL, checked after the restart; %v in all", e, n,
		time.Since(began).Round(time.Millisecond))
}

// killServer is the binary running as a subprocess.
type killServer struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
}

var killListenRE = regexp.MustCompile(`listening on (https?://\S+)`)

// startBinary runs bin with args and waits until it listens; it is killed
// when the test ends if it still runs.
func startBinary(t *testing.T, bin string, args []string) *killServer {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &killServer{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := killListenRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case s.url = <-found:
	case <-time.After(60 * time.Second):
		t.Fatalf("asnpro serve did not listen within 60 s:\n%s", s.stderr.String())
	}
	return s
}

// registerTakers registers n applicants at base, 8 at a time, signs each
// in and starts its practice attempt.
func registerTakers(t *testing.T, base string, n int) []*killTaker {
	t.Helper()
	takers := make([]*killTaker, n)
	errs := make(chan error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			c := &http.Client{Timeout: 60 * time.Second}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				k, err := newTaker(c, base)
				if err != nil {
					errs <- err
					return
				}
				takers[i] = k
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return takers
}

// newTaker registers an applicant, signs in and starts a practice attempt.
func newTaker(c *http.Client, base string) (*killTaker, error) {
	s := nikSerial.Add(1)
	nik := fmt.Sprintf("627103520598%04d", s)
	reg := fmt.Sprintf(`{"nik":%q,"name":"Siti Aminah","birth_place":"Palangka Raya","birth_date":"1998-05-12","gender":"F",`+
		`"email":"taker%d@example.id","phone":"081234567890","password":"rahasia-123"}`, nik, s)
	if code, b, err := killCall(c, "POST", base+"/api/v1/applicants", "", reg); err != nil || code != http.StatusCreated {
		return nil, fmt.Errorf("register %s: %d %v %s", nik, code, err, b)
	}
	code, b, err := killCall(c, "POST", base+"/api/v1/auth/token", "", fmt.Sprintf(`{"username":%q,"password":"rahasia-123"}`, nik))
	var tok struct {
		Token string `json:"token"`
	}
	if err != nil || code != http.StatusOK || json.Unmarshal(b, &tok) != nil || tok.Token == "" {
		return nil, fmt.Errorf("sign in %s: %d %v %s", nik, code, err, b)
	}
	code, b, err = killCall(c, "POST", base+"/api/v1/practice/attempts", tok.Token, "{}")
	var at struct {
		ID      int64  `json:"id"`
		EndsAt  string `json:"ends_at"`
		Session string `json:"session"` // the attempt's live session, sent with every save
		Items   []struct {
			No int `json:"no"`
		} `json:"items"`
	}
	if err != nil || code != http.StatusCreated || json.Unmarshal(b, &at) != nil || len(at.Items) == 0 || at.EndsAt == "" ||
		at.Session == "" {
		return nil, fmt.Errorf("start a practice attempt as %s: %d %v %s", nik, code, err, b)
	}
	k := &killTaker{token: tok.Token, session: at.Session, path: fmt.Sprintf("/api/v1/attempts/%d", at.ID), endsAt: at.EndsAt,
		may: map[int][]killAnswer{}, acked: map[int]bool{}}
	for _, it := range at.Items {
		k.items = append(k.items, it.No)
	}
	return k, nil
}

// killCall sends a JSON request (bearer token unless empty; hdr: further
// header name, value pairs) and returns the status and body; it waits and
// tries again on 503 and 429 (the server hashes a few passwords at a time).
func killCall(c *http.Client, method, url, token, body string, hdr ...string) (int, []byte, error) {
	for try := 0; ; try++ {
		req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := c.Do(req)
		if err != nil {
			return 0, nil, err
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return 0, nil, err
		}
		if (res.StatusCode == http.StatusServiceUnavailable || res.StatusCode == http.StatusTooManyRequests) && try < 100 {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		return res.StatusCode, b, nil
	}
}
