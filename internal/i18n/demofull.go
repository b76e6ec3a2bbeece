package i18n

// Words of the demo's start panel for the roles and applicants whose work
// the whole demo story leaves them.
func init() {
	add(map[string]Text{
		"demo.start.penguji": {"Wawancara terstruktur seleksi terbuka JPT yang belum dinilai (penguji2 menilai peserta yang sama); " +
			"tes praktik periode lalu sudah dinilai dan dimoderasi.",
			"The open JPT selection's structured interview, not scored yet (penguji2 scores the same candidates); " +
				"last period's practical test is scored and moderated."},
		"demo.start.past": {"Pelamar periode lalu, masuk dengan NIK: hasil akhir dan penjelasannya di halaman hasil lamaran " +
			"(Agus dan Dewi lulus, Maria tidak lulus SKD).",
			"Last period's applicants, signing in with their NIK: the final result and why, on the application's result page " +
				"(Agus and Dewi passed, Maria did not pass the SKD)."},
	})
}
