package i18n

// Words of CAT attempts: starting, answering and finishing a paper.
func init() {
	add(map[string]Text{
		"exam.attempt_not_found":      {"Ujian tidak ditemukan", "Attempt not found"},
		"exam.attempt.item_not_found": {"Nomor soal tidak ada dalam ujian ini", "This attempt has no item with that number"},
		"exam.attempt.over": {"Ujian sudah selesai atau waktunya sudah habis; jawaban tidak disimpan",
			"The attempt is finished or its time is up; the answer was not saved"},
		"exam.attempt.option": {"Pilihan harus A, B, C, D, E atau kosong (null)", "The option must be A, B, C, D, E or empty (null)"},
		"exam.practice.none": {"Simulasi belum disiapkan: belum ada bank soal dan kisi-kisi latihan",
			"Practice is not set up: there is no practice bank and blueprint"},
	})
}
