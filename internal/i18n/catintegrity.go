package i18n

// Words of the CAT receipt check (/periksa-ujian) and of one live session
// per attempt.
func init() {
	add(map[string]Text{
		"exam.receipt.title": {"Periksa tanda terima ujian", "Check an exam receipt"},
		"exam.receipt.help": {"Masukkan nomor urut peristiwa dan sidik SHA-256 dari tanda terima ujian CAT. " +
			"Halaman ini hanya menyatakan apakah sidik itu tercatat dan tersegel di log audit; tidak menampilkan siapa peserta atau nilainya.",
			"Enter the event's sequence number and the SHA-256 digest from a CAT exam receipt. " +
				"This page only says whether that digest is recorded and sealed in the audit log; it shows neither the taker nor the score."},
		"exam.receipt.seq.label":    {"Nomor urut peristiwa", "Event sequence number"},
		"exam.receipt.sha256.label": {"Sidik SHA-256", "SHA-256 digest"},
		"exam.receipt.submit":       {"Periksa", "Check"},
		"exam.receipt.seq":          {"Nomor urut harus bilangan bulat positif", "The sequence number must be a positive whole number"},
		"exam.receipt.sha256": {"Sidik harus 64 karakter heksadesimal (0–9, a–f)",
			"The digest must be 64 hexadecimal characters (0–9, a–f)"},
		"exam.receipt.not_found": {"Tidak ada peristiwa selesainya ujian dengan sidik itu pada nomor urut itu",
			"There is no exam-finish event with that digest at that sequence number"},
		"exam.receipt.valid": {"Tanda terima cocok: peristiwa ini adalah selesainya ujian dengan sidik itu",
			"The receipt matches: this event is an exam finish with that digest"},
		"exam.receipt.at": {"Dicatat pada", "Recorded at"},
		"exam.receipt.sealed": {"Tersegel di rantai log audit pada posisi {pos}.",
			"Sealed in the audit log's chain at position {pos}."},
		"exam.receipt.unsealed": {"Belum tersegel di rantai log audit; periksa lagi sebentar lagi.",
			"Not sealed in the audit log's chain yet; check again shortly."},
		"exam.receipt.covered": {"Tercakup dalam checkpoint bertanda tangan pertama berikut:",
			"Covered by this first signed checkpoint:"},
		"exam.receipt.uncovered": {"Belum tercakup dalam checkpoint bertanda tangan; checkpoint berikutnya akan mencakupnya.",
			"Not covered by a signed checkpoint yet; the next checkpoint will cover it."},
		"cat.receipt.seq":    {"Nomor urut peristiwa di log audit", "Event sequence number in the audit log"},
		"cat.receipt.verify": {"Periksa tanda terima ini", "Check this receipt"},
		"exam.attempt.taken_over": {"Ujian ini dilanjutkan di perangkat lain; halaman ini tidak lagi menyimpan jawaban.",
			"This test was continued on another device; this page no longer saves answers."},
		"tr.receipt": {"Periksa tanda terima ujian CAT", "Check a CAT exam receipt"},
	})
}
