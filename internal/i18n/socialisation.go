package i18n

// Words of the socialisation sessions on ethics and integrity: their pages,
// messages and confirmations.
func init() {
	add(map[string]Text{
		// Errors.
		"socialisation.not_found": {"Sesi sosialisasi tidak ditemukan", "Socialisation session not found"},
		"socialisation.not_attended": {"Kuis hanya dapat dijawab oleh pegawai yang tercatat hadir di sesi ini",
			"Only an employee recorded as attending this session can answer its quiz"},
		"socialisation.answered": {"Anda sudah menjawab kuis sesi ini", "You have already answered this session's quiz"},
		"socialisation.place": {"Wajib diisi: tempat atau tautan daring, paling banyak {max} karakter",
			"Required: a place or an online link, at most {max} characters"},
		"socialisation.starts": {"Isi waktu mulai (WIB)", "Enter the start time (WIB)"},
		"socialisation.ends":   {"Waktu selesai harus setelah waktu mulai", "The end must be after the start"},
		"socialisation.jp":     {"JP 0 (tidak dihitung) sampai {max}", "JP 0 (not counted) to {max}"},
		"socialisation.quiz_count": {"Kuis berisi {min}–{max} pertanyaan, dipisahkan baris kosong",
			"The quiz has {min}–{max} questions, separated by an empty line"},
		"socialisation.quiz_options": {"Pertanyaan {n}: {min}–{max} pilihan jawaban", "Question {n}: {min}–{max} options"},
		"socialisation.quiz_correct": {"Pertanyaan {n}: tandai tepat satu jawaban benar dengan *",
			"Question {n}: mark exactly one correct option with *"},
		"socialisation.quiz_text": {"Pertanyaan {n}: teks wajib diisi, satu baris, paling banyak {max} karakter",
			"Question {n}: each text is required, one line, at most {max} characters"},
		"socialisation.answers": {"Pilih satu jawaban untuk setiap pertanyaan", "Choose one answer for every question"},

		// Pages.
		"socialisation.title": {"Sosialisasi etika dan integritas", "Socialisation on ethics and integrity"},
		"socialisation.lead": {"Sesi sosialisasi kode etik dan integritas: jadwal, kehadiran, dan kuis singkat. Sesi yang ditetapkan " +
			"penyelenggara sebagai JP dicatat dalam jam pelajaran pengembangan kompetensi peserta.",
			"Socialisation sessions on the code of ethics and integrity: schedule, attendance and a short quiz. A session the " +
				"organiser counts as JP is recorded in the attendees' competency development hours."},
		"socialisation.when":      {"Waktu (WIB)", "When (WIB)"},
		"socialisation.attendees": {"Peserta hadir", "Attendees"},
		"socialisation.status":    {"Status Anda", "Your status"},
		"socialisation.scored":    {"Skor kuis", "Quiz score"},
		"socialisation.attended":  {"Hadir, kuis belum dijawab", "Attended, quiz not answered"},
		"socialisation.upcoming":  {"Akan datang", "Upcoming"},
		"socialisation.none":      {"Belum ada sesi sosialisasi", "No socialisation session yet"},
		"socialisation.organise":  {"Jadwalkan sesi", "Schedule a session"},
		"socialisation.f.title":   {"Judul", "Title"},
		"socialisation.f.starts":  {"Mulai (WIB)", "Starts (WIB)"},
		"socialisation.f.ends":    {"Selesai (WIB)", "Ends (WIB)"},
		"socialisation.f.place":   {"Tempat atau tautan daring", "Place or online link"},
		"socialisation.f.jp":      {"JP", "JP"},
		"socialisation.f.jp.help": {"0: tidak dihitung sebagai JP; 1–8: dicatat untuk setiap peserta hadir",
			"0: not counted as JP; 1–8: credited to every attendee"},
		"socialisation.f.quiz": {"Kuis (3–10 pertanyaan)", "Quiz (3–10 questions)"},
		"socialisation.f.quiz.help": {"Satu pertanyaan per blok, blok dipisahkan baris kosong: baris pertama pertanyaan, baris " +
			"berikutnya 2–5 pilihan; awali jawaban yang benar dengan *.", "One question per block, blocks separated by an empty " +
			"line: the first line is the question, the next lines its 2–5 options; start the correct one with *."},
		"socialisation.organise.submit": {"Jadwalkan", "Schedule"},
		"socialisation.no_jp":           {"Tidak dihitung sebagai JP", "Not counted as JP"},
		"socialisation.you_attended":    {"Anda tercatat hadir di sesi ini", "You are recorded as attending this session"},
		"socialisation.quiz":            {"Kuis", "Quiz"},
		"socialisation.quiz.lead": {"Jawab setiap pertanyaan. Kuis hanya dapat dijawab sekali.",
			"Answer every question. The quiz can be answered once."},
		"socialisation.quiz.submit":    {"Kirim jawaban", "Send the answers"},
		"socialisation.score":          {"Skor", "Score"},
		"socialisation.correct":        {"benar", "correct"},
		"socialisation.attendees.none": {"Belum ada peserta tercatat", "No attendee recorded yet"},
		"socialisation.attend":         {"Catat kehadiran", "Record attendance"},
		"socialisation.f.employee":     {"Pegawai", "Employee"},
		"socialisation.attend.submit":  {"Catat hadir", "Record as attending"},
		"socialisation.attend.confirm": {"Mencatat kehadiran", "Record attendance"},
		"socialisation.attend.confirm.what": {"{name} dicatat hadir di \"{title}\"; kehadiran tidak dapat dibatalkan dan JP sesi " +
			"({jp}; 0: tidak dihitung) dicatat dalam jam pelajaran pegawai.", "{name} is recorded as attending \"{title}\"; the " +
			"attendance cannot be undone and the session's JP ({jp}; 0: not counted) is credited to the employee's hours."},
		"socialisation.units.title": {"Kehadiran sosialisasi per unit", "Socialisation attendance by unit"},
		"socialisation.units.lead": {"Pegawai aktif yang belum menghadiri satu pun sesi sosialisasi tahun ini; unit yang dipilih " +
			"mencakup sub-unitnya.", "Active employees who have not attended any socialisation session this year; the chosen unit " +
			"includes its sub-units."},
		"socialisation.units.all":       {"Semua pegawai sudah hadir tahun ini", "Every employee has attended this year"},
		"socialisation.units.attended":  {"Hadir tahun ini", "Attended this year"},
		"socialisation.flash.organised": {"Sesi dijadwalkan", "The session is scheduled"},
		"socialisation.flash.attended":  {"Kehadiran dicatat", "The attendance is recorded"},
		"socialisation.flash.answered":  {"Jawaban kuis tersimpan", "Your answers are recorded"},
	})
}
