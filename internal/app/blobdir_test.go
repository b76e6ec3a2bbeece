package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestBlobDir: with --blob-dir, documents are files named by their SHA-256,
// the database keeps only their description, and everything that reads a
// document (the card's photo) still finds it.
func TestBlobDir(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000", "--blob-dir", dir)
			started := time.Now()
			pub := &api{t: t, base: srv.URL, c: apptest.Client()}
			siti := newApplicant(t, srv.URL)
			nurse := formationID(t, pub, "1", "PKY-2026-001")
			code, m, b := siti.call(
				"POST",
				"/api/v1/applications",
				map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}},
			)
			if code != 201 {
				t.Fatalf("create: %d %s", code, b)
			}
			appID := m["id"].(string)
			photo := testkit.JPEG(t, 300, 400)
			sums := map[string]string{}
			for _, k := range []string{"pas_foto", "swafoto", "ktp", "ijazah", "transkrip", "surat_lamaran"} {
				body, ct := photo, "image/jpeg"
				if !strings.HasPrefix(k, "pas") && k != "swafoto" && k != "ktp" {
					body, ct = testkit.PDF(k, testkit.PaddedTo(20000)), "application/pdf"
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
			letter := testkit.PDF("surat_lamaran", testkit.PaddedTo(20000))
			if code, _, b := siti.call("PUT", "/api/v1/applications/"+appID+"/documents/surat_lamaran", letter,
				"Content-Type", "application/pdf"); code != 200 {
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
			var inDB, files, before int
			db.R.QueryRow(`SELECT coalesce(sum(length(data)), 0), count(*) FROM blobs WHERE location = 'file'`).Scan(&inDB, &files)
			// The demo's own documents were there before.
			db.R.QueryRow(`SELECT count(*) FROM blobs WHERE location = 'file' AND created_at < $1`, sqldb.Now(started)).Scan(&before)
			files -= before
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

// TestBlobSweepAtStart: a document file that no row describes (a crash
// between writing it and committing its row) and a half-written temporary
// file are removed when the server starts; a file in use, and a young one
// that an upload on another instance may be about to describe, are kept.
func TestBlobSweepAtStart(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dir := t.TempDir()
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000", "--blob-dir", dir)
			siti := newApplicant(t, srv.URL)
			nurse := formationID(t, siti, "1", "PKY-2026-001")
			code, m, b := siti.call(
				"POST",
				"/api/v1/applications",
				map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}},
			)
			if code != 201 {
				t.Fatalf("create: %d %s", code, b)
			}
			code, m, b = siti.call(
				"PUT",
				"/api/v1/applications/"+m["id"].(string)+"/documents/ijazah",
				testkit.PDF("ijazah", testkit.PaddedTo(20000)),
				"Content-Type",
				"application/pdf",
			)
			if code != 200 {
				t.Fatalf("upload: %d %s", code, b)
			}
			used := m["sha256"].(string)
			srv.Stop(t)

			old := time.Now().Add(-2 * time.Hour)
			plant := func(name string, mtime time.Time) string {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("orphan"), 0o640); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, mtime, mtime); err != nil {
					t.Fatal(err)
				}
				return p
			}
			orphanSum := strings.Repeat("ab", 32)
			youngSum := strings.Repeat("cd", 32)
			orphan := plant(filepath.Join(orphanSum[:2], orphanSum), old)
			tmp := plant(filepath.Join(used[:2], ".tmp-123456"), old)
			spool := plant(filepath.Join(".spool", "upload-1.part"), old)
			young := plant(filepath.Join(youngSum[:2], youngSum), time.Now())
			usedPath := filepath.Join(dir, used[:2], used)
			if err := os.Chtimes(usedPath, old, old); err != nil {
				t.Fatal(err)
			}

			apptest.StartDSN(t, srv.DSN, "--blob-dir", dir, "--key-file", srv.KeyFile)
			deadline := time.Now().Add(10 * time.Second)
			for _, p := range []string{orphan, tmp, spool} {
				for {
					if _, err := os.Stat(p); os.IsNotExist(err) {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s is still there after the start", p)
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			for _, p := range []string{young, usedPath} {
				if _, err := os.Stat(p); err != nil {
					t.Fatalf("%s was removed: %v", p, err)
				}
			}
		})
	}
}
