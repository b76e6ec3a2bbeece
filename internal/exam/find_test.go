package exam_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestFindItemsAndCounts: a bank's items come a page at a time, by item
// ID, optionally of one sub-test, with the count of all that match; the
// counts per bank and sub-test follow the current versions (an edit that
// moves an item to another sub-test moves its count).
func TestFindItemsAndCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, _ := newService(t, db)
		b, other := mustBank(t, s, exam.PurposePractice), mustBank(t, s, exam.PurposeSelection)
		var ids []int64
		for i := range 5 {
			it, err := s.AddItem(ctx, b.ID, twk(fmt.Sprintf("Soal %d", i), "A"))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, it.ID)
		}
		tkp := exam.ItemInput{Subtest: exam.TKP, Stem: "Sikap Anda?", Options: [5]string{"a", "b", "c", "d", "e"},
			Weights: [5]int{1, 2, 3, 4, 5}}
		if _, err := s.AddItem(ctx, b.ID, tkp); err != nil {
			t.Fatal(err)
		}
		skb := exam.ItemInput{Subtest: "Teknis Komputer", Stem: "Bit?", Options: [5]string{"a", "b", "c", "d", "e"}, Key: "B"}
		if _, err := s.AddItem(ctx, b.ID, skb); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddItem(ctx, other.ID, twk("Lain", "C")); err != nil {
			t.Fatal(err)
		}

		page, total, err := s.FindItems(ctx, b.ID, exam.ItemFilter{Subtest: exam.TWK, Limit: 2, Offset: 2})
		if err != nil || total != 5 || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[3] {
			t.Fatalf("FindItems TWK page 2 = %d items, total %d, %v", len(page), total, err)
		}
		all, total, err := s.FindItems(ctx, b.ID, exam.ItemFilter{})
		if err != nil || total != 7 || len(all) != 7 {
			t.Fatalf("FindItems = %d items, total %d, %v", len(all), total, err)
		}
		if _, _, err := s.FindItems(ctx, 999, exam.ItemFilter{}); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("FindItems(999) = %v", err)
		}

		// An item edited into another sub-test counts there.
		moved := tkp
		moved.Stem = "Sikap Anda saat rapat?"
		if _, err := s.EditItem(ctx, ids[4], moved); err != nil {
			t.Fatal(err)
		}
		counts, err := s.ItemCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64][]exam.SubtestCount{
			b.ID:     {{Subtest: exam.TWK, Items: 4}, {Subtest: exam.TKP, Items: 2}, {Subtest: "Teknis Komputer", Items: 1}},
			other.ID: {{Subtest: exam.TWK, Items: 1}},
		}
		if !reflect.DeepEqual(counts, want) {
			t.Fatalf("ItemCounts = %v, want %v", counts, want)
		}
	})
}
