package app_test

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
	"asnpro/internal/web"
)

// accessTable says who may use each route: "public", "any" (any signed-in
// user), or the roles, separated by commas. It is written by hand, apart
// from routes.go: a route whose roles change, or a new route, fails
// TestRouteRoleMatrix until this table says the same.
var accessTable = map[string]string{
	"GET /healthz":                                        "public",
	"GET /readyz":                                         "public",
	"GET /static/{file}":                                  "public",
	"GET /{$}":                                            "public",
	"GET /login":                                          "public",
	"POST /login":                                         "public",
	"POST /logout":                                        "any",
	"GET /users":                                          "admin,auditor",
	"POST /users":                                         "admin",
	"GET /users/{id}":                                     "admin,auditor",
	"POST /users/{id}/nonaktifkan":                        "admin",
	"POST /users/{id}/aktifkan":                           "admin",
	"POST /users/{id}/peran":                              "admin",
	"POST /users/{id}/sandi":                              "admin",
	"GET /transparency":                                   "public",
	"GET /open-data":                                      "public",
	"GET /open-data/periods.csv":                          "public",
	"GET /api/v1/open-data":                               "public",
	"GET /dashboard":                                      "admin,leader,auditor",
	"GET /dashboard/rekrutmen":                            "admin,leader,auditor",
	"GET /dashboard/pegawai":                              "admin,leader,auditor",
	"GET /periksa-ujian":                                  "public",
	"GET /periods":                                        "public",
	"GET /periods/{id}":                                   "public",
	"GET /formations/{id}":                                "public",
	"GET /prosedur":                                       "public",
	"GET /kartu":                                          "public",
	"GET /daftar":                                         "public",
	"POST /daftar":                                        "public",
	"GET /lamaran":                                        "applicant",
	"POST /lamaran":                                       "applicant",
	"GET /lamaran/{id}":                                   "applicant",
	"POST /lamaran/{id}/dokumen/{kind}":                   "applicant",
	"POST /lamaran/{id}/kirim":                            "applicant",
	"POST /lamaran/{id}/tarik":                            "applicant",
	"POST /konfirmasi-email/ulang":                        "applicant",
	"GET /konfirmasi-email":                               "public",
	"POST /konfirmasi-email":                              "public",
	"GET /lupa-sandi":                                     "public",
	"POST /lupa-sandi":                                    "public",
	"GET /atur-sandi":                                     "public",
	"POST /atur-sandi":                                    "public",
	"GET /simulasi":                                       "applicant",
	"POST /simulasi":                                      "applicant",
	"GET /simulasi/{id}":                                  "applicant",
	"POST /simulasi/{id}/jawaban/{no}":                    "applicant",
	"POST /simulasi/{id}/selesai":                         "applicant",
	"GET /simulasi/{id}/hasil":                            "applicant",
	"GET /ujian":                                          "applicant",
	"POST /ujian":                                         "applicant",
	"GET /ujian/{id}":                                     "applicant",
	"POST /ujian/{id}/jawaban/{no}":                       "applicant",
	"POST /ujian/{id}/selesai":                            "applicant",
	"GET /ujian/{id}/hasil":                               "applicant",
	"GET /helpdesk":                                       "committee",
	"POST /helpdesk/{id}/email":                           "committee",
	"GET /notifikasi":                                     "any",
	"POST /notifikasi/baca":                               "any",
	"GET /panitia/periode":                                "committee",
	"POST /panitia/periode":                               "committee",
	"GET /panitia/periode/{id}":                           "committee",
	"POST /panitia/periode/{id}":                          "committee",
	"POST /panitia/periode/{id}/perubahan":                "committee",
	"POST /panitia/periode/{id}/terbitkan":                "committee",
	"GET /panitia/periode/{id}/formasi":                   "committee",
	"POST /panitia/periode/{id}/formasi":                  "committee",
	"POST /panitia/periode/{id}/formasi/impor":            "committee",
	"GET /panitia/formasi/{id}":                           "committee",
	"POST /panitia/formasi/{id}":                          "committee",
	"POST /panitia/formasi/{id}/perubahan":                "committee",
	"GET /panitia/periode/{id}/pelamar-sscasn":            "committee",
	"POST /panitia/periode/{id}/pelamar-sscasn":           "committee",
	"GET /panitia/periode/{id}/nilai":                     "committee",
	"POST /panitia/periode/{id}/nilai":                    "committee",
	"GET /panitia/bank":                                   "committee,author",
	"POST /panitia/bank":                                  "committee,author",
	"GET /panitia/bank/{id}":                              "committee,author",
	"GET /panitia/bank/{id}/statistik":                    "committee,author",
	"POST /panitia/bank/{id}/soal":                        "committee,author",
	"POST /panitia/bank/{id}/impor":                       "committee,author",
	"GET /panitia/soal/{id}":                              "committee,author",
	"POST /panitia/soal/{id}":                             "committee,author",
	"GET /panitia/cetak-biru":                             "committee,author",
	"POST /panitia/cetak-biru":                            "committee,author",
	"GET /panitia/ujian":                                  "committee,auditor",
	"GET /panitia/periode/{id}/peringkat":                 "committee,auditor",
	"POST /panitia/periode/{id}/peringkat/nilai":          "committee",
	"POST /panitia/periode/{id}/peringkat/umumkan":        "committee",
	"POST /panitia/periode/{id}/peringkat/skb":            "committee",
	"POST /panitia/periode/{id}/peringkat/asesmen":        "committee",
	"POST /panitia/periode/{id}/peringkat/skema":          "committee",
	"GET /panitia/periode/{id}/asesmen":                   "committee,auditor",
	"POST /panitia/periode/{id}/asesmen":                  "committee",
	"GET /panitia/asesmen/{id}":                           "committee,auditor",
	"POST /panitia/asesmen/{id}/penugasan":                "committee",
	"POST /panitia/asesmen/{id}/moderasi":                 "committee",
	"POST /panitia/asesmen/{id}/panel":                    "committee",
	"POST /panitia/asesmen/{id}/panel/{panel}/hapus":      "committee",
	"POST /panitia/asesmen/{id}/tahap":                    "committee",
	"GET /penilaian":                                      "assessor",
	"GET /penilaian/{instrument}/{app}":                   "assessor",
	"POST /penilaian/{instrument}/{app}":                  "assessor",
	"POST /penilaian/{instrument}/{app}/konflik":          "assessor",
	"POST /penilaian/instrumen/{instrument}/impor":        "assessor",
	"POST /penilaian/instrumen/{instrument}/konflik-nama": "assessor",
	"GET /panitia/asesmen/{id}/kode.csv":                  "committee,auditor",
	"POST /panitia/ujian":                                 "committee",
	"GET /panitia/ujian/{id}":                             "committee,auditor",
	"POST /panitia/ujian/{id}/peserta":                    "committee",
	"POST /panitia/ujian/{id}/peserta/{app}/waktu":        "committee",
	"GET /panitia/ujian/{id}/hasil.csv":                   "committee,auditor",
	"GET /api/v1/item-template":                           "committee,author",
	"POST /api/v1/auth/token":                             "public",
	"DELETE /api/v1/auth/token":                           "any",
	"GET /api/v1/me":                                      "any",
	"POST /api/v1/me/email-confirmation":                  "any",
	"POST /api/v1/auth/email-confirmation":                "public",
	"POST /api/v1/auth/password-reset":                    "public",
	"POST /api/v1/auth/password-reset/confirm":            "public",
	"GET /api/v1/notifications":                           "any",
	"POST /api/v1/notifications/read-all":                 "any",
	"POST /api/v1/notifications/{id}/read":                "any",
	"POST /api/v1/practice/attempts":                      "applicant",
	"POST /api/v1/exam-sessions/{id}/attempts":            "applicant",
	"GET /api/v1/attempts/{id}":                           "applicant",
	"PUT /api/v1/attempts/{id}/answers/{no}":              "applicant",
	"POST /api/v1/attempts/{id}/finish":                   "applicant",
	"GET /api/v1/applicants":                              "committee",
	"PUT /api/v1/applicants/{id}/email":                   "committee",
	"GET /api/v1/users":                                   "admin,auditor",
	"GET /api/v1/periods":                                 "public",
	"POST /api/v1/periods":                                "committee",
	"GET /api/v1/periods/{id}":                            "public",
	"POST /api/v1/periods/{id}/publish":                   "committee",
	"GET /api/v1/periods/{id}/formations":                 "public",
	"POST /api/v1/periods/{id}/formations":                "committee",
	"GET /api/v1/periods/{id}/amendments":                 "public",
	"POST /api/v1/periods/{id}/amendments":                "committee",
	"GET /api/v1/periods/{id}/formations/export":          "public",
	"POST /api/v1/periods/{id}/formations/import":         "committee",
	"POST /api/v1/periods/{id}/applicants/import":         "committee",
	"GET /api/v1/applicant-template":                      "public",
	"POST /api/v1/periods/{id}/scores/import":             "committee",
	"GET /api/v1/score-template":                          "public",
	"GET /api/v1/formation-template":                      "public",
	"GET /api/v1/formations/{id}":                         "public",
	"PUT /api/v1/education":                               "committee",
	"POST /api/v1/applicants":                             "public",
	"POST /api/v1/applications":                           "applicant",
	"GET /api/v1/me/applications":                         "applicant",
	"GET /api/v1/applications/{id}":                       "applicant,committee,verifier,auditor",
	"DELETE /api/v1/applications/{id}":                    "applicant",
	"PUT /api/v1/applications/{id}/documents/{kind}":      "applicant",
	"POST /api/v1/applications/{id}/submit":               "applicant",
	"GET /api/v1/applications/{id}/card.pdf":              "applicant",
	"GET /api/v1/transparency/checkpoint":                 "public",
	"GET /api/v1/transparency/checkpoints":                "public",
	"GET /api/v1/transparency/events":                     "public",
	"GET /verifikasi":                                     "committee,verifier,assessor,auditor",
	"POST /verifikasi/periode/{id}/pakta":                 "committee,verifier,assessor",
	"POST /verifikasi/periode/{id}/konflik":               "committee,verifier,assessor",
	"GET /verifikasi/periode/{id}":                        "committee,verifier,auditor",
	"GET /verifikasi/periode/{id}/integritas":             "committee,auditor",
	"POST /verifikasi/periode/{id}/umumkan":               "committee",
	"POST /verifikasi/periode/{id}/verifikator":           "committee",
	"GET /verifikasi/lamaran/{id}":                        "verifier,committee,auditor",
	"POST /verifikasi/lamaran/{id}/putusan":               "verifier",
	"POST /verifikasi/lamaran/{id}/konfirmasi":            "committee",
	"POST /verifikasi/lamaran/{id}/buka":                  "committee",
	"POST /verifikasi/lamaran/{id}/verifikator":           "committee",
	"POST /sanggah/{id}/putusan":                          "committee",
	"GET /lamaran/{id}/hasil":                             "applicant",
	"POST /lamaran/{id}/sanggah":                          "applicant",
	"GET /periods/{id}/results":                           "public",
	"GET /periods/{id}/statistics":                        "public",
	"GET /periods/{id}/hasil":                             "public", // moved: see movedRoutes
	"GET /periods/{id}/statistik":                         "public", // moved: see movedRoutes
	"GET /api/v1/periods/{id}/pact":                       "committee,verifier,assessor",
	"POST /api/v1/periods/{id}/pact":                      "committee,verifier,assessor",
	"POST /api/v1/periods/{id}/conflicts":                 "committee,verifier,assessor",
	"GET /api/v1/periods/{id}/integrity":                  "committee,auditor",
	"GET /api/v1/periods/{id}/verification/queue":         "verifier,committee,auditor",
	"GET /api/v1/periods/{id}/verification/progress":      "committee,auditor",
	"GET /api/v1/applications/{id}/verification":          "verifier,committee,auditor",
	"POST /api/v1/applications/{id}/verification":         "verifier",
	"POST /api/v1/applications/{id}/verification/reopen":  "committee",
	"POST /api/v1/applications/{id}/verification/confirm": "committee",
	"POST /api/v1/applications/{id}/verification/assign":  "committee",
	"GET /api/v1/applications/{id}/documents/{kind}":      "applicant,verifier,committee,auditor",
	"POST /api/v1/applications/{id}/appeal":               "applicant",
	"GET /api/v1/periods/{id}/appeals":                    "committee,auditor",
	"POST /api/v1/appeals/{id}/decision":                  "committee",
	"POST /api/v1/periods/{id}/announcements":             "committee",
	"GET /api/v1/periods/{id}/announcements":              "public",
	"GET /api/v1/periods/{id}/results":                    "public",
	"GET /api/v1/periods/{id}/statistics":                 "public",
	"GET /organisasi":                                     "admin,leader,auditor",
	"POST /organisasi":                                    "admin",
	"GET /organisasi/{id}":                                "admin,leader,auditor",
	"POST /organisasi/{id}":                               "admin",
	"POST /organisasi/{id}/kepala":                        "admin",
	"POST /organisasi/{id}/jabatan":                       "admin",
	"GET /pegawai-baru":                                   "admin",
	"POST /pegawai":                                       "admin",
	"GET /impor-pegawai":                                  "admin",
	"POST /impor-pegawai":                                 "admin",
	"GET /pegawai/{id}":                                   "admin,leader,auditor",
	"POST /pegawai/{id}":                                  "admin",
	"POST /pegawai/{id}/atasan":                           "admin",
	"GET /data-saya":                                      "employee,supervisor",
	"GET /bawahan":                                        "supervisor",
	"GET /pengangkatan":                                   "admin,committee,leader,auditor",
	"GET /pengangkatan/{id}":                              "admin,committee,leader,auditor",
	"POST /pengangkatan/{id}/formasi":                     "admin",
	"GET /pengangkatan/{id}/peserta/{app}":                "admin,committee,leader,auditor",
	"POST /pengangkatan/{id}/peserta/{app}":               "admin",
	"POST /pengangkatan/{id}/peserta/{app}/mundur":        "admin,committee",
	"POST /pengangkatan/{id}/peserta/{app}/pengganti":     "committee",
	"GET /pengingat":                                      "admin,leader,auditor",
	"POST /pegawai/{id}/nip":                              "admin",
	"POST /pegawai/{id}/periksa":                          "admin",
	"POST /pegawai/{id}/latsar":                           "admin",
	"POST /pegawai/{id}/percobaan":                        "admin",
	"POST /pegawai/{id}/kontrak":                          "admin",
	"POST /pegawai/{id}/kontrak/{contract}":               "admin",
	"GET /bawahan/{id}/percobaan":                         "supervisor",
	"POST /bawahan/{id}/percobaan":                        "supervisor",
	"GET /api/v1/employees/me":                            "any",
	"GET /api/v1/employees/{id}":                          "admin,leader,auditor,supervisor,employee",
	"GET /api/v1/units":                                   "admin,leader,auditor",
	"POST /api/v1/employees/import":                       "admin",
	"GET /api/v1/employee-template":                       "admin",
	"GET /skp":                                            "employee,supervisor",
	"POST /skp":                                           "employee,supervisor",
	"GET /skp/tim":                                        "supervisor",
	"GET /skp/keberatan":                                  "supervisor,leader",
	"GET /skp/unit":                                       "admin,leader,auditor,supervisor",
	"GET /skp/unit/{id}":                                  "admin,leader,auditor,supervisor",
	"POST /skp/unit/{id}/predikat":                        "admin,leader,supervisor",
	"POST /skp/unit/{id}/setujui":                         "admin,leader,supervisor",
	"POST /skp/unit/{id}/final":                           "admin,leader,supervisor",
	"GET /skp/laporan":                                    "admin,leader,auditor",
	"GET /skp/{id}":                                       "employee,supervisor,admin,leader,auditor",
	"POST /skp/{id}/hasil":                                "employee,supervisor",
	"POST /skp/{id}/ajukan":                               "employee,supervisor",
	"POST /skp/{id}/kembalikan":                           "supervisor",
	"POST /skp/{id}/setujui":                              "supervisor",
	"POST /skp/{id}/buka":                                 "supervisor",
	"POST /skp/{id}/catatan":                              "employee,supervisor",
	"POST /skp/{id}/bukti":                                "employee,supervisor",
	"POST /skp/{id}/evaluasi":                             "supervisor",
	"POST /skp/evaluasi/{id}/tanggapan":                   "employee,supervisor",
	"POST /skp/evaluasi/{id}/keberatan":                   "employee,supervisor",
	"POST /skp/evaluasi/{id}/putusan":                     "supervisor,leader",
	"POST /skp/pembinaan/{id}/rencana":                    "supervisor",
	"POST /skp/pembinaan/{id}/pertemuan":                  "supervisor",
	"POST /skp/pembinaan/{id}/hasil":                      "supervisor",
	"GET /api/v1/skp":                                     "employee,supervisor,admin,leader,auditor",
	"POST /api/v1/skp/{id}/evaluations":                   "employee,supervisor,admin,leader,auditor",
	"GET /api/v1/skp/notes/{id}/file":                     "employee,supervisor,admin,leader,auditor",
	"GET /api/v1/skp/report":                              "admin,leader,auditor",
	"GET /api/v1/skp/ekinerja":                            "admin,leader,auditor",
	"GET /jam-pelajaran":                                  "employee,supervisor",
	"POST /jam-pelajaran":                                 "employee,supervisor",
	"GET /jam-pelajaran/bukti/{id}":                       "employee,supervisor",
	"GET /jam-pelajaran/tim":                              "supervisor",
	"POST /jam-pelajaran/tim/{id}":                        "supervisor",
	"GET /jam-pelajaran/kepatuhan":                        "admin,leader,auditor",
	"GET /api/v1/employees/me/development":                "any",
	"GET /api/v1/employees/{id}/development":              "admin,leader,auditor,supervisor,employee",
	"POST /api/v1/employees/me/development/external":      "employee,supervisor",
	"POST /api/v1/development/{id}/decision":              "supervisor",

	// Training with partner institutions.
	"GET /pelatihan":                                       "employee,supervisor,admin,leader,auditor",
	"GET /pelatihan/saya":                                  "employee,supervisor",
	"GET /pelatihan/persetujuan":                           "supervisor",
	"GET /pelatihan/mengajar":                              "trainer",
	"GET /pelatihan/sesi/{id}":                             "employee,supervisor,admin,trainer,leader,auditor",
	"POST /pelatihan/sesi/{id}/daftar":                     "employee,supervisor",
	"POST /pelatihan/sesi/{id}/usul":                       "admin,supervisor",
	"GET /pelatihan/sesi/{id}/pertemuan/{no}":              "trainer,admin",
	"POST /pelatihan/sesi/{id}/pertemuan/{no}":             "trainer,admin",
	"POST /pelatihan/sesi/{id}/nilai":                      "trainer,admin",
	"POST /pelatihan/sesi/{id}/selesai":                    "trainer,admin",
	"POST /pelatihan/peserta/{id}/setujui":                 "supervisor,admin",
	"POST /pelatihan/peserta/{id}/tolak":                   "supervisor,admin",
	"POST /pelatihan/peserta/{id}/batal":                   "employee,supervisor,admin",
	"POST /pelatihan/peserta/{id}/umpan-balik":             "employee,supervisor",
	"POST /pelatihan/peserta/{id}/cabut":                   "admin",
	"GET /pelatihan/lembaga":                               "admin,auditor",
	"POST /pelatihan/lembaga":                              "admin",
	"GET /pelatihan/lembaga/{id}":                          "admin,auditor",
	"POST /pelatihan/lembaga/{id}/perjanjian":              "admin",
	"POST /pelatihan/lembaga/{id}/pelatih":                 "admin",
	"POST /pelatihan/lembaga/{id}/program":                 "admin",
	"GET /pelatihan/program/{id}":                          "admin,auditor",
	"POST /pelatihan/program/{id}/sesi":                    "admin",
	"GET /pelatihan/laporan":                               "admin,leader,auditor",
	"GET /pelatihan/laporan.xlsx":                          "admin,leader,auditor",
	"GET /pelatihan/laporan.pdf":                           "admin,leader,auditor",
	"GET /verify/{code}":                                   "public",
	"GET /api/v1/training/sessions":                        "any",
	"GET /api/v1/training/enrolments/{id}/certificate.pdf": "employee,supervisor,admin",

	// The code of ethics and the forum.
	"GET /etika":                               "employee,supervisor,leader,trainer,admin,auditor",
	"POST /etika":                              "admin",
	"GET /etika/{id}":                          "employee,supervisor,leader,trainer,admin,auditor",
	"GET /etika/sosialisasi":                   "employee,supervisor,leader,trainer,admin,auditor",
	"POST /etika/sosialisasi":                  "admin",
	"GET /etika/sosialisasi/unit":              "admin,leader,auditor",
	"GET /etika/sosialisasi/{id}":              "employee,supervisor,leader,trainer,admin,auditor",
	"POST /etika/sosialisasi/{id}/hadir":       "admin",
	"POST /etika/sosialisasi/{id}/kuis":        "employee,supervisor,leader",
	"POST /etika/{id}/setuju":                  "employee,supervisor,leader",
	"GET /etika/unit":                          "admin,leader,auditor",
	"GET /etika/pakta":                         "admin,leader,auditor",
	"GET /forum":                               "employee,supervisor,leader,trainer,admin,auditor",
	"GET /forum/topik/{slug}":                  "employee,supervisor,leader,trainer,admin,auditor",
	"GET /forum/cari":                          "employee,supervisor,leader,trainer,admin,auditor",
	"GET /forum/baru":                          "employee,supervisor,leader",
	"POST /forum/baru":                         "employee,supervisor,leader",
	"GET /forum/threads/{id}":                  "employee,supervisor,leader,trainer,admin,auditor",
	"POST /forum/threads/{id}/balas":           "employee,supervisor,leader",
	"GET /forum/lampiran/{id}":                 "employee,supervisor,leader,trainer,admin,auditor",
	"POST /forum/posts/{id}/suara":             "employee,supervisor,leader",
	"POST /forum/posts/{id}/solusi":            "employee,supervisor,leader",
	"POST /forum/posts/{id}/laporkan":          "employee,supervisor,leader",
	"POST /forum/posts/{id}/adopsi":            "admin,supervisor,leader",
	"GET /forum/inovasi":                       "employee,supervisor,leader,trainer,admin,auditor",
	"GET /forum/moderasi":                      "admin",
	"POST /forum/posts/{id}/sembunyikan":       "admin",
	"POST /forum/posts/{id}/pulihkan":          "admin",
	"POST /forum/posts/{id}/abaikan":           "admin",
	"POST /api/v1/forum/threads":               "employee,supervisor,leader",
	"GET /api/v1/forum/threads/{id}":           "employee,supervisor,leader,trainer,admin,auditor",
	"GET /api/v1/forum/search":                 "employee,supervisor,leader,trainer,admin,auditor",
	"GET /api/v1/ethics":                       "employee,supervisor,leader,trainer,admin,auditor",
	"POST /api/v1/ethics/{id}/acknowledgement": "employee,supervisor,leader",
}

// movedRoutes are the old addresses that answer 301 to their new one, for
// every caller, query string kept.
var movedRoutes = map[string]string{
	"GET /periods/{id}/hasil":     "/periods/{id}/results",
	"GET /periods/{id}/statistik": "/periods/{id}/statistics",
}

// matrixPath fills a route pattern's wildcards with values that name
// nothing (ids) or something harmless.
func matrixPath(p string) string {
	p = strings.ReplaceAll(p, "{$}", "")
	r := strings.NewReplacer("{id}", "999999", "{kind}", "ktp", "{file}", "app.css")
	p = r.Replace(p)
	for strings.Contains(p, "{") {
		i, j := strings.Index(p, "{"), strings.Index(p, "}")
		p = p[:i] + "x" + p[j+1:]
	}
	return p
}

// TestRouteRoleMatrix enumerates every route from the router and calls it
// anonymously and as each role; each call must be refused (401, a
// redirect to sign in, or 403 for the role) exactly when the table says
// the caller may not use the route. Then an applicant touching another's
// application, documents, card or appeal gets 404.
func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	routes, err := web.RouteList()
	if err != nil {
		t.Fatal(err)
	}
	checkAccessTable(t, routes)
	if t.Failed() {
		t.FailNow()
	}
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000", "--login-addr-failures", "10000",
		"--login-user-failures", "1000")
	m := &routeMatrix{t: t, srv: srv, client: apptest.Client()}
	m.signInAll()
	var calls int
	for _, r := range routes {
		for _, c := range m.callers {
			m.check(r, c)
			calls++
		}
	}
	t.Logf("%d routes × %d callers: %d calls", len(routes), len(m.callers), calls)
	t.Run("another applicant's objects are 404", func(t *testing.T) { checkOthersObjects(t, srv) })
}

// checkAccessTable: every route of the router is in accessTable, and
// every entry of accessTable is a route.
func checkAccessTable(t *testing.T, routes []web.RouteInfo) {
	seen := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		seen[key] = true
		if _, ok := accessTable[key]; !ok {
			t.Errorf("route %s (%s) has no entry in accessTable", key, r.Access)
		}
	}
	for key := range accessTable {
		if !seen[key] {
			t.Errorf("accessTable lists %s, which the router does not have", key)
		}
	}
}

// routeMatrix calls every route as every caller of TestRouteRoleMatrix.
type routeMatrix struct {
	t       *testing.T
	srv     *apptest.Server
	client  *http.Client
	callers []*matrixCaller
}

type matrixCaller struct {
	name, role, user string
	token            string
}

// signInAll makes the callers, anonymous, a demo user of each role and an
// applicant, and signs them in.
func (m *routeMatrix) signInAll() {
	m.callers = []*matrixCaller{{name: "anonymous"}}
	for _, c := range []struct{ role, user string }{{"admin", "admin"}, {"committee", "panitia"}, {"verifier", "verifikator"},
		{"assessor", "penguji"}, {"employee", "pegawai"}, {"supervisor", "atasan"}, {"trainer", "pelatih"}, {"leader", "pimpinan"},
		{"auditor", "auditor"}} {
		m.callers = append(m.callers, &matrixCaller{name: c.user, role: c.role, user: c.user})
	}
	for _, c := range m.callers {
		m.signIn(c)
	}
	app := &matrixCaller{name: "applicant", role: "applicant"}
	m.signIn(app)
	m.callers = append(m.callers, app)
}

func (m *routeMatrix) signIn(c *matrixCaller) {
	switch {
	case c.role == "applicant":
		c.token = newApplicant(m.t, m.srv.URL).token
	case c.user != "":
		c.token = token(m.t, m.client, m.srv.URL, c.user, "asnpro-demo")
	}
}

// check calls route r as c: it must be refused (401, a redirect to sign
// in, or 403 for the role) exactly when accessTable says c may not use it.
func (m *routeMatrix) check(r web.RouteInfo, c *matrixCaller) {
	t := m.t
	key := r.Method + " " + r.Path
	allowed := accessTable[key]
	may := allowed == "public" || (allowed == "any" && c.token != "") ||
		(c.role != "" && strings.Contains(","+allowed+",", ","+c.role+","))
	res, b := m.call(r, c)
	denied := res.StatusCode == 401 ||
		(res.StatusCode == 303 && strings.HasPrefix(res.Header.Get("Location"), "/login") && r.Method == "GET" && c.token == "") ||
		(res.StatusCode == 403 && strings.Contains(string(b), "Your role may not use this"))
	if res.StatusCode >= 500 {
		t.Errorf("%s as %s: %d %.200s", key, c.name, res.StatusCode, b)
	}
	if denied == may {
		t.Errorf("%s as %s: status %d (denied %v), but the table says %q: %.200s", key, c.name, res.StatusCode, denied, allowed, b)
	}
	if to, ok := movedRoutes[key]; ok && (res.StatusCode != 301 || res.Header.Get("Location") != matrixPath(to)+"?lang=en") {
		t.Errorf("%s as %s: %d → %q, want 301 → %s?lang=en", key, c.name, res.StatusCode, res.Header.Get("Location"),
			matrixPath(to))
	}
	// Signing out or revoking ends the caller's token: sign in again.
	if c.token != "" && (r.Path == "/logout" || (r.Method == "DELETE" && r.Path == "/api/v1/auth/token")) {
		m.signIn(c)
	}
}

// call requests route r as c, in English, with an empty body of the
// route's kind (JSON for the API, a form for pages).
func (m *routeMatrix) call(r web.RouteInfo, c *matrixCaller) (*http.Response, []byte) {
	t := m.t
	u := m.srv.URL + matrixPath(r.Path)
	if strings.Contains(u, "?") {
		u += "&lang=en"
	} else {
		u += "?lang=en"
	}
	var body io.Reader
	ct := ""
	if r.Method == "POST" || r.Method == "PUT" {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			body, ct = strings.NewReader("{}"), "application/json"
		} else {
			body, ct = strings.NewReader(url.Values{}.Encode()), "application/x-www-form-urlencoded"
		}
	}
	req, err := http.NewRequest(r.Method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "en")
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := m.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s as %s: %v", r.Method, r.Path, c.name, err)
	}
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	return res, b
}

// checkOthersObjects: an applicant touching another's application,
// documents, card or appeal gets 404; the owner still reads it.
func checkOthersObjects(t *testing.T, srv *apptest.Server) {
	owner := newApplicant(t, srv.URL)
	appID := submitComplete(t, owner)
	other := newApplicant(t, srv.URL)
	cases := []struct{ method, path string }{
		{"GET", "/api/v1/applications/" + appID},
		{"DELETE", "/api/v1/applications/" + appID},
		{"POST", "/api/v1/applications/" + appID + "/submit"},
		{"PUT", "/api/v1/applications/" + appID + "/documents/ktp"},
		{"GET", "/api/v1/applications/" + appID + "/documents/ktp"},
		{"GET", "/api/v1/applications/" + appID + "/card.pdf"},
		{"POST", "/api/v1/applications/" + appID + "/appeal"},
		{"GET", "/lamaran/" + appID},
		{"GET", "/lamaran/" + appID + "/hasil"},
		{"POST", "/lamaran/" + appID + "/sanggah"},
		{"POST", "/lamaran/" + appID + "/kirim"},
		{"POST", "/lamaran/" + appID + "/tarik"},
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].method < cases[j].method })
	for _, c := range cases {
		var body any
		switch {
		case c.method == "PUT":
			body = testkit.JPEG(t, 10, 10)
		case c.method == "POST" && strings.HasPrefix(c.path, "/api/"):
			body = map[string]any{"reason": "Dokumen saya sudah benar"}
		case c.method == "POST":
			body = strings.NewReader("reason=Dokumen+saya+sudah+benar")
		}
		hdr := []string{}
		if c.method == "POST" && !strings.HasPrefix(c.path, "/api/") {
			hdr = append(hdr, "Content-Type", "application/x-www-form-urlencoded")
		}
		if code, _, b := other.call(c.method, c.path, body, hdr...); code != 404 {
			t.Errorf("another applicant %s %s: %d %.200s", c.method, c.path, code, b)
		}
	}
	if code, _, b := owner.call("GET", "/api/v1/applications/"+appID, nil); code != 200 {
		t.Fatalf("the owner: %d %s", code, b)
	}
}
