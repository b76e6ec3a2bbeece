package testkit_test

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"regexp"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func TestClockMovesOnlyWhenTold(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	c := testkit.NewClock(start)
	first := c.Now()
	time.Sleep(time.Millisecond)
	if !first.Equal(start) || !c.Now().Equal(start) {
		t.Fatalf("now %v then %v, want %v both times", first, c.Now(), start)
	}
	c.Add(90 * time.Minute)
	if want := start.Add(90 * time.Minute); !c.Now().Equal(want) {
		t.Fatalf("after Add: %v, want %v", c.Now(), want)
	}
	c.Set(start)
	if !c.Now().Equal(start) {
		t.Fatalf("after Set: %v", c.Now())
	}
}

// TestPDFIsWellFormed: the header, the trailer, and every xref offset
// points at its object; padding reaches about the size asked.
func TestPDFIsWellFormed(t *testing.T) {
	for _, tc := range []struct {
		name string
		pdf  []byte
		min  int
		max  int
	}{
		{"plain", testkit.PDF("ijazah"), 300, 1000},
		{"padded", testkit.PDF("ijazah", testkit.PaddedTo(20_000)), 20_000, 20_400},
		{"padded below the minimum", testkit.PDF("x", testkit.PaddedTo(10)), 300, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.pdf
			if !bytes.HasPrefix(p, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(p, []byte("%%EOF\n")) {
				t.Fatalf("envelope: %q … %q", p[:10], p[len(p)-10:])
			}
			if len(p) < tc.min || len(p) > tc.max {
				t.Fatalf("%d bytes, want %d–%d", len(p), tc.min, tc.max)
			}
			offs := regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(p, -1)
			if len(offs) != 4 {
				t.Fatalf("%d xref entries, want 4", len(offs))
			}
			for i, m := range offs {
				off, _ := strconv.Atoi(string(m[1]))
				if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(p[off:], []byte(want)) {
					t.Errorf("xref %d points at %q", i+1, p[off:off+10])
				}
			}
		})
	}
	if bytes.Equal(testkit.PDF("a"), testkit.PDF("b")) {
		t.Fatal("two notes, one file")
	}
}

func TestJPEGDecodes(t *testing.T) {
	img, err := jpeg.Decode(bytes.NewReader(testkit.JPEG(t, 30, 40)))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 30 || b.Dy() != 40 {
		t.Fatalf("bounds %v", b)
	}
}

func TestCountAudit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			for _, ev := range []audit.Event{{Action: "a.one", ObjectID: "1"}, {Action: "a.one", ObjectID: "2"}, {Action: "a.two", ObjectID: "1"}} {
				ev.Actor, ev.ObjectType = "system", "thing"
				if err := audit.Record(ctx, tx, ev); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			action string
			opts   []testkit.AuditOption
			want   int
		}{
			{"a.one", nil, 2},
			{"a.two", nil, 1},
			{"a.three", nil, 0},
			{"a.one", []testkit.AuditOption{testkit.Object("2")}, 1},
			{"a.two", []testkit.AuditOption{testkit.Object("2")}, 0},
			{"", []testkit.AuditOption{testkit.Object("1")}, 2},
		} {
			if got := testkit.CountAudit(t, db, tc.action, tc.opts...); got != tc.want {
				t.Errorf("CountAudit(%q, %d options) = %d, want %d", tc.action, len(tc.opts), got, tc.want)
			}
		}
	})
}

func TestGoldenMatchesTestdata(t *testing.T) {
	testkit.Golden(t, "golden.txt", []byte("one\ntwo\n"))
}
