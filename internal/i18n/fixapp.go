package i18n

// The words of the applicant's and the public pages' fixes: one
// application per period, document names in messages, the IPK range,
// the password rule, small sizes and dates.
func init() {
	add(map[string]Text{
		"recruitment.already_applied": {
			"Anda sudah melamar pada periode ini: lamaran Anda sudah dikirim. " +
				"Satu pelamar hanya boleh melamar satu formasi per periode.",
			"You already applied in this period: your application has been submitted. " +
				"One applicant may apply to one formation per period.",
		},
		"recruitment.reason.ipk_range": {"IPK harus antara 0,00 dan {max} (tertulis {ipk})",
			"The IPK must be between 0.00 and {max} ({ipk} was entered)"},
		// A calendar date: DD-MM-YYYY in Indonesian, YYYY-MM-DD in English.
		"date.day":      {"{d}-{m}-{y}", "{y}-{m}-{d}"},
		"reg.nik":       {"NIK", "NIK"},
		"reg.errors":    {"Periksa isian berikut:", "Please check these fields:"},
		"app.mine.lead": {"Anda sudah mempunyai lamaran pada periode ini.", "You already have an application in this period."},
		"app.mine.link": {"Lihat lamaran Anda", "See your application"},
	})
}
