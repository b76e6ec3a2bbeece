package i18n

// Words of the signed-in home pages, one section per role, of the
// navigation by role, and of the demo's "where to start".
func init() {
	add(map[string]Text{
		// Navigation by role.
		"nav.applications": {"Lamaran saya", "My applications"},
		"nav.verification": {"Verifikasi", "Verification"},
		"nav.committee":    {"Panitia", "Committee"},
		"nav.helpdesk":     {"Helpdesk", "Helpdesk"},

		// What each role finds at home.
		"home.role.applicant.lead": {"Lamaran Anda, tahap yang sedang berjalan, dan langkah berikutnya.",
			"Your applications, the stage each is at, and what comes next."},
		"home.role.verifier.lead": {"Antrean verifikasi Anda per periode: lamaran yang diberikan kepada Anda dan yang belum diputus.",
			"Your verification queue per period: the applications assigned to you and those still undecided."},
		"home.role.committee.lead": {"Periode seleksi dan apa yang menahan langkah berikutnya.",
			"The selection periods and what holds up the next step."},
		"home.role.auditor.lead": {"Anda dapat membaca semuanya dan tidak mengubah apa pun.",
			"You can read everything and change nothing."},
		"home.role.admin.lead": {"Pengguna dan perannya.", "Users and their roles."},
		"home.role.assessor.lead": {
			"Peserta yang diundi untuk Anda nilai — wawancara, psikotes, tulisan, tes praktik — dan yang sudah Anda kirim; " +
				"pakta integritas setiap periode yang Anda nilai.",
			"The candidates drawn for you to score — interviews, psychotests, papers, practical tests — and those you sent; " +
				"the integrity pact of each period you score in."},
		"home.role.employee.lead": {"Data kepegawaian, SKP, pelatihan, jam pelajaran, kode etik dan forum Anda.",
			"Your employee record, SKP, trainings, learning hours, the code of ethics and the forum."},
		"home.role.supervisor.lead": {"SKP, pelatihan dan jam pelajaran bawahan Anda menunggu keputusan Anda di sini.",
			"Your reports' SKP, trainings and learning hours wait for your decisions here."},
		"home.role.trainer.lead": {"Sesi pelatihan yang Anda ajar: presensi, nilai dan kelulusan peserta.",
			"The training sessions you teach: attendance, scores and completion."},
		"home.role.leader.lead": {"Dasbor pimpinan, laporan dan data organisasi.",
			"The leaders' dashboard, reports and the organisation."},

		// The applicant's section.
		"home.app.now":      {"Tahap sekarang", "Stage now"},
		"home.app.next":     {"Berikutnya", "Next"},
		"home.app.due":      {"Batas waktu", "Deadline"},
		"home.app.card":     {"Unduh kartu pendaftaran (PDF)", "Download the registration card (PDF)"},
		"home.app.none":     {"Anda belum melamar.", "You have not applied yet."},
		"home.app.choose":   {"Pilih formasi", "Choose a formation"},
		"home.notif":        {"Notifikasi", "Notifications"},
		"home.notif.unread": {"belum dibaca", "unread"},

		// Periods as staff see them.
		"home.work.pact": {"Pakta integritas periode ini belum Anda tandatangani.",
			"You have not signed this period's integrity pact yet."},
		"home.work.pact.go":   {"Baca dan tandatangani", "Read and sign"},
		"home.work.assigned":  {"Diberikan kepada Anda", "Assigned to you"},
		"home.work.undecided": {"belum diputus", "undecided"},
		"home.work.decided":   {"Lamaran diputus", "Applications decided"},
		"home.work.results":   {"Hasil yang diumumkan", "Announced results"},
		"home.work.stats":     {"Statistik", "Statistics"},
		"home.work.integrity": {"Integritas", "Integrity"},
		"home.work.setup":     {"Jadwal dan formasi", "Schedule and formations"},

		// What blocks a period's next step (committee).
		"home.block.registration": {"Pendaftaran masih dibuka sampai", "Registration is open until"},
		"home.block.undecided":    {"lamaran belum diputus", "applications undecided"},
		"home.block.more":         {"dan lainnya:", "and more:"},
		"home.block.confirm": {"putusan TMS menunggu konfirmasi panitia (empat mata).",
			"TMS decisions await the committee's confirmation (four eyes)."},
		"home.block.open":    {"Buka", "Open"},
		"home.block.appeals": {"sanggah menunggu jawaban.", "appeals await an answer."},
		"home.block.answer":  {"Jawab", "Answer"},
		"home.block.announced": {"Hasil administrasi sudah diumumkan; tidak ada yang tertunda.",
			"The administration results are announced; nothing is pending."},
		"home.block.ready": {"Semua lamaran sudah diputus; hasil administrasi siap diumumkan.",
			"Every application is decided; the administration results are ready to announce."},
		"home.block.publish": {"Umumkan", "Announce"},
		"home.block.empty":   {"Belum ada lamaran yang dikirim.", "No application has been submitted yet."},
		"home.block.draft": {"Draf: tetapkan jadwal dan formasi, lalu terbitkan periode.",
			"Draft: set the schedule and the formations, then publish the period."},
		"home.block.setup": {"Atur", "Set up"},

		// Where to go.
		"home.go.verification":      {"Verifikasi: pakta integritas dan antrean", "Verification: integrity pacts and queues"},
		"home.go.verification.read": {"Kemajuan verifikasi (hanya baca)", "Verification progress (read-only)"},
		"home.go.committee":         {"Periode dan formasi", "Periods and formations"},
		"home.go.helpdesk":          {"Helpdesk: mencari pelamar dan membetulkan e-mail", "Helpdesk: find an applicant and fix an e-mail"},
		"home.go.users":             {"Pengguna dan perannya", "Users and their roles"},
		"home.go.users.read":        {"Pengguna dan perannya (hanya baca)", "Users and their roles (read-only)"},
		"home.go.transparency":      {"Transparansi: rantai audit", "Transparency: the audit chain"},
		"home.go.pact":              {"Pakta integritas periode", "The periods' integrity pacts"},

		// The demo: where each role starts.
		"demo.start.link": {"Akun demo dan tempat mulai", "Demo accounts and where to start"},
		"demo.start.h":    {"Mencoba demo", "Trying the demo"},
		"demo.start.p": {"Masuk dengan salah satu akun berikut, kata sandi asnpro-demo. Di beranda setiap peran menemukan pekerjaannya.",
			"Sign in with one of these accounts, password asnpro-demo. On the home page each role finds its work."},
		"demo.start.pelamar": {"Lamaran yang sudah dikirim, tahapnya, dan kartu pendaftaran.",
			"A submitted application, its stage and the registration card."},
		"demo.start.verifikator": {"Antrean periode yang sedang berjalan; putuskan MS atau TMS.",
			"The running period's queue; decide MS or TMS."},
		"demo.start.panitia": {"Apa yang menahan tiap periode, sanggah yang menunggu, dan pengumuman.",
			"What holds up each period, appeals waiting, and announcements."},
		"demo.start.auditor": {"Pengguna, kemajuan verifikasi, dan rantai audit, hanya baca.",
			"Users, verification progress and the audit chain, read-only."},
		"demo.start.admin": {"Pengguna dan perannya.", "Users and their roles."},
		"demo.start.others": {"Belum ada pekerjaan untuk peran ini; beranda mengatakannya.",
			"Nothing to do for these roles yet; the home page says so."},
	})
}
