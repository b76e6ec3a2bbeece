package app_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeRefusesBadFlagsBeforeTheDatabase: serve checks its flags
// before it opens (or creates) the database: a bad value is exit 1 with
// one line naming the flag, and no database file, key or demo data is
// made.
func TestServeRefusesBadFlagsBeforeTheDatabase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown e-mail confirmation", []string{"--email-confirmation", "kadang"}, "--email-confirmation"},
		{"certificate without key", []string{"--tls-cert", "cert.pem"}, "--tls-cert and --tls-key"},
		{"not a proxy address", []string{"--trusted-proxies", "bukan-alamat"}, "--trusted-proxies"},
		{"longest lock below the first", []string{"--login-lock", "1h", "--login-max-lock", "1m"}, "--login-max-lock"},
		{"no seal interval", []string{"--seal-interval", "0s"}, "--seal-interval"},
		{"no upload slot", []string{"--uploads-per-user", "0"}, "--uploads-per-user"},
		{"unknown log level", []string{"--log-level", "keras"}, "--log-level"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db, key := filepath.Join(dir, "asnpro.db"), filepath.Join(dir, "audit.key")
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--demo", "--db", db, "--key-file", key}, tc.args...)
			code, out, errOut := runCmd(t, args...)
			if code != 1 || !strings.Contains(errOut, tc.want) || strings.Count(strings.TrimRight(errOut, "\n"), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q; want exit 1 and one line naming %s", code, errOut, tc.want)
			}
			if strings.Contains(out, "listening") {
				t.Fatalf("it listened: %s", out)
			}
			for _, f := range []string{db, key} {
				if _, err := os.Stat(f); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("%s was made (%v)", filepath.Base(f), err)
				}
			}
		})
	}
}
