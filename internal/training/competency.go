package training

import (
	"strings"
	"unicode"
)

// Competency is one entry of the fixed competency vocabulary: a stable
// ASCII key and its names.
type Competency struct {
	Key   string
	Group string // "manajerial", "sosial-kultural" or "teknis"
	ID    string // the Indonesian name
	EN    string // the English name
	// aliases are further names (lower case) a free-text dimension may use.
	aliases []string
}

// Competency groups.
const (
	GroupManagerial = "manajerial"
	GroupSocio      = "sosial-kultural"
	GroupTechnical  = "teknis"
)

// competencies: the managerial and socio-cultural competencies of
// PermenPANRB 38/2017 (standar kompetensi jabatan ASN), and a few
// technical ones the city's programmes address.
var competencies = []Competency{
	{"integritas", GroupManagerial, "Integritas", "Integrity", []string{"integrity", "etika", "kejujuran", "etika dan integritas"}},
	{"kerja-sama", GroupManagerial, "Kerja sama", "Teamwork", []string{"kerjasama", "teamwork", "kolaborasi", "kerja tim"}},
	{"komunikasi", GroupManagerial, "Komunikasi", "Communication", []string{"communication", "presentasi"}},
	{"orientasi-hasil", GroupManagerial, "Orientasi pada hasil", "Results orientation",
		[]string{"orientasi hasil", "results orientation", "orientasi pada hasil kerja", "kinerja"}},
	{"pelayanan-publik", GroupManagerial, "Pelayanan publik", "Public service",
		[]string{"pelayanan", "public service", "pelayanan masyarakat", "orientasi pelayanan"}},
	{"pengembangan-diri", GroupManagerial, "Pengembangan diri dan orang lain", "Developing self and others",
		[]string{"pengembangan diri", "pengembangan orang lain", "developing others", "self development"}},
	{"mengelola-perubahan", GroupManagerial, "Mengelola perubahan", "Managing change",
		[]string{"perubahan", "managing change", "manajemen perubahan", "adaptasi"}},
	{"pengambilan-keputusan", GroupManagerial, "Pengambilan keputusan", "Decision making",
		[]string{"keputusan", "decision making", "pemecahan masalah", "problem solving"}},
	{"perekat-bangsa", GroupSocio, "Perekat bangsa", "National cohesion",
		[]string{"wawasan kebangsaan", "kebangsaan", "sosial kultural", "keberagaman", "national cohesion"}},
	{"teknologi-informasi", GroupTechnical, "Teknologi informasi", "Information technology",
		[]string{"it", "ti", "digital", "literasi digital", "information technology", "komputer"}},
	{"manajemen-keuangan", GroupTechnical, "Manajemen keuangan", "Financial management",
		[]string{"keuangan", "anggaran", "finance", "financial management", "pengelolaan keuangan"}},
	{"manajemen-sdm", GroupTechnical, "Manajemen SDM aparatur", "Civil service HR management",
		[]string{"sdm", "kepegawaian", "manajemen sdm", "human resources"}},
	{"kepemimpinan", GroupTechnical, "Kepemimpinan", "Leadership", []string{"leadership", "memimpin"}},
}

// Competencies lists the vocabulary in the order forms offer it (a copy).
func Competencies() []Competency { return append([]Competency(nil), competencies...) }

// CompetencyByKey returns the vocabulary entry of key.
func CompetencyByKey(key string) (Competency, bool) {
	for _, c := range competencies {
		if c.Key == key {
			return c, true
		}
	}
	return Competency{}, false
}

// vocabularyKeys maps keys to the vocabulary's: a key of it stays, another
// is matched as a name (MatchCompetency), one that names none becomes "".
func vocabularyKeys(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		if _, ok := CompetencyByKey(k); ok {
			out[i] = k
		} else {
			out[i], _ = MatchCompetency(k)
		}
	}
	return out
}

// normWords lower-cases s and keeps its letters and digits, one space
// between words ("Kerja-sama!" → "kerja sama").
func normWords(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}

// containsWords reports whether the words of phrase occur in s, in order
// and whole (both normalised).
func containsWords(s, phrase string) bool {
	return s == phrase || strings.HasPrefix(s, phrase+" ") || strings.HasSuffix(s, " "+phrase) ||
		strings.Contains(s, " "+phrase+" ")
}

// MatchCompetency maps a free-text dimension name (an interview's
// "Integritas", "Kerja sama", "Komunikasi lisan", a coaching plan's
// "Literasi digital") to the key of the vocabulary it names: the key or a
// name itself, or the entry whose longest name or alias occurs in it as
// whole words. ok is false when none does. Pure.
func MatchCompetency(name string) (key string, ok bool) {
	s := normWords(name)
	if s == "" {
		return "", false
	}
	best, bestLen := "", 0
	for _, c := range competencies {
		names := append([]string{normWords(c.Key), normWords(c.ID), normWords(c.EN)}, c.aliases...)
		for _, n := range names {
			n = normWords(n)
			if n == s {
				return c.Key, true
			}
			if len(n) > bestLen && containsWords(s, n) {
				best, bestLen = c.Key, len(n)
			}
		}
	}
	return best, best != ""
}
