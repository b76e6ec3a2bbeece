package i18n

// Words of the committee's recruitment set-up pages (/panitia/…): periods
// and their schedule, formations, imports, publishing and amendments.
func init() {
	add(map[string]Text{
		// The periods.
		"panitia.periods.title": {"Periode seleksi", "Selection periods"},
		"panitia.periods.lead": {
			"Buat periode beserta jadwalnya, isi formasinya, lalu umumkan. Setelah diumumkan, jadwal dan persyaratan hanya " +
				"berubah melalui perubahan pengumuman yang disertai alasan.",
			"Create a period with its schedule, fill in its formations, then publish it. Once published, the schedule and " +
				"the requirements change only through an amendment that states its reason."},
		"panitia.periods.back":  {"← Semua periode", "← All periods"},
		"panitia.period.title":  {"Pengaturan periode", "Period set-up"},
		"panitia.period.new":    {"Buat periode", "Create a period"},
		"panitia.period.create": {"Buat periode", "Create period"},
		"panitia.period.edit":   {"Ubah periode dan jadwal", "Edit the period and its schedule"},
		"panitia.period.amend":  {"Perubahan jadwal", "Amend the schedule"},
		"panitia.state":         {"Status", "State"},
		"panitia.kind.cpns":     {"CPNS", "CPNS"},
		"panitia.kind.pppk":     {"PPPK", "PPPK"},
		"panitia.kind.jpt":      {"Seleksi terbuka JPT", "Open selection (JPT)"},
		"panitia.kind.other":    {"Lainnya", "Other"},
		"panitia.public_page":   {"Halaman publik", "Public page"},
		"panitia.verification":  {"Verifikasi", "Verification"},
		"panitia.save":          {"Simpan", "Save"},
		"panitia.edit":          {"Ubah", "Edit"},
		"panitia.amend":         {"Perubahan", "Amend"},
		"panitia.export":        {"Unduh formasi", "Download formations"},
		"panitia.template":      {"Templat", "Template"},

		// The period form.
		"panitia.f.name":                {"Nama periode", "Name of the period"},
		"panitia.f.kind":                {"Jenis", "Kind"},
		"panitia.f.agency":              {"Instansi", "Agency"},
		"panitia.f.agency.help":         {"Kosong: Pemerintah Kota Palangka Raya.", "Empty: Pemerintah Kota Palangka Raya."},
		"panitia.f.reference_date":      {"Tanggal acuan usia", "Reference date for age"},
		"panitia.f.reference_date.help": {"Usia pelamar dihitung pada tanggal ini.", "Applicants' age is judged on this date."},
		"panitia.f.times.help": {"Semua waktu dalam WIB; setiap tahap harus sesudah tahap sebelumnya.",
			"All times in WIB; each step must come after the one before it."},
		"panitia.f.announce_at":                {"Pengumuman", "Announcement"},
		"panitia.f.registration_open_at":       {"Pendaftaran dibuka", "Registration opens"},
		"panitia.f.registration_close_at":      {"Pendaftaran ditutup", "Registration closes"},
		"panitia.f.administration_announce_at": {"Pengumuman hasil administrasi", "Administration results announced"},
		"panitia.f.appeal_days":                {"Masa sanggah (hari)", "Appeal window (days)"},
		"panitia.f.appeal_days.help": {"Hari kalender sesudah pengumuman hasil administrasi (0–30; CPNS paling sedikit 3).",
			"Calendar days after the administration results (0–30; at least 3 for CPNS)."},
		"panitia.f.skd_at":   {"SKD", "SKD"},
		"panitia.f.skb_at":   {"SKB", "SKB"},
		"panitia.f.final_at": {"Pengumuman akhir", "Final announcement"},
		"panitia.f.optional": {"Boleh kosong.", "Optional."},
		"panitia.f.note": {"Alasan perubahan (paling sedikit 10 karakter, diumumkan)",
			"Reason for the amendment (at least 10 characters, published)"},
		"panitia.time_bad":   {"Isi tanggal dan jam (WIB)", "Enter a date and time (WIB)"},
		"panitia.number_bad": {"Isi dengan angka", "Enter a number"},
		"panitia.amend.help": {
			"Periode sudah diumumkan: tanggal penutupan pendaftaran, pengumuman hasil administrasi, masa sanggah, SKD, SKB dan " +
				"pengumuman akhir berubah melalui perubahan pengumuman dengan alasan, yang tampil di halaman publik.",
			"The period is published: the registration close, the administration results, the appeal window, SKD, SKB and " +
				"the final announcement change through an amendment with its reason, shown on the public page."},
		"panitia.amend.submit": {"Umumkan perubahan", "Publish the amendment"},

		// Publishing.
		"panitia.publish.title": {"Pengumuman periode", "Publishing the period"},
		"panitia.publish.help": {"Setelah diumumkan, periode tampil untuk publik dan jadwalnya berjalan.",
			"Once published, the public sees the period and its schedule runs."},
		"panitia.publish.submit":  {"Umumkan periode", "Publish the period"},
		"panitia.publish.blocked": {"Periode belum dapat diumumkan:", "The period cannot be published yet:"},
		"panitia.block.no_formations": {"belum ada formasi — tambahkan satu atau impor berkas formasi",
			"it has no formation yet — add one or import a formation file"},

		// Formations.
		"panitia.formations": {"Formasi", "Formations"},
		"panitia.formations.closed": {"Pendaftaran sudah dibuka: formasi baru tidak dapat ditambahkan.",
			"Registration has opened: no new formation can be added."},
		"panitia.formation.title":  {"Formasi", "Formation"},
		"panitia.formation.add":    {"Tambah formasi", "Add a formation"},
		"panitia.formation.create": {"Tambah formasi", "Add formation"},
		"panitia.formation.amend.help": {
			"Periode sudah diumumkan: kebutuhan dan persyaratan berubah melalui perubahan pengumuman dengan alasan; kode, jabatan, " +
				"unit dan kategori tetap.",
			"The period is published: the quota and the requirements change through an amendment with its reason; the code, " +
				"position, unit and category stay."},
		"panitia.f.code":                 {"Kode formasi", "Formation code"},
		"panitia.f.position":             {"Jabatan", "Position"},
		"panitia.f.unit":                 {"Unit kerja", "Unit"},
		"panitia.f.employment_type":      {"Jenis kepegawaian", "Employment type"},
		"panitia.f.employment_type.help": {"Kosong: PNS.", "Empty: PNS."},
		"panitia.f.category":             {"Kategori", "Category"},
		"panitia.f.quota":                {"Kebutuhan", "Quota"},
		"panitia.f.levels":               {"Jenjang pendidikan", "Education levels"},
		"panitia.f.majors":               {"Kode pendidikan", "Education codes"},
		"panitia.f.majors.help": {"Kode dari daftar referensi pendidikan, dipisah titik koma (mis. S1-TI; S1-SI).",
			"Codes of the education reference list, separated by semicolons (e.g. S1-TI; S1-SI)."},
		"panitia.f.min_ipk":      {"IPK minimal", "Minimum IPK"},
		"panitia.f.min_ipk.help": {"0,00–4,00; kosong: tanpa syarat IPK.", "0.00–4.00; empty: no IPK requirement."},
		"panitia.f.age_min":      {"Usia minimal", "Minimum age"},
		"panitia.f.age_max":      {"Usia maksimal", "Maximum age"},
		"panitia.f.documents":    {"Dokumen yang diminta", "Documents asked for"},
		"panitia.f.documents.help": {
			"Tanpa centang: enam dokumen biasa (pas foto, swafoto, KTP, ijazah, transkrip, surat lamaran), dengan batas SSCASN.",
			"None ticked: the usual six (photo, selfie, KTP, diploma, transcript, application letter), with the SSCASN limits."},
		"panitia.f.documents.amend_help": {"Tanpa centang: dokumen tidak berubah.", "None ticked: the documents stay as they are."},
		"panitia.document_bad":           {"Jenis dokumen tidak dikenal", "Unknown document kind"},

		// Imports.
		"panitia.import.title": {"Impor formasi dari berkas", "Import formations from a file"},
		"panitia.import.help": {
			"Berkas CSV atau XLSX dengan kolom templat (paling besar 10 MB). Semua baris diimpor atau tidak satu pun: " +
				"bila ada baris yang salah, tidak ada yang berubah dan setiap kesalahan ditunjukkan.",
			"A CSV or XLSX file with the template's columns (at most 10 MB). All rows or none: if any row is wrong, " +
				"nothing changes and every mistake is shown."},
		"panitia.import.file":     {"Berkas", "File"},
		"panitia.import.submit":   {"Impor", "Import"},
		"panitia.import.rejected": {"Berkas ditolak: {n} kesalahan.", "File refused: {n} mistakes."},
		"panitia.import.nothing": {"Tidak ada yang diimpor. Perbaiki berkas lalu unggah lagi.",
			"Nothing was imported. Fix the file and upload it again."},
		"panitia.import.row":     {"Baris", "Row"},
		"panitia.import.column":  {"Kolom", "Column"},
		"panitia.import.message": {"Kesalahan", "Problem"},

		// The SSCASN applicant import.
		"panitia.sscasn.title": {"Impor pelamar SSCASN", "Import SSCASN applicants"},
		"panitia.sscasn.lead": {
			"Untuk seleksi nasional: unggah ekspor pelamar SSCASN (CSV atau XLSX, paling besar 20 MB) beserta keputusan MS/TMS. " +
				"Semua baris diimpor atau tidak satu pun.",
			"For a national round: upload the SSCASN applicant export (CSV or XLSX, at most 20 MB) with its MS/TMS decisions. " +
				"All rows or none."},
		"panitia.sscasn.file":         {"Berkas ekspor SSCASN", "SSCASN export file"},
		"panitia.sscasn.done":         {"Impor selesai", "Import done"},
		"panitia.sscasn.imported":     {"Lamaran diimpor", "Applications imported"},
		"panitia.sscasn.new_accounts": {"Akun baru", "New accounts"},
		"panitia.sscasn.pact": {"Impor pelamar memerlukan pakta integritas periode ini yang sudah Anda tandatangani.",
			"Importing applicants needs your signed integrity pact of this period."},
		"panitia.sscasn.pact_link": {"Tanda tangani pakta integritas", "Sign the integrity pact"},

		// Flashes after a change.
		"panitia.flash.created":           {"Periode dibuat sebagai draf.", "The period was created as a draft."},
		"panitia.flash.updated":           {"Periode disimpan.", "The period was saved."},
		"panitia.flash.published":         {"Periode diumumkan.", "The period was published."},
		"panitia.flash.amended":           {"Perubahan diumumkan.", "The amendment was published."},
		"panitia.flash.formation":         {"Formasi ditambahkan.", "The formation was added."},
		"panitia.flash.formation_updated": {"Formasi disimpan.", "The formation was saved."},
		"panitia.flash.imported":          {"{n} formasi diimpor.", "{n} formations imported."},
		"panitia.flash.sscasn":            {"{n} lamaran diimpor.", "{n} applications imported."},
	})
}
