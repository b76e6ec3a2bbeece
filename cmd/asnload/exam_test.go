package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestExam: the exam scenario registers its takers, starts their practice
// attempts and saves answers at the rate asked, each acknowledged; the
// saved answers are in the takers' attempts afterwards; a second run takes
// the takers from --applicants-file instead of registering again.
func TestExam(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "100000")
	file := filepath.Join(t.TempDir(), "takers.tsv")
	res, stderr := MustLoad(t, "exam", "--target", srv.URL, "--clients", "5", "--applicants", "4", "--applicants-file", file,
		"--rate", "10", "--duration", "2s", "--warmup", "0s")
	wantSound(t, res, stderr)
	if res.OK < 16 || res.OK > 24 {
		t.Errorf("ok %d, want about 20 at 10/s for 2 s", res.OK)
	}
	for _, s := range []string{"4 applicants registered", "4 practice attempts started"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr does not say %q:\n%s", s, stderr)
		}
	}
	if n := answeredItems(t, srv.URL, file); n < 1 || n > int(res.OK) {
		t.Errorf("the takers' attempts have %d answered items, want 1 to %d (the acknowledged saves)", n, res.OK)
	}

	res, stderr = MustLoad(t, "exam", "--target", srv.URL, "--clients", "2", "--applicants", "4", "--applicants-file", file,
		"--duration", "1s", "--warmup", "0s")
	wantSound(t, res, stderr)
	if !strings.Contains(stderr, "4 applicants taken from") || strings.Contains(stderr, "registered") {
		t.Errorf("the second run did not take the takers from the file:\n%s", stderr)
	}
}

// answeredItems counts the answered items of the attempts of the takers in
// file (attempt ids are small numbers; another taker's attempt is 404).
func answeredItems(t *testing.T, base, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		token := strings.Split(line, "\t")[2]
		for id := 1; id <= 12; id++ {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/attempts/%d", base, id), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var a struct {
				Items []struct {
					Answer *string `json:"answer"`
				} `json:"items"`
			}
			err = json.NewDecoder(res.Body).Decode(&a)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range a.Items {
				if it.Answer != nil {
					n++
				}
			}
		}
	}
	return n
}
