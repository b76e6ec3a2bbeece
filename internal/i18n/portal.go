package i18n

// The public portal's words: the anonymous home page, the links of a period
// page, and the way from a formation to its application.
func init() {
	add(map[string]Text{
		"portal.open.h":    {"Pendaftaran yang dibuka sekarang", "Open for registration now"},
		"portal.open.none": {"Saat ini tidak ada pendaftaran yang dibuka.", "No registration is open right now."},
		"portal.places":    {"Kebutuhan (orang)", "Places"},
		"portal.search":    {"Cari formasi", "Find a formation"},
		"portal.register":  {"Daftar", "Register"},
		"portal.register.keeps": {
			"Setelah mendaftar, Anda langsung diarahkan ke formasi yang Anda pilih.",
			"After registering you go straight on to the formation you chose.",
		},
		"portal.noaccount": {"Belum punya akun?", "No account yet?"},
		"portal.apply.visitor": {
			"Untuk melamar, masuk dahulu. Belum punya akun?",
			"To apply, sign in first. No account yet?",
		},
		"portal.news.h":      {"Pengumuman dan hasil seleksi", "Announcements and results"},
		"portal.news.period": {"Pengumuman", "Announcements"},
		"portal.news.open":   {"lihat daftar", "see the list"},
		"portal.notyet": {
			"Hasil dan statistik seleksi periode ini belum diumumkan.",
			"The results and statistics of this period are not published yet.",
		},
		"portal.notyet.short": {"belum diumumkan", "not published yet"},
		"portal.noamendments": {"tidak ada", "none"},
		"portal.help.h":       {"Tata cara dan bantuan", "Procedure and help"},
		"portal.helpdesk":     {"Layanan bantuan BKPSDM Kota Palangka Raya: {contact}", "BKPSDM Kota Palangka Raya helpdesk: {contact}"},
		"portal.helpdesk.none": {
			"Layanan bantuan: hubungi BKPSDM Kota Palangka Raya pada hari kerja.",
			"Help: contact BKPSDM Kota Palangka Raya on working days.",
		},
	})
}
