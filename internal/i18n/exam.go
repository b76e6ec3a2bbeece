package i18n

// Words of the exam: question banks, items, blueprints, papers, scoring and
// the item file import.
func init() {
	add(map[string]Text{
		"exam.bank_not_found":      {"Bank soal tidak ditemukan", "Question bank not found"},
		"exam.item_not_found":      {"Soal tidak ditemukan", "Item not found"},
		"exam.blueprint_not_found": {"Kisi-kisi tidak ditemukan", "Blueprint not found"},
		"exam.item_changed": {"Soal diubah saat naskah disusun; silakan coba lagi",
			"An item was changed while the paper was being drawn; please try again"},
		"exam.too_few_items": {"Bank soal hanya memuat {have} soal {subtest}, kisi-kisi meminta {want}",
			"The bank holds only {have} {subtest} items; the blueprint asks for {want}"},

		// Banks.
		"exam.bank.name": {"Nama wajib diisi, maksimal {max} karakter", "A name is required, at most {max} characters"},
		"exam.bank.purpose": {"Tujuan: practice (simulasi) atau selection (seleksi)",
			"Purpose: practice (simulation) or selection"},
		"exam.bank.period": {"Periode tidak ditemukan", "Period not found"},

		// Items.
		"exam.item.subtest": {
			"Subtes: TWK, TIU, TKP, atau nama bidang SKB (huruf, angka, spasi dan . _ ( ) / -, maksimal 60 karakter)",
			"Sub-test: TWK, TIU, TKP, or the name of an SKB field (letters, digits, spaces and . _ ( ) / -, at most 60 characters)"},
		"exam.item.required": {"Wajib diisi", "Required"},
		"exam.item.too_long": {"Maksimal {max} karakter", "At most {max} characters"},
		"exam.item.image":    {"Gambar: SHA-256 berkas (64 karakter heksadesimal)", "Image: the file's SHA-256 (64 hex characters)"},
		"exam.item.image_missing": {"Tidak ada berkas tersimpan dengan SHA-256 ini; unggah gambarnya dahulu",
			"No stored file has this SHA-256; upload the image first"},
		"exam.item.key_or_weights": {"Isi kunci jawaban atau bobot, bukan keduanya",
			"Give either a key or weights, not both"},
		"exam.item.key_needed":     {"Kunci jawaban (A–E) wajib diisi", "A key (A–E) is required"},
		"exam.item.weights_needed": {"Bobot kelima pilihan wajib diisi", "Weights for all five options are required"},
		"exam.item.keyed_subtest": {"Soal {subtest} memakai satu kunci jawaban (5 atau 0), bukan bobot",
			"{subtest} items have one key (5 or 0), not weights"},
		"exam.item.weighted_subtest": {"Soal {subtest} memakai bobot per pilihan (1–5), bukan kunci jawaban",
			"{subtest} items have a weight per option (1–5), not a key"},
		"exam.item.key":          {"Kunci jawaban: salah satu dari A, B, C, D, E", "Key: one of A, B, C, D, E"},
		"exam.item.weight_range": {"Setiap pilihan berbobot {min} sampai {max}", "Every option weighs {min} to {max}"},
		"exam.item.weight_top": {"Setidaknya satu pilihan berbobot {max}",
			"At least one option must weigh {max}"},

		// Blueprints.
		"exam.blueprint.name": {"Nama wajib diisi, maksimal {max} karakter", "A name is required, at most {max} characters"},
		"exam.blueprint.parts": {"Kisi-kisi memuat 1 sampai {max} subtes",
			"A blueprint has 1 to {max} sub-tests"},
		"exam.blueprint.part_twice": {"Subtes {subtest} disebut dua kali", "Sub-test {subtest} appears twice"},
		"exam.blueprint.count":      {"Jumlah soal 1 sampai {max}", "Number of items: 1 to {max}"},
		"exam.blueprint.too_many":   {"Satu naskah memuat paling banyak {max} soal", "A paper holds at most {max} items"},
		"exam.blueprint.minutes":    {"Durasi 1 sampai {max} menit", "Duration: 1 to {max} minutes"},
		"exam.blueprint.extra_minutes": {"Tambahan waktu 0 sampai {max} menit",
			"Extra time: 0 to {max} minutes"},
		"exam.blueprint.scheme": {"Aturan nilai ambang tidak dikenal (dikenal: {schemes})",
			"Unknown passing rule (known: {schemes})"},
		"exam.blueprint.passing_parts": {"Nilai ambang batas SKD memerlukan subtes TWK, TIU dan TKP",
			"The SKD passing grade needs the sub-tests TWK, TIU and TKP"},
		"exam.blueprint.category": {"Kategori tidak dikenal: {category}", "Unknown category: {category}"},
		"exam.blueprint.grade_missing": {"Nilai ambang kategori {category} belum diisi",
			"The passing grade of category {category} is missing"},
		"exam.blueprint.grades": {"Nilai ambang harus antara 0 dan nilai maksimal subtesnya",
			"Passing grades must lie between 0 and the sub-test's maximum"},

		// Papers and scoring.
		"exam.paper.seed":       {"Seed: 64 karakter heksadesimal", "Seed: 64 hex characters"},
		"exam.paper.item_twice": {"Soal {item} diberikan dua kali", "Item {item} is given twice"},
		"exam.score.too_many_answers": {"{have} jawaban untuk {want} soal",
			"{have} answers for {want} items"},
		"exam.score.category": {"Kategori peserta tidak dikenal", "Unknown participant category"},
		"exam.score.answer":   {"Jawaban: A–E atau kosong", "Answer: A–E or blank"},

		// Item files.
		"exam.import.no_header": {"Berkas kosong: baris judul kolom tidak ada", "The file is empty: no header row"},
		"exam.import.empty":     {"Berkas tidak memuat soal", "The file holds no items"},
		"exam.import.header": {"Baris 1 harus berisi kolom: {columns}",
			"Line 1 must hold the columns: {columns}"},
		"exam.import.header_column": {"Baris 1, kolom {n}: tertulis {got}, seharusnya {want}",
			"Line 1, column {n}: found {got}, expected {want}"},
		"exam.import.weights": {"Bobot: lima bilangan dipisah titik koma, mis. 1;3;4;5;2 (tertulis {value})",
			"Weights: five numbers separated by semicolons, e.g. 1;3;4;5;2 (found {value})"},
		"exam.import.format": {"Format: csv atau xlsx", "Format: csv or xlsx"},
	})
}
