package i18n

// The words of the web layer: its own refusals (routing, limits, request
// decoding, forms) and the home page's list of what each role can do.
func init() {
	add(map[string]Text{
		// Requests the web layer refuses itself.
		"web.form_unreadable":      {"Formulir tidak dapat dibaca", "The form could not be read"},
		"web.multipart_unreadable": {"Formulir multipart tidak dapat dibaca", "The multipart form could not be read"},
		"web.file_part":            {"Bagian 'file' tidak ada", "The 'file' part is missing"},
		"web.file_over":            {"Berkas melebihi {limit}", "The file is over {limit}"},
		"web.passwords_differ":     {"Kedua kata sandi tidak sama", "The two passwords differ"},
		"web.login_required":       {"Wajib diisi: nama pengguna, NIK atau e-mail", "Required: username, NIK or e-mail"},
		"web.reset_sent": {
			"Jika akun itu ada dan mempunyai e-mail, tautan untuk mengatur ulang kata sandi sudah dikirim ke sana (berlaku 1 jam).",
			"If that account exists and has an e-mail, a link to reset the password was sent to it (valid for 1 hour).",
		},
		"web.nik":               {"NIK harus 16 digit yang sah", "The NIK must be 16 valid digits"},
		"web.username_required": {"Nama pengguna wajib diisi", "The username is required"},
		"web.password_required": {"Kata sandi wajib diisi", "The password is required"},
		"web.token_only": {"Hanya token API yang dapat dicabut di sini; gunakan /logout untuk sesi peramban",
			"Only an API token can be revoked here; use /logout for a browser session"},
		"web.body_too_slow": {"Isi permintaan terlalu lambat terkirim; periksa koneksi lalu coba lagi",
			"The request body arrived too slowly; check the connection and try again"},
		"web.body_too_large": {
			"Isi permintaan terlalu besar (maksimal {max} byte)",
			"The request body is too large (at most {max} bytes)",
		},
		"web.too_many_in_flight": {"Terlalu banyak permintaan sekaligus dari alamat Anda; coba lagi sebentar lagi",
			"Too many requests at once from your address; try again shortly"},
		"web.uploads_running": {"Masih ada unggahan Anda yang berjalan; tunggu sampai selesai lalu coba lagi",
			"Other uploads of yours are still running; wait for them to finish and try again"},
		"web.raw_text": {"Teks memuat karakter kendali (mis. NUL) atau bukan UTF-8 yang sah",
			"The text holds a control character (such as NUL) or is not valid UTF-8"},
		"web.malformed":        {"Permintaan tidak dapat dibaca: {detail}", "The request could not be read: {detail}"},
		"web.json_only":        {"Kirim data sebagai application/json", "Send the data as application/json"},
		"web.empty_body":       {"isi permintaan kosong", "empty body"},
		"web.wrong_type":       {"kolom {field} berisi jenis nilai yang salah", "field {field} has the wrong type"},
		"web.wrong_type_field": {"Jenis nilai salah", "Wrong type of value"},
		"web.trailing_data":    {"data tambahan setelah objek JSON", "trailing data after the JSON object"},
		"web.limit":            {"limit harus 1–500", "limit must be 1–500"},
		"web.offset":           {"offset harus bilangan bulat ≥ 0", "offset must be a whole number ≥ 0"},
		"web.sign_in_first":    {"Silakan masuk terlebih dahulu", "Please sign in first"},
		"web.role_forbidden":   {"Peran Anda tidak berhak membuka ini", "Your role may not use this"},
		"web.method": {"Metode {method} tidak dapat dipakai di sini (boleh: {allow})",
			"Method {method} is not allowed here (allowed: {allow})"},
		"web.no_route":  {"Halaman atau alamat tidak ditemukan", "Not found"},
		"web.not_found": {"Tidak ditemukan", "Not found"},
		"web.bearer": {
			"Header Authorization harus berbentuk 'Bearer <token>'",
			"The Authorization header must be 'Bearer <token>'",
		},
		"web.db_unreachable":       {"Basis data tidak dapat dihubungi", "The database cannot be reached"},
		"web.file_not_found":       {"Berkas tidak ditemukan", "File not found"},
		"web.cross_site":           {"Permintaan dari situs lain ditolak", "Cross-site request refused"},
		"web.no_checkpoint":        {"Belum ada checkpoint", "No checkpoint yet"},
		"web.login_missing":        {"{username} / {password}: wajib diisi", "{username} / {password}: required"},
		"web.too_many_connections": {"Terlalu banyak koneksi dari alamat Anda", "Too many connections from your address"},
		"web.server_full":          {"Server sedang penuh; coba lagi sebentar lagi", "The server is full; try again shortly"},

		// The home page: what each role can do now and what comes next.
		"home.role.admin":      {"Admin", "Administrator"},
		"home.role.committee":  {"Panitia seleksi", "Selection committee"},
		"home.role.verifier":   {"Verifikator", "Verifier"},
		"home.role.assessor":   {"Penguji / asesor", "Assessor"},
		"home.role.applicant":  {"Pelamar", "Applicant"},
		"home.role.employee":   {"Pegawai", "Employee"},
		"home.role.supervisor": {"Atasan", "Supervisor"},
		"home.role.trainer":    {"Lembaga pelatihan", "Training partner"},
		"home.role.leader":     {"Pimpinan", "Leader"},
		"home.role.auditor":    {"Inspektorat (auditor)", "Inspectorate (auditor)"},
	})
}
