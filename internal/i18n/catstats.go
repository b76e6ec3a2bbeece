package i18n

// Words of the item statistics of a question bank (/panitia/bank/{id}/statistik).
func init() {
	add(map[string]Text{
		"stats.title": {"Statistik butir soal", "Item statistics"},
		"stats.link":  {"Statistik butir soal", "Item statistics"},
		"stats.lead": {"Dihitung dari ujian yang sudah selesai (simulasi dan seleksi) per versi soal.",
			"Computed from the finished attempts (practice and selection), per item version."},
		"stats.f.from":   {"Selesai sejak tanggal", "Finished from"},
		"stats.f.to":     {"Sampai tanggal", "Until"},
		"stats.f.submit": {"Tampilkan", "Show"},
		"stats.f.date":   {"Tanggal: TTTT-BB-HH", "Date: YYYY-MM-DD"},
		"stats.summary": {"{attempts} ujian selesai, {items} versi soal, {flagged} perlu ditinjau",
			"{attempts} finished attempts, {items} item versions, {flagged} to review"},
		"stats.none":           {"Belum ada ujian selesai dari bank ini.", "No finished attempt drew from this bank yet."},
		"stats.n":              {"Peserta", "Takers"},
		"stats.difficulty":     {"Tingkat kemudahan", "Difficulty"},
		"stats.discrimination": {"Daya beda", "Discrimination"},
		"stats.blank":          {"Kosong", "Blank"},
		"stats.notes":          {"Catatan", "Notes"},
		"stats.flag.hard":      {"terlalu sulit (kemudahan < 0,2)", "too hard (difficulty < 0.2)"},
		"stats.flag.easy":      {"terlalu mudah (kemudahan > 0,9)", "too easy (difficulty > 0.9)"},
		"stats.flag.weak":      {"daya beda lemah (< 0,2)", "weak discrimination (< 0.2)"},
		"stats.legend": {
			"Tingkat kemudahan: rata-rata skor dibagi 5 (untuk soal berkunci: bagian peserta yang memilih kunci). " +
				"Daya beda: korelasi point-biserial skor soal dengan total skor tanpa soal itu (— bila salah satunya tidak bervariasi). " +
				"A–E: pilihan sebagaimana ditulis, sebelum diacak.",
			"Difficulty: the mean score over 5 (for a keyed item, the share of takers who chose the key). " +
				"Discrimination: the point-biserial correlation of the item's score with the total without it " +
				"(— when either does not vary). A–E: the options as written, before the shuffle."},
	})
}

// The question author's home section.
func init() {
	add(map[string]Text{
		"home.role.author": {"Penulis soal", "Question author"},
		"home.role.author.lead": {"Anda menulis dan menyunting soal, kisi-kisi, dan membaca statistik butir soal; data peserta tidak terlihat.",
			"You write and edit items and blueprints and read the item statistics; no candidate's data is visible to you."},
	})
}
