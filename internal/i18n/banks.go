package i18n

// Words of the committee's question bank pages (/panitia/bank, /panitia/soal)
// and blueprint page (/panitia/cetak-biru).
func init() {
	add(map[string]Text{
		"nav.banks":          {"Bank soal", "Question banks"},
		"home.go.banks":      {"Bank soal: soal SKD dan SKB", "Question banks: SKD and SKB items"},
		"home.go.blueprints": {"Kisi-kisi ujian (preset SKD 2024)", "Test blueprints (the SKD 2024 preset)"},

		// The banks.
		"banks.title": {"Bank soal", "Question banks"},
		"banks.lead": {
			"Bank soal memuat soal CAT per subtes. Soal yang sudah dipakai dalam ujian tidak pernah diubah: " +
				"mengubahnya menyimpan versi baru.",
			"A question bank holds the CAT's items by sub-test. An item used in a test is never changed: " +
				"editing it stores a new version."},
		"banks.back":              {"← Semua bank soal", "← All question banks"},
		"banks.new":               {"Buat bank soal", "Create a question bank"},
		"banks.create":            {"Buat bank soal", "Create bank"},
		"banks.none":              {"Belum ada bank soal.", "No question bank yet."},
		"banks.per_subtest":       {"Soal per subtes", "Items per sub-test"},
		"banks.no_items":          {"Belum ada soal.", "No items yet."},
		"banks.purpose.practice":  {"Latihan (simulasi)", "Practice (simulation)"},
		"banks.purpose.selection": {"Seleksi", "Selection"},
		"banks.f.name":            {"Nama", "Name"},
		"banks.f.purpose":         {"Tujuan", "Purpose"},
		"banks.f.period":          {"Periode", "Period"},
		"banks.f.period.none":     {"— Tanpa periode —", "— No period —"},
		"banks.f.period.help": {"Boleh kosong: bank latihan dipakai bersama oleh semua periode.",
			"Optional: a practice bank is shared by every period."},

		// A bank's items.
		"banks.bank.title":   {"Bank soal", "Question bank"},
		"banks.items":        {"Soal", "Items"},
		"banks.items.n":      {"{n} soal", "{n} items"},
		"banks.filter":       {"Subtes", "Sub-test"},
		"banks.filter.all":   {"Semua", "All"},
		"banks.item.no":      {"No.", "No."},
		"banks.scoring":      {"Penilaian", "Scoring"},
		"banks.key":          {"Kunci", "Key"},
		"banks.weights":      {"Bobot", "Weights"},
		"banks.version":      {"Versi", "Version"},
		"banks.used":         {"Sudah dipakai", "Used"},
		"banks.item.add":     {"Tambah soal", "Add an item"},
		"banks.item.create":  {"Tambah soal", "Add item"},
		"banks.import.title": {"Impor soal dari berkas", "Import items from a file"},
		"banks.import.help": {
			"Berkas CSV atau XLSX, satu soal per baris, dengan baris judul kolom berikut. Kolom key berisi A–E untuk soal " +
				"berkunci (TWK, TIU) dan kosong untuk soal berbobot; kolom weights berisi lima bobot A sampai E dipisah " +
				"titik koma (TKP, mis. 1;3;4;5;2). Satu baris salah menolak seluruh berkas.",
			"A CSV or XLSX file, one item a row, with the header row below. The key column holds A–E for a keyed item " +
				"(TWK, TIU) and is empty for a weighted one; the weights column holds five weights, A to E, separated by " +
				"semicolons (TKP, e.g. 1;3;4;5;2). One bad row refuses the whole file."},

		// The item form.
		"banks.f.subtest": {"Subtes", "Sub-test"},
		"banks.f.subtest.help": {"TWK, TIU, TKP, atau nama bidang SKB (mis. Teknis Komputer).",
			"TWK, TIU, TKP, or the name of an SKB field (e.g. Teknis Komputer)."},
		"banks.f.stem":     {"Pertanyaan", "Question"},
		"banks.f.option":   {"Pilihan {label}", "Option {label}"},
		"banks.f.key":      {"Kunci jawaban", "Key"},
		"banks.f.key.none": {"— Tanpa kunci (soal berbobot) —", "— No key (a weighted item) —"},
		"banks.f.weights":  {"Bobot pilihan A–E (1–5)", "Weights of options A–E (1–5)"},
		"banks.f.scoring.help": {
			"TWK dan TIU: satu kunci jawaban (benar 5, lainnya 0), bobot dikosongkan. TKP: setiap pilihan berbobot 1–5 " +
				"dan setidaknya satu berbobot 5, kunci dikosongkan. Bidang SKB memakai salah satunya.",
			"TWK and TIU: one key (right 5, any other 0), weights left empty. TKP: every option weighs 1–5 and at least " +
				"one weighs 5, no key. An SKB field uses either."},

		// One item.
		"banks.item.title":   {"Soal", "Item"},
		"banks.item.heading": {"Soal no. {id}", "Item no. {id}"},
		"banks.item.version": {"Versi {version}", "Version {version}"},
		"banks.item.in_place": {"Versi ini belum pernah dipakai dalam ujian: perubahan disimpan pada versi ini.",
			"This version has never been used in a test: changes are saved in it."},
		"banks.item.new_version": {
			"Versi {version} sudah dipakai dalam ujian dan tidak diubah: menyimpan membuat versi {next}, yang dipakai " +
				"naskah berikutnya.",
			"Version {version} was used in a test and is not changed: saving makes version {next}, which the next papers use."},
		"banks.item.save_version": {"Simpan sebagai versi {next}", "Save as version {next}"},
		"banks.versions":          {"Riwayat versi", "Versions"},
		"banks.created":           {"Dibuat", "Created"},
		"banks.used_at":           {"Pertama dipakai", "First used"},

		// Blueprints.
		"banks.blueprints.title": {"Kisi-kisi ujian", "Test blueprints"},
		"banks.blueprints.lead": {
			"Kisi-kisi menentukan jumlah soal tiap subtes, urutannya dalam naskah, durasi, tambahan waktu bagi peserta " +
				"tunanetra, dan nilai ambang batas.",
			"A blueprint sets how many items of each sub-test a paper holds and in which order, the duration, the extra " +
				"time of a blind participant, and the passing grade."},
		"banks.bp.none":   {"Belum ada kisi-kisi.", "No blueprint yet."},
		"banks.bp.new":    {"Buat kisi-kisi", "Create a blueprint"},
		"banks.bp.create": {"Buat kisi-kisi", "Create blueprint"},
		"banks.bp.preset": {"Isi dengan preset SKD 2024", "Fill in the SKD 2024 preset"},
		"banks.bp.preset.help": {
			"SKD 2024: TWK 30, TIU 35, TKP 45 soal; 100 menit, 30 menit tambahan bagi peserta tunanetra; nilai ambang " +
				"batas KepmenPANRB 321/2024.",
			"SKD 2024: TWK 30, TIU 35, TKP 45 items; 100 minutes, 30 more for a blind participant; the passing grades of " +
				"KepmenPANRB 321/2024."},
		"banks.bp.parts": {"Subtes dan jumlah soal", "Sub-tests and items"},
		"banks.bp.parts.help": {"Dalam urutan naskah; baris yang kosong diabaikan.",
			"In the paper's order; empty rows are left out."},
		"banks.bp.subtest":      {"Subtes {n}", "Sub-test {n}"},
		"banks.bp.count":        {"Jumlah soal subtes {n}", "Items of sub-test {n}"},
		"banks.bp.minutes":      {"Durasi (menit)", "Duration (minutes)"},
		"banks.bp.extra":        {"Tambahan waktu (menit)", "Extra time (minutes)"},
		"banks.bp.extra.help":   {"Bagi peserta tunanetra.", "For a blind participant."},
		"banks.bp.passing":      {"Nilai ambang batas", "Passing grade"},
		"banks.bp.passing.none": {"— Tanpa nilai ambang —", "— No passing grade —"},
		"banks.bp.passing.help": {
			"Nilai ambang per kategori peserta diterapkan oleh mesin aturan seleksi; perlu subtes TWK, TIU dan TKP.",
			"The grade of each participant category is applied by the selection rules engine; it needs the sub-tests " +
				"TWK, TIU and TKP."},
		"banks.scheme.cpns-2024": {"KepmenPANRB 321/2024 (SKD CPNS 2024)", "KepmenPANRB 321/2024 (SKD CPNS 2024)"},

		// Notices after a change.
		"banks.flash.bank":      {"Bank soal dibuat.", "The question bank was created."},
		"banks.flash.item":      {"Soal ditambahkan.", "The item was added."},
		"banks.flash.imported":  {"{n} soal diimpor.", "{n} items imported."},
		"banks.flash.edited":    {"Soal disimpan (versi {n}).", "The item was saved (version {n})."},
		"banks.flash.version":   {"Soal disimpan sebagai versi {n}.", "The item was saved as version {n}."},
		"banks.flash.blueprint": {"Kisi-kisi dibuat.", "The blueprint was created."},
	})
}
