package i18n

// The words of identity: accounts, sign-in, passwords, e-mail links and the
// e-mails it sends.
func init() {
	add(map[string]Text{
		"identity.bad_credentials": {"Nama pengguna atau kata sandi salah", "Wrong username or password"},
		"identity.locked": {"Terlalu banyak percobaan masuk yang gagal; coba lagi nanti",
			"Too many failed sign-in attempts; try again later"},
		"identity.disabled": {"Akun ini dinonaktifkan; hubungi admin", "This account is disabled; contact the administrator"},
		"identity.unauthenticated": {"Sesi tidak berlaku atau sudah berakhir; silakan masuk lagi",
			"The session is invalid or has expired; please sign in again"},
		"identity.busy":             {"Server sedang sibuk, coba lagi sebentar lagi", "The server is busy, try again shortly"},
		"identity.user_not_found":   {"Pengguna tidak ditemukan", "No such user"},
		"identity.already_disabled": {"Akun ini sudah nonaktif", "This account is already disabled"},
		"identity.not_disabled":     {"Akun ini aktif", "This account is enabled"},
		"identity.taken":            {"Nama pengguna atau e-mail sudah dipakai", "The username or e-mail is already in use"},
		"identity.username": {"Nama pengguna 3–64 karakter: huruf, angka, . _ @ + -",
			"A username has 3–64 characters: letters, digits, . _ @ + -"},
		"identity.name_required":  {"Nama wajib diisi (maksimal 200 karakter)", "The name is required (at most 200 characters)"},
		"identity.roles_required": {"Minimal satu peran", "At least one role"},
		"identity.role_unknown":   {"Peran tidak dikenal: {role}", "Unknown role: {role}"},

		// The password policy.
		"identity.password_short": {"Kata sandi minimal {min} karakter", "The password needs at least {min} characters"},
		"identity.password_long":  {"Kata sandi maksimal {max} karakter", "The password may have at most {max} characters"},
		"identity.password_blank": {"Kata sandi tidak boleh hanya berisi spasi", "The password cannot be only spaces"},
		"identity.password_common": {"Kata sandi ini termasuk yang paling umum dipakai dan mudah ditebak; pilih yang lain",
			"This password is among the most common ones and easy to guess; choose another"},
		"identity.password_own": {"Kata sandi tidak boleh sama dengan nama pengguna, NIK atau e-mail",
			"The password cannot be the username, NIK or e-mail"},

		// E-mail links.
		"identity.bad_link": {"Tautan tidak berlaku: sudah dipakai, kedaluwarsa, atau salah salin",
			"The link is not valid: already used, expired, or copied wrongly"},
		"identity.bad_link_field":    {"Tautan tidak berlaku", "The link is not valid"},
		"identity.no_mail":           {"Pengiriman e-mail belum disiapkan di server ini", "E-mail is not set up on this server"},
		"identity.already_confirmed": {"E-mail ini sudah dikonfirmasi", "This e-mail is already confirmed"},
		"identity.too_many_resets":   {"Terlalu banyak permintaan; coba lagi nanti", "Too many requests; try again later"},
		"identity.same_email":        {"Sama dengan alamat sekarang", "The same as the current address"},
		"identity.email_taken":       {"E-mail ini sudah dipakai akun lain", "This e-mail is already used by another account"},
		"identity.email_in_use":      {"E-mail sudah dipakai", "E-mail already in use"},

		// The e-mails: the Indonesian text, then the English one.
		"identity.mail.greeting":        {"Yth. {name},", "Dear {name},"},
		"identity.mail.confirm_subject": {"Konfirmasi e-mail akun asnpro", "Confirm your e-mail"},
		"identity.mail.confirm": {
			"Buka tautan berikut untuk mengonfirmasi alamat e-mail akun Anda (berlaku 48 jam):\n{link}\n\n" +
				"Jika Anda tidak mendaftar, abaikan pesan ini.",
			"Open this link to confirm the e-mail address of your account (valid for 48 hours):\n{link}\n" +
				"If you did not register, ignore this message.",
		},
		"identity.mail.reset_subject": {"Atur ulang kata sandi asnpro", "Reset your password"},
		"identity.mail.reset": {
			"Ada permintaan untuk mengatur ulang kata sandi akun Anda ({username}). Buka tautan berikut dalam 1 jam:\n{link}\n\n" +
				"Jika bukan Anda yang meminta, abaikan pesan ini; kata sandi Anda tidak berubah.",
			"Someone asked to reset the password of your account ({username}). Open this link within 1 hour:\n{link}\n" +
				"If it was not you, ignore this message; your password stays the same.",
		},
	})
}
