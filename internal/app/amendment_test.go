package app_test

import (
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestAmendments: once registration is open, requirements and dates change
// only through an amendment, which is recorded, public (JSON, the period's
// and the formation's pages) and shows at once in the formation list.
func TestAmendments(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			c := apptest.Client()
			pub := &api{t: t, base: srv.URL, c: c}
			committee := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}
			_, period, _ := pub.call("GET", "/api/v1/periods/1", nil)
			tl := period["timeline"].(map[string]any)
			oldClose, _ := time.Parse(time.RFC3339, tl["registration_close_at"].(string))
			newClose := oldClose.Add(48 * time.Hour).UTC().Format(time.RFC3339)
			fid := formationID(t, pub, "1", "PKY-2026-001")
			_, f, _ := pub.call("GET", "/api/v1/formations/"+fid, nil)
			oldQuota := f["quota"].(float64)
			// The list is read (and kept in memory) before the change.
			if _, m, _ := pub.call("GET", "/api/v1/periods/1/formations?q=PKY-2026-001",
				nil); m["items"].([]any)[0].(map[string]any)["quota"].(float64) != oldQuota {
				t.Fatal("quota before")
			}

			for _, tc := range []struct {
				name   string
				who    *api
				body   any
				status int
				code   string
				field  string
			}{
				{"anonymous", pub, map[string]any{"note": "Perpanjangan " +
					"pendaftaran", "changes": map[string]any{"appeal_days": 4}}, 401, "unauthenticated", ""},
				{"no reason", committee, map[string]any{"note": "karena", "changes": map[string]any{"appeal_days": 4}}, 422, "invalid", "note"},
				{"no change", committee, map[string]any{"note": "Perpanjangan pendaftaran"}, 422, "invalid", "changes"},
				{"a field that cannot " +
					"change", committee, map[string]any{"formation_id": fid, "note": "Ganti kode " +
					"formasi", "changes": map[string]any{"code": "X"}}, 422, "invalid", "changes.code"},
				{"a timeline field on a " +
					"formation", committee, map[string]any{"formation_id": fid, "note": "Perpanjangan pendaftaran",
					"changes": map[string]any{"registration_close_at": newClose}}, 422, "invalid", "changes.registration_close_at"},
				{"closing in the past", committee, map[string]any{"note": "Pendaftaran ditutup lebih " +
					"awal", "changes": map[string]any{"registration_close_at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)}}, 422,
					"invalid", "changes.registration_close_at"},
				{"closing after the announcement", committee, map[string]any{"note": "Perpanjangan pendaftaran",
					"changes": map[string]any{"registration_close_at": oldClose.Add(400 * 24 * time.Hour).Format(time.RFC3339)}}, 422,
					"invalid", "changes.administration_announce_at"},
				{"quota zero", committee, map[string]any{"formation_id": fid, "note": "Kuota dihapus sama " +
					"sekali", "changes": map[string]any{"quota": 0}}, 422, "invalid", "quota"},
				{"unknown major", committee, map[string]any{"formation_id": fid, "note": "Tambah kualifikasi " +
					"pendidikan", "changes": map[string]any{"majors": []string{"S1-XX"}}}, 422, "invalid", "changes.majors"},
				{"same value", committee, map[string]any{"formation_id": fid, "note": "Kuota tetap sama " +
					"saja", "changes": map[string]any{"quota": oldQuota}}, 422, "invalid", "changes"},
				{"a formation of another " +
					"period", committee, map[string]any{"formation_id": formationID(t, pub, "2", "PKY-2025-001"),
					"note": "Kuota ditambah satu", "changes": map[string]any{"quota": 9}}, 404, "not_found", ""},
			} {
				code, m, b := tc.who.call("POST", "/api/v1/periods/1/amendments", tc.body)
				if code != tc.status || errCode(m) != tc.code || tc.field != "" && errField(m, tc.field) == "" {
					t.Errorf("%s: %d %s, want %d %s %s", tc.name, code, b, tc.status, tc.code, tc.field)
				}
			}
			if code, m, _ := committee.call("POST", "/api/v1/periods/1/amendments", []byte("{"), "Content-Type", "application/json"); code != 400 ||
				errCode(m) != "malformed" {
				t.Errorf("malformed JSON: %d", code)
			}
			if _, m, _ := pub.call("GET", "/api/v1/periods/1/amendments", nil); m["total"].(float64) != 0 {
				t.Fatalf("a refused amendment was stored: %v", m)
			}

			code, m, b := committee.call(
				"POST",
				"/api/v1/periods/1/amendments",
				map[string]any{
					"note":    "Perpanjangan pendaftaran karena gangguan jaringan",
					"changes": map[string]any{"registration_close_at": newClose},
				},
			)
			if code != 201 || m["changes"].(map[string]any)["registration_close_at"].(map[string]any)["after"] != newClose {
				t.Fatalf("extend registration: %d %s", code, b)
			}
			code, m, b = committee.call(
				"POST",
				"/api/v1/periods/1/amendments",
				map[string]any{"formation_id": fid, "note": "Kebutuhan ditambah sesuai persetujuan MenPANRB",
					"changes": map[string]any{"quota": oldQuota + 2, "min_ipk": 2.75}},
			)
			if code != 201 || m["formation_code"] != "PKY-2026-001" {
				t.Fatalf("amend formation: %d %s", code, b)
			}
			_, p, _ := pub.call("GET", "/api/v1/periods/1", nil)
			if got, _ := time.Parse(time.RFC3339, p["timeline"].(map[string]any)["registration_close_at"].(string)); !got.Equal(
				oldClose.Add(48 * time.Hour),
			) {
				t.Fatalf("the period keeps its old close: %v", p["timeline"])
			}
			_, m, _ = pub.call("GET", "/api/v1/periods/1/formations?q=PKY-2026-001", nil)
			if got := m["items"].([]any)[0].(map[string]any); got["quota"].(float64) != oldQuota+2 || got["min_ipk"].(float64) != 2.75 {
				t.Fatalf("the list does not show the amendment at once: %v", got)
			}
			_, m, _ = pub.call("GET", "/api/v1/periods/1/amendments", nil)
			if m["total"].(float64) != 2 {
				t.Fatalf("amendments: %v", m)
			}
			for _, path := range []string{"/periods/1", "/formations/" + fid} {
				_, _, page := pub.call("GET", path, nil)
				if !strings.Contains(string(page), `id="amendments"`) ||
					!strings.Contains(string(page), "Kebutuhan ditambah sesuai persetujuan MenPANRB") {
					t.Errorf("%s does not show the amendment", path)
				}
			}
			// PostgreSQL seals within a second of commit; the export shows sealed events.
			deadline := time.Now().Add(10 * time.Second)
			for {
				_, _, events := pub.call("GET", "/api/v1/transparency/events", nil)
				if strings.Contains(string(events), `"period.amend"`) && strings.Contains(string(events), `"formation.amend"`) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("amendments are not in the audit chain")
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}
