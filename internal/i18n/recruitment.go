package i18n

// The words of recruitment: periods, formations, applicants, applications,
// the formation and SSCASN imports, and the notices to applicants.
func init() {
	add(map[string]Text{
		// Why an applicant does not meet a formation's requirements.
		"recruitment.reason_list": {"{reasons}", "{reasons}"},
		"recruitment.reason.level": {"Jenjang {level} tidak diterima formasi ini (diterima: {levels})",
			"Level {level} is not accepted by this formation (accepted: {levels})"},
		"recruitment.reason.major": {"Program studi {major} tidak termasuk kualifikasi formasi ini",
			"The major {major} is not among this formation's qualifications"},
		"recruitment.reason.ipk_required": {"IPK wajib diisi untuk formasi ini", "This formation needs the IPK"},
		"recruitment.reason.ipk_low":      {"IPK {ipk} di bawah syarat minimal {min}", "IPK {ipk} is below the minimum {min}"},
		"recruitment.reason.date":         {"{d}-{m}-{y}", "{y}-{m}-{d}"},
		"recruitment.reason.age": {"Usia pada tanggal acuan {date} adalah {age} tahun; syarat {min}–{max} tahun",
			"Age on the reference date {date} is {age}; the requirement is {min}–{max}"},
		"recruitment.reason.proof": {"Kategori {category} memerlukan keterangan {proof}", "Category {category} needs {proof}"},

		"recruitment.period_not_found":      {"Periode seleksi tidak ditemukan", "Recruitment period not found"},
		"recruitment.formation_not_found":   {"Formasi tidak ditemukan", "Formation not found"},
		"recruitment.application_not_found": {"Lamaran tidak ditemukan", "Application not found"},
		"recruitment.registration_closed": {"Pendaftaran periode ini tidak sedang dibuka; tidak ada yang dapat diubah",
			"Registration for this period is not open; nothing can be changed"},
		"recruitment.second_application": {
			"Anda sudah mempunyai lamaran pada periode ini. Satu pelamar hanya boleh melamar satu formasi per periode; " +
				"tarik draf lama bila ingin memilih formasi lain.",
			"You already have an application in this period. One applicant may apply to one formation per period; withdraw the draft " +
				"to choose another.",
		},
		"recruitment.already_submitted": {"Lamaran sudah dikirim dan terkunci", "The application has been submitted and is locked"},
		"recruitment.nik_taken": {
			"NIK ini sudah terdaftar. Masuk dengan NIK tersebut, atau hubungi helpdesk panitia bila kehilangan akses.",
			"This NIK is already registered. Sign in with it, or contact the committee helpdesk if you lost access.",
		},
		"recruitment.nik_registered": {"NIK sudah terdaftar", "NIK already registered"},
		"recruitment.published":      {"Periode sudah diumumkan", "The period is already published"},
		"recruitment.registration_started": {"Pendaftaran sudah dibuka: persyaratan hanya dapat diubah lewat amandemen yang tercatat",
			"Registration has opened: requirements change only through a recorded amendment"},
		"recruitment.national_period": {
			"Periode ini seleksi nasional: pendaftaran dan verifikasi dilakukan di SSCASN, lalu data pelamar diimpor panitia. " +
				"Lamaran tidak dapat dibuat di sini.",
			"This period is a national round: registration and verification happen in SSCASN and the committee imports the applicants. " +
				"Applications cannot be made here.",
		},

		// Registration and the helpdesk.
		"recruitment.name_required": {
			"Nama sesuai KTP wajib diisi (maksimal 150 karakter)",
			"The name as on the KTP is required (at most 150 characters)",
		},
		"recruitment.birth_place_required": {"Tempat lahir wajib diisi", "The place of birth is required"},
		"recruitment.birth_date":           {"Tanggal lahir harus berbentuk YYYY-MM-DD", "The birth date must be YYYY-MM-DD"},
		"recruitment.gender":               {"Jenis kelamin harus M (laki-laki) atau F (perempuan)", "Gender must be M or F"},
		"recruitment.phone": {"Nomor HP harus nomor seluler Indonesia, mis. 081234567890",
			"The phone must be an Indonesian mobile number, e.g. 081234567890"},
		"recruitment.too_many_registrations": {"Terlalu banyak pendaftaran dari alamat ini; coba lagi sebentar lagi",
			"Too many registrations from this address; try again shortly"},
		"recruitment.email_taken":  {"E-mail ini sudah dipakai akun lain", "This e-mail is already used by another account"},
		"recruitment.email_in_use": {"E-mail sudah dipakai", "E-mail already in use"},
		"recruitment.email_not_confirmed": {
			"Konfirmasi alamat e-mail Anda dulu: buka tautan yang kami kirim (atau minta tautan baru di halaman Lamaran)",
			"Confirm your e-mail address first: open the link we sent (or ask for a new one on the Application page)",
		},
		"recruitment.helpdesk_reason": {"Tulis bagaimana identitas pemohon diperiksa (10–1.000 karakter)",
			"Write how the person's identity was checked (10–1,000 characters)"},

		// Applications.
		"recruitment.ineligible":      {"Tidak memenuhi syarat formasi ini: {reasons}", "Not eligible for this formation: {reasons}"},
		"recruitment.formation_id":    {"formation_id harus id formasi", "formation_id must be a formation id"},
		"recruitment.applicants_only": {"Hanya pelamar terdaftar yang dapat melamar", "Only registered applicants may apply"},
		"recruitment.document_not_asked": {"Formasi ini tidak meminta dokumen {kind} (diminta: {kinds})",
			"This formation does not ask for a document {kind} (it asks for: {kinds})"},
		"recruitment.documents_missing": {"Dokumen wajib belum lengkap: {kinds}", "Required documents are missing: {kinds}"},
		"recruitment.applicant_page_only": {"Hanya pelamar terdaftar yang mempunyai halaman lamaran", "Only registered applicants " +
			"have an application page"},
		"recruitment.choose_file":  {"Pilih berkas terlebih dahulu", "Choose a file first"},
		"recruitment.not_uploaded": {"Belum diunggah", "Not uploaded yet"},
		"recruitment.card_not_submitted": {
			"Kartu pendaftaran tersedia setelah lamaran dikirim",
			"The registration card is available once the application is submitted",
		},

		// Periods.
		"recruitment.period.name": {
			"Nama periode wajib diisi (maksimal 200 karakter)",
			"The period's name is required (at most 200 characters)",
		},
		"recruitment.period.kind":      {"Jenis harus salah satu dari: {kinds}", "The kind must be one of: {kinds}"},
		"recruitment.period.time_zone": {"Zona waktu tidak dikenal", "Unknown time zone"},
		"recruitment.period.reference_date": {
			"Tanggal acuan usia harus berbentuk YYYY-MM-DD",
			"The age reference date must be YYYY-MM-DD",
		},
		"recruitment.period.after":          {"Harus sesudah {step}", "Must be after {step}"},
		"recruitment.period.after_previous": {"Harus sesudah tahap sebelumnya", "Must be after the previous stage"},
		"recruitment.period.appeal_days":    {"Masa sanggah 0–30 hari", "The appeal period is 0–30 days"},
		"recruitment.period.appeal_cpns": {
			"Seleksi CPNS memerlukan masa sanggah paling sedikit {days} hari",
			"A CPNS round needs an appeal period of at least {days} days",
		},
		"recruitment.period.no_formations": {
			"Periode tanpa formasi tidak dapat diumumkan",
			"A period without formations cannot be published",
		},

		// Formations and the education reference list.
		"recruitment.formation.code": {
			"Kode formasi wajib diisi (maksimal 40 karakter)",
			"The formation code is required (at most 40 characters)",
		},
		"recruitment.formation.position": {"Jabatan wajib diisi", "The position is required"},
		"recruitment.formation.unit":     {"Unit kerja wajib diisi", "The unit is required"},
		"recruitment.formation.quota":    {"Kebutuhan (kuota) harus 1–10.000", "The quota must be 1–10,000"},
		"recruitment.formation.category": {
			"Kategori harus salah satu dari: {categories}",
			"The category must be one of: {categories}",
		},
		"recruitment.formation.levels":        {"Minimal satu jenjang pendidikan", "At least one level of education"},
		"recruitment.formation.level_unknown": {"Jenjang tidak dikenal: {level}", "Unknown level: {level}"},
		"recruitment.formation.majors":        {"Minimal satu kualifikasi pendidikan", "At least one qualification"},
		"recruitment.formation.min_ipk":       {"IPK minimal 0,00–4,00", "The minimum IPK is 0.00–4.00"},
		"recruitment.formation.age": {
			"Batas usia harus 15–70 tahun, minimal tidak lebih dari maksimal",
			"Age limits must be 15–70 years, the minimum not above the maximum",
		},
		"recruitment.formation.document_kind": {"Jenis dokumen kosong, mengandung / \\ . spasi, atau ganda",
			"The document kind is empty, holds / \\ . or a space, or is repeated"},
		"recruitment.formation.document_format": {
			"Format dokumen wajib diisi (pdf atau jpeg)",
			"The document format is required (pdf or jpeg)",
		},
		"recruitment.formation.document_formats": {"Format dokumen hanya pdf atau jpeg", "Document formats are pdf or jpeg only"},
		"recruitment.formation.document_size":    {"Ukuran maksimal dokumen 1 KB – 1 MB", "The document size limit is 1 KB – 1 MB"},
		"recruitment.formation.code_exists": {
			"Kode formasi {code} sudah ada di periode ini",
			"Formation code {code} already exists in this period",
		},
		"recruitment.formation.code_taken": {"Kode sudah dipakai", "Code already in use"},
		"recruitment.education.ref": {
			"Kode, nama dan jenjang ({levels}) wajib diisi",
			"Code, name and level ({levels}) are required",
		},
		"recruitment.education.unknown": {
			"Kode pendidikan tidak ada di daftar rujukan: {codes}",
			"Education codes not in the reference list: {codes}",
		},

		// Amendments.
		"recruitment.amend.note": {
			"Alasan perubahan wajib diisi (10–2.000 karakter)",
			"The reason for the change is required (10–2,000 characters)",
		},
		"recruitment.amend.changes": {"Sebutkan minimal satu perubahan", "Name at least one change"},
		"recruitment.amend.not_amendable": {
			"Tidak dapat diubah; yang dapat diubah: {fields}",
			"Cannot be changed; what can change: {fields}",
		},
		"recruitment.amend.formation_id": {"Bukan nomor formasi", "Not a formation id"},
		"recruitment.amend.no_change": {
			"Nilai baru sama dengan nilai lama: tidak ada yang berubah",
			"The new values equal the old ones: nothing changes",
		},
		"recruitment.amend.unreadable": {"Nilai tidak dapat dibaca atau tidak dikenal", "The value cannot be read or is unknown"},
		"recruitment.amend.unreadable_time": {
			"Nilai tidak dapat dibaca (waktu RFC 3339 atau bilangan bulat)",
			"The value cannot be read (an RFC 3339 time or an integer)",
		},
		"recruitment.amend.close_past": {"Penutupan pendaftaran tidak dapat dipindah ke waktu yang sudah lewat",
			"Registration cannot be moved to close at a time already past"},
		"recruitment.amend.announced": {"Pengumuman administrasi sudah lewat", "The administration announcement is past"},

		// The formation file.
		"recruitment.formations.header": {"Kepala tabel harus: {columns}", "The header row must be: {columns}"},
		"recruitment.formations.header_column": {
			"baris 1, kolom {n}: \"{got}\", seharusnya \"{want}\"",
			"line 1, column {n}: \"{got}\", expected \"{want}\"",
		},
		"recruitment.formations.empty":         {"Berkas tidak berisi formasi", "The file has no formations"},
		"recruitment.formations.not_integer":   {"\"{value}\" bukan bilangan bulat", "\"{value}\" is not an integer"},
		"recruitment.formations.min_ipk":       {"\"{value}\" bukan IPK 0,00–4,00", "\"{value}\" is not an IPK 0.00–4.00"},
		"recruitment.formations.document_kind": {"jenis dokumen \"{kind}\" tidak dikenal", "unknown document kind \"{kind}\""},
		"recruitment.formations.code_twice": {
			"kode {code} sudah dipakai di baris {line}",
			"code {code} is already used on line {line}",
		},
		"recruitment.formations.format": {"Format harus csv atau xlsx", "The format must be csv or xlsx"},

		// The SSCASN applicant export.
		"recruitment.import.no_header": {"Berkas tidak memiliki baris kepala tabel", "The file has no header row"},
		"recruitment.import.rejected": {"Berkas ditolak seluruhnya, tidak ada yang disimpan; {n} masalah{shown}: {problems}",
			"The whole file was rejected, nothing was stored; {n} problems{shown}: {problems}"},
		"recruitment.import.column_twice": {"baris 1: kolom {column} muncul dua kali", "line 1: column {column} appears twice"},
		"recruitment.import.columns_missing": {
			"baris 1: kolom tidak ada: {columns} (kepala tabel: {header})",
			"line 1: missing columns: {columns} (header: {header})",
		},
		"recruitment.import.empty":    {"Berkas tidak berisi pelamar", "The file has no applicants"},
		"recruitment.import.too_many": {"Berkas berisi lebih dari {max} pelamar", "The file has more than {max} applicants"},
		"recruitment.import.regno_required": {
			"nomor peserta wajib diisi (4–40 huruf/angka)",
			"the registration number is required (4–40 letters/digits)",
		},
		"recruitment.import.regno_twice": {
			"nomor peserta {number} ganda (juga di baris {line})",
			"registration number {number} is duplicated (also on line {line})",
		},
		"recruitment.import.name_required": {"nama wajib diisi (maksimal 150 karakter)", "the name is required (at most 150 characters)"},
		"recruitment.import.place_required": {
			"tempat lahir wajib diisi (maksimal 100 karakter)",
			"the place of birth is required (at most 100 characters)",
		},
		"recruitment.import.birth_date": {
			"\"{value}\" bukan tanggal YYYY-MM-DD atau DD-MM-YYYY",
			"\"{value}\" is not a date YYYY-MM-DD or DD-MM-YYYY",
		},
		"recruitment.import.gender":    {"jenis kelamin harus L/P (atau M/F)", "gender must be L/P (or M/F)"},
		"recruitment.import.nik_twice": {"NIK {nik} ganda (juga di baris {line})", "NIK {nik} is duplicated (also on line {line})"},
		"recruitment.import.email":     {"alamat e-mail tidak valid", "the e-mail address is not valid"},
		"recruitment.import.phone": {"nomor HP harus nomor seluler Indonesia, mis. 081234567890",
			"the phone must be an Indonesian mobile number, e.g. 081234567890"},
		"recruitment.import.formation": {"formasi \"{code}\" tidak ada pada periode ini", "formation \"{code}\" is not in this period"},
		"recruitment.import.level":     {"jenjang \"{level}\" tidak dikenal ({levels})", "unknown level \"{level}\" ({levels})"},
		"recruitment.import.education": {
			"kode pendidikan \"{code}\" tidak ada dalam daftar referensi",
			"education code \"{code}\" is not in the reference list",
		},
		"recruitment.import.education_level": {
			"kode {code} berjenjang {its}, bukan {level}",
			"code {code} is of level {its}, not {level}",
		},
		"recruitment.import.ipk": {"\"{value}\" bukan IPK 0,00–4,00 (SMA: nilai rata-rata 0–100)",
			"\"{value}\" is not an IPK 0.00–4.00 (SMA: an average 0–100)"},
		"recruitment.import.decision":   {"\"{value}\": harus MS atau TMS", "\"{value}\": must be MS or TMS"},
		"recruitment.import.ms_reasons": {"peserta MS tidak boleh memiliki alasan TMS", "an MS applicant may not have TMS reasons"},
		"recruitment.import.tms_reasons": {"TMS wajib menyebut minimal satu syarat yang tidak terpenuhi (syarat: catatan)",
			"a TMS must name at least one failed requirement (requirement: note)"},
		"recruitment.import.reason_form": {
			"alasan ke-{n} harus berbentuk \"syarat: catatan\"",
			"reason {n} must read \"requirement: note\"",
		},
		"recruitment.import.reason_long": {
			"catatan alasan ke-{n} lebih dari 1.000 karakter",
			"the note of reason {n} is over 1,000 characters",
		},
		"recruitment.import.reason_unknown": {"syarat \"{requirement}\" bukan syarat formasi ini ({allowed})",
			"requirement \"{requirement}\" is not one of this formation's ({allowed})"},
		"recruitment.import.reason_twice": {"syarat {requirement} disebut dua kali", "requirement {requirement} is named twice"},
		"recruitment.import.local_period": {
			"Periode ini sudah memiliki {n} lamaran dari pendaftaran lokal; data SSCASN hanya dapat diimpor ke periode " +
				"tanpa pendaftaran lokal (satu periode tidak boleh mencampur keduanya)",
			"This period already has {n} applications from local registration; an SSCASN export can only be imported into a period " +
				"without local registration (a period never mixes the two)",
		},
		"recruitment.import.nik_in_period": {"NIK {nik} sudah terdaftar pada periode ini (no. peserta {number})",
			"NIK {nik} is already registered in this period (registration number {number})"},
		"recruitment.import.username_taken": {"nama pengguna {nik} sudah dipakai akun lain yang bukan pelamar",
			"the username {nik} belongs to another account that is not an applicant"},
		"recruitment.import.email_taken": {"e-mail {email} sudah dipakai akun lain", "the e-mail {email} is used by another account"},
		"recruitment.import.email_twice": {
			"e-mail {email} ganda (juga di baris {line})",
			"e-mail {email} is duplicated (also on line {line})",
		},
		"recruitment.import.regno_in_period": {
			"nomor peserta {number} sudah ada pada periode ini",
			"registration number {number} is already in this period",
		},
		"recruitment.import.regno_elsewhere": {
			"nomor peserta {number} sudah dipakai periode lain",
			"registration number {number} is used by another period",
		},

		// Notices to applicants (stored in both languages, read in one).
		"recruitment.notice.submitted_title": {"Lamaran terkirim: {number}", "Application submitted: {number}"},
		"recruitment.notice.submitted": {
			"Yth. {name},\n\nLamaran Anda untuk {position}, {unit}, sudah terkirim dengan nomor pendaftaran {number}. " +
				"Dokumen tidak dapat diubah lagi. Simpan kartu pendaftaran dari halaman lamaran; " +
				"hasil verifikasi administrasi diumumkan " +
				"sesuai jadwal.",
			"Dear {name},\n\nYour application for {position}, {unit}, is submitted with registration number {number}. " +
				"Its documents can no longer be changed. Keep the registration card from the application page; " +
				"the results of the administrative verification are announced on schedule.",
		},
		"recruitment.notice.reminder_title": {"Lamaran {number} belum dikirim", "Application {number} not submitted yet"},
		"recruitment.notice.reminder": {
			"Yth. {name},\n\nPendaftaran ditutup {close}. Lamaran Anda ({number}) masih draf: lengkapi dokumen wajib " +
				"lalu tekan Kirim sebelum itu. Sesudah penutupan, lamaran tidak dapat dikirim.",
			"Dear {name},\n\nRegistration closes {close}. Your application {number} is still a draft: upload the required documents " +
				"and submit before then.",
		},
	})
}
