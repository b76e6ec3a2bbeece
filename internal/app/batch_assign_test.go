package app_test

import (
	"net/url"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// queueIDs reads the ids of the applications a queue API page lists.
func queueIDs(t *testing.T, a *api, path string) []string {
	t.Helper()
	code, m, b := a.call("GET", path, nil)
	if code != 200 {
		t.Fatalf("%s: %d %s", path, code, b)
	}
	var ids []string
	for _, it := range m["items"].([]any) {
		ids = append(ids, it.(map[string]any)["application_id"].(string))
	}
	return ids
}

// TestDeskSearchAndBatchAssign: on both engines, the committee's desk
// searches its queue by name or registration number (a GET form, paged,
// the search kept in the tabs and pages) and hands several ticked
// applications to one verifier at once; a bad batch — none ticked, no or
// an unknown verifier, an application of another period — is 422 with the
// message beside its field, what was chosen kept, and nothing changed.
func TestDeskSearchAndBatchAssign(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
			db := openDB(t, srv.DSN)
			panitia := staff(t, srv, "panitia")
			apps := []string{submitComplete(t, newApplicant(t, srv.URL)), submitComplete(t, newApplicant(t, srv.URL))}
			baru := addStaff(t, srv, "verifikator2", "verifier")
			if code, _, b := baru.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true}); code != 201 {
				t.Fatalf("pact: %d %s", code, b)
			}
			checkDeskSearch(t, panitia)
			past := queueIDs(t, panitia, "/api/v1/periods/2/verification/queue?status=all&limit=1")
			path := "/verifikasi/periode/1/verifikator?status=pending"
			runForms(t, []formCase{
				{name: "none ticked", as: panitia, path: path, form: url.Values{"verifier": {"verifikator2"}}, status: 422,
					at: "batch-applications-error", key: "verification.batch_none", kept: []string{`<option value="verifikator2" selected>`}},
				{name: "no verifier", as: panitia, path: path, form: url.Values{"app": apps}, status: 422,
					at: "batch-verifier-error", key: "verification.batch_verifier",
					kept: []string{`id="pick-` + apps[0] + `" checked`, `id="pick-` + apps[1] + `" checked`}},
				{name: "an unknown verifier", as: panitia, path: path, form: url.Values{"app": apps, "verifier": {"siapa"}}, status: 422,
					at: "batch-verifier-error", key: "verification.reassign_not_signed"},
				{name: "an application of another period", as: panitia, path: path,
					form: url.Values{"app": {apps[0], past[0]}, "verifier": {"verifikator2"}}, status: 422,
					at: "batch-applications-error", key: "verification.batch_other_period", kept: []string{`id="pick-` + apps[0] + `" checked`}},
				{name: "a malformed id, in English", as: ownJar(panitia), path: path + "&lang=en",
					form: url.Values{"app": {"x"}, "verifier": {"verifikator2"}}, status: 422, en: true,
					at: "batch-applications-error", key: "verification.batch_other_period"},
			}, dbState(t, db))
			before := testkit.CountAudit(t, db, "verification.assign")
			code, _, b := panitia.call("POST", path, strings.NewReader(url.Values{"app": apps, "verifier": {"verifikator2"}}.Encode()),
				"Content-Type", "application/x-www-form-urlencoded")
			if code != 303 {
				t.Fatalf("batch: %d %s", code, b)
			}
			if got := queueIDs(t, baru, "/api/v1/periods/1/verification/queue"); strings.Join(got, ",") != strings.Join(apps, ",") {
				t.Fatalf("verifikator2's queue %v, want %v", got, apps)
			}
			if n := testkit.CountAudit(t, db, "verification.assign"); n != before+2 {
				t.Fatalf("verification.assign %d, want %d", n, before+2)
			}
		})
	}
}

// checkDeskSearch: the desk's queue found by the demo applicant's name
// (any case) or registration number, the search kept in the tabs; nothing
// found says so.
func checkDeskSearch(t *testing.T, panitia *api) {
	t.Helper()
	all := page(t, panitia, "/verifikasi/periode/1?status=all", 200)
	if !strings.Contains(all, `id="queue-search"`) || !strings.Contains(all, `form="batch-assign"`) {
		t.Fatal("no search form or batch boxes on the desk")
	}
	d := page(t, panitia, "/verifikasi/periode/1?status=all&q=yohana", 200)
	if n := strings.Count(d, `id="open-`); n != 1 || !strings.Contains(d, "Yohana Pelamar") || !strings.Contains(d, `value="yohana"`) ||
		!strings.Contains(d, `href="/verifikasi/periode/1?q=yohana&status=MS"`) {
		t.Fatalf("search by name: %d rows: %s", n, d)
	}
	reg := d[strings.Index(d, `id="open-`)+len(`id="open-`):]
	reg = reg[:strings.Index(reg, `"`)]
	if r := page(t, panitia, "/verifikasi/periode/1?status=all&q="+reg, 200); strings.Count(r, `id="open-`) != 1 ||
		!strings.Contains(r, `id="open-`+reg+`"`) {
		t.Fatalf("search by number %s: %s", reg, r)
	}
	pg := page(t, panitia, "/verifikasi/periode/1?status=all&q=siti&limit=1", 200)
	if strings.Count(pg, `id="open-`) != 1 || !strings.Contains(pg, `href="/verifikasi/periode/1?limit=1&offset=1&q=siti&status=all"`) {
		t.Fatalf("a page of a search: %s", pg)
	}
	if n := page(t, panitia, "/verifikasi/periode/1?status=all&q=tidak-ada-nama-ini", 200); !strings.Contains(n, `id="queue-empty"`) {
		t.Fatalf("nothing found: %s", n)
	}
}
