package i18n

// Words of the staff's administration pages: users and roles for the
// admin (/users), verifier assignment and the integrity page of a period
// for the committee (/verifikasi).
func init() {
	add(map[string]Text{
		// Rules that keep someone able to manage users (identity).
		"identity.disable_self": {"Anda tidak dapat menonaktifkan akun Anda sendiri; mintalah admin lain.",
			"You cannot disable your own account; ask another admin."},
		"identity.last_admin": {
			"Ini admin aktif terakhir: tambahkan peran admin ke pengguna lain lebih dahulu.",
			"This is the last enabled admin: give another user the admin role first."},

		"staff.yes": {"ya", "yes"},
		"staff.no":  {"tidak", "no"},

		// Users (/users, /users/{id}).
		"staff.user.create":     {"Tambah pengguna", "Add a user"},
		"staff.user.search":     {"Cari nama pengguna, nama atau e-mail", "Search username, name or e-mail"},
		"staff.user.anyrole":    {"Semua peran", "Every role"},
		"staff.user.find":       {"Cari", "Search"},
		"staff.user.email":      {"E-mail (tidak wajib)", "E-mail (optional)"},
		"staff.user.created":    {"Dibuat", "Created"},
		"staff.user.roles":      {"Ubah peran", "Change roles"},
		"staff.user.roles.save": {"Simpan peran", "Save roles"},
		"staff.user.reset":      {"Atur ulang kata sandi", "Reset the password"},
		"staff.user.reset.help": {"Semua sesi dan token pengguna ini berakhir; sampaikan kata sandi baru kepadanya secara langsung.",
			"All of this user's sessions and tokens end; give them the new password in person."},
		"staff.user.disable": {"Nonaktifkan akun", "Disable the account"},
		"staff.user.disable.help": {"Pengguna tidak dapat masuk lagi dan semua sesinya berakhir. Riwayatnya tetap tercatat.",
			"The user can no longer sign in and all their sessions end. Their history stays recorded."},
		"staff.password":          {"Kata sandi", "Password"},
		"staff.password.generate": {"Buatkan kata sandi acak", "Generate a random password"},
		"staff.password.type":     {"Ketik sendiri", "Type one"},
		"staff.password.typed":    {"Kata sandi yang diketik (bila memilih ketik sendiri)", "The typed password (when typing one)"},
		"staff.password.help": {
			"Minimal 10 karakter, bukan kata sandi umum, bukan nama pengguna atau e-mail. Kata sandi acak ditampilkan sekali saja.",
			"At least 10 characters, not a common password, not the username or e-mail. A generated password is shown only once."},
		"staff.password.once": {"Kata sandi baru — ditampilkan sekali ini saja, catat dan sampaikan kepada pengguna:",
			"The new password — shown this once only; note it and give it to the user:"},
		"staff.flash.created":  {"Pengguna ditambahkan.", "User added."},
		"staff.flash.roles":    {"Peran disimpan.", "Roles saved."},
		"staff.flash.disabled": {"Akun dinonaktifkan; sesinya berakhir.", "Account disabled; its sessions have ended."},
		"staff.flash.password": {"Kata sandi diganti; sesi dan token pengguna berakhir.",
			"Password changed; the user's sessions and tokens have ended."},

		// Assigning verifiers (/verifikasi/periode/{id}).
		"staff.assign.to":     {"Serahkan ke verifikator", "Hand to verifier"},
		"staff.assign.send":   {"Tugaskan", "Assign"},
		"staff.assign.none":   {"Tidak ada verifikator lain yang memenuhi syarat.", "No other eligible verifier."},
		"staff.assign.nobody": {"tanpa verifikator", "no verifier"},
		"staff.assign.choose": {"Pilih verifikator", "Choose a verifier"},
		"staff.assign.noverifiers": {
			"Belum ada verifikator yang menandatangani pakta integritas periode ini; lamaran diserahkan begitu ada yang menandatangani.",
			"No verifier has signed this period's integrity pact yet; applications are handed out as soon as one signs."},
		"staff.flash.assigned":   {"Verifikator lamaran diganti.", "The application's verifier was changed."},
		"staff.unassigned.title": {"Lamaran tanpa verifikator", "Applications without a verifier"},
		"staff.unassigned.help": {
			"Lamaran yang belum diputus dan tidak dipegang verifikator mana pun, misalnya setelah konflik kepentingan. " +
				"Serahkan ke verifikator yang sudah menandatangani pakta dan tidak berkonflik dengan pelamar.",
			"Undecided applications no verifier holds, e.g. after a conflict of interest. Hand each to a verifier who signed " +
				"the pact and has no conflict with the applicant."},
		"staff.unassigned.none": {"Semua lamaran yang belum diputus sudah dipegang verifikator.",
			"Every undecided application is held by a verifier."},

		// The integrity page (/verifikasi/periode/{id}/integritas).
		"staff.integrity.summary":    {"Pakta ditandatangani", "Pacts signed"},
		"staff.integrity.conflicts":  {"konflik dinyatakan", "conflicts declared"},
		"staff.integrity.open":       {"Lihat pakta integritas dan konflik kepentingan", "See integrity pacts and conflicts of interest"},
		"staff.integrity.signedat":   {"Ditandatangani", "Signed"},
		"staff.integrity.noconflict": {"Menyatakan tanpa konflik", "Declared no conflict"},
		"staff.integrity.assigned":   {"Lamaran dipegang", "Applications held"},
		"staff.integrity.sha":        {"SHA-256 teks pakta", "SHA-256 of the pact text"},
		"staff.integrity.nopacts":    {"Belum ada yang menandatangani pakta periode ini.", "Nobody has signed this period's pact yet."},
		"staff.integrity.who":        {"Yang menyatakan", "Declared by"},
		"staff.integrity.applicant":  {"Pelamar", "Applicant"},
		"staff.integrity.declaredat": {"Dinyatakan", "Declared"},
	})
}
