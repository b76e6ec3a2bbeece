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
	"app.name":         {"asnpro", "asnpro"},
	"app.tagline":      {"Manajemen ASN Kota Palangka Raya: dari pengumuman lowongan sampai karier profesional", "Civil-service management for Kota Palangka Raya: from job announcement to professional career"},
	"app.agency":       {"BKPSDM Kota Palangka Raya", "BKPSDM Kota Palangka Raya"},
	"nav.home":         {"Beranda", "Home"},
	"nav.login":        {"Masuk", "Sign in"},
	"nav.logout":       {"Keluar", "Sign out"},
	"nav.users":        {"Pengguna", "Users"},
	"nav.skip":         {"Langsung ke isi", "Skip to content"},
	"nav.lang":         {"English", "Bahasa Indonesia"},
	"nav.signedin":     {"Masuk sebagai", "Signed in as"},
	"demo.banner":      {"Mode demo: data contoh, bukan data sebenarnya.", "Demo mode: sample data, not real records."},
	"login.title":      {"Masuk", "Sign in"},
	"login.username":   {"Nama pengguna, NIK, atau e-mail", "Username, NIK or e-mail"},
	"login.password":   {"Kata sandi", "Password"},
	"login.submit":     {"Masuk", "Sign in"},
	"login.help":       {"Pelamar masuk dengan NIK atau e-mail. Pegawai dan panitia memakai akun yang diberikan BKPSDM.", "Applicants sign in with their NIK or e-mail. Staff and committee use the account BKPSDM gave them."},
	"login.demo":       {"Akun demo (kata sandi asnpro-demo):", "Demo accounts (password asnpro-demo):"},
	"home.title":       {"Beranda", "Home"},
	"home.welcome":     {"Selamat datang", "Welcome"},
	"home.public.h":    {"Seleksi ASN yang terbuka dan dapat diperiksa", "Open civil-service selection that anyone can check"},
	"home.public.p":    {"asnpro dipakai BKPSDM Kota Palangka Raya untuk mengumumkan formasi, menerima lamaran, memverifikasi berkas, menyelenggarakan tes, dan mengumumkan hasil yang dapat diperiksa siapa pun. Setiap keputusan tercatat dalam log audit yang tidak dapat diubah diam-diam.", "asnpro is used by BKPSDM Kota Palangka Raya to announce formations, take applications, verify documents, run tests and publish results anyone can check. Every decision is written to an audit log that cannot be changed quietly."},
	"home.public.now":  {"Yang sudah dapat dilakukan", "What works now"},
	"home.public.next": {"Yang akan datang", "Coming next"},
	"home.now":         {"Yang dapat Anda lakukan sekarang", "What you can do now"},
	"home.next":        {"Berikutnya", "Coming next"},
	"error.title":      {"Terjadi masalah", "Something went wrong"},
	"error.back":       {"Kembali ke beranda", "Back to the home page"},
	"users.title":      {"Pengguna", "Users"},
	"users.username":   {"Nama pengguna", "Username"},
	"users.name":       {"Nama", "Name"},
	"users.roles":      {"Peran", "Roles"},
	"users.status":     {"Status", "Status"},
	"users.active":     {"aktif", "active"},
	"users.disabled":   {"nonaktif", "disabled"},
	"users.total":      {"Jumlah pengguna", "Number of users"},
	"nav.transparency": {"Transparansi", "Transparency"},
	"tr.title":         {"Transparansi log audit", "Audit log transparency"},
	"tr.lead":          {"Setiap perubahan di asnpro dicatat dan dirantai dengan hash SHA-256. Kepala rantai ditandatangani secara berkala dengan kunci Ed25519 instans ini, sehingga siapa pun yang menyimpan sebuah checkpoint dapat membuktikan bahwa riwayat sebelumnya tidak ditulis ulang.", "Every change in asnpro is recorded and chained with SHA-256. The chain's head is signed regularly with this instance's Ed25519 key, so anyone who saved a checkpoint can prove that the history before it was not rewritten."},
	"tr.key":           {"Kunci penanda tangan", "Signing key"},
	"tr.fingerprint":   {"Sidik jari (SHA-256 kunci publik)", "Fingerprint (SHA-256 of the public key)"},
	"tr.pubkey":        {"Kunci publik (base64)", "Public key (base64)"},
	"tr.latest":        {"Checkpoint terbaru", "Latest checkpoint"},
	"tr.size":          {"Jumlah peristiwa", "Events"},
	"tr.head":          {"Kepala rantai", "Chain head"},
	"tr.signed":        {"Ditandatangani", "Signed"},
	"tr.reason":        {"Alasan", "Reason"},
	"tr.save":          {"Simpan checkpoint ini (JSON)", "Save this checkpoint (JSON)"},
	"tr.export":        {"Unduh rantai yang disamarkan (JSON Lines)", "Download the redacted chain (JSON Lines)"},
	"tr.none":          {"Belum ada checkpoint.", "No checkpoint yet."},
	"tr.how":           {"Cara memeriksa", "How to check"},
	"tr.how1":          {"Simpan checkpoint terbaru hari ini. Besok atau tahun depan, rantai harus tetap melewatinya.", "Save today's latest checkpoint. Tomorrow or next year the chain must still pass through it."},
	"tr.how2":          {"Unduh rantai yang disamarkan dan periksa dengan:", "Download the redacted chain and check it with:"},
	"tr.how3":          {"Jika perintah gagal, ia menyebut peristiwa pertama yang diubah, dihapus, disisipkan, atau ditukar. Laporkan ke Inspektorat.", "If the command fails, it names the first event that was altered, removed, inserted or swapped. Report it to the Inspectorate."},
	"tr.history":       {"Riwayat checkpoint", "Checkpoint history"},
	"footer.audit":     {"Setiap perubahan tercatat dalam log audit berantai hash.", "Every change is recorded in a hash-chained audit log."},
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
