package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestBlobDir: with --blob-dir, documents are files named by their SHA-256,
// the database keeps only their description, and everything that reads a
// document (the card's photo) still finds it.
func TestBlobDir(t *testing.T) {
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000", "--blob-dir", dir)
			pub := &api{t: t, base: srv.URL, c: apptest.Client()}
			siti := newApplicant(t, srv.URL)
			nurse := formationID(t, pub, "1", "PKY-2026-001")
			code, m, b := siti.call("POST", "/api/v1/applications", map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}})
			if code != 201 {
				t.Fatalf("create: %d %s", code, b)
			}
			appID := m["id"].(string)
			photo := testJPEG(t, 300, 400)
			sums := map[string]string{}
			for _, k := range []string{"pas_foto", "swafoto", "ktp", "ijazah", "transkrip", "surat_lamaran"} {
				body, ct := photo, "image/jpeg"
				if !strings.HasPrefix(k, "pas") && k != "swafoto" && k != "ktp" {
					body, ct = testPDF(20000, k), "application/pdf"
				}
				code, m, b := siti.call("PUT", "/api/v1/applications/"+appID+"/documents/"+k, body, "Content-Type", ct)
				if code != 200 {
					t.Fatalf("%s: %d %s", k, code, b)
				}
				sum := sha256.Sum256(body)
				if m["sha256"] != hex.EncodeToString(sum[:]) {
					t.Fatalf("%s: sha256 %v", k, m["sha256"])
				}
				sums[k] = m["sha256"].(string)
			}
			for k, sum := range sums {
				got, err := os.ReadFile(filepath.Join(dir, sum[:2], sum))
				if err != nil {
					t.Fatalf("%s is not a file: %v", k, err)
				}
				if s := sha256.Sum256(got); hex.EncodeToString(s[:]) != sum {
					t.Fatalf("%s: the file holds other bytes", k)
				}
			}
			// A fan-out folder removed behind the server's back (it remembers
			// the folders it made): the same document uploaded again is
			// written again.
			sum := sums["surat_lamaran"]
			if err := os.RemoveAll(filepath.Join(dir, sum[:2])); err != nil {
				t.Fatal(err)
			}
			if code, _, b := siti.call("PUT", "/api/v1/applications/"+appID+"/documents/surat_lamaran", testPDF(20000, "surat_lamaran"), "Content-Type", "application/pdf"); code != 200 {
				t.Fatalf("upload into a removed folder: %d %s", code, b)
			}
			if _, err := os.Stat(filepath.Join(dir, sum[:2], sum)); err != nil {
				t.Fatalf("not written again: %v", err)
			}
			db, err := sqldb.Open(context.Background(), srv.DSN, sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var inDB, files int
			db.R.QueryRow(`SELECT coalesce(sum(length(data)), 0), count(*) FROM blobs WHERE location = 'file'`).Scan(&inDB, &files)
			// The three photos are the same bytes: one blob.
			if inDB != 0 || files != len(uniq(sums)) {
				t.Fatalf("blobs as files: %d, want %d; bytes kept in the database: %d", files, len(uniq(sums)), inDB)
			}
			// A blob in the older two-level layout (DIR/ab/cd/abcd…)
			// is still read: the card below needs the photo.
			photoSum := sums["pas_foto"]
			old := filepath.Join(dir, photoSum[:2], photoSum[2:4], photoSum)
			if err := os.MkdirAll(filepath.Dir(old), 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, photoSum[:2], photoSum), old); err != nil {
				t.Fatal(err)
			}
			if code, _, b := siti.call("POST", "/api/v1/applications/"+appID+"/submit", nil); code != 200 {
				t.Fatalf("submit: %d %s", code, b)
			}
			code, _, card := siti.call("GET", "/api/v1/applications/"+appID+"/card.pdf", nil)
			if code != 200 || !strings.HasPrefix(string(card), "%PDF-") || !strings.Contains(string(card), "/Subtype /Image") {
				t.Fatalf("card with the photo from the blob dir: %d, %d bytes", code, len(card))
			}
		})
	}
}

func uniq(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, v := range m {
		out[v] = true
	}
	return out
}
