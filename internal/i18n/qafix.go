package i18n

// Words of the confirmation asked before an irreversible action, the
// verification queue's search and batch assignment, the upload form's
// checks in the browser, and the publication refused while registration
// is open.
func init() {
	add(map[string]Text{
		"qafix.publish.registration_open": {
			"Pendaftaran periode ini masih dibuka sampai {closes}; pengumuman baru dapat diterbitkan setelah pendaftaran ditutup",
			"Registration for this period is open until {closes}; results can be published only after registration closes"},
	})
}
