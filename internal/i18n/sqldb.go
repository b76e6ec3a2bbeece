package i18n

// The words of sqldb: the storage's refusals that reach people.
func init() {
	add(map[string]Text{
		"sqldb.stopping":  {"Server sedang berhenti; silakan coba lagi", "The server is stopping; please try again"},
		"sqldb.cancelled": {"Permintaan dibatalkan atau melewati batas waktu", "Request cancelled or timed out"},
		"sqldb.shared_undone": {"Perubahan dibatalkan karena transaksi bersama gagal; silakan coba lagi",
			"The change was undone because the transaction it shared failed; please try again"},
		"sqldb.disk_full": {"Penyimpanan server penuh; data Anda tidak disimpan. Coba lagi nanti",
			"The server's storage is full; nothing was saved. Try again later"},
		"sqldb.unreachable": {"Basis data sedang tidak dapat dihubungi; tidak ada yang berubah. Coba lagi sebentar lagi",
			"The database cannot be reached right now; nothing was changed. Try again shortly"},
	})
}
