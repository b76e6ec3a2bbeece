package i18n

import "strings"

// The names of the codes the system stores — document kinds, requirements,
// formation categories, category proofs, roles, announcement stages and
// results — so that people read "Pas foto", never "pas_foto". Each is the
// key "code.<kind>.<code>"; Name looks it up.
func init() {
	add(map[string]Text{
		"code.doc.pas_foto":          {"Pas foto", "Passport photo"},
		"code.doc.swafoto":           {"Swafoto", "Selfie"},
		"code.doc.ktp":               {"KTP", "Identity card (KTP)"},
		"code.doc.ijazah":            {"Ijazah", "Diploma (ijazah)"},
		"code.doc.transkrip":         {"Transkrip nilai", "Academic transcript"},
		"code.doc.surat_lamaran":     {"Surat lamaran", "Application letter"},
		"code.doc.surat_pernyataan":  {"Surat pernyataan", "Statement letter"},
		"code.doc.surat_disabilitas": {"Surat keterangan disabilitas", "Disability certificate"},

		"code.format.pdf":  {"PDF", "PDF"},
		"code.format.jpeg": {"JPEG", "JPEG"},

		"code.req.education": {"Pendidikan", "Education"},
		"code.req.ipk":       {"IPK", "GPA (IPK)"},
		"code.req.age":       {"Usia", "Age"},
		"code.req.category":  {"Kategori", "Category"},

		"code.category.umum":        {"Umum", "General"},
		"code.category.cumlaude":    {"Lulusan cumlaude", "Cum laude graduates"},
		"code.category.diaspora":    {"Diaspora", "Diaspora"},
		"code.category.disabilitas": {"Penyandang disabilitas", "Persons with disabilities"},
		"code.category.papua":       {"Putra/putri Papua", "Papuan candidates"},
		"code.category.tertinggal":  {"Daerah tertinggal", "Underdeveloped regions"},

		"code.proof.predikat_cumlaude": {"Predikat cumlaude", "Cum laude distinction"},
		"code.proof.akreditasi_prodi":  {"Akreditasi program studi", "Accreditation of the study programme"},
		"code.proof.negara_domisili":   {"Negara domisili", "Country of residence"},
		"code.proof.jenis_disabilitas": {"Jenis disabilitas", "Type of disability"},
		"code.proof.asal_papua":        {"Asal Papua", "Papuan origin"},
		"code.proof.daerah_tertinggal": {"Daerah tertinggal asal", "Underdeveloped home region"},

		"code.role.admin":      {"Admin", "Admin"},
		"code.role.committee":  {"Panitia seleksi", "Selection committee"},
		"code.role.verifier":   {"Verifikator", "Verifier"},
		"code.role.assessor":   {"Penguji/asesor", "Assessor"},
		"code.role.applicant":  {"Pelamar", "Applicant"},
		"code.role.employee":   {"Pegawai", "Employee"},
		"code.role.supervisor": {"Atasan", "Supervisor"},
		"code.role.trainer":    {"Pelatih (mitra pelatihan)", "Trainer (training partner)"},
		"code.role.leader":     {"Pimpinan", "Leader"},
		"code.role.auditor":    {"Auditor (inspektorat)", "Auditor (inspectorate)"},
		"code.role.author":     {"Penulis soal", "Question author"},

		"code.stage.administration": {"Seleksi administrasi", "Administrative selection"},
		"code.stage.appeal":         {"Setelah sanggah", "After appeals"},

		"code.result.MS":  {"Memenuhi syarat (MS)", "Eligible (MS)"},
		"code.result.TMS": {"Tidak memenuhi syarat (TMS)", "Not eligible (TMS)"},
	})
}

// Code kinds for Name.
const (
	CodeDoc      = "doc"
	CodeReq      = "req" // a requirement: education, ipk, age, category or a document kind
	CodeCategory = "category"
	CodeProof    = "proof"
	CodeRole     = "role"
	CodeStage    = "stage"
	CodeResult   = "result"
	CodeFormat   = "format"
	// CodeCheckpoint: why a checkpoint of the audit chain was signed.
	CodeCheckpoint = "checkpoint"
)

// Name is the name of code of its kind in lang. A requirement may be a
// document kind. A code without a name (a document kind a committee made
// up) is shown as it is.
func Name(lang, kind, code string) string {
	if t, ok := Lookup("code." + kind + "." + code); ok {
		return pick(lang, t)
	}
	if kind == CodeReq {
		if t, ok := Lookup("code." + CodeDoc + "." + code); ok {
			return pick(lang, t)
		}
	}
	return code
}

// Codes returns every code that has a name, by kind (for the check that
// no page shows one).
func Codes() map[string][]string {
	out := map[string][]string{}
	for _, k := range Keys() {
		if rest, ok := strings.CutPrefix(k, "code."); ok {
			if kind, code, ok := strings.Cut(rest, "."); ok {
				out[kind] = append(out[kind], code)
			}
		}
	}
	return out
}

func pick(lang string, t Text) string {
	if lang == EN {
		return t.EN
	}
	return t.ID
}

// Decimal writes v with two decimals and the language's separator: 3,50
// in Indonesian, 3.50 in English.
func Decimal(lang string, v float64) string { return format(lang, v) }

// Hundredths writes h/100 as Decimal does (an IPK stored as 350).
func Hundredths(lang string, h int) string { return format(lang, float64(h)/100) }
