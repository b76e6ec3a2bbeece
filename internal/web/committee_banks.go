package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
)

// The committee's question banks (/panitia/bank, /panitia/soal): banks,
// their items one by one or from a file, and item edits (a used item's
// edit becomes a new version). Every change goes through one exam service
// method, which records its audit event; the pages read forms, call it,
// and show its errors beside their fields.

// bankPurposes are the purposes a bank may have, in the order the form offers them.
var bankPurposes = []string{exam.PurposePractice, exam.PurposeSelection}

// itemsPerPage is how many items a bank's page lists at once.
const itemsPerPage = 100

// bankFlashes are the messages a redirect to a bank page may carry (?ok=…).
var bankFlashes = map[string]string{
	"bank": "banks.flash.bank", "item": "banks.flash.item", "imported": "banks.flash.imported",
	"edited": "banks.flash.edited", "version": "banks.flash.version", "blueprint": "banks.flash.blueprint",
}

func bankFlash(r *http.Request) string {
	k, ok := bankFlashes[r.URL.Query().Get("ok")]
	if !ok {
		return ""
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	return T(langOf(r), k, "n", n)
}

func bankPath(id int64) string { return "/panitia/bank/" + strconv.FormatInt(id, 10) }

func itemPath(id int64) string { return "/panitia/soal/" + strconv.FormatInt(id, 10) }

// renamed is err with its field keys renamed by name (the domain's keys
// to the form's inputs); other errors as they are.
func renamed(err error, name func(string) string) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.FieldMsgs) == 0 {
		return err
	}
	cp := *ae
	cp.FieldMsgs = make(map[string]apperr.Msg, len(ae.FieldMsgs))
	for k, m := range ae.FieldMsgs {
		cp.FieldMsgs[name(k)] = m
	}
	return &cp
}

// --- /panitia/bank: the banks, and a new one ---

// bankForm is the bank form as typed.
type bankForm struct {
	Name, Purpose, PeriodID string
}

// bankView is a bank with its item counts and the name of the period that owns it.
type bankView struct {
	*exam.Bank
	Counts []exam.SubtestCount
	Items  int
	Period string
}

type committeeBanksData struct {
	Banks    []bankView
	Form     bankForm
	Fields   map[string]string
	Error    string
	Flash    string
	Purposes []string
	Periods  []*recruitment.Period
	// BlueprintsHref is the blueprints page, "" when the user may not open it.
	BlueprintsHref string
}

var bankInputs = []string{"name", "purpose", "period_id"}

// committeeBanksPage: GET /panitia/bank — every bank with its items per
// sub-test, and the form that creates one.
func (s *Server) committeeBanksPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteeBanks(w, r, http.StatusOK, committeeBanksData{Form: bankForm{Purpose: exam.PurposePractice}})
}

func (s *Server) renderCommitteeBanks(w http.ResponseWriter, r *http.Request, status int, d committeeBanksData) error {
	ctx := r.Context()
	banks, err := s.exam.FindBanks(ctx)
	if err != nil {
		return err
	}
	counts, err := s.exam.ItemCounts(ctx)
	if err != nil {
		return err
	}
	if d.Periods, err = s.rec.FindPeriods(ctx, true); err != nil {
		return err
	}
	names := map[int64]string{}
	for _, p := range d.Periods {
		names[p.ID] = p.Name
	}
	for _, b := range banks {
		d.Banks = append(d.Banks, s.bankViewOf(b, counts[b.ID], names))
	}
	d.Purposes = bankPurposes
	if d.Flash == "" {
		d.Flash = bankFlash(r)
	}
	if s.may(identity.PrincipalFrom(r.Context()), "GET /panitia/cetak-biru") {
		d.BlueprintsHref = "/panitia/cetak-biru"
	}
	return s.render(w, r, status, "committee_banks", "banks.title", d)
}

func (s *Server) bankViewOf(b *exam.Bank, counts []exam.SubtestCount, periods map[int64]string) bankView {
	v := bankView{Bank: b, Counts: counts}
	for _, c := range counts {
		v.Items += c.Items
	}
	if b.PeriodID != nil {
		v.Period = periods[*b.PeriodID]
	}
	return v
}

// committeeBankCreateSubmit: POST /panitia/bank — creates a bank → 303 to
// its page; errors beside their fields.
func (s *Server) committeeBankCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := bankForm{Name: r.PostFormValue("name"), Purpose: strings.TrimSpace(r.PostFormValue("purpose")),
		PeriodID: strings.TrimSpace(r.PostFormValue("period_id"))}
	n := exam.NewBank{Name: f.Name, Purpose: f.Purpose}
	var err error
	if f.PeriodID != "" {
		id, perr := strconv.ParseInt(f.PeriodID, 10, 64)
		if perr != nil {
			err = apperr.InvalidMsgs(map[string]apperr.Msg{"period_id": apperr.M("exam.bank.period")})
		}
		n.PeriodID = &id
	}
	var b *exam.Bank
	if err == nil {
		b, err = s.exam.CreateBank(r.Context(), n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, bankInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeBanks(w, r, status, committeeBanksData{Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, bankPath(b.ID)+"?ok=bank", http.StatusSeeOther)
	return nil
}

// --- the item form, shared by a bank's page (a new item) and an item's page (an edit) ---

// itemForm is the item form as typed: the options and weights A–E.
type itemForm struct {
	Subtest, Stem, Key string
	Options, Weights   [exam.NumOptions]string
	// Image is kept from the item edited; the form does not change it.
	Image string
}

// optionInput is one option's inputs, for the template.
type optionInput struct {
	Label, Name, Value, WeightName, Weight string
}

// Rows are the form's options, A–E, with their input names.
func (f itemForm) Rows() []optionInput {
	out := make([]optionInput, exam.NumOptions)
	for i, l := range exam.Labels {
		low := strings.ToLower(l)
		out[i] = optionInput{Label: l, Name: "option_" + low, Value: f.Options[i], WeightName: "weight_" + low, Weight: f.Weights[i]}
	}
	return out
}

// Labels are the keys the form offers: A–E.
func (f itemForm) Labels() []string { return exam.Labels[:] }

func itemFormOf(it *exam.Item) itemForm {
	f := itemForm{Subtest: it.Subtest, Stem: it.Stem, Key: it.Key, Options: it.Options, Image: it.Image}
	if it.Weights != [exam.NumOptions]int{} {
		for i, w := range it.Weights {
			f.Weights[i] = strconv.Itoa(w)
		}
	}
	return f
}

func readItemForm(r *http.Request) itemForm {
	f := itemForm{Subtest: strings.TrimSpace(r.PostFormValue("subtest")), Stem: r.PostFormValue("stem"),
		Key: strings.TrimSpace(r.PostFormValue("key"))}
	for i, l := range exam.Labels {
		low := strings.ToLower(l)
		f.Options[i] = r.PostFormValue("option_" + low)
		f.Weights[i] = strings.TrimSpace(r.PostFormValue("weight_" + low))
	}
	return f
}

// input is the form as the request AddItem and EditItem take: weights left
// blank are none (a keyed item); a weight that is not a number is refused.
func (f itemForm) input() (exam.ItemInput, error) {
	in := exam.ItemInput{Subtest: f.Subtest, Stem: f.Stem, Key: f.Key, Options: f.Options, Image: f.Image}
	e := formErrs{}
	for i, w := range f.Weights {
		e.int("weights", w, &in.Weights[i])
	}
	return in, e.err()
}

// itemInputs are the item form's inputs; a refused image (kept from the
// item edited, not typed) is told above the form.
var itemInputs = []string{"subtest", "stem", "option_a", "option_b", "option_c", "option_d", "option_e", "key", "weights"}

// itemInput is the form input of a domain field key: options.A → option_a.
func itemInput(k string) string {
	if l, ok := strings.CutPrefix(k, "options."); ok {
		return "option_" + strings.ToLower(l)
	}
	return k
}

// subtestChoices are the sub-tests the form suggests: the SKD's and the
// bank's SKB fields.
func subtestChoices(counts []exam.SubtestCount) []string {
	out := []string{exam.TWK, exam.TIU, exam.TKP}
	for _, c := range counts {
		if !exam.IsSKD(c.Subtest) {
			out = append(out, c.Subtest)
		}
	}
	return out
}

// --- /panitia/bank/{id}: a bank's items, a new item, an item file ---

// itemRow is an item as a bank's list shows it.
type itemRow struct {
	exam.Item
	Stem       string // shortened
	WeightText string // "1;3;4;5;2", "" for a keyed item
	Href       string
}

type committeeBankData struct {
	B        bankView
	Items    []itemRow
	Total    int    // items matching the filter
	Subtest  string // the filter ("": every sub-test)
	Filters  []subtestFilter
	AllHref  string
	Next     string
	Prev     string
	Form     itemForm
	Fields   map[string]string
	Error    string
	Flash    string
	Import   *importReport
	Subtests []string // suggested in the sub-test input
	Columns  string   // the item file's header
}

// subtestFilter is a link that lists one sub-test's items.
type subtestFilter struct {
	exam.SubtestCount
	Href    string
	Current bool
}

// stemShown is how much of a stem the list shows.
const stemShown = 160

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// committeeBankPage: GET /panitia/bank/{id}[?subtest=…&offset=…].
func (s *Server) committeeBankPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteeBank(w, r, http.StatusOK, nil)
}

func (s *Server) renderCommitteeBank(w http.ResponseWriter, r *http.Request, status int, edit func(*committeeBankData)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	b, err := s.exam.FindBank(ctx, id)
	if err != nil {
		return err
	}
	counts, err := s.exam.ItemCounts(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	if b.PeriodID != nil {
		p, err := s.rec.FindPeriodByID(ctx, *b.PeriodID, true)
		switch {
		case err == nil:
			names[p.ID] = p.Name
		case apperr.CodeOf(err) != apperr.NotFound:
			return err
		}
	}
	q := r.URL.Query()
	d := committeeBankData{B: s.bankViewOf(b, counts[id], names), Subtest: q.Get("subtest"), Flash: bankFlash(r),
		Subtests: subtestChoices(counts[id]), Columns: strings.Join(exam.ItemColumns, ","), AllHref: bankPath(id) + "#items"}
	off, _ := strconv.Atoi(q.Get("offset"))
	off = max(off, 0)
	its, total, err := s.exam.FindItems(ctx, id, exam.ItemFilter{Subtest: d.Subtest, Limit: itemsPerPage, Offset: off})
	if err != nil {
		return err
	}
	d.Total = total
	for _, it := range its {
		d.Items = append(d.Items, itemRow{Item: it, Stem: shorten(it.Stem, stemShown), WeightText: it.WeightsText(),
			Href: itemPath(it.ID)})
	}
	for _, c := range d.B.Counts {
		d.Filters = append(d.Filters, subtestFilter{SubtestCount: c, Current: c.Subtest == d.Subtest,
			Href: bankPath(id) + "?" + url.Values{"subtest": {c.Subtest}}.Encode() + "#items"})
	}
	page := func(o int) string {
		v := url.Values{"offset": {strconv.Itoa(o)}}
		if d.Subtest != "" {
			v.Set("subtest", d.Subtest)
		}
		return bankPath(id) + "?" + v.Encode() + "#items"
	}
	if off+itemsPerPage < total {
		d.Next = page(off + itemsPerPage)
	}
	if off > 0 {
		d.Prev = page(max(0, off-itemsPerPage))
	}
	if edit != nil {
		edit(&d)
	}
	return s.render(w, r, status, "committee_bank", "banks.bank.title", d)
}

// committeeItemCreateSubmit: POST /panitia/bank/{id}/soal — adds an item
// → 303 to the bank's page; errors beside their fields.
func (s *Server) committeeItemCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readItemForm(r)
	in, err := f.input()
	if err == nil {
		_, err = s.exam.AddItem(r.Context(), id, in)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renamed(err, itemInput), itemInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeBank(w, r, status, func(d *committeeBankData) { d.Form, d.Fields, d.Error = f, fields, msg })
	}
	http.Redirect(w, r, bankPath(id)+"?ok=item", http.StatusSeeOther)
	return nil
}

// committeeItemImportSubmit: POST /panitia/bank/{id}/impor — an item file
// (multipart "file", CSV or XLSX): all rows or none; a refused file is
// shown row by row and nothing changes → 303 or 422.
func (s *Server) committeeItemImportSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := limitBody(w, r, exam.MaxItemFile+1<<20); err != nil {
		return err
	}
	n, err := s.importItems(r, id)
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeBank(w, r, status, func(d *committeeBankData) { d.Import = rep })
	}
	http.Redirect(w, r, bankPath(id)+"?ok=imported&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

func (s *Server) importItems(r *http.Request, id int64) (int, error) {
	body, name, err := fileBody(r, "upload")
	if err != nil {
		return 0, err
	}
	header, rows, err := exam.ReadItemFile(body, name)
	if err != nil {
		return 0, tooLarge(err, "10 MB")
	}
	return s.exam.ImportItems(r.Context(), id, header, rows)
}

// apiItemTemplate: GET /api/v1/item-template?format=csv|xlsx — the example
// item file, with its header and one TWK, TIU and TKP item.
func (s *Server) apiItemTemplate(w http.ResponseWriter, r *http.Request) error {
	format, err := fileFormat(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := exam.WriteItemFile(&buf, format, exam.ItemTemplateRows()); err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="templat-soal.`+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// --- /panitia/soal/{id}: one item, its versions, and an edit ---

type committeeItemData struct {
	B        *exam.Bank
	It       *exam.Item
	Versions []exam.Item
	// NewVersion: the current version was used by a paper, so saving
	// stores version It.Version+1 and leaves this one as it is.
	NewVersion bool
	Form       itemForm
	Fields     map[string]string
	Error      string
	Flash      string
	Subtests   []string
}

// NextVersion is the version an edit of a used item makes.
func (d committeeItemData) NextVersion() int { return d.It.Version + 1 }

// committeeItemPage: GET /panitia/soal/{id}.
func (s *Server) committeeItemPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteeItem(w, r, http.StatusOK, nil)
}

func (s *Server) renderCommitteeItem(w http.ResponseWriter, r *http.Request, status int, edit func(*committeeItemData)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	it, err := s.exam.FindItem(ctx, id)
	if err != nil {
		return err
	}
	b, err := s.exam.FindBank(ctx, it.BankID)
	if err != nil {
		return err
	}
	vs, err := s.exam.ItemVersions(ctx, id)
	if err != nil {
		return err
	}
	counts, err := s.exam.ItemCounts(ctx)
	if err != nil {
		return err
	}
	d := committeeItemData{B: b, It: it, Versions: vs, NewVersion: it.UsedAt != nil, Form: itemFormOf(it), Flash: bankFlash(r),
		Subtests: subtestChoices(counts[b.ID])}
	if edit != nil {
		edit(&d)
	}
	return s.render(w, r, status, "committee_item", "banks.item.title", d)
}

// committeeItemSubmit: POST /panitia/soal/{id} — edits an item: in place
// while unused, as a new version once used → 303; errors beside their
// fields.
func (s *Server) committeeItemSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	cur, err := s.exam.FindItem(r.Context(), id)
	if err != nil {
		return err
	}
	f := readItemForm(r)
	f.Image = cur.Image
	in, err := f.input()
	var it *exam.Item
	if err == nil {
		it, err = s.exam.EditItem(r.Context(), id, in)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renamed(err, itemInput), itemInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeItem(w, r, status, func(d *committeeItemData) { d.Form, d.Fields, d.Error = f, fields, msg })
	}
	ok := "edited"
	if it.Version != cur.Version {
		ok = "version"
	}
	http.Redirect(w, r, itemPath(id)+"?ok="+ok+"&n="+strconv.Itoa(it.Version), http.StatusSeeOther)
	return nil
}
