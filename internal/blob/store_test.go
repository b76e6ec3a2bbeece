package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/blob"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/upload"
)

// pdf is a small well-formed PDF whose bytes differ by note.
func pdf(note string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\nBT /F1 12 Tf 72 720 Td (%s) Tj ET\nendstream", 40+len(note), note),
	}
	var offs []int
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

// keep receives body as an upload, places it and records it.
func keep(t *testing.T, db *sqldb.DB, s *blob.Store, body []byte, spool string) string {
	t.Helper()
	ctx := context.Background()
	f, err := upload.Receive(ctx, bytes.NewReader(body), upload.Rule{Formats: []upload.Format{upload.PDF}, MaxBytes: 1 << 20}, spool)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Remove()
	if err := s.Place(f); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *sqldb.Tx) error { return s.Record(ctx, tx, f, time.Now().UTC()) }); err != nil {
		t.Fatal(err)
	}
	return f.SHA256
}

// TestStore: a document kept in the database or in a directory reads back
// the same; a second copy of the same bytes is one blob; an unknown name is
// not_found; in a directory the file is DIR/ab/abcd….
func TestStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for _, inFiles := range []bool{false, true} {
			t.Run(fmt.Sprintf("files=%v", inFiles), func(t *testing.T) {
				dir := ""
				if inFiles {
					dir = t.TempDir()
				}
				s := blob.New(db, blob.Config{Dir: dir})
				body := pdf(fmt.Sprintf("store %v %s", inFiles, t.Name()))
				sum := keep(t, db, s, body, t.TempDir())
				keep(t, db, s, body, t.TempDir())
				if want := sha256.Sum256(body); sum != hex.EncodeToString(want[:]) {
					t.Fatalf("sum %s", sum)
				}
				got, err := s.Read(context.Background(), sum)
				if err != nil || !bytes.Equal(got, body) {
					t.Fatalf("read: %v (%d bytes)", err, len(got))
				}
				var n, stored int
				if err := db.R.QueryRow(`SELECT count(*), coalesce(sum(length(data)), 0) FROM blobs
WHERE sha256 = $1`, sum).Scan(&n, &stored); err != nil {
					t.Fatal(err)
				}
				if n != 1 || (stored == 0) != inFiles {
					t.Fatalf("rows %d, bytes in the database %d", n, stored)
				}
				if _, err := os.Stat(filepath.Join(dir, sum[:2], sum)); inFiles && err != nil {
					t.Fatalf("no file: %v", err)
				}
				if _, err := s.Read(context.Background(), sum[:63]+"0"); apperr.CodeOf(err) != apperr.NotFound {
					t.Fatalf("unknown blob: %v", err)
				}
			})
		}
	})
}

// TestSweep: files older than the grace that no row describes (a document
// whose transaction never committed, a temporary or spooled file) go; a
// recorded document and a young orphan stay; without a directory nothing
// happens.
func TestSweep(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().Add(2 * time.Hour)
		s := blob.New(db, blob.Config{Dir: dir, Now: func() time.Time { return now }})
		kept := keep(t, db, s, pdf("kept "+t.Name()), t.TempDir())
		orphanSum := sha256.Sum256([]byte("never committed " + t.Name()))
		orphan := hex.EncodeToString(orphanSum[:])
		files := map[string]bool{ // path → removed
			filepath.Join(dir, kept[:2], kept):        false,
			filepath.Join(dir, orphan[:2], orphan):    true,
			filepath.Join(dir, "ab", ".tmp-123"):      true,
			filepath.Join(dir, ".spool", "x.part"):    true,
			filepath.Join(dir, ".spool", "notes.txt"): false,
		}
		for p := range files {
			if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(p); err != nil {
				if err := os.WriteFile(p, []byte("x"), 0o640); err != nil {
					t.Fatal(err)
				}
			}
		}
		young := filepath.Join(dir, "cd", ".tmp-young")
		os.MkdirAll(filepath.Dir(young), 0o750)
		os.WriteFile(young, []byte("x"), 0o640)
		future := now.Add(time.Minute)
		if err := os.Chtimes(young, future, future); err != nil {
			t.Fatal(err)
		}
		n, err := s.Sweep(ctx, time.Hour)
		if err != nil || n != 3 {
			t.Fatalf("removed %d, %v", n, err)
		}
		for p, removed := range files {
			if _, err := os.Stat(p); (err != nil) != removed {
				t.Errorf("%s: removed %v, want %v", p, err != nil, removed)
			}
		}
		if _, err := os.Stat(young); err != nil {
			t.Errorf("a young file was removed")
		}
		if n, err := blob.New(db, blob.Config{}).Sweep(ctx, 0); n != 0 || err != nil {
			t.Fatalf("without a directory: %d, %v", n, err)
		}
	})
}
