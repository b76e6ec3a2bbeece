package i18n

// Words of the psychotest's recommendations and restricted reads, the
// psychologist's score file, and written work marked under codes.
func init() {
	add(map[string]Text{
		"assessinstr.recommendation": {"Pilih rekomendasi: disarankan, dipertimbangkan atau tidak disarankan",
			"Choose a recommendation: recommended, to be considered or not recommended"},
		"assessinstr.recommendation_psychotest": {"Rekomendasi hanya untuk psikotes",
			"A recommendation is for a psychotest only"},
		"assessinstr.rec.disarankan":       {"Disarankan", "Recommended"},
		"assessinstr.rec.dipertimbangkan":  {"Dipertimbangkan", "To be considered"},
		"assessinstr.rec.tidak_disarankan": {"Tidak disarankan", "Not recommended"},
		"assessinstr.recommendation.label": {"Rekomendasi psikolog", "The psychologist's recommendation"},
		"assessinstr.recommendation.help": {"Rekomendasi akhir peserta: sama dengan rekomendasi semua psikolog bila seragam, " +
			"selain itu yang paling hati-hati (tidak disarankan, lalu dipertimbangkan, lalu disarankan).",
			"The candidate's final recommendation: the psychologists' when unanimous, otherwise the most cautious (not " +
				"recommended, then to be considered, then recommended)."},
		"assessinstr.col.recommendations": {"Rekomendasi (psikolog · akhir)", "Recommendations (psychologists · final)"},
		"assessinstr.final":               {"Akhir", "Final"},
		"assessinstr.own_rec":             {"Rekomendasi Anda", "Your recommendation"},
		"assessinstr.other_rec":           {"Rekomendasi psikolog lain", "The other psychologists' recommendations"},
		"assessinstr.restricted": {"Hasil psikotes bersifat terbatas: hanya psikolog instrumen ini, panitia dan auditor yang dapat " +
			"membacanya, dan setiap pembacaan tercatat dalam log audit.",
			"A psychotest's results are restricted: only this instrument's psychologists, the committee and the auditor may " +
				"read them, and every read is recorded in the audit log."},

		// The psychologist's score file.
		"assessinstr.import.psychotest_only": {"Hanya nilai psikotes yang dapat diunggah dari berkas",
			"Only a psychotest's scores are uploaded from a file"},
		"assessinstr.import.header": {"Baris pertama berkas harus berjudul kolom: {header}",
			"The file's first row must be the column headings: {header}"},
		"assessinstr.import.empty":   {"Berkas tidak berisi baris nilai", "The file has no score rows"},
		"assessinstr.import.columns": {"Baris ini berisi lebih dari {n} kolom", "This row has more than {n} columns"},
		"assessinstr.import.number":  {"Nomor pendaftaran wajib diisi", "The registration number is required"},
		"assessinstr.import.not_yours": {"Peserta {number} tidak diundi untuk Anda pada instrumen ini",
			"Candidate {number} is not drawn for you in this instrument"},
		"assessinstr.import.twice": {"Peserta ini sudah ada di baris {line}", "This candidate is already on line {line}"},
		"assessinstr.import.title": {"Unggah nilai dan rekomendasi", "Upload scores and recommendations"},
		"assessinstr.import.help": {"Berkas CSV (atau XLSX, paling besar 1 MB) dengan judul kolom {header}; satu baris per peserta " +
			"yang diundi untuk Anda, nilai 1–5 per dimensi, rekomendasi disarankan, dipertimbangkan atau tidak_disarankan. Setiap " +
			"baris terkirim seperti diisi satu per satu; bila satu baris salah, tidak ada yang tersimpan.",
			"A CSV file (or XLSX, at most 1 MB) headed {header}; one row per candidate drawn for you, scores 1–5 per dimension, " +
				"a recommendation disarankan, dipertimbangkan or tidak_disarankan. Each row is submitted as if entered by hand; " +
				"if one row is wrong, nothing is stored."},
		"assessinstr.import.file":    {"Berkas nilai", "Score file"},
		"assessinstr.import.send":    {"Unggah", "Upload"},
		"assessinstr.flash.imported": {"{n} peserta terkirim dari berkas.", "{n} candidates submitted from the file."},
		// Written work under codes.
		"assessinstr.code":          {"Kode tulisan", "Paper code"},
		"assessinstr.regno_or_code": {"Nomor pendaftaran / kode tulisan", "Registration number / paper code"},
		"assessinstr.hidden_name":   {"(disamarkan)", "(withheld)"},
		"assessinstr.codes.help": {"Setiap tulisan dinilai dengan kode, tanpa nama atau nomor pendaftaran peserta; hanya panitia dan " +
			"auditor yang melihat kode milik siapa. Tempelkan kode pada tulisan yang diserahkan kepada penilai.",
			"Each paper is marked under its code, without the candidate's name or registration number; only the committee and " +
				"the auditor see whose code is whose. Label the papers handed to the assessors with their codes."},
		"assessinstr.codes.csv": {"Daftar kode (CSV)", "The code list (CSV)"},
		"assessinstr.paper.lead": {"Tulisan berkode {code}. Nama dan nomor pendaftaran penulisnya tidak ditampilkan kepada penilai.",
			"Paper coded {code}. Its author's name and registration number are not shown to the assessors."},
		"assessinstr.conflict.title": {"Konflik kepentingan dengan penulis", "A conflict of interest with an author"},
		"assessinstr.conflict.help": {"Pilih nama peserta yang berkonflik dengan Anda (semua peserta instrumen ini, urut abjad). " +
			"Konflik tercatat untuk periode ini; bila tulisannya termasuk yang Anda nilai, penilai lain diundi — kodenya tidak " +
			"diberitahukan.",
			"Choose the candidate you have a conflict with (all this instrument's candidates, alphabetical). The conflict is " +
				"recorded for this period; if you mark their paper, another assessor is drawn — its code is not told."},
		"assessinstr.conflict.candidate": {"Nama peserta", "Candidate's name"},
		"assessinstr.conflict.pick": {"Pilih nama dari daftar (daftar mungkin berubah; muat ulang halaman)",
			"Choose a name from the list (the list may have changed; reload the page)"},
		"assessinstr.conflict.no_replacement": {"Tidak ada penilai lain yang dapat diundi; hubungi panitia",
			"No other assessor can be drawn; contact the committee"},
		"assessinstr.flash.conflict_name": {"Konflik tercatat. Bila Anda menilai tulisan peserta itu, penilai lain telah diundi.",
			"Conflict recorded. If you marked that candidate's paper, another assessor was drawn."},
	})
}
