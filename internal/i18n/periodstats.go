package i18n

// Words of the public statistics per formation and the pass rates
// (/periods/{id}/statistics).
func init() {
	add(map[string]Text{
		"pstat.formations": {"Per formasi", "By formation"},
		"pstat.formations.lead": {"Jumlah pelamar dan hasil tiap formasi menurut daftar yang sudah diumumkan.",
			"Applicants and results of each formation according to the lists published."},
		"pstat.code":        {"Formasi", "Formation"},
		"pstat.applicants":  {"Pelamar", "Applicants"},
		"pstat.appeals":     {"Sanggah", "Appeals"},
		"pstat.passed_skd":  {"Lulus SKD (P/L)", "Passed SKD (P/L)"},
		"pstat.passed_skb":  {"Lulus integrasi (P/L, P/L-2)", "Passed integration (P/L, P/L-2)"},
		"pstat.placed":      {"Ditempatkan (P/L)", "Placed (P/L)"},
		"pstat.placed_opt":  {"Diterima dari optimalisasi (P/L-2)", "Received by optimalisasi (P/L-2)"},
		"pstat.unpublished": {"— : daftar tahap itu belum diumumkan.", "— : that stage's list is not published yet."},
		"pstat.page":        {"Halaman {page} dari {pages}", "Page {page} of {pages}"},
		"pstat.rates":       {"Tingkat kelulusan per kelompok", "Pass rates by group"},
		"pstat.rates.lead": {"Lulus tahap terjauh yang sudah diumumkan ({stage}) dibagi jumlah pelamar kelompok itu.",
			"Passed the furthest stage published ({stage}) over the group's applicants."},
		"pstat.rates.none": {"Tingkat kelulusan tampil setelah hasil seleksi administrasi diumumkan.",
			"Pass rates are shown once the administration results are published."},
		"pstat.rates.rule": {
			"Aturan empat per lima: kelompok yang tingkat kelulusannya di bawah 4/5 tingkat tertinggi jenisnya " +
				"(jenis kelamin, atau kategori formasi) ditandai sebagai dampak merugikan.",
			"Four-fifths rule: a group whose pass rate is under 4/5 of the highest rate of its kind " +
				"(gender, or formation category) is flagged as adverse impact."},
		"pstat.group":         {"Kelompok", "Group"},
		"pstat.applied":       {"Pelamar", "Applicants"},
		"pstat.passed":        {"Lulus", "Passed"},
		"pstat.rate":          {"Tingkat kelulusan", "Pass rate"},
		"pstat.adverse":       {"Dampak merugikan (4/5)", "Adverse impact (4/5)"},
		"pstat.adverse.yes":   {"Ya: di bawah 4/5 tingkat tertinggi", "Yes: under 4/5 of the highest rate"},
		"pstat.adverse.no":    {"Tidak", "No"},
		"pstat.kind.gender":   {"Jenis kelamin", "Gender"},
		"pstat.kind.category": {"Kategori", "Category"},
		"pstat.gender.M":      {"Laki-laki", "Men"},
		"pstat.gender.F":      {"Perempuan", "Women"},
	})
}
