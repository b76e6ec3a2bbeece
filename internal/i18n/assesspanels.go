package i18n

// Words of assessment panels within an instrument and of phases (an
// instrument following another).
func init() {
	add(map[string]Text{
		// Panels.
		"assesspanel.name": {"Nama panel wajib diisi, maksimal {max} karakter", "The panel's name is required, at most {max} characters"},
		"assesspanel.name_taken": {"Instrumen ini sudah punya panel dengan nama itu",
			"This instrument already has a panel of that name"},
		"assesspanel.members_eligible": {"Anggota panel harus penilai yang menandatangani pakta integritas periode ini",
			"A panel's members must be assessors who signed this period's integrity pact"},
		"assesspanel.members_taken": {"Sudah menjadi anggota panel lain instrumen ini: {names}",
			"Already a member of another panel of this instrument: {names}"},
		"assesspanel.members_few": {"Pilih paling sedikit {n} penilai (jumlah penilai per peserta)",
			"Pick at least {n} assessors (the number of assessors per candidate)"},
		"assesspanel.drawn": {"Penilai instrumen ini sudah diundi: panel dan tahapannya tidak dapat diubah lagi",
			"This instrument's assessors were drawn: its panels and phase no longer change"},

		"assesspanel.not_found":     {"Panel tidak ditemukan", "Panel not found"},
		"assesspanel.delete":        {"Hapus panel", "Delete the panel"},
		"assesspanel.flash.deleted": {"Panel dihapus; anggotanya dapat dipilih lagi.", "Panel deleted; its members may be picked again."},
		"assesspanel.title":         {"Panel penilai", "Assessor panels"},
		"assesspanel.lead": {"Sebelum pengundian, panitia dapat membagi penilai yang menandatangani pakta menjadi beberapa panel. " +
			"Saat diundi, setiap peserta ditempatkan di panel yang pesertanya paling sedikit (seri diundi), tidak di panel yang " +
			"anggotanya menyatakan konflik dengan peserta itu bila ada panel lain, lalu penilainya diundi di antara anggota panel itu. " +
			"Tanpa panel, semua penandatangan pakta menjadi satu panel.",
			"Before the draw, the committee may divide the assessors who signed the pact into panels. At the draw, each candidate " +
				"is placed in the panel with the fewest candidates (ties drawn), never one where a member declared a conflict with " +
				"that candidate if another is possible, and their assessors are drawn among that panel's members. Without panels, " +
				"every pact signer forms one panel."},
		"assesspanel.none": {"Belum ada panel: penilai diundi di antara semua penandatangan pakta.",
			"No panel: assessors are drawn among every pact signer."},
		"assesspanel.col.name":       {"Panel", "Panel"},
		"assesspanel.col.members":    {"Anggota", "Members"},
		"assesspanel.col.candidates": {"Peserta", "Candidates"},
		"assesspanel.col.agreement":  {"Kesepakatan penilai", "Inter-rater agreement"},
		"assesspanel.agreement": {"{pairs} pasang; sama {exact}; selisih ≤ 1 {within}; rata-rata selisih {diff}",
			"{pairs} pairs; equal {exact}; within 1 {within}; mean difference {diff}"},
		"assesspanel.new":    {"Panel baru", "New panel"},
		"assesspanel.f.name": {"Nama panel", "Panel name"},
		"assesspanel.f.members": {"Anggota (penilai yang menandatangani pakta dan belum masuk panel)",
			"Members (assessors who signed the pact, in no panel yet)"},
		"assesspanel.f.no_free":     {"Semua penilai sudah masuk panel.", "Every assessor is in a panel."},
		"assesspanel.create":        {"Buat panel", "Create the panel"},
		"assesspanel.frozen":        {"Penilai sudah diundi: panel tidak dapat diubah.", "The assessors were drawn: panels no longer change."},
		"assesspanel.flash.created": {"Panel dibuat.", "Panel created."},
		"assesspanel.col.panel":     {"Panel", "Panel"},

		// Phases.
		"assessphase.after_cpns": {"Seleksi CPNS tidak memakai tahapan: pesertanya daftar MS",
			"A CPNS round has no phases: its candidates are the MS list"},
		"assessphase.after_self":   {"Instrumen tidak dapat mengikuti dirinya sendiri", "An instrument cannot follow itself"},
		"assessphase.after_period": {"Pilih instrumen periode yang sama", "Pick an instrument of the same period"},
		"assessphase.after_cycle": {"Tahapan tidak boleh berputar kembali ke instrumen ini",
			"The phases may not loop back to this instrument"},
		"assessphase.earlier_incomplete": {"{n} peserta {name} belum selesai dinilai: undi setelah semua hasilnya lengkap",
			"{n} candidates of {name} are not fully assessed: draw once all its results are complete"},

		"assessphase.title":   {"Tahap seleksi", "Selection phase"},
		"assessphase.f.after": {"Mengikuti tahap (opsional)", "Follows the phase (optional)"},
		"assessphase.f.after.help": {"Pesertanya hanya yang lulus instrumen yang dipilih (lengkap dan tidak ada dimensi di bawah minimum); " +
			"tanpa pilihan, pesertanya semua yang MS.",
			"Its candidates are only those who passed the chosen instrument (complete, no dimension below its minimum); with none, " +
				"everyone announced MS."},
		"assessphase.f.none":    {"— tidak ada (daftar MS) —", "— none (the MS list) —"},
		"assessphase.col.after": {"Mengikuti", "Follows"},
		"assessphase.after": {"Tahap setelah {name}: pesertanya yang lulus instrumen itu.",
			"A phase after {name}: its candidates passed that instrument."},
		"assessphase.set":       {"Simpan tahap", "Save the phase"},
		"assessphase.flash.set": {"Tahap disimpan.", "Phase saved."},

		"results.reason.failed_earlier": {"Tidak mengikuti {field} karena tidak lulus tahap sebelumnya: {other}.",
			"Did not take {field}: failed an earlier phase, {other}."},
	})
}
