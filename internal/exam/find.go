package exam

import (
	"context"
	"database/sql"
	"sort"

	"asnpro/internal/sqldb"
)

// ItemFilter selects a page of a bank's items.
type ItemFilter struct {
	// Subtest keeps the items of one sub-test ("": every sub-test).
	Subtest string
	// Limit is the page's size (0: every item); Offset skips that many.
	Limit, Offset int
}

// SubtestCount is how many items a bank holds of one sub-test.
type SubtestCount struct {
	Subtest string
	Items   int
}

// FindItems returns a page of the current versions of a bank's items, by
// item ID, and how many items the filter matches in all. Errors: not_found
// (ErrBankNotFound).
func (s *Service) FindItems(ctx context.Context, bankID int64, f ItemFilter) ([]Item, int, error) {
	if _, err := findBank(ctx, s.db.R, bankID); err != nil {
		return nil, 0, err
	}
	where, args := ` WHERE i.bank_id = $1`, []any{bankID}
	if f.Subtest != "" {
		where += ` AND v.subtest = $2`
		args = append(args, f.Subtest)
	}
	var total int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM exam_items i JOIN exam_item_versions v ON v.item_id = i.id
AND v.version = i.current_version`+where, args...).Scan(&total)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "count items")
	}
	page := ` ORDER BY i.id`
	if f.Limit > 0 {
		page += ` LIMIT ` + shifted(1, len(args)) + ` OFFSET ` + shifted(1, len(args)+1)
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	its, err := queryItems(ctx, s.db.R, `SELECT `+itemColumns+` AND v.version = i.current_version`+where+page, args...)
	if err != nil {
		return nil, 0, err
	}
	return its, total, nil
}

// ItemCounts returns, per bank ID, how many items each bank holds of each
// sub-test (their current versions): TWK, TIU and TKP first, then the SKB
// fields by name. A bank without items is not in the map.
func (s *Service) ItemCounts(ctx context.Context) (map[int64][]SubtestCount, error) {
	out := map[int64][]SubtestCount{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT i.bank_id, v.subtest, count(*) FROM exam_items i JOIN exam_item_versions v
ON v.item_id = i.id AND v.version = i.current_version GROUP BY i.bank_id, v.subtest`, func(r *sql.Rows) error {
		var bank int64
		var c SubtestCount
		if err := r.Scan(&bank, &c.Subtest, &c.Items); err != nil {
			return err
		}
		out[bank] = append(out[bank], c)
		return nil
	})
	if err != nil {
		return nil, sqldb.Translate(err, "count items")
	}
	for _, cs := range out {
		sort.Slice(cs, func(i, j int) bool { return subtestBefore(cs[i].Subtest, cs[j].Subtest) })
	}
	return out, nil
}

// subtestBefore orders sub-tests: TWK, TIU, TKP, then the others by name.
func subtestBefore(a, b string) bool {
	rank := func(s string) int {
		switch s {
		case TWK:
			return 0
		case TIU:
			return 1
		case TKP:
			return 2
		}
		return 3
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return a < b
}
