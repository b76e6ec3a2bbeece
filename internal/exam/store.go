package exam

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// CreateBank stores a new question bank and records exam.bank.create.
// Errors: invalid (with field messages; period_id when the period does not
// exist).
func (s *Service) CreateBank(ctx context.Context, n NewBank) (*Bank, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	b := &Bank{Name: n.Name, Purpose: n.Purpose, PeriodID: n.PeriodID, CreatedAt: sqldb.Now(s.now())}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if n.PeriodID != nil {
			var found int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM periods WHERE id = $1`, *n.PeriodID).Scan(&found); err != nil {
				return sqldb.Translate(err, "find period")
			}
			if found == 0 {
				return apperr.InvalidMsgs(map[string]apperr.Msg{"period_id": apperr.M("exam.bank.period")})
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO exam_banks (name, purpose, period_id, created_at) VALUES ($1, $2, $3, $4)
RETURNING id`, b.Name, b.Purpose, nullID(n.PeriodID), b.CreatedAt).Scan(&b.ID)
		if err != nil {
			return sqldb.Translate(err, "insert bank")
		}
		return s.record(ctx, tx, audit.Event{Action: "exam.bank.create", ObjectType: "exam_bank", ObjectID: strconv.FormatInt(b.ID, 10),
			Data: map[string]any{"name": b.Name, "purpose": b.Purpose, "period_id": n.PeriodID}})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// FindBank returns a bank. Errors: not_found (ErrBankNotFound).
func (s *Service) FindBank(ctx context.Context, id int64) (*Bank, error) {
	return findBank(ctx, s.db.R, id)
}

// FindBanks returns every bank, newest first.
func (s *Service) FindBanks(ctx context.Context) ([]*Bank, error) {
	var out []*Bank
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, name, purpose, period_id, created_at FROM exam_banks ORDER BY id DESC`,
		func(r *sql.Rows) error {
			b, err := scanBank(r)
			out = append(out, b)
			return err
		})
	return out, sqldb.Translate(err, "find banks")
}

func findBank(ctx context.Context, q sqldb.Querier, id int64) (*Bank, error) {
	var b *Bank
	err := sqldb.RunQuery(ctx, q, `SELECT id, name, purpose, period_id, created_at FROM exam_banks WHERE id = $1`,
		func(r *sql.Rows) (err error) {
			b, err = scanBank(r)
			return err
		}, id)
	if err != nil {
		return nil, sqldb.Translate(err, "find bank")
	}
	if b == nil {
		return nil, ErrBankNotFound
	}
	return b, nil
}

func scanBank(r *sql.Rows) (*Bank, error) {
	var b Bank
	var period sql.NullInt64
	if err := r.Scan(&b.ID, &b.Name, &b.Purpose, &period, &b.CreatedAt); err != nil {
		return nil, err
	}
	if period.Valid {
		b.PeriodID = &period.Int64
	}
	return &b, nil
}

func nullID(id *int64) any {
	if id == nil {
		return nil
	}
	return *id
}

// AddItem adds an item (its version 1) to a bank and records
// exam.item.create. Errors: not_found (ErrBankNotFound), invalid (field
// messages; image when no stored file has that SHA-256).
func (s *Service) AddItem(ctx context.Context, bankID int64, in ItemInput) (*Item, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var it *Item
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findBank(ctx, tx, bankID); err != nil {
			return err
		}
		var err error
		it, err = s.insertItem(ctx, tx, bankID, in)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, itemEvent("exam.item.create", it, nil))
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// insertItem stores a new item and its version 1 (the input checked).
func (s *Service) insertItem(ctx context.Context, tx *sqldb.Tx, bankID int64, in ItemInput) (*Item, error) {
	if err := checkImage(ctx, tx, in.Image); err != nil {
		return nil, err
	}
	it := &Item{BankID: bankID, Version: 1, Revision: 1, ItemInput: in, CreatedAt: sqldb.Now(s.now())}
	err := tx.QueryRowContext(ctx, `INSERT INTO exam_items (bank_id, current_version, created_at) VALUES ($1, 1, $2) RETURNING id`,
		bankID, it.CreatedAt).Scan(&it.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "insert item")
	}
	if err := insertVersion(ctx, tx, it); err != nil {
		return nil, err
	}
	return it, nil
}

// checkImage refuses an image that is not a stored file.
func checkImage(ctx context.Context, tx *sqldb.Tx, sum string) error {
	if sum == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM blobs WHERE sha256 = $1`, sum).Scan(&n); err != nil {
		return sqldb.Translate(err, "find image")
	}
	if n == 0 {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"image": apperr.M("exam.item.image_missing")})
	}
	return nil
}

// insertVersion stores it as version it.Version of item it.ID and sets
// it.VersionID.
func insertVersion(ctx context.Context, tx *sqldb.Tx, it *Item) error {
	opts, weights := contentColumns(&it.ItemInput)
	err := tx.QueryRowContext(ctx, `INSERT INTO exam_item_versions (item_id, version, subtest, stem, image_sha256, options, answer_key,
weights, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		it.ID, it.Version, it.Subtest, it.Stem, nullText(it.Image), opts, it.Key, weights, it.CreatedAt).Scan(&it.VersionID)
	return sqldb.Translate(err, "insert item version")
}

func contentColumns(in *ItemInput) (opts, weights string) {
	b, _ := json.Marshal(in.Options)
	if in.Weights != [NumOptions]int{} {
		w, _ := json.Marshal(in.Weights)
		weights = string(w)
	}
	return string(b), weights
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// itemEvent is the audit event of a change to an item: its bank, version,
// sub-test and the SHA-256 of the version's content (what it said, without
// saying it).
func itemEvent(action string, it *Item, extra map[string]any) audit.Event {
	content, _ := json.Marshal(it.ItemInput)
	sum := sha256.Sum256(content)
	data := map[string]any{"bank_id": it.BankID, "version": it.Version, "version_id": it.VersionID, "subtest": it.Subtest,
		"content_sha256": hex.EncodeToString(sum[:])}
	for k, v := range extra {
		data[k] = v
	}
	return audit.Event{Action: action, ObjectType: "exam_item", ObjectID: strconv.FormatInt(it.ID, 10), Data: data}
}

// EditItem changes an item's content. While its current version has never
// been used by a paper, that version is changed in place (exam.item.edit);
// once used, it stays as it is and the content becomes a new version, the
// item's current one (exam.item.version, with the version it follows).
// Errors: not_found (ErrItemNotFound), invalid.
func (s *Service) EditItem(ctx context.Context, itemID int64, in ItemInput) (*Item, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var it *Item
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		// Take the item's row first: two edits of one item wait for each other.
		res, err := tx.ExecContext(ctx, `UPDATE exam_items SET current_version = current_version WHERE id = $1`, itemID)
		if err != nil {
			return sqldb.Translate(err, "lock item")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrItemNotFound
		}
		cur, err := findItem(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if err := checkImage(ctx, tx, in.Image); err != nil {
			return err
		}
		it, err = s.editItem(ctx, tx, cur, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

func (s *Service) editItem(ctx context.Context, tx *sqldb.Tx, cur *Item, in ItemInput) (*Item, error) {
	it := *cur
	it.ItemInput = in
	if cur.UsedAt == nil {
		opts, weights := contentColumns(&in)
		res, err := tx.ExecContext(ctx, `UPDATE exam_item_versions SET subtest = $1, stem = $2, image_sha256 = $3, options = $4,
answer_key = $5, weights = $6, revision = revision + 1 WHERE id = $7 AND used_at IS NULL`,
			in.Subtest, in.Stem, nullText(in.Image), opts, in.Key, weights, cur.VersionID)
		if err != nil {
			return nil, sqldb.Translate(err, "edit item")
		}
		if n, _ := res.RowsAffected(); n == 1 {
			it.Revision++
			return &it, s.record(ctx, tx, itemEvent("exam.item.edit", &it, nil))
		}
		// A paper used it meanwhile: a new version after all.
	}
	it.Version, it.Revision, it.UsedAt, it.CreatedAt = cur.Version+1, 1, nil, sqldb.Now(s.now())
	if err := insertVersion(ctx, tx, &it); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE exam_items SET current_version = $1 WHERE id = $2`, it.Version, it.ID); err != nil {
		return nil, sqldb.Translate(err, "set current version")
	}
	return &it, s.record(ctx, tx, itemEvent("exam.item.version", &it, map[string]any{"previous_version_id": cur.VersionID}))
}

const itemColumns = `v.id, v.item_id, v.version, v.revision, i.bank_id, v.subtest, v.stem, v.image_sha256, v.options, v.answer_key,
v.weights, v.created_at, v.used_at FROM exam_items i JOIN exam_item_versions v ON v.item_id = i.id`

// FindItem returns an item's current version. Errors: not_found
// (ErrItemNotFound).
func (s *Service) FindItem(ctx context.Context, itemID int64) (*Item, error) {
	return findItem(ctx, s.db.R, itemID)
}

func findItem(ctx context.Context, q sqldb.Querier, itemID int64) (*Item, error) {
	its, err := queryItems(ctx, q, `SELECT `+itemColumns+` AND v.version = i.current_version WHERE i.id = $1`, itemID)
	if err != nil {
		return nil, err
	}
	if len(its) == 0 {
		return nil, ErrItemNotFound
	}
	return &its[0], nil
}

// ItemVersions returns every version of an item, oldest first. Errors:
// not_found (ErrItemNotFound).
func (s *Service) ItemVersions(ctx context.Context, itemID int64) ([]Item, error) {
	its, err := queryItems(ctx, s.db.R, `SELECT `+itemColumns+` WHERE i.id = $1 ORDER BY v.version`, itemID)
	if err == nil && len(its) == 0 {
		return nil, ErrItemNotFound
	}
	return its, err
}

// BankItems returns the current version of every item of a bank, by item
// ID: what Draw draws from. Errors: not_found (ErrBankNotFound).
func (s *Service) BankItems(ctx context.Context, bankID int64) ([]Item, error) {
	if _, err := findBank(ctx, s.db.R, bankID); err != nil {
		return nil, err
	}
	return queryItems(ctx, s.db.R, `SELECT `+itemColumns+` AND v.version = i.current_version WHERE i.bank_id = $1 ORDER BY i.id`, bankID)
}

// FindItemVersions returns the item versions with the given IDs (a
// paper's), in the order asked; an ID that names no version is left out.
func (s *Service) FindItemVersions(ctx context.Context, versionIDs []int64) ([]Item, error) {
	byID := make(map[int64]Item, len(versionIDs))
	for start := 0; start < len(versionIDs); start += 500 {
		chunk := versionIDs[start:min(start+500, len(versionIDs))]
		its, err := queryItems(ctx, s.db.R, `SELECT `+itemColumns+` WHERE v.id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...)
		if err != nil {
			return nil, err
		}
		for _, it := range its {
			byID[it.VersionID] = it
		}
	}
	out := make([]Item, 0, len(versionIDs))
	for _, id := range versionIDs {
		if it, ok := byID[id]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}

func placeholders(n int) string { return shifted(n, 0) }

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func queryItems(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]Item, error) {
	var out []Item
	err := sqldb.RunQuery(ctx, q, query, func(r *sql.Rows) error {
		var it Item
		var image sql.NullString
		var used sql.NullTime
		var opts, weights string
		if err := r.Scan(&it.VersionID, &it.ID, &it.Version, &it.Revision, &it.BankID, &it.Subtest, &it.Stem, &image, &opts, &it.Key, &weights,
			&it.CreatedAt, &used); err != nil {
			return err
		}
		it.Image = image.String
		if used.Valid {
			t := used.Time
			it.UsedAt = &t
		}
		if err := json.Unmarshal([]byte(opts), &it.Options); err != nil {
			return err
		}
		if weights != "" {
			if err := json.Unmarshal([]byte(weights), &it.Weights); err != nil {
				return err
			}
		}
		out = append(out, it)
		return nil
	}, args...)
	return out, sqldb.Translate(err, "find items")
}

// MarkUsed marks the item versions of a paper as used, inside the
// transaction that stores the paper (a version used before keeps its first
// time). From then on those versions never change. Errors: conflict
// (ErrItemChanged: a version was edited since the paper was drawn; draw
// again).
func (s *Service) MarkUsed(ctx context.Context, tx *sqldb.Tx, p *Paper) error {
	at := sqldb.Now(s.now())
	seen := map[int64]bool{}
	var items []PaperItem
	for _, it := range p.Items {
		if !seen[it.VersionID] {
			seen[it.VersionID] = true
			items = append(items, it)
		}
	}
	for start := 0; start < len(items); start += 200 {
		chunk := items[start:min(start+200, len(items))]
		args := []any{at}
		var where strings.Builder
		for i, it := range chunk {
			if i > 0 {
				where.WriteString(" OR ")
			}
			fmt.Fprintf(&where, "(id = $%d AND revision = $%d)", len(args)+1, len(args)+2)
			args = append(args, it.VersionID, it.Revision)
		}
		res, err := tx.ExecContext(ctx, `UPDATE exam_item_versions SET used_at = COALESCE(used_at, $1) WHERE `+where.String(), args...)
		if err != nil {
			return sqldb.Translate(err, "mark items used")
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return ErrItemChanged
		}
	}
	return nil
}

// shifted is placeholders $k+1 … $k+n.
func shifted(n, k int) string {
	b := make([]byte, 0, n*4)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b = append(b, ',')
		}
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(i+k), 10)
	}
	return string(b)
}

// CreateBlueprint checks and stores a blueprint and records
// exam.blueprint.create. Errors: invalid.
func (s *Service) CreateBlueprint(ctx context.Context, b Blueprint) (*Blueprint, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		_, err := s.insertBlueprint(ctx, tx, &b)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// insertBlueprint stores a checked blueprint, records
// exam.blueprint.create and sets b.ID and b.CreatedAt.
func (s *Service) insertBlueprint(ctx context.Context, tx *sqldb.Tx, b *Blueprint) (int64, error) {
	b.CreatedAt = sqldb.Now(s.now())
	parts, _ := json.Marshal(b.Parts)
	passing := ""
	if b.Passing != nil {
		p, _ := json.Marshal(b.Passing)
		passing = string(p)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO exam_blueprints (name, parts, minutes, extra_minutes, passing, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, b.Name, string(parts), b.Minutes, b.ExtraMinutes, passing, b.CreatedAt).Scan(&b.ID)
	if err != nil {
		return 0, sqldb.Translate(err, "insert blueprint")
	}
	return b.ID, s.record(ctx, tx, audit.Event{Action: "exam.blueprint.create", ObjectType: "exam_blueprint",
		ObjectID: strconv.FormatInt(b.ID, 10), Data: map[string]any{"name": b.Name, "parts": b.Parts, "minutes": b.Minutes,
			"extra_minutes": b.ExtraMinutes, "passing": b.Passing}})
}

// FindBlueprints returns every blueprint, newest first.
func (s *Service) FindBlueprints(ctx context.Context) ([]*Blueprint, error) {
	return queryBlueprints(ctx, s.db.R, `SELECT `+blueprintColumns+` ORDER BY id DESC`)
}

const blueprintColumns = `id, name, parts, minutes, extra_minutes, passing, created_at FROM exam_blueprints`

// FindBlueprint returns a blueprint. Errors: not_found
// (ErrBlueprintNotFound).
func (s *Service) FindBlueprint(ctx context.Context, id int64) (*Blueprint, error) {
	bs, err := queryBlueprints(ctx, s.db.R, `SELECT `+blueprintColumns+` WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, ErrBlueprintNotFound
	}
	return bs[0], nil
}

func queryBlueprints(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]*Blueprint, error) {
	var out []*Blueprint
	err := sqldb.RunQuery(ctx, q, query, func(r *sql.Rows) error {
		var x Blueprint
		var parts, passing string
		if err := r.Scan(&x.ID, &x.Name, &parts, &x.Minutes, &x.ExtraMinutes, &passing, &x.CreatedAt); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(parts), &x.Parts); err != nil {
			return err
		}
		if passing != "" {
			x.Passing = &Passing{}
			if err := json.Unmarshal([]byte(passing), x.Passing); err != nil {
				return err
			}
		}
		out = append(out, &x)
		return nil
	}, args...)
	return out, sqldb.Translate(err, "find blueprints")
}

// zeroNull is id, or SQL NULL for 0.
func zeroNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
