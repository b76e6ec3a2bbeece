package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// bankPageSamples fills every part of the question bank and blueprint
// pages for TestEveryPageRenders: errors beside fields, an import report,
// a used item, a passing rule.
func bankPageSamples() map[string]any {
	now := time.Now()
	bank := &exam.Bank{ID: 3, Name: "Latihan <b>", Purpose: exam.PurposePractice, CreatedAt: now}
	counts := []exam.SubtestCount{{Subtest: exam.TWK, Items: 2}, {Subtest: "Teknis Komputer", Items: 1}}
	bv := bankView{Bank: bank, Counts: counts, Items: 3, Period: "CPNS 2026"}
	keyed := exam.Item{ID: 7, VersionID: 9, Version: 2, Revision: 1, BankID: 3, CreatedAt: now, UsedAt: &now,
		ItemInput: exam.ItemInput{Subtest: exam.TWK, Stem: "Pancasila <b>", Options: [5]string{"a", "b", "c", "d", "e"}, Key: "A"}}
	weighted := keyed
	weighted.ID, weighted.UsedAt = 8, nil
	weighted.ItemInput = exam.ItemInput{Subtest: exam.TKP, Stem: "Sikap", Options: keyed.Options, Weights: [5]int{1, 2, 3, 4, 5}}
	itemFields := map[string]string{"subtest": "Subtes", "stem": "Wajib", "option_c": "Wajib", "key": "Kunci", "weights": "Bobot"}
	rep := &importReport{Error: "Berkas ditolak", Rows: []importRow{{Line: 3, Column: "option_a", Message: "Wajib <1>"}}}
	skd := exam.SKD2024()
	skd.ID = 1
	bpForm := blueprintFormOf(skd)
	return map[string]any{
		"committee_banks": committeeBanksData{Banks: []bankView{bv, {Bank: bank}}, Form: bankForm{Name: "Admin <b>", Purpose: "x"},
			Fields: map[string]string{"name": "Wajib", "purpose": "Tujuan", "period_id": "Periode"}, Error: "Data tidak valid",
			Flash: "Dibuat", Purposes: bankPurposes, Periods: []*recruitment.Period{demoPeriod()}, BlueprintsHref: "/panitia/cetak-biru"},
		"committee_bank": committeeBankData{B: bv, Items: []itemRow{{Item: keyed, Stem: keyed.Stem, Href: "/panitia/soal/7"},
			{Item: weighted, Stem: "Sikap", WeightText: "1;2;3;4;5", Href: "/panitia/soal/8"}}, Total: 2, Subtest: exam.TWK,
			Filters: []subtestFilter{{SubtestCount: counts[0], Href: "/panitia/bank/3?subtest=TWK", Current: true}},
			AllHref: "/panitia/bank/3", Next: "/panitia/bank/3?offset=100", Prev: "/panitia/bank/3?offset=0",
			Form: itemFormOf(&weighted), Fields: itemFields, Error: "Data tidak valid", Flash: "Ditambahkan", Import: rep,
			Subtests: subtestChoices(counts), Columns: "subtest,stem"},
		"committee_item": committeeItemData{B: bank, It: &keyed, Versions: []exam.Item{keyed, weighted}, NewVersion: true,
			Form: itemFormOf(&keyed), Fields: itemFields, Error: "Data tidak valid", Flash: "Disimpan", Subtests: subtestChoices(nil)},
		"committee_blueprints": committeeBlueprintsData{Blueprints: []*exam.Blueprint{&skd, {ID: 2, Name: "SKB", Minutes: 60,
			Parts: []exam.Part{{Subtest: "Teknis", Count: 10}}}}, Form: bpForm,
			Fields: map[string]string{"name": "Wajib", "parts": "Subtes", "part_count_1": "Jumlah", "minutes": "Durasi",
				"extra_minutes": "Tambahan", "passing": "Ambang"},
			Error: "Data tidak valid", Flash: "Dibuat", Schemes: []string{"cpns-2024"}, PresetHref: "/panitia/cetak-biru?preset=skd-2024",
			BanksHref: "/panitia/bank"},
		"committee_stats": committeeStatsData{B: bv, Attempts: 4, Flagged: 1, From: "2026-01-01", To: "2026-12-31", BankHref: "/panitia/bank/3",
			Rows: []statRow{{ItemStat: exam.ItemStat{ItemID: 7, VersionID: 9, Subtest: exam.TWK, N: 4, Difficulty: 0.95, HasDiscrimination: true,
				Discrimination: 0.1}, Href: "/panitia/soal/7", Options: []int{4, 0, 0, 0, 0, 0}, Flags: []string{"terlalu mudah", "lemah"}}}},
	}
}

func goodBank() url.Values { return url.Values{"name": {"Latihan SKD 2027"}, "purpose": {"practice"}} }

func goodItem() url.Values {
	return url.Values{"subtest": {"TWK"}, "stem": {"Sila pertama Pancasila adalah …"}, "option_a": {"Ketuhanan Yang Maha Esa"},
		"option_b": {"Kemanusiaan"}, "option_c": {"Persatuan"}, "option_d": {"Kerakyatan"}, "option_e": {"Keadilan"}, "key": {"A"}}
}

func goodTKP() url.Values {
	v := with(with(goodItem(), "subtest", "TKP"), "key")
	for i, w := range []string{"1", "2", "3", "4", "5"} {
		v.Set("weight_"+strings.ToLower(exam.Labels[i]), w)
	}
	return v
}

func goodBlueprint() url.Values {
	return url.Values{"name": {"SKD Latihan"}, "part_subtest_0": {"TWK"}, "part_count_0": {"30"}, "part_subtest_1": {"TIU"},
		"part_count_1": {"35"}, "part_subtest_2": {"TKP"}, "part_count_2": {"45"}, "minutes": {"100"}, "extra_minutes": {"30"},
		"passing": {"cpns-2024"}}
}

// formCase is one bad input: the field whose message is checked, the
// message, and the form.
type formCase struct {
	name, field, want string
	form              url.Values
}

// bankEnv is a test server with a signed-in committee member, and the
// bank and items its steps make.
type bankEnv struct {
	s    *Server
	hs   *httptest.Server
	c    *http.Client
	ctx  context.Context
	bank *exam.Bank
	its  []exam.Item
}

// refused posts a bad form to path: 422, the message beside the field, and
// kept (what was typed) on the page.
func (e *bankEnv) refused(t *testing.T, path string, tc formCase, kept string) {
	t.Helper()
	status, _, body := postForm(t, e.c, e.hs.URL+path, tc.form)
	if status != 422 || fieldError(body, tc.field) != tc.want {
		t.Fatalf("%d, beside %s: %q, want %q", status, tc.field, fieldError(body, tc.field), tc.want)
	}
	if !strings.Contains(body, kept) {
		t.Fatalf("what was typed (%s) is not kept", kept)
	}
}

// TestBankFormsBadInput: each form of the question bank pages refuses a
// bad input with 422 and the message beside its field, in Indonesian,
// keeps what was typed, and stores nothing; then the good input is
// stored, and a used item's edit makes a new version.
func TestBankFormsBadInput(t *testing.T) {
	t.Parallel()
	s, hs := newTestServer(t)
	e := &bankEnv{s: s, hs: hs, c: committeeClient(t, hs), ctx: context.Background()}
	t.Run("new bank", e.newBank)
	if t.Failed() {
		t.FailNow()
	}
	t.Run("new item", e.newItem)
	t.Run("edit an item", e.editItem)
	t.Run("a used item's edit makes a new version", e.usedItem)
	t.Run("an item file with a bad row shows the row and stores nothing", e.importBadRow)
	t.Run("new blueprint", e.newBlueprint)
}

func (e *bankEnv) newBank(t *testing.T) {
	for _, tc := range []formCase{
		{"no name", "name", T(langID, "exam.bank.name", "max", 200), with(goodBank(), "name", " ")},
		{"unknown purpose", "purpose", T(langID, "exam.bank.purpose"), with(goodBank(), "purpose", "ujian")},
		{"a period that does not exist", "period_id", T(langID, "exam.bank.period"), with(goodBank(), "period_id", "999")},
		{"a period that is not a number", "period_id", T(langID, "exam.bank.period"), with(goodBank(), "period_id", "dua")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept := `value="Latihan SKD 2027"`
			if tc.field == "name" {
				kept = `id="name-error"`
			}
			e.refused(t, "/panitia/bank", tc, kept)
		})
	}
	t.Run("in English", func(t *testing.T) {
		en := committeeClient(t, e.hs) // its own: ?lang=en is remembered in a cookie
		status, _, body := postForm(t, en, e.hs.URL+"/panitia/bank?lang=en", with(goodBank(), "purpose", "ujian"))
		if want := T(langEN, "exam.bank.purpose"); status != 422 || fieldError(body, "purpose") != want {
			t.Fatalf("%d %q, want %q", status, fieldError(body, "purpose"), want)
		}
	})
	if bs, _ := e.s.exam.FindBanks(e.ctx); len(bs) != 0 {
		t.Fatalf("%d banks stored from refused forms", len(bs))
	}
	status, loc, _ := postForm(t, e.c, e.hs.URL+"/panitia/bank", goodBank())
	if status != 303 || !strings.HasSuffix(loc, "?ok=bank") {
		t.Fatalf("create bank: %d %q", status, loc)
	}
	bs, _ := e.s.exam.FindBanks(e.ctx)
	if len(bs) != 1 || bs[0].Name != "Latihan SKD 2027" || strings.TrimSuffix(loc, "?ok=bank") != bankPath(bs[0].ID) {
		t.Fatalf("banks %v, redirect %q", bs, loc)
	}
	e.bank = bs[0]
}

// itemCases are bad item forms; each keeps option A as typed.
var itemCases = []formCase{
	{"no question", "stem", T(langID, "exam.item.required"), with(goodItem(), "stem", "")},
	{"a question too long", "stem", T(langID, "exam.item.too_long", "max", 4000), with(goodItem(), "stem", strings.Repeat("a", 4001))},
	{"a lower-case sub-test", "subtest", T(langID, "exam.item.subtest"), with(goodItem(), "subtest", "twk")},
	{"option C empty", "option_c", T(langID, "exam.item.required"), with(goodItem(), "option_c", " ")},
	{"TWK without a key", "key", T(langID, "exam.item.key_needed"), with(goodItem(), "key", "")},
	{"TWK with weights", "weights", T(langID, "exam.item.keyed_subtest", "subtest", "TWK"), with(goodTKP(), "subtest", "TWK")},
	{"TKP with a key", "key", T(langID, "exam.item.weighted_subtest", "subtest", "TKP"), with(goodItem(), "subtest", "TKP")},
	{"TKP without a 5", "weights", T(langID, "exam.item.weight_top", "max", 5), with(goodTKP(), "weight_e", "4")},
	{"TKP with a weight of 6", "weights", T(langID, "exam.item.weight_range", "min", 1, "max", 5), with(goodTKP(), "weight_a", "6")},
	{"a weight that is not a number", "weights", T(langID, "panitia.number_bad"), with(goodTKP(), "weight_b", "dua")},
}

const optionAKept = "Ketuhanan Yang Maha Esa</textarea>"

func (e *bankEnv) newItem(t *testing.T) {
	for _, tc := range itemCases {
		t.Run(tc.name, func(t *testing.T) { e.refused(t, bankPath(e.bank.ID)+"/soal", tc, optionAKept) })
	}
	if _, n, _ := e.s.exam.FindItems(e.ctx, e.bank.ID, exam.ItemFilter{}); n != 0 {
		t.Fatalf("%d items stored from refused forms", n)
	}
	for _, v := range []url.Values{goodItem(), goodTKP()} {
		status, loc, _ := postForm(t, e.c, e.hs.URL+bankPath(e.bank.ID)+"/soal", v)
		if status != 303 || !strings.HasSuffix(loc, "?ok=item") {
			t.Fatalf("add item: %d %q", status, loc)
		}
	}
	e.its, _, _ = e.s.exam.FindItems(e.ctx, e.bank.ID, exam.ItemFilter{})
	if len(e.its) != 2 || e.its[1].Weights != [5]int{1, 2, 3, 4, 5} || e.its[0].Key != "A" {
		t.Fatalf("items %+v", e.its)
	}
}

func (e *bankEnv) editItem(t *testing.T) {
	if len(e.its) == 0 {
		t.Skip("no item")
	}
	for _, tc := range itemCases[:4] {
		t.Run(tc.name, func(t *testing.T) { e.refused(t, itemPath(e.its[0].ID), tc, optionAKept) })
	}
	if it, _ := e.s.exam.FindItem(e.ctx, e.its[0].ID); it.Revision != 1 || it.Stem != e.its[0].Stem {
		t.Fatalf("the item changed after refused edits: %+v", it)
	}
}

func (e *bankEnv) usedItem(t *testing.T) {
	if len(e.its) == 0 {
		t.Skip("no item")
	}
	it := e.its[0]
	p := &exam.Paper{Items: []exam.PaperItem{{ItemID: it.ID, VersionID: it.VersionID, Revision: it.Revision}}}
	if err := e.s.db.Write(e.ctx, func(tx *sqldb.Tx) error { return e.s.exam.MarkUsed(e.ctx, tx, p) }); err != nil {
		t.Fatal(err)
	}
	res, err := e.c.Get(e.hs.URL + itemPath(it.ID))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := T(langID, "banks.item.new_version", "version", 1, "next", 2); !strings.Contains(html.UnescapeString(string(b)), want) {
		t.Fatalf("the item page does not say an edit makes version 2")
	}
	status, loc, _ := postForm(t, e.c, e.hs.URL+itemPath(it.ID), with(goodItem(), "key", "B"))
	if status != 303 || !strings.HasSuffix(loc, "?ok=version&n=2") {
		t.Fatalf("edit: %d %q", status, loc)
	}
	vs, _ := e.s.exam.ItemVersions(e.ctx, it.ID)
	if len(vs) != 2 || vs[0].Key != "A" || vs[1].Key != "B" {
		t.Fatalf("versions %+v", vs)
	}
	if n := testkit.CountAudit(t, e.s.db, "exam.item.version"); n != 1 {
		t.Fatalf("%d exam.item.version events, want 1", n)
	}
}

func (e *bankEnv) importBadRow(t *testing.T) {
	csv := strings.Join(exam.ItemColumns, ",") + "\n" +
		"TIU,2 + 2 = …,3,4,5,6,7,B,\n" +
		"TKP,Sikap Anda …,a,b,c,d,e,,1;2;3;4\n"
	u := e.hs.URL + bankPath(e.bank.ID) + "/impor"
	status, body := uploadFile(t, e.c, u, "soal.csv", csv)
	if status != 422 || !strings.Contains(body, `<tr class="import-row" data-line="3"><td>3</td><td><code>weights</code>`) {
		t.Fatalf("%d %s", status, body)
	}
	_, before, _ := e.s.exam.FindItems(e.ctx, e.bank.ID, exam.ItemFilter{})
	if before != len(e.its) {
		t.Fatalf("%d items after a refused file, want the %d there were", before, len(e.its))
	}
	if status, body = uploadFile(t, e.c, u, "soal.csv", strings.Replace(csv, "1;2;3;4\n", "1;2;3;4;5\n", 1)); status != 303 {
		t.Fatalf("the fixed file: %d %s", status, body)
	}
	if _, n, _ := e.s.exam.FindItems(e.ctx, e.bank.ID, exam.ItemFilter{}); n != before+2 {
		t.Fatalf("%d items after the import, want %d", n, before+2)
	}
}

func (e *bankEnv) newBlueprint(t *testing.T) {
	noTKP := with(with(goodBlueprint(), "part_subtest_2"), "part_count_2")
	gap := with(with(with(goodBlueprint(), "part_subtest_1"), "part_count_1"), "part_subtest_2", "twk")
	noParts := goodBlueprint()
	for i := range 3 {
		noParts.Del("part_subtest_" + strconv.Itoa(i))
		noParts.Del("part_count_" + strconv.Itoa(i))
	}
	for _, tc := range []formCase{
		{"no name", "name", T(langID, "exam.blueprint.name", "max", 200), with(goodBlueprint(), "name", "")},
		{"a count that is not a number", "part_count_1", T(langID, "panitia.number_bad"), with(goodBlueprint(), "part_count_1", "dua")},
		{"a count of 0", "part_count_0", T(langID, "exam.blueprint.count", "max", 500), with(goodBlueprint(), "part_count_0", "0")},
		{"a sub-test twice", "part_subtest_2", T(langID, "exam.blueprint.part_twice", "subtest", "TWK"),
			with(goodBlueprint(), "part_subtest_2", "TWK")},
		{"a bad sub-test after an empty row", "part_subtest_2", T(langID, "exam.item.subtest"), gap},
		{"no part", "parts", T(langID, "exam.blueprint.parts", "max", 20), noParts},
		{"no minutes", "minutes", T(langID, "exam.blueprint.minutes", "max", 600), with(goodBlueprint(), "minutes", "0")},
		{"negative extra time", "extra_minutes", T(langID, "exam.blueprint.extra_minutes", "max", 600),
			with(goodBlueprint(), "extra_minutes", "-1")},
		{"a passing grade without TKP", "passing", T(langID, "exam.blueprint.passing_parts"), noTKP},
		{"grades above what the counts allow", "passing", T(langID, "exam.blueprint.grades"), with(goodBlueprint(), "part_count_0", "10")},
		{"an unknown passing rule", "passing", T(langID, "exam.blueprint.scheme", "schemes", "cpns-2024"),
			with(goodBlueprint(), "passing", "cpns-1999")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept := `value="SKD Latihan"`
			if tc.field == "name" {
				kept = `name="part_subtest_0" type="text" list="skd-subtests" maxlength="60" autocomplete="off" value="TWK"`
			}
			e.refused(t, "/panitia/cetak-biru", tc, kept)
		})
	}
	if bps, _ := e.s.exam.FindBlueprints(e.ctx); len(bps) != 0 {
		t.Fatalf("%d blueprints stored from refused forms", len(bps))
	}
	status, loc, _ := postForm(t, e.c, e.hs.URL+"/panitia/cetak-biru", goodBlueprint())
	if status != 303 || !strings.Contains(loc, "?ok=blueprint") {
		t.Fatalf("create blueprint: %d %q", status, loc)
	}
	bps, _ := e.s.exam.FindBlueprints(e.ctx)
	if len(bps) != 1 || bps[0].Passing == nil || bps[0].Passing.Grades["umum"].TIU != 80 || bps[0].Items() != 110 {
		t.Fatalf("blueprints %+v", bps)
	}
}

// TestBlueprintPresetAndTemplate: the SKD 2024 preset fills the form with
// exam.SKD2024, and the item template downloads as CSV and XLSX.
func TestBlueprintPresetAndTemplate(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t)
	c := committeeClient(t, hs)
	res, err := c.Get(hs.URL + "/panitia/cetak-biru?preset=skd-2024")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`name="part_count_0" type="number" min="1" max="500" inputmode="numeric" value="30"`,
		`name="part_subtest_2" type="text" list="skd-subtests" maxlength="60" autocomplete="off" value="TKP"`,
		`name="minutes" type="number" min="1" max="600" inputmode="numeric" required value="100"`, `<option value="cpns-2024" selected>`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the preset form has no %s", want)
		}
	}
	for _, tc := range []struct{ format, ctype, starts string }{
		{"csv", "text/csv; charset=utf-8", "\ufeffsubtest,stem,option_a"}, {"xlsx", "application/vnd.openxmlformats", "PK"}} {
		res, err := c.Get(hs.URL + "/api/v1/item-template?format=" + tc.format)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) || !strings.HasPrefix(string(b), tc.starts) {
			t.Errorf("%s template: %d %s %.20q", tc.format, res.StatusCode, res.Header.Get("Content-Type"), b)
		}
	}
}
