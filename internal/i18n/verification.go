package i18n

// Words of verification: integrity pacts, conflicts of interest,
// decisions, announcements, appeals and the helpdesk lookup, and the
// notices it sends.
func init() {
	add(map[string]Text{
		// Integrity pacts and access.
		"verification.pact_required": {
			"Anda belum menandatangani pakta integritas periode ini. Tanda tangani pakta integritas (termasuk janji menyatakan konflik " +
				"kepentingan) sebelum melihat data pelamar.",
			"You have not signed this period's integrity pact yet. Sign the integrity pact " +
				"(including the promise to declare conflicts of " +
				"interest) before seeing applicant data."},
		"verification.pact_role": {"Hanya panitia, verifikator dan penguji yang menandatangani pakta integritas",
			"Only committee members, verifiers and assessors sign integrity pacts"},
		"verification.pact_signed": {"Anda sudah menandatangani pakta integritas periode ini",
			"You have already signed this period's integrity pact"},
		"verification.not_found":          {"Lamaran tidak ditemukan", "Application not found"},
		"verification.appeal_not_found":   {"Sanggah tidak ditemukan", "Appeal not found"},
		"verification.document_not_found": {"Dokumen tidak ditemukan", "Document not found"},

		// Conflicts of interest.
		"verification.conflict_kind": {"Jenis konflik: family (keluarga), work (hubungan kerja) atau other (lainnya)",
			"Kind of conflict: family, work or other"},
		"verification.conflict_note": {"Keterangan wajib untuk jenis 'other' (maksimal 1.000 karakter)",
			"A note is required for the kind 'other' (at most 1,000 characters)"},
		"verification.conflict_twice": {"Konflik kepentingan dengan pelamar ini sudah Anda nyatakan",
			"You have already declared a conflict with this applicant"},
		"verification.conflict_declared": {
			"Anda telah menyatakan konflik kepentingan dengan pelamar ini; mintalah petugas lain membantunya.",
			"You declared a conflict of interest with this applicant; ask another member of staff to help them.",
		},

		// Assignment and the queue.
		"verification.reassign_not_signed": {"Bukan verifikator periode ini yang sudah menandatangani pakta integritas",
			"Not a verifier of this period who has signed the integrity pact"},
		"verification.reassign_conflict": {"Verifikator ini menyatakan konflik kepentingan dengan pelamar",
			"This verifier declared a conflict of interest with the applicant"},
		"verification.queue_status": {"status: pending, MS, TMS atau all", "status: pending, MS, TMS or all"},

		// Pre-checks.
		"verification.check.education_ok": {"Jenjang dan program studi sesuai formasi", "Level and major match the formation"},
		"verification.check.ipk_ok":       {"IPK memenuhi syarat minimal", "IPK meets the minimum"},
		"verification.check.age_ok": {"Usia {age} tahun pada tanggal acuan (syarat {min}–{max})",
			"Age {age} on the reference date (requirement {min}–{max})"},
		"verification.check.category_ok": {"Keterangan kategori {category} lengkap", "Category {category} proofs complete"},
		"verification.check.document_ok": {"Dokumen diunggah (format diperiksa dari isi berkas)",
			"Document uploaded (format checked by content)"},
		"verification.check.document_missing": {"Dokumen wajib tidak ada", "Required document missing"},

		// Decisions.
		"verification.decision_incomplete": {"Keputusan belum lengkap", "The decision is incomplete"},
		"verification.decision_ms_reasons": {
			"Keputusan MS tidak disertai alasan penolakan",
			"An MS decision carries no reasons for refusal",
		},
		"verification.decision_tms_reasons": {"Keputusan TMS wajib menyebut setiap syarat yang tidak terpenuhi beserta catatannya",
			"A TMS decision must name every requirement not met, each with a note"},
		"verification.decision_value":     {"Keputusan harus MS atau TMS", "The decision must be MS or TMS"},
		"verification.reason_requirement": {"Syarat harus salah satu dari: {allowed}", "The requirement must be one of: {allowed}"},
		"verification.reason_twice":       {"Syarat disebut dua kali", "The requirement is named twice"},
		"verification.reason_note": {"Catatan wajib diisi (maksimal 1.000 karakter): pelamar membacanya",
			"A note is required (at most 1,000 characters): the applicant reads it"},
		"verification.decided": {
			"Lamaran ini sudah diputuskan. Keputusan hanya dapat diubah bila panitia membukanya kembali dengan alasan.",
			"This application has already been decided. A decision can change only when the committee reopens it with a reason.",
		},
		"verification.not_decided": {"Lamaran ini belum diputuskan", "This application has not been decided yet"},
		"verification.own_decision": {"Konfirmasi empat mata harus dilakukan orang lain, bukan yang memutuskan",
			"The four-eyes confirmation must come from someone other than the one who decided"},
		"verification.own_reopen": {"Keputusan yang Anda ambil sendiri dibuka kembali oleh anggota panitia lain",
			"A decision you took yourself is reopened by another committee member"},
		"verification.confirm_only_tms": {"Hanya keputusan TMS yang dikonfirmasi", "Only TMS decisions are confirmed"},
		"verification.confirmed":        {"Keputusan ini sudah dikonfirmasi", "This decision is already confirmed"},
		"verification.reopen_reason": {"Alasan membuka kembali wajib diisi (maksimal 1.000 karakter)",
			"A reason for reopening is required (at most 1,000 characters)"},

		// Announcements.
		"verification.stage.administration": {"Hasil Seleksi Administrasi", "Administration results"},
		"verification.stage.appeal":         {"Hasil Seleksi Administrasi Pascasanggah", "Administration results after appeals"},
		"verification.stage.skd":            {"Hasil SKD", "SKD results"},
		"verification.stage.final":          {"Hasil Akhir", "Final results"},
		"verification.stage_later": {"Tahap {stage} diumumkan oleh bagian seleksi (belum tersedia pada versi ini)",
			"The {stage} stage is announced by the selection part (not available in this version yet)"},
		"verification.stage_value":          {"Tahap harus salah satu dari: {stages}", "The stage must be one of: {stages}"},
		"verification.formation_id":         {"formation harus id formasi", "formation must be a formation id"},
		"verification.version_value":        {"version harus bilangan bulat ≥ 1", "version must be a whole number ≥ 1"},
		"verification.form_unreadable":      {"Formulir tidak dapat dibaca", "The form could not be read"},
		"verification.format_value":         {"format: json, csv, xlsx atau pdf", "format: json, csv, xlsx or pdf"},
		"verification.period_not_published": {"Periode belum diumumkan", "The period has not been published"},
		"verification.appeal_stage_first": {"Pengumuman pascasanggah diterbitkan setelah pengumuman hasil seleksi administrasi",
			"The post-appeal announcement comes after the administration announcement"},
		"verification.undecided": {
			"Masih ada {n} lamaran yang belum diputuskan; pengumuman dapat diterbitkan setelah semua lamaran diputuskan",
			"{n} applications are still undecided; the announcement can be published once every application is decided",
		},
		"verification.pending_appeals": {"Masih ada {n} sanggah yang belum dijawab", "{n} appeals are still unanswered"},
		"verification.count":           {"{n}", "{n}"},
		"verification.no_version": {"Pengumuman tidak ditemukan (belum diterbitkan atau versi tidak ada)",
			"Announcement not found (not published yet, or no such version)"},
		"verification.import_announced": {"Hasil seleksi administrasi periode ini sudah diumumkan; data pelamar tidak dapat diimpor lagi",
			"The administration results of this period have been announced; applicants can no longer be imported"},

		// Appeals.
		"verification.appeal_pending": {"Lamaran ini sedang disanggah; keputusan diubah melalui jawaban sanggah",
			"This application has a pending appeal; the decision changes through the appeal's answer"},
		"verification.first_verifier": {"Sanggah tidak boleh diputus oleh verifikator pertama lamaran ini",
			"An appeal may not be decided by the application's first verifier"},
		"verification.not_announced": {"Hasil seleksi administrasi lamaran ini belum diumumkan; sanggah dapat diajukan setelah pengumuman",
			"The administration result of this application has not been announced yet; an appeal can be filed after the announcement"},
		"verification.appeal_ms": {"Lamaran yang Memenuhi Syarat (MS) tidak dapat disanggah",
			"An application found eligible (MS) cannot be appealed"},
		"verification.second_appeal": {"Anda sudah mengajukan sanggah untuk lamaran ini; sanggah hanya satu kali",
			"You have already appealed this application; there is one appeal only"},
		"verification.appeal_decided": {"Sanggah ini sudah dijawab", "This appeal has already been answered"},
		"verification.window_closed":  {"Masa sanggah sudah berakhir pada {end} WIB", "The appeal window closed on {end} WIB"},
		"verification.appeal_reason": {"Tuliskan kronologi dan alasan sanggah (10–4.000 karakter)",
			"Write the chronology and the reasons of the appeal (10–4,000 characters)"},
		"verification.appeal_upheld": {"Pilih: sanggah diterima (true) atau ditolak (false)",
			"Choose: the appeal is upheld (true) or rejected (false)"},
		"verification.appeal_response": {"Jawaban tertulis wajib diisi (maksimal 4.000 karakter)",
			"A written answer is required (at most 4,000 characters)"},

		// The helpdesk lookup.
		"verification.lookup_pact": {
			"Pencarian pelamar menampilkan data pribadi: tanda tangani dulu pakta integritas periode tempat pelamar itu melamar (atau, " +
				"bila ia belum melamar, salah satu periode yang sedang berjalan).",
			"Looking up an applicant shows personal data: first sign the integrity pact of the period the applicant applied in (or, if " +
				"they have not applied, of any running period)."},
		"verification.lookup_nik": {"NIK harus 16 digit", "The NIK has 16 digits"},
		"verification.lookup_reason": {"Tulis alasan pencarian (untuk apa data ini dibuka), paling banyak 500 karakter",
			"Write the reason for the lookup (what the data is opened for), at most 500 characters"},
		"verification.lookup_reason_required": {"Alasan pencarian wajib diisi", "A reason for the lookup is required"},

		// Notices.
		"verification.notice.result_title": {"{stage}: {result} ({number})", "{stage}: {result} ({number})"},
		"verification.notice.result_body": {"Yth. {name},\n\n{stage} — {period}\nNomor pendaftaran {number}, formasi {position} " +
			"({code}): {result}.\n",
			"Dear {name},\n\n{stage} — {period}\nRegistration number {number}, formation {position} ({code}): {result}.\n"},
		"verification.notice.reasons": {"Alasan", "Reasons"},
		"verification.notice.appeal_until": {"Anda dapat mengajukan sanggah satu kali, dengan kronologi, sampai {end} WIB, di halaman " +
			"hasil lamaran Anda.",
			"You may file one appeal, with a chronology, until {end} WIB, on your application's result page."},
		"verification.notice.appeal_answer_title": {"Jawaban sanggah {number}: {verdict}", "Answer to appeal {number}: {verdict}"},
		"verification.notice.appeal_answer_body": {
			"Yth. {name},\n\nSanggah Anda atas lamaran {number} {verdict}.\n\nJawaban panitia:\n{response}\n\nHasilnya masuk pengumuman " +
				"pascasanggah.\n",
			"Dear {name},\n\nYour appeal on application {number} was {verdict}.\n\nThe " +
				"committee's answer:\n{response}\n\nThe result goes " +
				"into the post-appeal announcement.\n"},
		"verification.notice.appeal_upheld":   {"diterima: lamaran Anda kini MS", "upheld: your application is now MS"},
		"verification.notice.appeal_rejected": {"ditolak: keputusan TMS tetap", "rejected: the TMS decision stands"},
		"verification.notice.late_conflict_title": {"Konflik kepentingan dinyatakan setelah pengumuman: {number}",
			"Conflict of interest declared after the announcement: {number}"},
		"verification.notice.late_conflict_body": {
			"{name} ({username}) menyatakan konflik kepentingan dengan pelamar {number} " +
				"setelah keputusan {decision} diumumkan. Keputusan " +
				"tetap; hanya sanggah atau pembukaan kembali oleh panitia (dengan alasan) yang dapat mengubahnya.",
			"{name} ({username}) declared a conflict of interest with applicant {number} " +
				"after the {decision} decision was announced. The " +
				"decision stands; only an appeal or a committee reopen (with a reason) can change it."},
	})
}
