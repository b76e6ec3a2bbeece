package i18n

// The words of notify: notifications, the e-mail outbox and scheduled jobs.
func init() {
	add(map[string]Text{
		"notify.not_found":          {"Notifikasi tidak ditemukan", "Notification not found"},
		"notify.job_not_found":      {"Tugas terjadwal tidak ditemukan", "Scheduled job not found"},
		"notify.recipient_required": {"Penerima wajib diisi", "The recipient is required"},
		"notify.kind_required":      {"Jenis wajib diisi", "The kind is required"},
		"notify.title_required":     {"Judul wajib diisi", "The title is required"},
		"notify.title_long":         {"Judul paling banyak 200 karakter, satu baris", "A title has at most 200 characters on one line"},
		"notify.body_long":          {"Isi terlalu panjang", "The text is too long"},
		"notify.address":            {"Alamat e-mail tidak valid", "The e-mail address is not valid"},
		"notify.subject_required":   {"Subjek wajib diisi", "The subject is required"},
		"notify.subject_long":       {"Subjek paling banyak 200 karakter, satu baris", "A subject has at most 200 characters on one line"},
		"notify.key_required":       {"Kunci wajib diisi (paling banyak 200 karakter)", "The key is required (at most 200 characters)"},
		"notify.time_required":      {"Waktu wajib diisi", "The time is required"},
		"notify.payload_json":       {"Muatan harus JSON", "The payload must be JSON"},
		"notify.unknown_user":       {"Pengguna tidak dikenal", "Unknown user"},
		"notify.unknown_status":     {"Status tidak dikenal", "Unknown status"},
	})
}
