package exam

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// ItemColumns is the header of an item file (CSV or XLSX), in this order.
// key is A–E for a keyed item (TWK, TIU, a keyed SKB field) and empty for a
// weighted one; weights are the five options' weights, A to E, separated by
// ";" (TKP, a weighted SKB field) and empty for a keyed item.
var ItemColumns = []string{"subtest", "stem", "option_a", "option_b", "option_c", "option_d", "option_e", "key", "weights"}

// ItemTemplate is the downloadable example of an item file.
const ItemTemplate = "subtest,stem,option_a,option_b,option_c,option_d,option_e,key,weights\n" +
	"TWK,Pancasila sebagai dasar negara tercantum dalam …,Pembukaan UUD 1945 alinea keempat,Batang tubuh UUD 1945," +
	"Ketetapan MPR,Undang-Undang,Peraturan Pemerintah,A,\n" +
	"TIU,\"2, 4, 8, 16, … Bilangan berikutnya adalah\",18,24,30,32,64,D,\n" +
	"TKP,Rekan kerja meminta bantuan saat Anda sibuk. Sikap Anda …,Menolak,Membantu setelah pekerjaan selesai," +
	"Membantu sebagian,Mengatur waktu agar keduanya selesai,Menyuruhnya bertanya ke orang lain,,1;3;4;5;2\n"

// MaxItemFile bounds an uploaded item file.
const MaxItemFile = 10 << 20

// maxImportRows bounds the items of one file.
const maxImportRows = 10_000

// Row is one data row of an import with its physical line.
type Row struct {
	Line   int
	Fields []string
}

// ReadItemFile reads an item file (CSV or XLSX, told apart by content) into
// its header and rows, each row with its physical line. Errors:
// *apperr.Error (too_large, unsupported_media_type, invalid).
func ReadItemFile(r io.Reader, name string) ([]string, []Row, error) {
	t, err := report.ReadTableLimits(r, name,
		report.ReadLimits{MaxBytes: MaxItemFile, MaxUncompressed: 4 * MaxItemFile, MaxRows: maxImportRows + 1, MaxCols: 50})
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		return nil, nil, apperr.E(apperr.Invalid, "exam.import.no_header")
	}
	var rows []Row
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			return header, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, Row{Line: line, Fields: row})
	}
}

// ImportItems adds every item of a file to a bank in one transaction: if
// any row is wrong, nothing is stored and the error names each bad row and
// column (the first 100, with the count of all). The header must be
// ItemColumns. Records exam.item.import (and exam.item.create per item).
// Errors: not_found (ErrBankNotFound), invalid (with the row report).
func (s *Service) ImportItems(ctx context.Context, bankID int64, header []string, rows []Row) (int, error) {
	if err := itemHeader(header); err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, apperr.E(apperr.Invalid, "exam.import.empty")
	}
	bad := &report.Problems{Column: columnOf}
	type parsed struct {
		line int
		in   ItemInput
	}
	var ps []parsed
	for _, r := range rows {
		if in, ok := parseItemRow(r, bad); ok {
			ps = append(ps, parsed{r.Line, in})
		}
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findBank(ctx, tx, bankID); err != nil {
			return err
		}
		for _, p := range ps {
			it, err := s.insertItem(ctx, tx, bankID, p.in)
			if err != nil {
				return err
			}
			if err := s.record(ctx, tx, itemEvent("exam.item.create", it, nil)); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, audit.Event{Action: "exam.item.import", ObjectType: "exam_bank",
			ObjectID: strconv.FormatInt(bankID, 10), Data: map[string]any{"items": len(ps)}})
	})
	if err != nil {
		return 0, err
	}
	return len(ps), nil
}

// itemHeader checks the header row: ItemColumns, in order.
func itemHeader(header []string) error {
	if len(header) != len(ItemColumns) {
		return apperr.E(apperr.Invalid, "exam.import.header", "columns", strings.Join(ItemColumns, ","))
	}
	for i, h := range header {
		if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) != ItemColumns[i] {
			return apperr.E(apperr.Invalid, "exam.import.header_column", "n", i+1, "got", h, "want", ItemColumns[i])
		}
	}
	return nil
}

// parseItemRow reads and checks one row; its problems go to bad.
func parseItemRow(r Row, bad *report.Problems) (ItemInput, bool) {
	get := func(i int) string {
		if i < len(r.Fields) {
			return r.Fields[i]
		}
		return ""
	}
	in := ItemInput{Subtest: get(0), Stem: get(1), Key: get(7)}
	for i := range in.Options {
		in.Options[i] = get(2 + i)
	}
	ok := true
	if w := strings.TrimSpace(get(8)); w != "" {
		parts := strings.Split(w, ";")
		if len(parts) != NumOptions {
			bad.Add(r.Line, "weights", "exam.import.weights", "value", w)
			ok = false
		} else {
			for i, p := range parts {
				n, err := strconv.Atoi(strings.TrimSpace(p))
				if err != nil {
					bad.Add(r.Line, "weights", "exam.import.weights", "value", w)
					ok = false
					break
				}
				in.Weights[i] = n
			}
		}
	}
	if !ok {
		return in, false
	}
	if err := in.Validate(); err != nil {
		bad.AddError(r.Line, "", apperr.As(err))
		return in, false
	}
	return in, true
}

// columnOf is the file's column of a field of ItemInput.Validate.
func columnOf(field string) string {
	if l, ok := strings.CutPrefix(field, "options."); ok {
		return "option_" + strings.ToLower(l)
	}
	return field
}

// ItemRow is an item as a row of ItemColumns.
func ItemRow(in *ItemInput) []string {
	return []string{in.Subtest, in.Stem, in.Options[0], in.Options[1], in.Options[2], in.Options[3], in.Options[4], in.Key, in.WeightsText()}
}

// ItemTemplateRows are the example rows of the downloadable template.
func ItemTemplateRows() [][]string {
	_, rows, err := ReadItemFile(strings.NewReader(ItemTemplate), "template")
	if err != nil {
		panic(err) // the template is a constant
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.Fields
	}
	return out
}

// WriteItemFile writes a header of ItemColumns and rows as CSV ("csv": a
// UTF-8 BOM, cells made safe by csvsafe) or XLSX ("xlsx"). Errors: invalid
// (another format).
func WriteItemFile(w io.Writer, format string, rows [][]string) error {
	err := report.WriteTable(w, format, "Soal", ItemColumns, rows)
	if errors.Is(err, report.ErrTableFormat) {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("exam.import.format")})
	}
	return err
}
