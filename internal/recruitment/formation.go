package recruitment

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/textcheck"
)

// Categories of a formation (DESIGN §6).
var Categories = []string{"umum", "cumlaude", "diaspora", "disabilitas", "papua", "tertinggal"}

// Levels of education, lowest first.
var Levels = []string{"SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3", "Profesi"}

// DocumentRule is a document a formation asks for.
type DocumentRule struct {
	Kind     string   `json:"kind"`
	Formats  []string `json:"formats"` // "pdf", "jpeg"
	MaxBytes int64    `json:"max_bytes"`
	Required bool     `json:"required"`
}

// KB is 1,024 bytes, as SSCASN counts them.
const KB = 1024

// DocumentPresets are the SSCASN 2024 limits (DESIGN §6).
var DocumentPresets = map[string]DocumentRule{
	"pas_foto":          {Kind: "pas_foto", Formats: []string{"jpeg"}, MaxBytes: 200 * KB, Required: true},
	"swafoto":           {Kind: "swafoto", Formats: []string{"jpeg"}, MaxBytes: 200 * KB, Required: true},
	"ktp":               {Kind: "ktp", Formats: []string{"jpeg"}, MaxBytes: 200 * KB, Required: true},
	"ijazah":            {Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 800 * KB, Required: true},
	"transkrip":         {Kind: "transkrip", Formats: []string{"pdf"}, MaxBytes: 500 * KB, Required: true},
	"surat_lamaran":     {Kind: "surat_lamaran", Formats: []string{"pdf"}, MaxBytes: 300 * KB, Required: true},
	"surat_pernyataan":  {Kind: "surat_pernyataan", Formats: []string{"pdf"}, MaxBytes: 300 * KB, Required: true},
	"surat_disabilitas": {Kind: "surat_disabilitas", Formats: []string{"pdf"}, MaxBytes: 500 * KB, Required: true},
}

// CategoryProofs are the attributes an application must carry for each
// category (the documents, when one is needed, are in the formation's list).
var CategoryProofs = map[string][]string{
	"umum":        nil,
	"cumlaude":    {"predikat_cumlaude", "akreditasi_prodi"},
	"diaspora":    {"negara_domisili"},
	"disabilitas": {"jenis_disabilitas"},
	"papua":       {"asal_papua"},
	"tertinggal":  {"daerah_tertinggal"},
}

// Major is an accepted education qualification (kode pendidikan).
type Major struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Formation is a position × unit × quota × requirements within a period.
type Formation struct {
	ID             int64
	PeriodID       int64
	Code           string
	Position       string
	Unit           string
	EmploymentType string
	Quota          int
	Category       string
	Levels         []string
	Majors         []Major
	MinIPK         *int // hundredths: 300 = 3.00
	AgeMin, AgeMax int
	Documents      []DocumentRule
	Proofs         []string
	Submitted      int // submitted applications
}

// Document returns the rule for kind, if the formation asks for it.
func (f *Formation) Document(kind string) (DocumentRule, bool) {
	for _, d := range f.Documents {
		if d.Kind == kind {
			return d, true
		}
	}
	return DocumentRule{}, false
}

// NewFormation is what AddFormation takes (JSON from the API or a row of an import).
type NewFormation struct {
	Code           string
	Position       string
	Unit           string
	EmploymentType string
	Quota          int
	Category       string
	Education      struct {
		Levels []string
		Majors []string // codes from the reference list
	}
	MinIPK    *float64
	AgeMin    int
	AgeMax    int
	Documents []DocumentRule // empty: the SSCASN presets
}

func (n *NewFormation) validate() (minIPK *int, err error) {
	f := fieldMsgs{}
	n.validateNames(f)
	if n.EmploymentType == "" {
		n.EmploymentType = "PNS"
	}
	if n.Quota < 1 || n.Quota > 10000 {
		f.set("quota", "recruitment.formation.quota")
	}
	if n.Category == "" {
		n.Category = "umum"
	}
	if !contains(Categories, n.Category) {
		f.set("category", "recruitment.formation.category", "categories", strings.Join(Categories, ", "))
	}
	minIPK = n.validateEducation(f)
	if n.AgeMin == 0 && n.AgeMax == 0 {
		n.AgeMin, n.AgeMax = 18, 35
	}
	if n.AgeMin < 15 || n.AgeMax > 70 || n.AgeMin > n.AgeMax {
		f.set("age_max", "recruitment.formation.age")
	}
	n.validateDocuments(f)
	if err := f.err(); err != nil {
		return nil, err
	}
	return minIPK, nil
}

// validateNames: the code, the position and the unit are clean lines of a
// bounded length.
func (n *NewFormation) validateNames(f fieldMsgs) {
	if f.text("code", &n.Code, textcheck.Line) && (n.Code == "" || len(n.Code) > 40) {
		f.set("code", "recruitment.formation.code")
	}
	if f.text("position", &n.Position, textcheck.Line) && (n.Position == "" || len(n.Position) > 200) {
		f.set("position", "recruitment.formation.position")
	}
	if f.text("unit", &n.Unit, textcheck.Line) && (n.Unit == "" || len(n.Unit) > 200) {
		f.set("unit", "recruitment.formation.unit")
	}
}

// validateEducation: known levels, at least one major, an IPK of
// 0.00–4.00 (returned in hundredths).
func (n *NewFormation) validateEducation(f fieldMsgs) (minIPK *int) {
	if len(n.Education.Levels) == 0 {
		f.set("education.levels", "recruitment.formation.levels")
	}
	for _, l := range n.Education.Levels {
		if !contains(Levels, l) {
			f.set("education.levels", "recruitment.formation.level_unknown", "level", l)
		}
	}
	if len(n.Education.Majors) == 0 {
		f.set("education.majors", "recruitment.formation.majors")
	}
	if n.MinIPK == nil {
		return nil
	}
	if v := *n.MinIPK; v < 0 || v > 4 {
		f.set("min_ipk", "recruitment.formation.min_ipk")
		return nil
	}
	h := int(*n.MinIPK*100 + 0.5)
	return &h
}

// validateDocuments fills in the SSCASN presets when no document is named,
// and checks each rule: a plain kind, once; pdf or jpeg; 1 KB – 1 MB.
func (n *NewFormation) validateDocuments(f fieldMsgs) {
	if len(n.Documents) == 0 {
		for _, k := range []string{"pas_foto", "swafoto", "ktp", "ijazah", "transkrip", "surat_lamaran"} {
			n.Documents = append(n.Documents, DocumentPresets[k])
		}
		if n.Category == "disabilitas" {
			n.Documents = append(n.Documents, DocumentPresets["surat_disabilitas"])
		}
	}
	seen := map[string]bool{}
	for i, d := range n.Documents {
		key := fmt.Sprintf("documents.%d", i)
		if d.Kind == "" || len(d.Kind) > 40 || strings.ContainsAny(d.Kind, "/\\. ") || seen[d.Kind] {
			f.set(key, "recruitment.formation.document_kind")
		}
		seen[d.Kind] = true
		if len(d.Formats) == 0 {
			f.set(key, "recruitment.formation.document_format")
		}
		for _, fm := range d.Formats {
			if fm != "pdf" && fm != "jpeg" {
				f.set(key, "recruitment.formation.document_formats")
			}
		}
		if d.MaxBytes < 1*KB || d.MaxBytes > 1024*KB {
			f.set(key, "recruitment.formation.document_size")
		}
	}
}

// IPKMax is the highest IPK of level: 4.00 (the Indonesian grade point
// average), or 100 for SMA, whose figure is the average of the final
// marks.
func IPKMax(level string) float64 {
	if level == "SMA" {
		return 100
	}
	return 4
}

// IPKString formats hundredths as "3.00".
func IPKString(h int) string { return fmt.Sprintf("%d.%02d", h/100, h%100) }

// ParseIPK reads an IPK (or SMA average on a 0–100 scale, stored ×100 too)
// with up to two decimals; it accepts a comma as decimal separator.
func ParseIPK(s string) (int, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, fmt.Errorf("bad IPK %q", s)
	}
	return int(f*100 + 0.5), nil
}

// Education is what an applicant states when choosing a formation.
type Education struct {
	Level string   `json:"level"`
	Major string   `json:"major"` // code or name from the formation's list
	IPK   *float64 `json:"ipk"`
}

// Reason says why a requirement is not met: Requirement is one of
// "education", "ipk", "age", "category" or a document kind; Msg is the
// reason by catalogue key, put in words by the reader's language.
type Reason struct {
	Requirement string
	Msg         apperr.Msg
}

// reason returns the reason of requirement by key.
func reason(requirement, key string, args ...any) Reason {
	return Reason{Requirement: requirement, Msg: apperr.M(key, args...)}
}

// AgeOn returns the completed years between birth and date (YYYY-MM-DD both).
func AgeOn(birth, on time.Time) int {
	y := on.Year() - birth.Year()
	if on.Month() < birth.Month() || (on.Month() == birth.Month() && on.Day() < birth.Day()) {
		y--
	}
	return y
}

// CheckEligibility returns every requirement of f that the applicant does
// not meet, each with its reason, and the major code it matched. Age is
// judged on the period's reference date; an applicant of age_max years
// is still eligible until the day before turning age_max+1.
func CheckEligibility(
	f *Formation,
	ed Education,
	birth, reference time.Time,
	attrs map[string]string,
) (majorCode string, reasons []Reason) {
	if !contains(f.Levels, ed.Level) {
		reasons = append(
			reasons,
			reason("education", "recruitment.reason.level", "level", ed.Level, "levels", strings.Join(f.Levels, ", ")),
		)
	}
	want := strings.ToLower(strings.TrimSpace(ed.Major))
	for _, m := range f.Majors {
		if strings.ToLower(m.Code) == want || strings.ToLower(m.Name) == want {
			majorCode = m.Code
		}
	}
	if majorCode == "" {
		reasons = append(reasons, reason("education", "recruitment.reason.major", "major", strconv.Quote(ed.Major)))
	}
	if ed.IPK != nil && (*ed.IPK < 0 || *ed.IPK > IPKMax(ed.Level)) {
		reasons = append(reasons, reason("ipk", "recruitment.reason.ipk_range", "ipk", *ed.IPK, "max", IPKMax(ed.Level)))
	} else if f.MinIPK != nil {
		switch {
		case ed.IPK == nil:
			reasons = append(reasons, reason("ipk", "recruitment.reason.ipk_required"))
		case int(*ed.IPK*100+0.5) < *f.MinIPK:
			reasons = append(reasons, reason("ipk", "recruitment.reason.ipk_low", "ipk", *ed.IPK, "min", float64(*f.MinIPK)/100))
		}
	}
	age := AgeOn(birth, reference)
	if age < f.AgeMin || age > f.AgeMax {
		date := i18n.P("recruitment.reason.date", "d", reference.Format("02"), "m", reference.Format("01"), "y", reference.Format("2006"))
		reasons = append(reasons, reason("age", "recruitment.reason.age", "date", date, "age", age, "min", f.AgeMin, "max", f.AgeMax))
	}
	for _, p := range f.Proofs {
		if strings.TrimSpace(attrs[p]) == "" {
			reasons = append(reasons, reason("category", "recruitment.reason.proof", "category", i18n.Key("code.category."+f.Category),
				"proof", i18n.Key("code.proof."+p)))
		}
	}
	return majorCode, reasons
}
