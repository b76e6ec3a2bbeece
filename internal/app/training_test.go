package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// trainingCaller signs in a demo account and sends forms and pages.
type trainingCaller struct {
	t     *testing.T
	base  string
	token string
	c     *http.Client
}

func trainingAs(t *testing.T, base, user string) *trainingCaller {
	c := apptest.Client()
	return &trainingCaller{t: t, base: base, c: c, token: token(t, c, base, user, app.DemoPassword)}
}

func (tc *trainingCaller) get(path string) (int, string) {
	tc.t.Helper()
	res, b := do(tc.t, tc.c, "GET", tc.base+path, tc.token, nil)
	return res.StatusCode, string(b)
}

func (tc *trainingCaller) post(path string, v url.Values) (int, string) {
	tc.t.Helper()
	res, b := do(tc.t, tc.c, "POST", tc.base+path, tc.token, strings.NewReader(v.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	return res.StatusCode, string(b)
}

// find returns the first submatch of expr in s, failing the test when none.
func find(t *testing.T, s, expr, what string) string {
	t.Helper()
	m := regexp.MustCompile(expr).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: %q not found", what, expr)
	}
	return m[1]
}

// TestTrainingBadInputs: on the demo, each bad input of the training
// pages answers its status: enrolling twice 409; past capacity waitlisted
// (not refused); attendance for a non-participant 404; completion (and
// attendance) by a trainer of another institution 403; an unknown
// certificate code 404 with a plain message; a revoked one says so. And
// a bad programme 422 by field, the report as XLSX and PDF, the offers API;
// a revoked certificate's JP leave the employee's development hours.
func TestTrainingBadInputs(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	pegawai, atasan := trainingAs(t, srv.URL, "pegawai"), trainingAs(t, srv.URL, "atasan")
	pelatih, admin := trainingAs(t, srv.URL, "pelatih"), trainingAs(t, srv.URL, "admin")
	lead, waiting := trainingEnrolments(t, pegawai, atasan)
	running := trainingAttendance(t, pelatih, waiting)
	trainingOtherTrainer(t, admin, pegawai, running, lead)
	trainingCertificates(t, pegawai, atasan, admin)
}

// trainingEnrolments: enrolling twice is 409; past capacity waitlisted.
// It returns the open session and pegawai's waiting enrolment.
func trainingEnrolments(t *testing.T, pegawai, atasan *trainingCaller) (string, string) {
	t.Helper()
	_, cat := pegawai.get("/pelatihan?lang=id")
	lead := find(t, cat, `<a href="/pelatihan/sesi/(\d+)" id="session-\d+-link">Kepemimpinan Pengawas</a>`, "the open session")
	full := find(t, cat, `<a href="/pelatihan/sesi/(\d+)" id="session-\d+-link">Literasi Digital untuk ASN</a>`, "the full session")
	if st, _ := pegawai.post("/pelatihan/sesi/"+lead+"/daftar", nil); st != 303 {
		t.Fatalf("enrol: %d", st)
	}
	if st, body := pegawai.post("/pelatihan/sesi/"+lead+"/daftar?lang=id", nil); st != 409 ||
		!strings.Contains(body, "sudah terdaftar") {
		t.Fatalf("enrol twice: %d, want 409", st)
	}
	if st, _ := pegawai.post("/pelatihan/sesi/"+full+"/daftar", nil); st != 303 {
		t.Fatalf("enrol in the full session: %d", st)
	}
	_, approvals := atasan.get("/pelatihan/persetujuan?lang=id")
	waiting := find(t, approvals, `<tr id="approval-(\d+)"[^>]*><td>[^<]*</td><td><a href="/pelatihan/sesi/`+full+`"`, "the request")
	if st, _ := atasan.post("/pelatihan/peserta/"+waiting+"/setujui", url.Values{"back": {"/pelatihan/persetujuan"}}); st != 303 {
		t.Fatalf("approve: %d", st)
	}
	if _, page := pegawai.get("/pelatihan/sesi/" + full + "?lang=id"); !strings.Contains(page, "<strong>Daftar tunggu</strong>") {
		t.Fatalf("past capacity: not on the waitlist")
	}
	return lead, waiting
}

// trainingAttendance: attendance for a non-participant is 404. It
// returns the running session.
func trainingAttendance(t *testing.T, pelatih *trainingCaller, waiting string) string {
	t.Helper()
	_, teach := pelatih.get("/pelatihan/mengajar?lang=id")
	running := find(t, teach, `<a href="/pelatihan/sesi/(\d+)" id="teach-\d+">Pelayanan Publik Prima</a>`, "the running session")
	for _, id := range []string{"999999", waiting} {
		if st, _ := pelatih.post("/pelatihan/sesi/"+running+"/pertemuan/1", url.Values{"present": {id}}); st != 404 {
			t.Fatalf("attendance for non-participant %s: %d, want 404", id, st)
		}
	}

	return running
}

// trainingOtherTrainer: a trainer of the other institution gets 403; the
// admin's programme form refuses by field; the report's files; the offers.
func trainingOtherTrainer(t *testing.T, admin, pegawai *trainingCaller, running, lead string) {
	t.Helper()
	base := admin.base
	// A trainer of the other institution.
	if st, body := admin.post("/users", url.Values{"username": {"pelatih2"}, "name": {"Pelatih BPSDM"}, "role": {"trainer"},
		"mode": {"type"}, "password": {"rahasia-pelatih-bpsdm"}}); st != 201 {
		t.Fatalf("add a trainer: %d %.300s", st, body)
	}
	_, insts := admin.get("/pelatihan/lembaga?lang=id")
	bpsdm := find(t, insts, `<a href="/pelatihan/lembaga/(\d+)" id="inst-\d+">BPSDM`, "BPSDM")
	if st, _ := admin.post("/pelatihan/lembaga/"+bpsdm+"/pelatih", url.Values{"username": {"pelatih2"}}); st != 303 {
		t.Fatalf("link the trainer: %d", st)
	}
	if st, page := admin.post("/pelatihan/lembaga/"+bpsdm+"/program?lang=id", url.Values{"title": {"Etika"}, "topic": {"sihir"},
		"jp": {"0"}, "mode": {"klasikal"}}); st != 422 || strings.Count(page, `class="field-error"`) != 3 {
		t.Fatalf("a bad programme: %d, %d field errors", st, strings.Count(page, `class="field-error"`))
	}
	if st, page := admin.post("/pelatihan/lembaga/"+bpsdm+"/program", url.Values{"title": {"Etika Birokrasi"},
		"topic": {"etika-integritas"}, "jp": {"6"}, "mode": {"daring"}, "cost": {"250.000"}, "competencies": {"integritas"}}); st != 303 {
		t.Fatalf("a programme: %d %.300s", st, page)
	}
	for _, f := range []string{"xlsx", "pdf"} {
		res, b := do(t, admin.c, "GET", base+"/pelatihan/laporan."+f, admin.token, nil)
		if res.StatusCode != 200 || len(b) < 500 {
			t.Fatalf("the report as %s: %d, %d bytes", f, res.StatusCode, len(b))
		}
	}
	if st, _ := admin.get("/pelatihan/laporan.doc"); st != 404 {
		t.Fatalf("the report as doc: %d", st)
	}
	if st, body := pegawai.get("/api/v1/training/sessions?competency=kepemimpinan"); st != 200 ||
		!strings.Contains(body, `"title":"Kepemimpinan Pengawas"`) || !strings.Contains(body, `"url":"/pelatihan/sesi/`+lead+`"`) ||
		strings.Contains(body, "Literasi") {
		t.Fatalf("offers: %d %s", st, body)
	}
	other := &trainingCaller{t: t, base: base, c: apptest.Client()}
	other.token = token(t, other.c, base, "pelatih2", "rahasia-pelatih-bpsdm")
	if st, _ := other.post("/pelatihan/sesi/"+running+"/selesai", url.Values{"confirm": {"1"}}); st != 403 {
		t.Fatalf("completion by another institution's trainer: %d, want 403", st)
	}
	if st, _ := other.post("/pelatihan/sesi/"+running+"/pertemuan/1", nil); st != 403 {
		t.Fatalf("attendance by another institution's trainer: %d, want 403", st)
	}

}

// trainingCertificates: the employee's PDF, the public check, unknown and
// revoked codes.
func trainingCertificates(t *testing.T, pegawai, atasan, admin *trainingCaller) {
	t.Helper()
	base := admin.base
	// Certificates: the employee's PDF, the public check, unknown and revoked codes.
	_, mine := pegawai.get("/pelatihan/saya?lang=id")
	cert := find(t, mine, `<a href="(/api/v1/training/enrolments/\d+/certificate.pdf)"`, "a certificate")
	res, pdf := do(t, pegawai.c, "GET", base+cert, pegawai.token, nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("certificate: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if st, _ := atasan.get(cert); st != 404 {
		t.Fatalf("another's certificate: %d, want 404", st)
	}
	code := find(t, mine, `<a href="/verify/([A-Z2-7]+)"`, "the verification code")
	public := &trainingCaller{t: t, base: base, c: apptest.Client()}
	if st, page := public.get("/verify/" + code + "?lang=id"); st != 200 || !strings.Contains(page, `id="verify-valid"`) ||
		!strings.Contains(page, "Andi Pegawai") {
		t.Fatalf("verify: %d", st)
	}
	if st, page := public.get("/verify/TIDAKADA?lang=id"); st != 404 || !strings.Contains(page, "tidak ditemukan") {
		t.Fatalf("unknown code: %d", st)
	}
	enrolment := find(t, cert, `/enrolments/(\d+)/`, "the enrolment")
	_, checked := public.get("/verify/" + code)
	jp, _ := strconv.Atoi(find(t, checked, `<dd id="verify-jp">(\d+)</dd>`, "the certificate's JP"))
	jpTotal := func() int {
		_, b := pegawai.get("/api/v1/employees/me/development")
		var me developmentOut
		if err := json.Unmarshal([]byte(b), &me); err != nil {
			t.Fatal(err)
		}
		return me.JPTotal
	}
	before := jpTotal()
	if st, page := admin.post("/pelatihan/peserta/"+enrolment+"/cabut", url.Values{"reason": {"Kehadiran dipalsukan"}}); st != 200 ||
		!strings.Contains(page, `name="confirm"`) && !strings.Contains(page, "confirm") {
		t.Fatalf("revoke asks first: %d", st)
	}
	if st, _ := admin.post("/pelatihan/peserta/"+enrolment+"/cabut", url.Values{"reason": {"Kehadiran dipalsukan"},
		"confirm": {"1"}}); st != 303 {
		t.Fatalf("revoke: %d", st)
	}
	if st, page := public.get("/verify/" + code + "?lang=id"); st != 200 || !strings.Contains(page, `id="verify-revoked"`) ||
		!strings.Contains(page, "Kehadiran dipalsukan") {
		t.Fatalf("revoked: %d", st)
	}
	// The development hours take the revoked training's JP back.
	if after := jpTotal(); after != before-jp || jp == 0 {
		t.Fatalf("pegawai's JP %d → %d after revoking %d JP", before, after, jp)
	}
}
