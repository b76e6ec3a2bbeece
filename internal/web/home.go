package web

import (
	"net/http"

	"asnpro/internal/identity"
)

// bi is a text in both languages.
type bi struct{ ID, EN string }

func (b bi) In(lang string) string {
	if lang == langEN {
		return b.EN
	}
	return b.ID
}

// link is an action on a home page; Href may be empty while the part that
// serves it is not built yet.
type link struct {
	Text bi
	Href string
}

// roleHome says, per role, what that role can do now (Now) and what is not
// built yet (Next).
type roleHome struct {
	Role  identity.Role
	Title bi
	Now   []link
	Next  []bi
}

var roleHomes = []roleHome{
	{identity.Admin, bi{"Admin", "Administrator"},
		[]link{{bi{"Melihat daftar pengguna dan perannya", "See users and their roles"}, "/users"}, {bi{"Menambah pengguna dan mengatur peran lewat perintah asnpro user", "Add users and set roles with the asnpro user command"}, ""}},
		[]bi{{"Mengelola pengguna dari halaman web", "Manage users from the web pages"}, {"Memeriksa rantai audit dan checkpoint bertanda tangan", "Check the audit chain and signed checkpoints"}}},
	{identity.Committee, bi{"Panitia seleksi", "Selection committee"},
		[]link{{bi{"Masuk dan memakai API dengan token", "Sign in and use the API with a token"}, ""}},
		[]bi{{"Membuat periode dan formasi, mengumumkannya", "Create periods and formations, publish them"}, {"Menjawab sanggah dan menerbitkan pengumuman yang dapat diperiksa", "Answer appeals and publish checkable announcements"}}},
	{identity.Verifier, bi{"Verifikator", "Verifier"},
		[]link{{bi{"Masuk dengan akun verifikator", "Sign in with a verifier account"}, ""}},
		[]bi{{"Menandatangani pakta integritas periode", "Sign the period's integrity pact"}, {"Memverifikasi berkas lamaran: MS/TMS dengan alasan", "Verify applications: MS/TMS with reasons"}}},
	{identity.Assessor, bi{"Penguji / asesor", "Assessor"},
		[]link{{bi{"Masuk dengan akun penguji", "Sign in with an assessor account"}, ""}},
		[]bi{{"Menilai wawancara terstruktur dan psikotes", "Score structured interviews and psychotests"}}},
	{identity.Applicant, bi{"Pelamar", "Applicant"},
		[]link{{bi{"Masuk dengan NIK atau e-mail", "Sign in with your NIK or e-mail"}, ""}},
		[]bi{{"Memilih formasi, mengunggah dokumen, dan mengirim lamaran", "Choose a formation, upload documents and submit"}, {"Mengikuti simulasi CAT dan melihat hasil setiap tahap", "Take a practice CAT and see each stage's result"}}},
	{identity.Employee, bi{"Pegawai", "Employee"},
		[]link{{bi{"Masuk dengan akun pegawai", "Sign in with an employee account"}, ""}},
		[]bi{{"Melihat jam pelajaran (JP) tahun ini dan mendaftar pelatihan", "See this year's learning hours (JP) and enrol in training"}, {"Menyusun SKP dan melihat penilaian kinerja", "Draft the SKP and see performance ratings"}}},
	{identity.Supervisor, bi{"Atasan", "Supervisor"},
		[]link{{bi{"Masuk dengan akun atasan", "Sign in with a supervisor account"}, ""}},
		[]bi{{"Menilai SKP bawahan dan menyusun rencana pembinaan", "Rate subordinates' SKP and plan coaching"}}},
	{identity.Trainer, bi{"Lembaga pelatihan", "Training partner"},
		[]link{{bi{"Masuk dengan akun lembaga pelatihan", "Sign in with a training-partner account"}, ""}},
		[]bi{{"Mengelola sesi pelatihan, presensi, dan sertifikat", "Run training sessions, attendance and certificates"}}},
	{identity.Leader, bi{"Pimpinan", "Leader"},
		[]link{{bi{"Masuk dengan akun pimpinan", "Sign in with a leader account"}, ""}},
		[]bi{{"Dasbor seleksi, pengembangan, kinerja, dan budaya kerja", "Dashboards for selection, development, performance and culture"}}},
	{identity.Auditor, bi{"Inspektorat (auditor)", "Inspectorate (auditor)"},
		[]link{{bi{"Melihat daftar pengguna dan perannya (hanya baca)", "See users and their roles (read-only)"}, "/users"}},
		[]bi{{"Memeriksa rantai audit dan seluruh keputusan seleksi (hanya baca)", "Check the audit chain and every selection decision (read-only)"}}},
}

type homeData struct {
	Roles []roleHome
}

// homePage: GET / — the public front page, or the signed-in user's roles.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	p := identity.PrincipalFrom(r.Context())
	key := "home|" + langOf(r) + "|" + r.URL.RawQuery
	if p != nil {
		key += "|" + p.IDString() + "|" + p.Name + "|" + identity.JoinRoles(p.Roles)
	}
	return s.cachedRender(w, r, key, "home", "home.title", func() any {
		var d homeData
		for _, h := range roleHomes {
			if p.Has(h.Role) {
				d.Roles = append(d.Roles, h)
			}
		}
		return d
	})
}
