package recruitment

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/idnum"
	"asnpro/internal/report"
	"asnpro/internal/textcheck"
)

// The rows of an SSCASN export, parsed and checked column by column
// before anything is looked up in the database.

var regNoRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z./-]{3,39}$`)

// parseBirthDate reads YYYY-MM-DD or DD-MM-YYYY (also with "/").
func parseBirthDate(s string) (time.Time, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "/", "-")
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDecision reads MS/TMS (or the words SSCASN writes).
func parseDecision(s string) string {
	switch strings.ToUpper(strings.Join(strings.Fields(s), " ")) {
	case "MS", "MEMENUHI SYARAT":
		return "MS"
	case "TMS", "TIDAK MEMENUHI SYARAT":
		return "TMS"
	}
	return ""
}

// applicantHeader maps each column of the export to its index: every
// column once, in any order, without case. Errors: invalid.
func applicantHeader(header []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[k]; dup && k != "" {
			return nil, apperr.E(apperr.Invalid, "recruitment.import.column_twice", "column", k)
		}
		col[k] = i
	}
	var missing []string
	for _, c := range ApplicantColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, apperr.E(apperr.Invalid, "recruitment.import.columns_missing", "columns", strings.Join(missing, ", "),
			"header", strings.Join(ApplicantColumns, ","))
	}
	return col, nil
}

// importRef is what the rows are checked against: the period's
// formations by code and the education reference list by code (both
// lower-case).
type importRef struct {
	formations map[string]*Formation
	education  map[string]EducationRef
}

// rowParser checks the data rows of one export.
type rowParser struct {
	col map[string]int
	ref importRef
	// requirements lists what a TMS reason may name for a formation.
	requirements     func(f *Formation) []string
	now              time.Time
	seenNIK, seenReg map[string]int
	bad              *report.Problems
}

// rowCheck is one row being checked: its cells and whether it is still
// without problems.
type rowCheck struct {
	p  *rowParser
	r  Row
	ok bool
}

// get is the trimmed cell of column c.
func (c *rowCheck) get(col string) string {
	if i := c.p.col[col]; i < len(c.r.Fields) {
		return strings.TrimSpace(c.r.Fields[i])
	}
	return ""
}

// fail reports a problem of column col.
func (c *rowCheck) fail(col, key string, args ...any) {
	c.p.bad.Add(c.r.Line, col, key, args...)
	c.ok = false
}

// parse checks every data row; the rows without problems are returned,
// the problems go to the parser's report.
func (p *rowParser) parse(rows []Row) []*sscasnRow {
	parsed := make([]*sscasnRow, 0, len(rows))
	for _, r := range rows {
		if x, ok := p.row(r); ok {
			parsed = append(parsed, x)
		}
	}
	return parsed
}

// row checks one data row, column by column.
func (p *rowParser) row(r Row) (*sscasnRow, bool) {
	c := &rowCheck{p: p, r: r, ok: true}
	x := &sscasnRow{line: r.Line, regNo: c.get("no_peserta"), nik: c.get("nik"), name: strings.Join(strings.Fields(c.get("nama")), " "),
		place: c.get(
			"tempat_lahir",
		), email: strings.ToLower(c.get("email")), phone: strings.NewReplacer(" ", "", "-", "").Replace(c.get("no_hp")),
		formCode: c.get("kode_formasi")}
	p.checkRegNo(c, x)
	checkNames(c, x)
	p.checkPerson(c, x)
	checkContact(c, x)
	p.checkEducation(c, x)
	checkIPK(c, x)
	p.checkDecision(c, x)
	return x, c.ok
}

// checkRegNo: no_peserta is well formed and once in the file.
func (p *rowParser) checkRegNo(c *rowCheck, x *sscasnRow) {
	if !regNoRE.MatchString(x.regNo) {
		c.fail("no_peserta", "recruitment.import.regno_required")
	} else if prev, dup := p.seenReg[x.regNo]; dup {
		c.fail("no_peserta", "recruitment.import.regno_twice", "number", x.regNo, "line", prev)
	} else {
		p.seenReg[x.regNo] = x.line
	}
}

// checkNames: the name and the place of birth are clean text of a
// bounded length.
func checkNames(c *rowCheck, x *sscasnRow) {
	if v, p := textcheck.Clean(x.name, textcheck.Name); p != nil {
		c.fail("nama", p.Key)
	} else if x.name = v; x.name == "" || len(x.name) > 150 {
		c.fail("nama", "recruitment.import.name_required")
	}
	if v, p := textcheck.Clean(x.place, textcheck.Name); p != nil {
		c.fail("tempat_lahir", p.Key)
	} else if x.place = v; x.place == "" || len(x.place) > 100 {
		c.fail("tempat_lahir", "recruitment.import.place_required")
	}
}

// checkPerson: the birth date, the gender and the NIK, which must agree
// with both (or at least be a NIK when either is wrong), once in the file.
func (p *rowParser) checkPerson(c *rowCheck, x *sscasnRow) {
	birth, bok := parseBirthDate(c.get("tanggal_lahir"))
	if !bok {
		c.fail("tanggal_lahir", "recruitment.import.birth_date", "value", c.get("tanggal_lahir"))
	} else {
		x.birth = birth.Format(time.DateOnly)
	}
	g, gerr := idnum.ParseGender(c.get("jenis_kelamin"))
	if gerr != nil || (g != idnum.Male && g != idnum.Female) {
		c.fail("jenis_kelamin", "recruitment.import.gender")
	} else {
		x.gender = g.String()
	}
	var err error
	if bok && x.gender != "" {
		_, err = idnum.CheckNIK(x.nik, birth, g, p.now)
	} else {
		_, err = idnum.ParseNIK(x.nik, p.now)
	}
	if err != nil {
		m := idnumMsg(err)
		c.fail("nik", m.Key, m.Args...)
	}
	if prev, dup := p.seenNIK[x.nik]; dup && x.nik != "" {
		c.fail("nik", "recruitment.import.nik_twice", "nik", x.nik, "line", prev)
	} else if x.nik != "" {
		p.seenNIK[x.nik] = x.line
	}
}

// checkContact: the e-mail address and an Indonesian mobile number (a
// number cell that lost its leading zero gets it back).
func checkContact(c *rowCheck, x *sscasnRow) {
	if _, p := textcheck.Email(x.email); p != nil {
		c.fail("email", "recruitment.import.email")
	}
	if strings.HasPrefix(x.phone, "8") {
		x.phone = "0" + x.phone
	}
	if !phoneRE.MatchString(x.phone) {
		c.fail("no_hp", "recruitment.import.phone")
	}
}

// checkEducation: the formation of the period, the level and the
// education code of the reference list, of that level.
func (p *rowParser) checkEducation(c *rowCheck, x *sscasnRow) {
	x.formation = p.ref.formations[strings.ToLower(x.formCode)]
	if x.formation == nil {
		c.fail("kode_formasi", "recruitment.import.formation", "code", x.formCode)
	}
	lv := c.get("pendidikan")
	for _, l := range Levels {
		if strings.EqualFold(l, lv) {
			x.level = l
		}
	}
	if x.level == "" {
		c.fail("pendidikan", "recruitment.import.level", "level", lv, "levels", strings.Join(Levels, ", "))
	}
	ref, known := p.ref.education[strings.ToLower(c.get("kode_pendidikan"))]
	if !known {
		c.fail("kode_pendidikan", "recruitment.import.education", "code", c.get("kode_pendidikan"))
		return
	}
	x.major = ref.Code
	if x.level != "" && ref.Level != x.level {
		c.fail("kode_pendidikan", "recruitment.import.education_level", "code", ref.Code, "its", ref.Level, "level", x.level)
	}
}

// checkIPK: an IPK of 0.00–4.00, or for SMA an average of 0–100; empty is
// allowed.
func checkIPK(c *rowCheck, x *sscasnRow) {
	v := c.get("ipk")
	if v == "" {
		return
	}
	h, err := ParseIPK(v)
	limit := 400
	if x.level == "SMA" {
		limit = 10000 // the SMA average, 0–100
	}
	if err != nil || h > limit {
		c.fail("ipk", "recruitment.import.ipk", "value", v)
		return
	}
	x.ipk = &h
}

// checkDecision: MS without reasons, or TMS with at least one reason
// "requirement: note" naming a requirement of the formation, each once.
func (p *rowParser) checkDecision(c *rowCheck, x *sscasnRow) {
	x.decision = parseDecision(c.get("status_verifikasi"))
	reasons := c.get("alasan_tms")
	switch x.decision {
	case "":
		c.fail("status_verifikasi", "recruitment.import.decision", "value", c.get("status_verifikasi"))
	case "MS":
		if reasons != "" {
			c.fail("alasan_tms", "recruitment.import.ms_reasons")
		}
	case "TMS":
		if reasons == "" {
			c.fail("alasan_tms", "recruitment.import.tms_reasons")
		} else {
			p.checkReasons(c, x, reasons)
		}
	}
}

// checkReasons reads the "|"-separated reasons of a TMS.
func (p *rowParser) checkReasons(c *rowCheck, x *sscasnRow, reasons string) {
	var allowed []string
	if x.formation != nil && p.requirements != nil {
		allowed = p.requirements(x.formation)
	}
	seen := map[string]bool{}
	for i, part := range strings.Split(reasons, "|") {
		req, note, found := strings.Cut(part, ":")
		req, note = strings.ToLower(strings.TrimSpace(req)), strings.TrimSpace(note)
		switch {
		case !found || note == "":
			c.fail("alasan_tms", "recruitment.import.reason_form", "n", i+1)
		case utf8.RuneCountInString(note) > 1000:
			c.fail("alasan_tms", "recruitment.import.reason_long", "n", i+1)
		case x.formation != nil && !contains(allowed, req):
			c.fail("alasan_tms", "recruitment.import.reason_unknown", "requirement", req, "allowed", strings.Join(allowed, ", "))
		case seen[req]:
			c.fail("alasan_tms", "recruitment.import.reason_twice", "requirement", req)
		default:
			seen[req] = true
			x.reasons = append(x.reasons, ImportReason{Requirement: req, Note: note})
		}
	}
}
