package i18n

// Words shared by the errors of every domain.
func init() {
	add(map[string]Text{
		"error.invalid":   {"Data tidak valid", "Invalid data"},
		"error.internal":  {"Terjadi kesalahan pada server", "Internal server error"},
		"error.not_found": {"Data tidak ditemukan", "Not found"},
		"error.conflict":  {"Data sudah ada", "Already exists"},
		"error.required":  {"Wajib diisi", "Required"},
	})
}
