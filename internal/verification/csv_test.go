package verification_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// The canonical result CSV: a BOM, the header, cells that a spreadsheet
// would run as formulas behind an apostrophe, \n line ends.
func TestEncodeCSVCanonicalForm(t *testing.T) {
	items := []verification.Item{
		{No: 1, RegistrationNumber: "24300110000001", Name: "SI*** AM***", FormationCode: "PKY-2026-001", Position: "Pranata Komputer",
			Unit: "Diskominfo", Result: "MS"},
		{No: 2, RegistrationNumber: "24300110000002", Name: "=H*** (***", FormationCode: "-X",
			Position: `=HYPERLINK("http://evil.example","Klik")`, Unit: "@Dinas, Bidang", Result: "TMS"},
		{No: 3, RegistrationNumber: "24300110000003", Name: "+6***", FormationCode: "PKY-2026-001", Position: "\tTab", Unit: "\rCR",
			Result: "MS"},
	}
	want := "\xEF\xBB\xBF" +
		"no,registration_number,name,formation_code,position,unit,result\n" +
		"1,24300110000001,SI*** AM***,PKY-2026-001,Pranata Komputer,Diskominfo,MS\n" +
		`2,24300110000002,'=H*** (***,'-X,"'=HYPERLINK(""http://evil.example"",""Klik"")","'@Dinas, Bidang",TMS` + "\n" +
		"3,24300110000003,'+6***,PKY-2026-001,'\tTab,\"'\rCR\",MS\n"
	got := verification.EncodeCSV(items)
	if string(got) != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// The published SHA-256 is of the exact bytes served, BOM included; a
// version published in the earlier form (no BOM, cells as they were) keeps
// serving its stored bytes, which match its own recorded hash.
func TestPublishedCSVBytesAndHash(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		pid := f.period.ID
		ctx := context.Background()
		legacy := []byte("no,registration_number,name,formation_code,position,unit,result\n1,24300110000009,=H*** ***,UJI-001,Pranata " +
			"Komputer,Diskominfo,MS\n")
		sum := sha256.Sum256(legacy)
		digest := hex.EncodeToString(sum[:])
		if _, err := db.W.Exec(`INSERT INTO announcements (period_id, stage, version, published_at, sha256, audit_seq, row_count, csv)
  VALUES ($1, 'administration', 1, $2, $3, 1, 1, $4)`,
			pid, sqldb.Now(time.Now()), digest, string(legacy)); err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.FindAnnouncement(ctx, pid, "administration", 1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.CSV(ctx, a)
		if err != nil || !bytes.Equal(b, legacy) || a.SHA256 != digest {
			t.Fatalf("legacy version: %q %v", b, err)
		}
		// A new publication is in the canonical form and hashed with its BOM.
		canon := verification.EncodeCSV([]verification.Item{{No: 1, RegistrationNumber: "1", Name: "=x", Result: "MS"}})
		if !bytes.HasPrefix(canon, []byte("\xEF\xBB\xBF")) || !bytes.Contains(canon, []byte(",'=x,")) {
			t.Fatalf("canonical: %q", canon)
		}
	})
}
