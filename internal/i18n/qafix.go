package i18n

// Words of the confirmation asked before an irreversible action, the
// verification queue's search and batch assignment, the upload form's
// checks in the browser, and the publication refused while registration
// is open.
func init() {
	add(map[string]Text{
		// The confirmation page of an irreversible action (confirm_action).
		"qafix.confirm.heading": {"Yakin?", "Are you sure?"},
		"qafix.confirm.lead": {"Tindakan ini tidak dapat dibatalkan. Periksa sekali lagi sebelum melanjutkan.",
			"This cannot be undone. Check once more before you go on."},
		"qafix.confirm.yes": {"Ya, saya yakin", "Yes, I am sure"},
		"qafix.confirm.no":  {"Batal, kembali", "Cancel, go back"},

		"qafix.confirm.period.title": {"Terbitkan periode", "Publish the period"},
		"qafix.confirm.period.what": {"Periode dan formasinya akan tampil untuk umum dan pendaftaran dibuka sesuai jadwal; " +
			"sesudah itu jadwal dan formasi hanya dapat diubah lewat adendum yang diumumkan dan tercatat.",
			"The period and its formations become public and registration opens as scheduled; after that the timeline and " +
				"formations change only through announced, recorded amendments."},
		"qafix.confirm.admin.title": {"Terbitkan hasil seleksi administrasi", "Publish the administration results"},
		"qafix.confirm.admin.what": {"Daftar hasil diumumkan kepada publik bersama sidik SHA-256-nya, setiap pelamar diberi tahu, " +
			"dan masa sanggah dimulai. Versi yang terbit tetap publik dan tercatat di log audit.",
			"The list is published with its SHA-256, every applicant is told, and the appeal window opens. A published version " +
				"stays public and is recorded in the audit log."},
		"qafix.confirm.appeal.title": {"Terbitkan hasil pasca sanggah", "Publish the results after appeals"},
		"qafix.confirm.appeal.what": {"Daftar hasil setelah sanggah diumumkan kepada publik bersama sidik SHA-256-nya dan setiap " +
			"pelamar diberi tahu. Versi yang terbit tetap publik dan tercatat di log audit.",
			"The list after appeals is published with its SHA-256 and every applicant is told. A published version stays public " +
				"and is recorded in the audit log."},
		"qafix.confirm.answer.title": {"Kirim jawaban sanggah", "Send the answer to the appeal"},
		"qafix.confirm.answer.what": {"Jawaban ini final: pelamar diberi tahu dan sanggah tidak dapat dijawab ulang.",
			"This answer is final: the applicant is told, and the appeal cannot be answered again."},
		"qafix.confirm.submit.title": {"Kirim lamaran", "Submit the application"},
		"qafix.confirm.submit.what": {"Setelah dikirim, lamaran dan dokumennya terkunci: tidak dapat diubah, diganti, atau ditarik.",
			"Once submitted, the application and its documents are locked: they cannot be changed, replaced or withdrawn."},
		"qafix.confirm.withdraw.title": {"Tarik draf lamaran", "Withdraw the draft application"},
		"qafix.confirm.withdraw.what": {"Draf lamaran ini beserta dokumennya dihapus; untuk melamar lagi Anda mulai dari awal.",
			"This draft and its documents are deleted; to apply again you start from the beginning."},
		"qafix.confirm.file.title": {"Kirim sanggah", "Send the appeal"},
		"qafix.confirm.file.what": {"Sanggah hanya dapat diajukan satu kali dan tidak dapat diubah setelah dikirim.",
			"An appeal can be filed only once and cannot be changed after it is sent."},
		"qafix.confirm.decide.title": {"Kirim keputusan verifikasi", "Send the verification decision"},
		"qafix.confirm.decide.what": {"Keputusan {decision} tercatat atas nama Anda dan tidak dapat Anda ubah; " +
			"hanya panitia yang dapat membukanya kembali, dengan alasan yang tercatat.",
			"The decision {decision} is recorded in your name and you cannot change it; only the committee can reopen it, " +
				"with a recorded reason."},
		"qafix.confirm.tms.title": {"Konfirmasi keputusan TMS", "Confirm the TMS decision"},
		"qafix.confirm.tms.what": {"Konfirmasi Anda tercatat atas nama Anda sebagai pemeriksa kedua; keputusan TMS ini siap diumumkan.",
			"Your confirmation is recorded in your name as the second reviewer; this TMS decision is ready to be published."},
		"qafix.confirm.conflict.title": {"Nyatakan konflik kepentingan", "Declare a conflict of interest"},
		"qafix.confirm.conflict.what": {"Pernyataan ini tidak dapat ditarik: Anda tidak lagi dapat melihat atau menangani " +
			"lamaran pelamar ini pada periode ini.",
			"This declaration cannot be withdrawn: you will no longer see or handle this applicant's application in this period."},
		"qafix.confirm.disable.title": {"Nonaktifkan pengguna", "Disable the user"},
		"qafix.confirm.disable.what": {"Semua sesi dan token {user} berakhir seketika dan ia tidak dapat masuk sampai diaktifkan kembali.",
			"All sessions and tokens of {user} end at once, and they cannot sign in until enabled again."},

		// The applicant's upload form, checked in the browser before sending (uploadcheck.js fills {size}).
		"qafix.upload.big": {"Berkas ini {size}, melebihi batas {max} untuk dokumen ini; pilih berkas yang lebih kecil. Berkas belum dikirim.",
			"This file is {size}, over this document's limit of {max}; choose a smaller file. Nothing was sent."},
		"qafix.upload.type": {"Dokumen ini harus berformat {formats}; pilih berkas lain. Berkas belum dikirim.",
			"This document must be {formats}; choose another file. Nothing was sent."},

		// The verification queue's search and batch assignment (/verifikasi/periode/{id}).
		"qafix.queue.search":       {"Cari nama atau nomor pendaftaran", "Search by name or registration number"},
		"qafix.queue.search.send":  {"Cari", "Search"},
		"qafix.queue.search.clear": {"Hapus pencarian", "Clear the search"},
		"qafix.queue.search.help": {"Sebagian nama atau nomor pendaftaran cukup; huruf besar dan kecil sama.",
			"Part of the name or of the registration number is enough; case does not matter."},
		"qafix.queue.search.none": {"Tidak ada lamaran yang cocok dengan pencarian ini pada daftar ini.",
			"No application in this list matches the search."},
		"qafix.batch.title": {"Tugaskan lamaran yang dicentang", "Assign the ticked applications"},
		"qafix.batch.help": {"Centang lamaran yang belum diputus di daftar (halaman ini), pilih satu verifikator, lalu kirim: " +
			"semua dipindahkan sekaligus, atau tidak satu pun bila ada yang ditolak.",
			"Tick undecided applications in the list (this page), choose one verifier and send: all of them move at once, " +
				"or none when one is refused."},
		"qafix.batch.send":     {"Tugaskan yang dicentang", "Assign the ticked ones"},
		"qafix.batch.pick":     {"Pilih {number} ({name})", "Choose {number} ({name})"},
		"qafix.batch.pick.col": {"Pilih", "Choose"},

		"verification.queue_q": {"Kata pencarian paling panjang {max} karakter", "A search is at most {max} characters long"},

		// Assigning several applications to one verifier at once.
		"verification.batch_none":     {"Pilih minimal satu lamaran", "Choose at least one application"},
		"verification.batch_too_many": {"Paling banyak {max} lamaran sekaligus", "At most {max} applications at once"},
		"verification.batch_verifier": {"Pilih verifikator", "Choose a verifier"},
		"verification.batch_other_period": {"Lamaran yang dipilih bukan lamaran periode ini",
			"A chosen application is not an application of this period"},

		"verification.publish_registration_open": {
			"Pendaftaran periode ini masih dibuka sampai {closes}; pengumuman baru dapat diterbitkan setelah pendaftaran ditutup",
			"Registration for this period is open until {closes}; results can be published only after registration closes"},
	})
}
