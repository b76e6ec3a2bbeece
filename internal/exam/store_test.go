package exam_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func newService(t testing.TB, db *sqldb.DB) (*exam.Service, *testkit.Clock) {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
	return exam.New(db, exam.Deps{Now: clock.Now}), clock
}

func mustBank(t *testing.T, s *exam.Service, purpose string) *exam.Bank {
	t.Helper()
	b, err := s.CreateBank(context.Background(), exam.NewBank{Name: "Bank " + purpose, Purpose: purpose})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func twk(stem, key string) exam.ItemInput {
	return exam.ItemInput{Subtest: exam.TWK, Stem: stem, Options: [5]string{"a", "b", "c", "d", "e"}, Key: key}
}

func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	out := map[string]string{}
	for k, m := range ae.FieldMsgs {
		out[k] = m.Key
	}
	return out
}

// use stores a paper of the given item versions (as drawn) the way an
// attempt does: MarkUsed in a write.
func use(s *exam.Service, db *sqldb.DB, its ...*exam.Item) error {
	p := &exam.Paper{}
	for _, it := range its {
		p.Items = append(p.Items, exam.PaperItem{ItemID: it.ID, VersionID: it.VersionID, Revision: it.Revision})
	}
	ctx := context.Background()
	return db.Write(ctx, func(tx *sqldb.Tx) error { return s.MarkUsed(ctx, tx, p) })
}

func TestBanks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{Draft: true})
		s := exam.New(db, exam.Deps{Now: fx.Clock.Now})
		b, err := s.CreateBank(ctx, exam.NewBank{Name: " SKD Latihan ", Purpose: exam.PurposePractice})
		if err != nil {
			t.Fatal(err)
		}
		owned, err := s.CreateBank(ctx, exam.NewBank{Name: "SKD " + fx.Period.Name, Purpose: exam.PurposeSelection, PeriodID: &fx.Period.ID})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.FindBank(ctx, owned.ID)
		if err != nil || got.PeriodID == nil || *got.PeriodID != fx.Period.ID || got.Purpose != exam.PurposeSelection {
			t.Fatalf("FindBank = %+v, %v", got, err)
		}
		if got, _ := s.FindBank(ctx, b.ID); got.Name != "SKD Latihan" || got.PeriodID != nil || !got.CreatedAt.Equal(b.CreatedAt) {
			t.Fatalf("FindBank = %+v, want %+v", got, b)
		}
		all, err := s.FindBanks(ctx)
		if err != nil || len(all) != 2 || all[0].ID != owned.ID {
			t.Fatalf("FindBanks = %v, %v", all, err)
		}
		if n := testkit.CountAudit(t, db, "exam.bank.create"); n != 2 {
			t.Fatalf("%d exam.bank.create events", n)
		}
		missing := int64(999)
		for _, tc := range []struct {
			n     exam.NewBank
			field string
			key   string
		}{
			{exam.NewBank{Name: "", Purpose: exam.PurposePractice}, "name", "exam.bank.name"},
			{exam.NewBank{Name: "X", Purpose: "exam"}, "purpose", "exam.bank.purpose"},
			{exam.NewBank{Name: "X", Purpose: exam.PurposeSelection, PeriodID: &missing}, "period_id", "exam.bank.period"},
		} {
			_, err := s.CreateBank(ctx, tc.n)
			if got := fieldKeys(t, err)[tc.field]; got != tc.key {
				t.Errorf("%+v: field %s = %q, want %q", tc.n, tc.field, got, tc.key)
			}
		}
		if _, err := s.FindBank(ctx, 999); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("FindBank(999) = %v", err)
		}
	})
}

// TestItemVersions: an unused item is edited in place; once a paper used
// it, an edit makes a new version and the used one stays as it was, which
// the database refuses to change as well.
func TestItemVersions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock := newService(t, db)
		b := mustBank(t, s, exam.PurposeSelection)
		it, err := s.AddItem(ctx, b.ID, twk("Ibu kota negara?", "A"))
		if err != nil {
			t.Fatal(err)
		}
		if it.Version != 1 || it.VersionID == 0 || it.ID == 0 {
			t.Fatalf("added %+v", it)
		}

		clock.Add(time.Minute)
		ed, err := s.EditItem(ctx, it.ID, twk("Ibu kota negara Indonesia?", "B"))
		if err != nil {
			t.Fatal(err)
		}
		if ed.Version != 1 || ed.VersionID != it.VersionID || ed.Revision != 2 || ed.Stem != "Ibu kota negara Indonesia?" {
			t.Fatalf("unused edit = %+v, want version 1 changed in place", ed)
		}
		if n := testkit.CountAudit(t, db, "exam.item.edit"); n != 1 {
			t.Fatalf("%d exam.item.edit events", n)
		}

		// A paper drawn before the edit is refused; one drawn after it is stored.
		if err := use(s, db, it); !errors.Is(err, exam.ErrItemChanged) {
			t.Fatalf("a paper drawn before an edit: %v", err)
		}
		if got, _ := s.FindItem(ctx, it.ID); got.UsedAt != nil || got.Revision != 2 {
			t.Fatalf("after the refused paper: %+v", got)
		}
		if err := use(s, db, ed); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Minute)
		v2, err := s.EditItem(ctx, it.ID, twk("Ibu kota negara Republik Indonesia?", "C"))
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || v2.VersionID == it.VersionID || v2.UsedAt != nil || v2.Key != "C" {
			t.Fatalf("used edit = %+v, want version 2", v2)
		}
		if n := testkit.CountAudit(t, db, "exam.item.version"); n != 1 {
			t.Fatalf("%d exam.item.version events", n)
		}

		checkTwoVersions(t, s, it, v2)
	})
}

// checkTwoVersions: version 1 (used) is as it was, version 2 is current.
func checkTwoVersions(t *testing.T, s *exam.Service, v1, v2 *exam.Item) {
	t.Helper()
	ctx := context.Background()
	vs, err := s.ItemVersions(ctx, v1.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	if vs[0].Stem != "Ibu kota negara Indonesia?" || vs[0].Key != "B" || vs[0].UsedAt == nil || vs[1].Key != "C" {
		t.Fatalf("version 1 = %+v, version 2 = %+v", vs[0], vs[1])
	}
	cur, err := s.FindItem(ctx, v1.ID)
	if err != nil || cur.VersionID != v2.VersionID {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	old, err := s.FindItemVersions(ctx, []int64{v2.VersionID, v1.VersionID, 12345})
	if err != nil || len(old) != 2 || old[0].Version != 2 || old[1].Version != 1 || old[1].Key != "B" {
		t.Fatalf("FindItemVersions = %+v, %v", old, err)
	}
	bank, err := s.BankItems(ctx, v1.BankID)
	if err != nil || len(bank) != 1 || bank[0].VersionID != v2.VersionID {
		t.Fatalf("BankItems = %+v, %v", bank, err)
	}
}

// TestUsedVersionIsFrozen: the database itself refuses to change or remove
// a used version, whoever asks.
func TestUsedVersionIsFrozen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		it, err := s.AddItem(ctx, mustBank(t, s, exam.PurposeSelection).ID, twk("Lambang negara?", "A"))
		if err != nil {
			t.Fatal(err)
		}
		unused := `UPDATE exam_item_versions SET stem = 'belum dipakai' WHERE id = $1`
		if err := db.Write(ctx, func(tx *sqldb.Tx) error { _, err := tx.ExecContext(ctx, unused, it.VersionID); return err }); err != nil {
			t.Fatalf("an unused version is refused: %v", err)
		}
		if err := use(s, db, it); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE exam_item_versions SET stem = 'diubah' WHERE id = $1`,
			`UPDATE exam_item_versions SET used_at = NULL WHERE id = $1`, `UPDATE exam_item_versions SET revision = 9 WHERE id = $1`,
			`DELETE FROM exam_item_versions WHERE id = $1`} {
			err := db.Write(ctx, func(tx *sqldb.Tx) error { _, err := tx.ExecContext(ctx, q, it.VersionID); return err })
			if err == nil || !strings.Contains(err.Error(), "never changed") {
				t.Fatalf("%s: err = %v, want the guard's refusal", q, err)
			}
		}
		if got, _ := s.FindItem(ctx, it.ID); got.Stem != "belum dipakai" || got.UsedAt == nil {
			t.Fatalf("item = %+v", got)
		}
	})
}

func TestItemRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		it, err := s.AddItem(ctx, mustBank(t, s, exam.PurposeSelection).ID, twk("Lambang negara?", "A"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditItem(ctx, 999, twk("x", "A")); !errors.Is(err, exam.ErrItemNotFound) {
			t.Fatalf("EditItem(999) = %v", err)
		}
		if _, err := s.FindItem(ctx, 999); !errors.Is(err, exam.ErrItemNotFound) {
			t.Fatalf("FindItem(999) = %v", err)
		}
		if _, err := s.ItemVersions(ctx, 999); !errors.Is(err, exam.ErrItemNotFound) {
			t.Fatalf("ItemVersions(999) = %v", err)
		}
		if _, err := s.AddItem(ctx, 999, twk("x", "A")); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("AddItem(bank 999) = %v", err)
		}
		if _, err := s.BankItems(ctx, 999); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("BankItems(999) = %v", err)
		}
		if _, err := s.EditItem(ctx, it.ID, twk("", "A")); fieldKeys(t, err)["stem"] != "exam.item.required" {
			t.Fatalf("empty stem: %v", err)
		}
		if got, _ := s.FindItem(ctx, it.ID); got.Stem != "Lambang negara?" {
			t.Fatalf("a refused edit changed the item: %+v", got)
		}
	})
}

func TestItemImage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock := newService(t, db)
		b := mustBank(t, s, exam.PurposePractice)
		in := twk("Gambar apa ini?", "D")
		in.Image = strings.Repeat("ab", 32)
		if _, err := s.AddItem(ctx, b.ID, in); fieldKeys(t, err)["image"] != "exam.item.image_missing" {
			t.Fatalf("unknown image: %v", err)
		}
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES ($1, 1, 'image/jpeg', $2, $3)`,
				in.Image, []byte{1}, sqldb.Now(clock.Now()))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		it, err := s.AddItem(ctx, b.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindItem(ctx, it.ID); got.Image != in.Image {
			t.Fatalf("image = %q", got.Image)
		}
	})
}

// TestDrawFromStoredBank: a paper drawn from the stored bank, with its
// versions marked used, is the same paper when drawn again from the same
// versions.
func TestDrawFromStoredBank(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		b := mustBank(t, s, exam.PurposePractice)
		for i := range 8 {
			sub, in := []string{exam.TWK, exam.TIU}[i%2], twk(fmt.Sprintf("Soal %d", i), exam.Labels[i%5])
			in.Subtest = sub
			if _, err := s.AddItem(ctx, b.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		bp := exam.Blueprint{Name: "Latihan", Parts: []exam.Part{{Subtest: exam.TWK, Count: 3}, {Subtest: exam.TIU, Count: 2}}, Minutes: 10}
		items, err := s.BankItems(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		seed, err := exam.NewSeed()
		if err != nil {
			t.Fatal(err)
		}
		p, err := exam.Draw(items, &bp, seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error { return s.MarkUsed(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		// Again, as a second paper with the same items would: nothing changes.
		if err := db.Write(ctx, func(tx *sqldb.Tx) error { return s.MarkUsed(ctx, tx, p) }); err != nil {
			t.Fatal(err)
		}
		again, err := s.BankItems(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		q, err := exam.Draw(again, &bp, seed)
		if err != nil || !reflect.DeepEqual(p.Items, q.Items) {
			t.Fatalf("redrawn paper differs: %v", err)
		}
		used := 0
		for _, it := range again {
			if it.UsedAt != nil {
				used++
			}
		}
		if used != 5 {
			t.Fatalf("%d versions marked used, want 5", used)
		}
	})
}

func TestBlueprintStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		skb := exam.Blueprint{Name: "SKB Teknis", Parts: []exam.Part{{Subtest: "Teknis", Count: 50}}, Minutes: 90}
		for _, bp := range []exam.Blueprint{exam.SKD2024(), skb} {
			saved, err := s.CreateBlueprint(ctx, bp)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.FindBlueprint(ctx, saved.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.CreatedAt.Equal(saved.CreatedAt) {
				t.Fatalf("created %v, saved %v", got.CreatedAt, saved.CreatedAt)
			}
			got.CreatedAt = saved.CreatedAt
			if !reflect.DeepEqual(got, saved) {
				t.Fatalf("found %+v, saved %+v", got, saved)
			}
		}
		if all, err := s.FindBlueprints(ctx); err != nil || len(all) != 2 || all[0].Name != "SKB Teknis" || all[1].Passing == nil {
			t.Fatalf("FindBlueprints = %v, %v", all, err)
		}
		if n := testkit.CountAudit(t, db, "exam.blueprint.create"); n != 2 {
			t.Fatalf("%d exam.blueprint.create events", n)
		}
		bad := exam.SKD2024()
		bad.Minutes = 0
		if _, err := s.CreateBlueprint(ctx, bad); fieldKeys(t, err)["minutes"] != "exam.blueprint.minutes" {
			t.Fatalf("minutes 0: %v", err)
		}
		if _, err := s.FindBlueprint(ctx, 999); !errors.Is(err, exam.ErrBlueprintNotFound) {
			t.Fatalf("FindBlueprint(999) = %v", err)
		}
	})
}

func TestImportItems(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		b := mustBank(t, s, exam.PurposeSelection)

		// The template, as CSV and as XLSX written by WriteItemFile.
		for _, format := range []string{"csv", "xlsx"} {
			var buf bytes.Buffer
			if err := exam.WriteItemFile(&buf, format, exam.ItemTemplateRows()); err != nil {
				t.Fatal(err)
			}
			header, rows, err := exam.ReadItemFile(&buf, "soal."+format)
			if err != nil {
				t.Fatal(err)
			}
			n, err := s.ImportItems(ctx, b.ID, header, rows)
			if err != nil || n != 3 {
				t.Fatalf("%s: imported %d, %v", format, n, err)
			}
		}
		items, _ := s.BankItems(ctx, b.ID)
		if len(items) != 6 || items[2].Subtest != exam.TKP || items[2].WeightsText() != "1;3;4;5;2" || items[1].Key != "D" {
			t.Fatalf("imported items %+v", items)
		}
		if n := testkit.CountAudit(t, db, "exam.item.import"); n != 2 {
			t.Fatalf("%d exam.item.import events", n)
		}

		// One bad row rejects the whole file, each problem named by line and column.
		file := exam.ItemTemplate +
			"TWK,Soal tanpa kunci,a,b,c,d,e,,\n" +
			"TKP,Soal bobot salah,a,b,c,d,e,,1;2;3\n" +
			"TIU,,a,b,c,d,e,A,\n"
		header, rows, err := exam.ReadItemFile(strings.NewReader(file), "soal.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.ImportItems(ctx, b.ID, header, rows)
		want := map[string]string{"5.key": "exam.item.key_needed", "6.weights": "exam.import.weights", "7.stem": "exam.item.required"}
		if got := fieldKeys(t, err); !reflect.DeepEqual(got, want) {
			t.Fatalf("problems %v, want %v", got, want)
		}
		if items, _ := s.BankItems(ctx, b.ID); len(items) != 6 {
			t.Fatalf("a rejected file stored items: %d", len(items))
		}

		for _, tc := range []struct {
			name string
			file string
			key  string
		}{
			{"wrong header", "subject,stem\nTWK,x\n", "exam.import.header"},
			{"renamed column", strings.Replace(exam.ItemTemplate, "option_c", "pilihan_c", 1), "exam.import.header_column"},
			{"no rows", "subtest,stem,option_a,option_b,option_c,option_d,option_e,key,weights\n", "exam.import.empty"},
		} {
			header, rows, err := exam.ReadItemFile(strings.NewReader(tc.file), "soal.csv")
			if err == nil {
				_, err = s.ImportItems(ctx, b.ID, header, rows)
			}
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Msg.Key != tc.key {
				t.Errorf("%s: err = %v, want %s", tc.name, err, tc.key)
			}
		}
	})
}
