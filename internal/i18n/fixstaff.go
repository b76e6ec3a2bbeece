package i18n

// Words of the staff pages' smaller repairs: why a list cannot be
// published yet, a decision's note beside its requirement, durations,
// field names in period and formation messages.
func init() {
	add(map[string]Text{
		// Why the committee's desk shows no publish button (verification.CanPublish).
		"fixstaff.publish.undecided":       {"{n} lamaran belum diputus", "{n} applications not yet decided"},
		"fixstaff.publish.pending_appeals": {"{n} sanggah belum dijawab", "{n} appeals not yet answered"},
		"fixstaff.publish.admin_first": {"setelah hasil seleksi administrasi diterbitkan",
			"after the administration results are published"},

		// A refused decision form (/verifikasi/lamaran/{id}).
		"fixstaff.decide.summary":    {"Keputusan belum lengkap; perbaiki isian berikut:", "The decision is incomplete; correct these fields:"},
		"fixstaff.decide.note_error": {"Catatan {req}: {msg}", "Note for {req}: {msg}"},

		// The conflict-of-interest form of a period's desk.
		"fixstaff.conflict.no_application": {"Tidak ada lamaran dengan nomor pendaftaran ini pada periode ini; periksa nomornya",
			"No application of this period has this registration number; check the number"},

		// Durations (the median time to decide on a period's desk).
		"fixstaff.dur.under_minute": {"kurang dari 1 menit", "under a minute"},
		"fixstaff.dur.minute":       {"{n} menit", "{n} minute"},
		"fixstaff.dur.minutes":      {"{n} menit", "{n} minutes"},
		"fixstaff.dur.hour":         {"{n} jam", "{n} hour"},
		"fixstaff.dur.hours":        {"{n} jam", "{n} hours"},
		"fixstaff.dur.day":          {"{n} hari", "{n} day"},
		"fixstaff.dur.days":         {"{n} hari", "{n} days"},

		// The formation form: the codes the majors field takes.
		"fixstaff.education.codes": {"Daftar kode pendidikan", "Education codes"},

		// The steps of a period's timeline, as a message names them
		// ("Harus sesudah pembukaan pendaftaran").
		"recruitment.period.step.announce_at":                {"pengumuman periode", "the period's announcement"},
		"recruitment.period.step.registration_open_at":       {"pembukaan pendaftaran", "registration opens"},
		"recruitment.period.step.registration_close_at":      {"penutupan pendaftaran", "registration closes"},
		"recruitment.period.step.administration_announce_at": {"pengumuman hasil administrasi", "the administration results"},

		// Why a checkpoint of the audit chain was signed (/transparency).
		"code.checkpoint.start":       {"server dinyalakan", "server start"},
		"code.checkpoint.periodic":    {"berkala", "periodic"},
		"code.checkpoint.publication": {"penerbitan pengumuman", "results published"},

		// The public results list (/periods/{id}/results).
		"fixstaff.results.count": {"{n} pelamar", "{n} applicants"},
		"fixstaff.results.ms":    {"Memenuhi syarat", "Eligible"},
		"fixstaff.results.tms":   {"Tidak memenuhi syarat", "Not eligible"},
	})
}
