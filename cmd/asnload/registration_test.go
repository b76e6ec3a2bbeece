package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// submittedCount adds up the applicants of every formation of the period in
// registration, as the public API reports them.
func submittedCount(t *testing.T, base string) int {
	t.Helper()
	ctx := context.Background()
	rt, err := (&registration{}).discover(ctx, http.DefaultClient, base, "", standardDocuments)
	if err != nil {
		t.Fatal(err)
	}
	var fs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := getJSON(ctx, http.DefaultClient, base, "/api/v1/periods/"+rt.period+"/formations?limit=500", &fs); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fs.Items {
		var one struct {
			Applicants int `json:"applicants"`
		}
		if err := getJSON(ctx, http.DefaultClient, base, "/api/v1/formations/"+f.ID, &one); err != nil {
			t.Fatal(err)
		}
		n += one.Applicants
	}
	return n
}

// TestRegistration runs whole applications against a real asnpro and checks
// the server counted every one the run says succeeded.
func TestRegistration(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "100000")
	before := submittedCount(t, srv.URL)
	res, stderr := MustLoad(t, "registration", "--target", srv.URL, "--clients", "20", "--rate", "5", "--duration", "2s", "--warmup", "0s")
	wantSound(t, res, stderr)
	if res.OK < 8 || res.OK > 12 {
		t.Errorf("ok %d, want about 10 at 5/s for 2 s", res.OK)
	}
	for _, s := range []string{"create", "upload", "submit"} {
		st, ok := res.Steps[s]
		if !ok || !(0 < st.P50 && st.P50 <= st.P95 && st.P95 <= st.P99) {
			t.Errorf("step %s: %+v (present %v), want sound percentiles", s, st, ok)
		}
	}
	if after := submittedCount(t, srv.URL); after-before != int(res.OK) {
		t.Errorf("the formations count %d more applicants, want %d (the ok operations)", after-before, res.OK)
	}
	if !strings.Contains(stderr, "applicants registered") {
		t.Errorf("stderr does not report the registrations:\n%s", stderr)
	}
}

// TestRegistrationOwnPeriod: --documents 3 creates a period whose four
// formations ask three documents and applies there (each submission
// succeeds only with those three uploaded: an upload of any other kind is
// refused), and the demo period gets none of the applications.
func TestRegistrationOwnPeriod(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "100000")
	before := submittedCount(t, srv.URL)
	res, stderr := MustLoad(
		t,
		"registration",
		"--target",
		srv.URL,
		"--clients",
		"20",
		"--rate",
		"5",
		"--duration",
		"2s",
		"--warmup",
		"0s",
		"--documents",
		"3",
	)
	wantSound(t, res, stderr)
	if after := submittedCount(t, srv.URL); after != before {
		t.Errorf("the demo period got %d applications, want none", after-before)
	}
	ctx := context.Background()
	rt, err := (&registration{}).discover(ctx, http.DefaultClient, srv.URL, "", []string{"ijazah", "pas_foto", "surat_lamaran"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rt.formations {
		var one struct {
			Applicants int `json:"applicants"`
		}
		if err := getJSON(ctx, http.DefaultClient, srv.URL, "/api/v1/formations/"+f.ID, &one); err != nil {
			t.Fatal(err)
		}
		n += one.Applicants
	}
	if len(rt.formations) != 4 || n != int(res.OK) {
		t.Errorf("%d formations with %d applications, want 4 with %d", len(rt.formations), n, res.OK)
	}
}

// TestApplicantsFile: --setup-only registers into the file and loads
// nothing; a run with the file uses those applicants (no registration); a
// file too short for the run, or malformed, stops the setup (exit 1).
func TestApplicantsFile(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "100000")
	file := filepath.Join(t.TempDir(), "applicants.tsv")
	args := []string{
		"registration",
		"--target",
		srv.URL,
		"--clients",
		"10",
		"--rate",
		"5",
		"--duration",
		"1s",
		"--warmup",
		"0s",
		"--applicants-file",
		file,
	}
	before := submittedCount(t, srv.URL)
	var out, errb bytes.Buffer
	if code := run(context.Background(), append(args, "--setup-only"), &out, &errb); code != 0 || out.Len() != 0 {
		t.Fatalf("--setup-only: exit %d, stdout %q, want 0 and nothing\n%s", code, out.String(), errb.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 10 || !strings.HasPrefix(lines[0], srv.URL+"\t62710") { // 5/s × 1 s + 1 % + 5
		t.Fatalf("file has %d lines, want 10 of target, NIK, token:\n%s", len(lines), b)
	}
	if after := submittedCount(t, srv.URL); after != before {
		t.Errorf("--setup-only submitted %d applications", after-before)
	}
	res, stderr := MustLoad(t, args...)
	wantSound(t, res, stderr)
	if strings.Contains(stderr, "applicants registered") || !strings.Contains(stderr, "taken from "+file) {
		t.Errorf("the run registered again instead of using the file:\n%s", stderr)
	}
	if after := submittedCount(t, srv.URL); after-before != int(res.OK) {
		t.Errorf("the formations count %d more applicants, want %d", after-before, res.OK)
	}
	MustExit(
		t,
		1,
		[]string{"registration", "--target", srv.URL, "--clients", "10", "--rate", "50", "--duration", "1s", "--applicants-file", file},
		"has 10 applicants",
		"needs 106",
	)
	if err := os.WriteFile(file, []byte(srv.URL+"\tonly-a-nik\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	MustExit(t, 1, args, "line 1", "want target, NIK and token")
}

// TestRegistrationDocuments: the base documents are of the sizes promised,
// decode, and each operation's patch makes its bytes differ.
func TestRegistrationDocuments(t *testing.T) {
	j, err := noisyJPEG(3, 110_000)
	if err != nil {
		t.Fatal(err)
	}
	if len(j) < 50_000 || len(j) > 150_000 {
		t.Errorf("JPEG of %d bytes, want 50–150 KB", len(j))
	}
	if _, err := jpeg.Decode(bytes.NewReader(j)); err != nil {
		t.Errorf("JPEG does not decode: %v", err)
	}
	p := markedPDF(200_000, "ijazah")
	if len(p) > 205_000 || !bytes.HasPrefix(p, []byte("%PDF-1.4")) || !bytes.HasSuffix(p, []byte("%%EOF\n")) {
		t.Errorf("PDF of %d bytes, want a PDF of up to ~200 KB", len(p))
	}
	for _, b := range [][]byte{j, p} {
		at := markerAt(b)
		if at < 0 {
			t.Fatal("no marker")
		}
		h1 := sha256.Sum256(b)
		copy(b[at:at+markerLen], "asnload x 1 ktp")
		if sha256.Sum256(b) == h1 {
			t.Error("patching the marker left the SHA-256 the same")
		}
	}
}

// TestNIKs: a run's NIKs are distinct and agree with birth date and gender.
func TestNIKs(t *testing.T) {
	s := &registration{nikAt: 9998}
	ref := time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for k := range 30000 {
		nik, birth, g := s.nik(k, ref)
		if len(nik) != 16 || seen[nik] {
			t.Fatalf("NIK %d: %q (seen %v)", k, nik, seen[nik])
		}
		seen[nik] = true
		dd := birth.Day()
		if g == "F" {
			dd += 40
		}
		if want := strings.Join([]string{pad2(dd), birth.Format("01"), birth.Format("06")}, ""); nik[6:12] != want {
			t.Fatalf("NIK %s, born %v %s: digits 7–12 %s, want %s", nik, birth, g, nik[6:12], want)
		}
		if age := ref.Year() - birth.Year(); age < 23 || age > 28 {
			t.Fatalf("aged %d", age)
		}
	}
}

func pad2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }
