package app_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/audit"
	"asnpro/internal/audit/chain"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := app.Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func openDB(t *testing.T, dsn string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// waitSealed waits until every event is sealed (PostgreSQL's sealer runs
// in the background) and the chain verifies.
func waitSealed(t *testing.T, db *sqldb.DB) audit.Report {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rep, err := audit.Verify(context.Background(), db.R, string(db.Engine), nil, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() && rep.Pending == 0 {
			return rep
		}
		if time.Now().After(deadline) {
			t.Fatalf("chain not sealed and intact after 20 s: %+v pending %d problem %q", rep.Failure, rep.Pending, rep.Problem)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// chainedServer starts a demo server, makes some events, waits until they
// are sealed, stops it and returns its database and key file.
func chainedServer(t *testing.T, e sqldb.Engine) (dsn, keyFile string) {
	t.Helper()
	dsn = sqldbtest.DSN(t, e)
	keyFile = filepath.Join(t.TempDir(), "audit.key")
	srv := apptest.StartDSN(t, dsn, "--demo", "--key-file", keyFile)
	for i := range 5 {
		res, err := http.Post(
			srv.URL+"/api/v1/auth/token",
			"application/json",
			strings.NewReader(fmt.Sprintf(`{"username":"u%d","password":"salah-salah"}`, i)),
		)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	waitSealed(t, openDB(t, dsn))
	srv.Stop(t)
	return dsn, keyFile
}

func dropGuards(t *testing.T, db *sqldb.DB) {
	t.Helper()
	qs := []string{`DROP TRIGGER audit_events_no_delete`, `DROP TRIGGER audit_events_seal_once`}
	if db.Engine == sqldb.Postgres {
		qs = []string{`DROP TRIGGER audit_events_guard ON audit_events`, `DROP TRIGGER audit_events_no_delete ON audit_events`}
	}
	for _, q := range qs {
		if _, err := db.W.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVerifyCatchesTampering: an insider who drops the guard and alters,
// deletes, inserts or swaps rows with plain SQL is caught, and verify
// names the event.
func TestVerifyCatchesTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		sql   []string
		names string // what the message must name
	}{
		{"alter", []string{`UPDATE audit_events SET action = 'user.delete' WHERE pos = 5`}, "pos 5"},
		{"delete", []string{`DELETE FROM audit_events WHERE pos = 5`}, "pos 6"},
		{"insert", []string{`INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client, pos, prev_hash, hash)
SELECT at, actor, role, 'user.roles', object_type, object_id, data, client, pos, prev_hash, hash FROM audit_events
WHERE pos = 5`}, "pos 5"},
		{"swap", []string{
			`UPDATE audit_events SET pos = -5 WHERE pos = 5`,
			`UPDATE audit_events SET pos = 5 WHERE pos = 4`,
			`UPDATE audit_events SET pos = 4 WHERE pos = -5`,
		}, "pos 4"},
	}
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					dsn, _ := chainedServer(t, e)
					if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn); code != 0 {
						t.Fatalf("before tampering: exit %d %s %s", code, out, errOut)
					}
					db := openDB(t, dsn)
					dropGuards(t, db)
					if e == sqldb.Postgres {
						// The insider drops the unique index on pos as well.
						if _, err := db.W.Exec(`DROP INDEX audit_events_pos`); err != nil {
							t.Fatal(err)
						}
					}
					for _, q := range tc.sql {
						if _, err := db.W.Exec(q); err != nil {
							t.Fatalf("%s: %v", q, err)
						}
					}
					code, _, errOut := runCmd(t, "audit", "verify", "--db", dsn)
					if code != 1 || !strings.Contains(errOut, "BROKEN") || !strings.Contains(errOut, tc.names) {
						t.Fatalf("after %s: exit %d, stderr %q; want exit 1 naming %s", tc.name, code, errOut, tc.names)
					}
				})
			}
		})
	}
}

// TestVerifySinceCatchesRewrittenHistory: an insider rewrites an event,
// recomputes every hash after it, throws away the stored checkpoints and
// signs a new one with a new key. The chain then verifies on its own, but
// not against a checkpoint saved earlier by anyone.
func TestVerifySinceCatchesRewrittenHistory(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dsn := sqldbtest.DSN(t, e)
			keyFile := filepath.Join(t.TempDir(), "audit.key")
			srv := apptest.StartDSN(t, dsn, "--demo", "--key-file", keyFile)
			res, err := http.Get(srv.URL + "/api/v1/transparency/checkpoint")
			if err != nil {
				t.Fatal(err)
			}
			saved, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("checkpoint: %d %s", res.StatusCode, saved)
			}
			cpFile := filepath.Join(t.TempDir(), "checkpoint.json")
			os.WriteFile(cpFile, saved, 0o644)
			cp, err := chain.ParseCheckpoint(saved)
			if err != nil || cp.Size < 5 {
				t.Fatalf("checkpoint %s: %v", saved, err)
			}
			// The public page shows the same key.
			res, _ = http.Get(srv.URL + "/transparency")
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !strings.Contains(string(page), chain.Fingerprint(cp.PublicKey)) {
				t.Fatal("the transparency page does not show the key's fingerprint")
			}
			srv.Stop(t)
			if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--since", cpFile); code != 0 ||
				!strings.Contains(out, "extends the checkpoint") {
				t.Fatalf("honest chain --since: %d %s %s", code, out, errOut)
			}

			db := openDB(t, dsn)
			dropGuards(t, db)
			for _, q := range []string{`DROP TRIGGER audit_checkpoints_no_change`, `DROP TRIGGER audit_checkpoints_no_delete`} {
				if db.Engine == sqldb.Postgres {
					q = `DROP TRIGGER IF EXISTS audit_checkpoints_guard ON audit_checkpoints`
				}
				db.W.Exec(q)
			}
			if _, err := db.W.Exec(`UPDATE audit_events SET data =
'{"name":"Orang Lain","roles":["admin"],"username":"panitia"}' WHERE pos = 3`); err != nil {
				t.Fatal(err)
			}
			rechain(t, db)
			if _, err := db.W.Exec(`DELETE FROM audit_checkpoints`); err != nil {
				t.Fatal(err)
			}
			_, newKey, _ := ed25519.GenerateKey(nil)
			var size int64
			var head string
			db.R.QueryRow(`SELECT pos, hash FROM audit_events WHERE pos IS NOT NULL ORDER BY pos DESC LIMIT 1`).Scan(&size, &head)
			h, _ := chain.ParseHash(head)
			forged := chain.Sign(newKey, size, h, time.Now())
			forgedJSON, _ := forged.MarshalJSON()
			forgedFile := filepath.Join(t.TempDir(), "forged.json")
			os.WriteFile(forgedFile, forgedJSON, 0o644)

			// Signed by a key the chain never pinned: refused.
			if code, _, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--since", forgedFile); code != 1 ||
				!strings.Contains(errOut, "checkpoint is refused") ||
				!strings.Contains(errOut, "never pinned") {
				t.Fatalf("a checkpoint under another key: exit %d %q, want 1 and a word that the chain never pinned its key", code, errOut)
			}
			// The insider rewrites the pin too: the rewritten chain verifies
			// on its own terms, under its own key.
			newPub := newKey.Public().(ed25519.PublicKey)
			pin, _ := json.Marshal(
				map[string]string{"public_key": base64.StdEncoding.EncodeToString(newPub), "fingerprint": chain.Fingerprint(newPub)},
			)
			if _, err := db.W.Exec(`UPDATE audit_events SET object_id = $1, data = $2
WHERE action = 'audit.key.pin'`, chain.Fingerprint(newPub), string(pin)); err != nil {
				t.Fatal(err)
			}
			rechain(t, db)
			db.R.QueryRow(`SELECT pos, hash FROM audit_events WHERE pos IS NOT NULL ORDER BY pos DESC LIMIT 1`).Scan(&size, &head)
			h, _ = chain.ParseHash(head)
			forged = chain.Sign(newKey, size, h, time.Now())
			forgedJSON, _ = forged.MarshalJSON()
			os.WriteFile(forgedFile, forgedJSON, 0o644)
			if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--since", forgedFile); code != 0 {
				t.Fatalf("the rewritten chain should verify on its own terms: %d %s %s", code, out, errOut)
			}
			code, _, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--since", cpFile)
			if code != 1 || !strings.Contains(errOut, "BROKEN") {
				t.Fatalf("--since the old checkpoint: exit %d %q, want 1", code, errOut)
			}
			// The same holds for an export verified offline.
			exp := filepath.Join(t.TempDir(), "audit.jsonl")
			if code, _, errOut := runCmd(t, "audit", "export", "--db", dsn, "--out", exp); code != 0 {
				t.Fatal(errOut)
			}
			if code, _, _ := runCmd(t, "audit", "verify", "--from", exp, "--since", cpFile); code != 1 {
				t.Fatalf("export --since the old checkpoint: exit %d, want 1", code)
			}
		})
	}
}

// rechain recomputes pos, prev_hash and hash of every event, as an insider
// who knows the public algorithm would.
func rechain(t *testing.T, db *sqldb.DB) {
	t.Helper()
	rows, err := db.R.Query(
		`SELECT seq, at, actor, role, action, object_type, object_id, data, client FROM audit_events WHERE pos IS NOT NULL ORDER BY pos`,
	)
	if err != nil {
		t.Fatal(err)
	}
	type upd struct {
		seq, pos   int64
		prev, hash string
	}
	var ups []upd
	prev := chain.Genesis
	var pos int64
	for rows.Next() {
		var seq int64
		var e chain.Entry
		var data, client string
		if err := rows.Scan(&seq, &e.At, &e.Actor, &e.Role, &e.Action, &e.ObjectType, &e.ObjectID, &data, &client); err != nil {
			t.Fatal(err)
		}
		pos++
		e.Pos = pos
		e.DataSHA256, _ = chain.DataDigest([]byte(data))
		e.ClientSHA256 = chain.ClientDigest(client)
		h, err := e.Hash(prev)
		if err != nil {
			t.Fatal(err)
		}
		ups = append(ups, upd{seq, pos, hex.EncodeToString(prev[:]), hex.EncodeToString(h[:])})
		prev = h
	}
	rows.Close()
	for _, u := range ups {
		if _, err := db.W.Exec(`UPDATE audit_events SET pos = $1, prev_hash = $2, hash = $3
WHERE seq = $4`, u.pos, u.prev, u.hash, u.seq); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTwoInstancesOnePostgres: two asnpro serve processes on one PostgreSQL
// take writes at once; the chain does not fork, verifies, and holds every
// event.
func TestTwoInstancesOnePostgres(t *testing.T) {
	t.Parallel()
	dsn := sqldbtest.DSN(t, sqldb.Postgres)
	keyFile := filepath.Join(t.TempDir(), "audit.key")
	a := apptest.StartDSN(t, dsn, "--demo", "--key-file", keyFile, "--login-addr-failures", "100000", "--login-user-failures", "100000")
	b := apptest.StartDSN(t, dsn, "--demo", "--key-file", keyFile, "--login-addr-failures", "100000", "--login-user-failures", "100000")
	const perInstance = 150
	var wg sync.WaitGroup
	for _, srv := range []*apptest.Server{a, b} {
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perInstance / 4 {
					res, err := http.Post(
						srv.URL+"/api/v1/auth/token",
						"application/json",
						strings.NewReader(fmt.Sprintf(`{"username":"w%d-%d","password":"salah-salah"}`, w, i)),
					)
					if err != nil {
						t.Error(err)
						return
					}
					res.Body.Close()
					if res.StatusCode != 401 {
						t.Errorf("status %d", res.StatusCode)
					}
				}
			}()
		}
	}
	wg.Wait()
	db := openDB(t, dsn)
	rep := waitSealed(t, db)
	var total, fails int64
	db.R.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&total)
	db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'login.fail'`).Scan(&fails)
	if rep.Size != total {
		t.Fatalf("chain has %d events, table %d: an event is missing from the chain", rep.Size, total)
	}
	if want := int64(2 * 4 * (perInstance / 4)); fails != want {
		t.Fatalf("login.fail events %d, want %d", fails, want)
	}
	if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatalf("verify: %d %s %s", code, out, errOut)
	}
}

// TestServerRefusesAnotherKey: a key file that is not the pinned key is
// refused at start, until a rotation signed by the old key is recorded.
func TestServerRefusesAnotherKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "asnpro.db")
	srv := apptest.StartDSN(t, dsn, "--demo")
	srv.Stop(t)
	if st, err := os.Stat(dsn + ".key"); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("default key file %s.key: %v %v, want mode 0600", dsn, err, st)
	}
	other := filepath.Join(dir, "other.key")
	if code, _, errOut := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--key-file", other); code != 1 ||
		!strings.Contains(errOut, "restore") {
		t.Fatalf("a missing key file for a pinned chain: exit %d %q, want 1 and advice to restore it", code, errOut)
	}
	if _, _, err := chain.LoadOrCreateKey(other, true); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--db", dsn, "--key-file", other)
	if code != 1 || !strings.Contains(errOut, "pinned") {
		t.Fatalf("another key: exit %d %q, want 1 and a word about the pinned key", code, errOut)
	}
	if code, out, errOut := runCmd(t, "audit", "rotate-key", "--db", dsn, "--new-key-file", other); code != 0 {
		t.Fatalf("rotate: %d %s %s", code, out, errOut)
	}
	srv2 := apptest.StartDSN(t, dsn, "--key-file", other)
	srv2.Stop(t)
	db := openDB(t, dsn)
	var n int
	db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'audit.key.rotate'`).Scan(&n)
	var first string
	db.R.QueryRow(`SELECT action FROM audit_events WHERE pos = 1`).Scan(&first)
	if n != 1 || first != "audit.key.pin" {
		t.Fatalf("rotations %d, first event %q; want 1 and audit.key.pin", n, first)
	}
	if code, _, errOut := runCmd(t, "audit", "verify", "--db", dsn); code != 0 {
		t.Fatal(errOut)
	}
	// Tags: the events up to the rotation carry the old key's; with only
	// the new key they are not checked, with both every one is.
	if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--key-file", other); code != 0 ||
		!strings.Contains(out, "give it with --old-key-file") {
		t.Fatalf("verify --key-file new: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := runCmd(t, "audit", "verify", "--db", dsn, "--key-file", other, "--old-key-file", dsn+".key"); code != 0 ||
		strings.Contains(out, "old-key-file") ||
		!strings.Contains(out, "every event's tag matches") {
		t.Fatalf("verify --key-file new --old-key-file old: %d %s %s", code, out, errOut)
	}
	_ = sql.ErrNoRows
}

// TestForgedEventRefusedAndNamed: a row inserted into audit_events with
// plain SQL beside a running server is not sealed (SQLite: at the server's
// next write; PostgreSQL: by its sealer), is logged once, recorded as an
// audit.event.refused event, shown by /readyz (still 200), and named by
// `audit verify`, with and without --key-file; the events the server and
// `user add` wrote all carry the instance's tag.
func TestForgedEventRefusedAndNamed(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e)
			var out, errb bytes.Buffer
			if code := app.Run(context.Background(), []string{"user", "add", "--db", srv.DSN, "--key-file", srv.KeyFile, "--username",
				"ketua", "--name", "Ketua", "--role", "committee", "--password-file", "-"},
				func(string) string { return "" }, strings.NewReader("rahasia-ketua-1\n"), &out, &errb); code != 0 {
				t.Fatalf("user add: %s", errb.String())
			}
			failLogin := func() {
				res, err := http.Post(srv.URL+"/api/v1/auth/token", "application/json", strings.NewReader(`{"username":"x","password":"salah-salah"}`))
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
			}
			failLogin()
			db := openDB(t, srv.DSN)
			waitSealed(t, db)
			if code, out, errOut := runCmd(t, "audit", "verify", "--db", srv.DSN, "--key-file", srv.KeyFile); code != 0 ||
				!strings.Contains(out, "every event's tag matches") {
				t.Fatalf("verify --key-file before: %d %s %s", code, out, errOut)
			}

			var seq int64
			if err := db.W.QueryRow(`INSERT INTO audit_events (at, action, object_type, object_id, data)
VALUES ($1, 'user.role.grant', 'user', '1', '{"role":"admin"}') RETURNING seq`,
				sqldb.Now(time.Now())).Scan(&seq); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				failLogin() // SQLite: the write after it refuses it
				var alerts int
				db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'audit.event.refused' AND object_id = $1
AND pos IS NOT NULL`, fmt.Sprint(seq)).
					Scan(&alerts)
				if alerts == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no sealed alert for seq %d after 20 s:\n%s", seq, srv.Stderr())
				}
			}
			failLogin()
			failLogin()
			var pos sql.NullInt64
			var alerts int
			db.R.QueryRow(`SELECT pos FROM audit_events WHERE seq = $1`, seq).Scan(&pos)
			db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'audit.event.refused'`).Scan(&alerts)
			if pos.Valid || alerts != 1 {
				t.Fatalf("forged row sealed at %v, %d alerts; want unsealed and one alert", pos, alerts)
			}
			if n := strings.Count(srv.Stderr(), fmt.Sprintf("seq=%d ", seq)); n != 1 {
				t.Fatalf("logged %d times, want once:\n%s", n, srv.Stderr())
			}
			res, err := http.Get(srv.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(string(body), "ok\n") ||
				!strings.Contains(string(body), fmt.Sprintf("1 event(s) written outside asnpro refused by the sealer (latest seq %d)", seq)) {
				t.Fatalf("/readyz: %d %q", res.StatusCode, body)
			}
			code, _, errOut := runCmd(t, "audit", "verify", "--db", srv.DSN)
			if code != 1 || !strings.Contains(errOut, fmt.Sprintf("seq %d are not in the chain", seq)) {
				t.Fatalf("verify: exit %d %q, want 1 naming seq %d", code, errOut, seq)
			}
			code, _, errOut = runCmd(t, "audit", "verify", "--db", srv.DSN, "--key-file", srv.KeyFile)
			if code != 1 || !strings.Contains(errOut, fmt.Sprintf("seq %d (not in the chain, user.role.grant): no tag", seq)) ||
				strings.Count(errOut, "\n  seq ") != 1 {
				t.Fatalf("verify --key-file: exit %d %q, want 1 naming seq %d alone", code, errOut, seq)
			}
			// Another key file is not this chain's.
			other := filepath.Join(t.TempDir(), "other.key")
			chain.LoadOrCreateKey(other, true)
			if code, _, errOut := runCmd(t, "audit", "verify", "--db", srv.DSN, "--key-file", other); code != 1 ||
				!strings.Contains(errOut, "never pinned") {
				t.Fatalf("verify with another key: exit %d %q", code, errOut)
			}
		})
	}
}
