package web

import (
	"net/http"
	"time"
)

// The UI speaks Bahasa Indonesia first and English second. The catalogue is
// a small typed table: a key has both texts or the template test fails.
const (
	langID = "id"
	langEN = "en"
)

const langCookie = "lang"

// wib is the time zone of Kota Palangka Raya (Asia/Jakarta, UTC+7).
var wib = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

// pickLang chooses the language: ?lang=, then the remembered cookie, then
// Indonesian. Unknown values fall back to Indonesian.
func pickLang(r *http.Request) string {
	if v := r.URL.Query().Get("lang"); v == langEN || v == langID {
		return v
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == langEN || c.Value == langID) {
		return c.Value
	}
	return langID
}

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(langKey).(string); ok {
		return l
	}
	return langID
}

// catalogue: key → {Indonesian, English}.
var catalogue = map[string][2]string{
	"app.name":              {"asnpro", "asnpro"},
	"app.tagline":           {"Manajemen ASN Kota Palangka Raya: dari pengumuman lowongan sampai karier profesional", "Civil-service management for Kota Palangka Raya: from job announcement to professional career"},
	"app.agency":            {"BKPSDM Kota Palangka Raya", "BKPSDM Kota Palangka Raya"},
	"nav.home":              {"Beranda", "Home"},
	"nav.login":             {"Masuk", "Sign in"},
	"nav.logout":            {"Keluar", "Sign out"},
	"nav.users":             {"Pengguna", "Users"},
	"nav.skip":              {"Langsung ke isi", "Skip to content"},
	"nav.lang":              {"English", "Bahasa Indonesia"},
	"nav.signedin":          {"Masuk sebagai", "Signed in as"},
	"demo.banner":           {"Mode demo: data contoh, bukan data sebenarnya.", "Demo mode: sample data, not real records."},
	"login.title":           {"Masuk", "Sign in"},
	"login.username":        {"Nama pengguna, NIK, atau e-mail", "Username, NIK or e-mail"},
	"login.password":        {"Kata sandi", "Password"},
	"login.submit":          {"Masuk", "Sign in"},
	"login.help":            {"Pelamar masuk dengan NIK atau e-mail. Pegawai dan panitia memakai akun yang diberikan BKPSDM.", "Applicants sign in with their NIK or e-mail. Staff and committee use the account BKPSDM gave them."},
	"login.demo":            {"Akun demo (kata sandi asnpro-demo):", "Demo accounts (password asnpro-demo):"},
	"home.title":            {"Beranda", "Home"},
	"home.welcome":          {"Selamat datang", "Welcome"},
	"home.public.h":         {"Seleksi ASN yang terbuka dan dapat diperiksa", "Open civil-service selection that anyone can check"},
	"home.public.p":         {"asnpro dipakai BKPSDM Kota Palangka Raya untuk mengumumkan formasi, menerima lamaran, memverifikasi berkas, menyelenggarakan tes, dan mengumumkan hasil yang dapat diperiksa siapa pun. Setiap keputusan tercatat dalam log audit yang tidak dapat diubah diam-diam.", "asnpro is used by BKPSDM Kota Palangka Raya to announce formations, take applications, verify documents, run tests and publish results anyone can check. Every decision is written to an audit log that cannot be changed quietly."},
	"home.public.now":       {"Yang sudah dapat dilakukan", "What works now"},
	"home.public.next":      {"Yang akan datang", "Coming next"},
	"home.now":              {"Yang dapat Anda lakukan sekarang", "What you can do now"},
	"home.next":             {"Berikutnya", "Coming next"},
	"error.title":           {"Terjadi masalah", "Something went wrong"},
	"error.back":            {"Kembali ke beranda", "Back to the home page"},
	"users.title":           {"Pengguna", "Users"},
	"users.username":        {"Nama pengguna", "Username"},
	"users.name":            {"Nama", "Name"},
	"users.roles":           {"Peran", "Roles"},
	"users.status":          {"Status", "Status"},
	"users.active":          {"aktif", "active"},
	"users.disabled":        {"nonaktif", "disabled"},
	"users.total":           {"Jumlah pengguna", "Number of users"},
	"nav.transparency":      {"Transparansi", "Transparency"},
	"tr.title":              {"Transparansi log audit", "Audit log transparency"},
	"tr.lead":               {"Setiap perubahan di asnpro dicatat dan dirantai dengan hash SHA-256. Kepala rantai ditandatangani secara berkala dengan kunci Ed25519 instans ini, sehingga siapa pun yang menyimpan sebuah checkpoint dapat membuktikan bahwa riwayat sebelumnya tidak ditulis ulang.", "Every change in asnpro is recorded and chained with SHA-256. The chain's head is signed regularly with this instance's Ed25519 key, so anyone who saved a checkpoint can prove that the history before it was not rewritten."},
	"tr.key":                {"Kunci penanda tangan", "Signing key"},
	"tr.fingerprint":        {"Sidik jari (SHA-256 kunci publik)", "Fingerprint (SHA-256 of the public key)"},
	"tr.pubkey":             {"Kunci publik (base64)", "Public key (base64)"},
	"tr.latest":             {"Checkpoint terbaru", "Latest checkpoint"},
	"tr.size":               {"Jumlah peristiwa", "Events"},
	"tr.head":               {"Kepala rantai", "Chain head"},
	"tr.signed":             {"Ditandatangani", "Signed"},
	"tr.reason":             {"Alasan", "Reason"},
	"tr.save":               {"Simpan checkpoint ini (JSON)", "Save this checkpoint (JSON)"},
	"tr.export":             {"Unduh rantai yang disamarkan (JSON Lines)", "Download the redacted chain (JSON Lines)"},
	"tr.none":               {"Belum ada checkpoint.", "No checkpoint yet."},
	"tr.how":                {"Cara memeriksa", "How to check"},
	"tr.how1":               {"Simpan checkpoint terbaru hari ini. Besok atau tahun depan, rantai harus tetap melewatinya.", "Save today's latest checkpoint. Tomorrow or next year the chain must still pass through it."},
	"tr.how2":               {"Unduh rantai yang disamarkan dan periksa dengan:", "Download the redacted chain and check it with:"},
	"tr.how3":               {"Jika perintah gagal, ia menyebut peristiwa pertama yang diubah, dihapus, disisipkan, atau ditukar. Laporkan ke Inspektorat.", "If the command fails, it names the first event that was altered, removed, inserted or swapped. Report it to the Inspectorate."},
	"tr.history":            {"Riwayat checkpoint", "Checkpoint history"},
	"nav.periods":           {"Lowongan", "Vacancies"},
	"rec.periods":           {"Periode seleksi", "Recruitment periods"},
	"rec.period":            {"Periode seleksi", "Recruitment period"},
	"rec.formation":         {"Formasi", "Formation"},
	"rec.noperiods":         {"Belum ada periode seleksi yang diumumkan.", "No recruitment period has been announced yet."},
	"rec.regwindow":         {"Pendaftaran", "Registration"},
	"rec.timeline":          {"Jadwal", "Timeline"},
	"rec.t.announce":        {"Pengumuman", "Announcement"},
	"rec.t.regopen":         {"Pendaftaran dibuka", "Registration opens"},
	"rec.t.regclose":        {"Pendaftaran ditutup", "Registration closes"},
	"rec.t.admin":           {"Pengumuman seleksi administrasi", "Administrative results"},
	"rec.t.appeal":          {"Masa sanggah", "Appeal window"},
	"rec.t.final":           {"Pengumuman akhir", "Final announcement"},
	"rec.days":              {"hari", "days"},
	"rec.until":             {"sampai", "until"},
	"rec.refdate":           {"Tanggal acuan usia", "Reference date for age"},
	"rec.formations":        {"Formasi", "Formations"},
	"rec.search":            {"Cari", "Search"},
	"rec.search.ph":         {"jabatan, unit, kode, atau jurusan", "position, unit, code or major"},
	"rec.unit":              {"Unit kerja", "Unit"},
	"rec.level":             {"Jenjang", "Level"},
	"rec.major":             {"Kualifikasi pendidikan", "Qualification"},
	"rec.all":               {"Semua", "All"},
	"rec.filter":            {"Tampilkan", "Show"},
	"rec.found":             {"formasi", "formations"},
	"rec.download":          {"Unduh semua formasi", "Download every formation"},
	"rec.amendments":        {"Perubahan pengumuman (adendum)", "Amendments to the announcement"},
	"rec.amendments.help":   {"Setiap perubahan persyaratan atau jadwal sesudah pengumuman dicatat di sini dan di rantai audit, dengan alasannya.", "Every change to requirements or dates after the announcement is listed here and in the audit chain, with its reason."},
	"acct.confirm.title":    {"Konfirmasi e-mail", "Confirm your e-mail"},
	"acct.confirm.lead":     {"Tekan tombol di bawah untuk mengonfirmasi alamat e-mail akun Anda.", "Press the button below to confirm the e-mail address of your account."},
	"acct.confirm.submit":   {"Konfirmasi e-mail saya", "Confirm my e-mail"},
	"acct.confirm.done":     {"Terima kasih: alamat e-mail Anda sudah dikonfirmasi. Anda dapat melamar sekarang.", "Thank you: your e-mail address is confirmed. You can apply now."},
	"acct.to.application":   {"Ke halaman lamaran", "To my application"},
	"acct.forgot.title":     {"Lupa kata sandi", "Forgotten password"},
	"acct.forgot.lead":      {"Tulis NIK, nama pengguna, atau e-mail akun Anda. Kami mengirim tautan untuk mengatur ulang kata sandi ke e-mail akun itu (berlaku 1 jam).", "Write your NIK, username or e-mail. We send a link to reset the password to the account's e-mail (valid for 1 hour)."},
	"acct.forgot.submit":    {"Kirim tautan", "Send the link"},
	"acct.forgot.done":      {"Jika akun itu ada dan mempunyai e-mail, tautan sudah dikirim ke sana. Periksa juga folder spam.", "If that account exists and has an e-mail, the link was sent to it. Check the spam folder too."},
	"acct.forgot.helpdesk":  {"Tidak dapat membuka e-mail itu lagi? Hubungi layanan bantuan (helpdesk) BKPSDM dengan membawa KTP: petugas memeriksa identitas Anda lalu mengganti alamat e-mail akun.", "Lost access to that e-mail? Contact the BKPSDM helpdesk with your KTP: staff check your identity and change the account's e-mail."},
	"acct.reset.title":      {"Atur kata sandi baru", "Choose a new password"},
	"acct.reset.new":        {"Kata sandi baru", "New password"},
	"acct.reset.again":      {"Ulangi kata sandi baru", "New password again"},
	"acct.reset.submit":     {"Simpan kata sandi", "Save the password"},
	"acct.reset.done":       {"Kata sandi sudah diganti; semua sesi lama diakhiri. Silakan masuk.", "The password is changed; every old session has ended. Please sign in."},
	"acct.helpdesk.title":   {"Layanan bantuan: ganti e-mail pelamar", "Helpdesk: change an applicant's e-mail"},
	"acct.helpdesk.lead":    {"Untuk pelamar yang tidak dapat lagi membuka e-mailnya. Periksa identitasnya (KTP asli, swafoto, tanggal lahir) sebelum mengganti; alasan dan pemeriksaan Anda tercatat di rantai audit.", "For an applicant who lost access to the e-mail. Check the person's identity (original KTP, selfie, birth date) before changing it; your reason is recorded in the audit chain."},
	"acct.helpdesk.find":    {"Cari", "Find"},
	"acct.helpdesk.none":    {"Tidak ada pelamar dengan NIK itu.", "No applicant has that NIK."},
	"acct.helpdesk.new":     {"E-mail baru", "New e-mail"},
	"acct.helpdesk.reason":  {"Bagaimana identitas diperiksa", "How the identity was checked"},
	"acct.helpdesk.change":  {"Ganti e-mail dan kirim tautan konfirmasi", "Change the e-mail and send a confirmation link"},
	"acct.helpdesk.done":    {"E-mail diganti; tautan konfirmasi dikirim ke alamat baru.", "E-mail changed; a confirmation link was sent to the new address."},
	"acct.confirmed":        {"terkonfirmasi", "confirmed"},
	"acct.unconfirmed":      {"belum dikonfirmasi", "not confirmed"},
	"acct.forgot.link":      {"Lupa kata sandi?", "Forgotten password?"},
	"acct.unconfirmed.lead": {"Alamat e-mail Anda belum dikonfirmasi. Buka tautan yang kami kirim ke", "Your e-mail address is not confirmed yet. Open the link we sent to"},
	"acct.unconfirmed.then": {"sebelum memilih formasi dan mengirim lamaran.", "before you choose a formation and submit."},
	"acct.resend":           {"Kirim ulang tautan", "Send the link again"},
	"acct.resent":           {"Tautan baru sudah dikirim.", "A new link was sent."},
	"notif.title":           {"Notifikasi", "Notifications"},
	"notif.unread":          {"belum dibaca", "unread"},
	"notif.total":           {"semuanya", "in all"},
	"notif.readall":         {"Tandai semua sudah dibaca", "Mark all as read"},
	"notif.open":            {"Buka", "Open"},
	"notif.none":            {"Belum ada notifikasi.", "No notifications yet."},
	"rec.code":              {"Kode", "Code"},
	"rec.position":          {"Jabatan", "Position"},
	"rec.education":         {"Pendidikan", "Education"},
	"rec.quota":             {"Kebutuhan", "Quota"},
	"rec.applicants":        {"Pelamar terkirim", "Submitted"},
	"rec.prev":              {"Sebelumnya", "Previous"},
	"rec.next":              {"Berikutnya", "Next"},
	"rec.category":          {"Kategori", "Category"},
	"rec.minipk":            {"IPK minimal", "Minimum IPK"},
	"rec.age":               {"Usia", "Age"},
	"rec.years":             {"tahun", "years"},
	"rec.proofs":            {"Keterangan kategori", "Category proofs"},
	"rec.documents":         {"Dokumen yang diunggah", "Documents to upload"},
	"rec.doc.kind":          {"Dokumen", "Document"},
	"rec.doc.format":        {"Format", "Format"},
	"rec.doc.max":           {"Ukuran maksimal", "Maximum size"},
	"rec.procedure":         {"Tata cara seleksi", "How selection works"},
	"phase.draft":           {"Draf", "Draft"},
	"phase.announcement":    {"Diumumkan", "Announced"},
	"phase.registration":    {"Pendaftaran dibuka", "Registration open"},
	"phase.verification":    {"Verifikasi administrasi", "Administrative verification"},
	"phase.administration":  {"Hasil administrasi", "Administrative results"},
	"phase.appeal":          {"Masa sanggah", "Appeal window"},
	"phase.skd":             {"SKD", "SKD"},
	"phase.skb":             {"SKB", "SKB"},
	"phase.final":           {"Hasil akhir", "Final results"},
	"proc.1.h":              {"Baca pengumuman.", "Read the announcement."},
	"proc.1":                {"Pilih periode, baca formasi, syarat pendidikan, IPK, usia pada tanggal acuan, dan dokumen yang diminta.", "Choose a period; read the formations, the education, IPK and age requirements (age on the reference date) and the documents asked for."},
	"proc.2.h":              {"Buat akun dengan NIK.", "Create an account with your NIK."},
	"proc.2":                {"NIK harus 16 digit dan cocok dengan tanggal lahir dan jenis kelamin Anda. Satu NIK satu akun.", "The NIK must have 16 digits and agree with your birth date and gender. One account per NIK."},
	"proc.3.h":              {"Pilih satu formasi.", "Choose one formation."},
	"proc.3":                {"Satu pelamar hanya boleh memilih satu formasi per periode. Sistem langsung menjelaskan syarat yang belum terpenuhi.", "One applicant may choose one formation per period. The system explains at once any requirement you do not meet."},
	"proc.4.h":              {"Unggah dokumen.", "Upload the documents."},
	"proc.4":                {"Foto dan KTP dalam JPEG maksimal 200 KB, ijazah PDF maksimal 800 KB, transkrip PDF maksimal 500 KB. Berkas diperiksa dari isinya, bukan dari namanya. Foto dari kamera HP diperkecil otomatis.", "Photos and the KTP as JPEG up to 200 KB, the diploma as PDF up to 800 KB, the transcript as PDF up to 500 KB. Files are checked by their content, not their name. Phone camera photos are shrunk automatically."},
	"proc.5.h":              {"Kirim lamaran.", "Submit."},
	"proc.5":                {"Setelah dikirim, lamaran terkunci. Simpan kartu pendaftaran Anda.", "Once submitted the application is locked. Keep your registration card."},
	"proc.6.h":              {"Seleksi administrasi dan sanggah.", "Administrative verification and appeal."},
	"proc.6":                {"Verifikator memeriksa berkas (MS/TMS) dengan alasan tertulis. Bila TMS, Anda dapat mengajukan sanggah satu kali dalam 3 hari setelah pengumuman; sanggah dijawab orang lain.", "A verifier checks your documents (MS/TMS) with written reasons. If TMS, you may appeal once within 3 days of the announcement; someone else answers it."},
	"proc.7.h":              {"Tes SKD dan SKB.", "SKD and SKB tests."},
	"proc.7":                {"Ikuti tes berbasis komputer. Nilai langsung terlihat; ambang batas dan peringkat mengikuti aturan nasional.", "Take the computer-based tests. Scores show at once; passing grades and ranking follow the national rules."},
	"proc.8.h":              {"Pengumuman akhir.", "Final announcement."},
	"proc.8":                {"Hasil diumumkan dengan nama disamarkan dan sidik SHA-256 yang tercatat di log audit, sehingga siapa pun dapat memeriksanya.", "Results are published with masked names and a SHA-256 digest recorded in the audit log, so anyone can check them."},
	"card.check":            {"Periksa kartu pendaftaran", "Check a registration card"},
	"card.check.help":       {"Masukkan nomor pendaftaran dan kode verifikasi yang tercetak pada kartu. Halaman ini hanya menampilkan nama yang disamarkan.", "Enter the registration number and the verification code printed on the card. This page shows only the masked name."},
	"card.check.submit":     {"Periksa", "Check"},
	"card.valid":            {"Kartu sah", "The card is genuine"},
	"card.invalid":          {"Nomor dan kode ini tidak cocok dengan lamaran yang telah dikirim. Kartu tidak sah atau salah ketik.", "This number and code do not match a submitted application. The card is not genuine, or a character was mistyped."},
	"rec.apply":             {"Lamar formasi ini", "Apply for this formation"},
	"footer.audit":          {"Setiap perubahan tercatat dalam log audit berantai hash.", "Every change is recorded in a hash-chained audit log."},

	// The applicant's pages: registration, /lamaran, the registration card.
	"reg.title":                {"Daftar akun pelamar", "Register as an applicant"},
	"reg.lead":                 {"Satu NIK satu akun. Isi data sesuai KTP; NIK harus cocok dengan tanggal lahir dan jenis kelamin.", "One account per NIK. Fill in the data as on your KTP; the NIK must agree with your birth date and gender."},
	"reg.nik.help":             {"16 digit sesuai KTP.", "16 digits, as on the KTP."},
	"reg.name":                 {"Nama sesuai KTP", "Name as on the KTP"},
	"reg.birth_place":          {"Tempat lahir", "Place of birth"},
	"reg.birth_date":           {"Tanggal lahir", "Date of birth"},
	"reg.gender":               {"Jenis kelamin", "Gender"},
	"reg.male":                 {"Laki-laki", "Male"},
	"reg.female":               {"Perempuan", "Female"},
	"reg.email":                {"E-mail", "E-mail"},
	"reg.phone":                {"Nomor HP", "Mobile phone"},
	"reg.password":             {"Kata sandi", "Password"},
	"reg.password.help":        {"Minimal 8 karakter.", "At least 8 characters."},
	"reg.submit":               {"Daftar", "Register"},
	"reg.have":                 {"Sudah punya akun?", "Already registered?"},
	"app.title":                {"Lamaran saya", "My applications"},
	"app.choose":               {"Pilih formasi", "Choose a formation"},
	"app.choose.details":       {"Rincian formasi dan dokumen yang diminta", "Formation details and the documents asked for"},
	"app.openperiods":          {"Pendaftaran dibuka:", "Open for registration:"},
	"app.noopen":               {"Tidak ada periode seleksi yang sedang membuka pendaftaran.", "No recruitment period is open for registration."},
	"app.search.ph":            {"kode formasi, jabatan, atau jurusan", "formation code, position or major"},
	"app.search.none":          {"Tidak ada formasi yang cocok.", "No formation matches."},
	"app.apply":                {"Lamar", "Apply"},
	"app.major":                {"Program studi", "Major"},
	"app.ipk":                  {"IPK (atau nilai rata-rata SMA)", "IPK (or the SMA average)"},
	"app.ipk.bad":              {"IPK harus angka, mis. 3,50", "The IPK must be a number, e.g. 3.50"},
	"app.create":               {"Pilih formasi ini", "Choose this formation"},
	"app.noapps":               {"Anda belum mempunyai lamaran.", "You have no application yet."},
	"app.other":                {"Cari formasi lain", "Find another formation"},
	"app.regno":                {"Nomor pendaftaran", "Registration number"},
	"app.status":               {"Status", "Status"},
	"app.status.draft":         {"Draf (belum dikirim)", "Draft (not submitted)"},
	"app.status.submitted":     {"Terkirim", "Submitted"},
	"app.submittedat":          {"Dikirim", "Submitted at"},
	"app.deadline":             {"Lengkapi dokumen dan kirim lamaran sebelum pendaftaran ditutup:", "Complete the documents and submit before registration closes:"},
	"app.closed":               {"Pendaftaran sudah ditutup; lamaran ini tidak dikirim dan tidak dapat diubah.", "Registration has closed; this application was not submitted and can no longer change."},
	"app.stages":               {"Tahapan", "Stages"},
	"app.stage.registration":   {"Pendaftaran", "Registration"},
	"app.stage.administration": {"Seleksi administrasi", "Administrative selection"},
	"app.stage.appeal":         {"Masa sanggah", "Appeal window"},
	"app.stage.skd":            {"SKD", "SKD"},
	"app.stage.skb":            {"SKB", "SKB"},
	"app.stage.final":          {"Pengumuman akhir", "Final announcement"},
	"app.st.draft":             {"Draf: lengkapi dokumen lalu kirim.", "Draft: complete the documents, then submit."},
	"app.st.submitted":         {"Lamaran terkirim dan terkunci.", "Submitted and locked."},
	"app.st.notsubmitted":      {"Tidak dikirim sebelum pendaftaran ditutup.", "Not submitted before registration closed."},
	"app.st.nodecision":        {"Belum ada keputusan.", "No decision yet."},
	"app.st.notyet":            {"Setelah lamaran dikirim.", "After the application is submitted."},
	"app.nodecisions":          {"Setiap keputusan akan tampil di sini beserta alasannya.", "Every decision will show here with its reason."},
	"app.documents":            {"Dokumen", "Documents"},
	"app.missing":              {"Belum diunggah:", "Not uploaded yet:"},
	"app.complete":             {"Semua dokumen wajib sudah diunggah.", "Every required document is uploaded."},
	"app.optional":             {"tidak wajib", "optional"},
	"app.doc.uploaded":         {"terunggah", "uploaded"},
	"app.doc.missing":          {"belum diunggah", "not uploaded yet"},
	"app.doc.choose":           {"Pilih berkas", "Choose a file"},
	"app.doc.replace":          {"Ganti berkas", "Replace the file"},
	"app.doc.upload":           {"Unggah", "Upload"},
	"app.doc.toolarge":         {"Berkas terlalu besar. Perkecil lalu unggah lagi.", "The file is too large. Make it smaller and upload it again."},
	"app.resize.note":          {"Foto yang terlalu besar diperkecil otomatis sebelum diunggah.", "A photo that is too large is shrunk automatically before upload."},
	"app.submit":               {"Kirim lamaran", "Submit the application"},
	"app.submit.help":          {"Setelah dikirim, lamaran dan dokumen terkunci.", "Once submitted, the application and its documents are locked."},
	"app.withdraw":             {"Tarik draf", "Withdraw the draft"},
	"app.card":                 {"Unduh kartu pendaftaran (PDF)", "Download the registration card (PDF)"},
	"app.flash.create":         {"Formasi dipilih. Unggah dokumen yang diminta.", "Formation chosen. Upload the documents asked for."},
	"app.flash.upload":         {"Dokumen tersimpan.", "Document saved."},
	"app.flash.submit":         {"Lamaran terkirim. Simpan kartu pendaftaran Anda.", "Application submitted. Keep your registration card."},
	"app.flash.withdraw":       {"Draf ditarik. Anda dapat memilih formasi lain.", "Draft withdrawn. You may choose another formation."},
	"card.title":               {"Kartu Pendaftaran", "Registration Card"},
	"card.period":              {"Periode seleksi", "Recruitment period"},
	"card.code":                {"Kode verifikasi", "Verification code"},
	"card.note":                {"Bawa kartu ini saat verifikasi dan ujian. Kode verifikasi dapat dicocokkan oleh panitia dengan data pendaftaran.", "Bring this card to verification and the tests. The committee can match the verification code against the registration."},
	"card.footer":              {"Dicetak oleh asnpro", "Printed by asnpro"},
}

// T returns the text of key in lang; a missing key shows as [[key]] so the
// template test catches it.
func T(lang, key string) string {
	v, ok := catalogue[key]
	if !ok {
		return "[[" + key + "]]"
	}
	if lang == langEN {
		return v[1]
	}
	return v[0]
}
