package chain

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// A fixed key so the signed bytes and JSON can be compared literally.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

func TestCheckpointSignVerify(t *testing.T) {
	priv := testKey()
	head := sha256.Sum256([]byte("head"))
	at := time.Date(2026, 11, 28, 10, 46, 24, 987654321, time.FixedZone("WIB", 7*3600))
	cp := Sign(priv, 1234, head, at)

	wantSigned := "asnpro-checkpoint v1\n1234\n" + hex.EncodeToString(head[:]) + "\n2026-11-28T03:46:24Z\n"
	if got := string(cp.SignedBytes()); got != wantSigned {
		t.Fatalf("signed bytes %q, want %q", got, wantSigned)
	}
	if !cp.SignedAt.Equal(time.Date(2026, 11, 28, 3, 46, 24, 0, time.UTC)) {
		t.Fatalf("signed_at %v: not truncated to the second", cp.SignedAt)
	}
	if !ed25519.Verify(priv.Public().(ed25519.PublicKey), []byte(wantSigned), cp.Signature) {
		t.Fatal("signature does not cover the documented bytes")
	}
	if err := cp.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := cp.VerifyWith(priv.Public().(ed25519.PublicKey)); err != nil {
		t.Fatal(err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if err := cp.VerifyWith(other); err == nil {
		t.Fatal("VerifyWith accepted another key")
	}

	tampered := map[string]func(*Checkpoint){
		"size":        func(c *Checkpoint) { c.Size++ },
		"head":        func(c *Checkpoint) { c.Head[31] ^= 1 },
		"signed_at":   func(c *Checkpoint) { c.SignedAt = c.SignedAt.Add(time.Second) },
		"signature":   func(c *Checkpoint) { c.Signature = bytes.Clone(c.Signature); c.Signature[0] ^= 1 },
		"short sig":   func(c *Checkpoint) { c.Signature = c.Signature[:63] },
		"public key":  func(c *Checkpoint) { c.PublicKey = other },
		"short key":   func(c *Checkpoint) { c.PublicKey = c.PublicKey[:31] },
		"negative":    func(c *Checkpoint) { c.Size = -1 },
		"fraction":    func(c *Checkpoint) { c.SignedAt = c.SignedAt.Add(time.Millisecond) },
		"re-signed":   func(c *Checkpoint) { *c = Sign(testKey(), c.Size+1, c.Head, c.SignedAt); c.Size-- },
		"zero":        func(c *Checkpoint) { *c = Checkpoint{} },
		"nil pub key": func(c *Checkpoint) { c.PublicKey = nil },
	}
	for name, edit := range tampered {
		c := cp
		edit(&c)
		var ce *CheckpointError
		if err := c.Verify(); !errors.As(err, &ce) {
			t.Errorf("%s: Verify = %v", name, err)
		}
	}
}

func TestCheckpointJSON(t *testing.T) {
	priv := testKey()
	head := sha256.Sum256([]byte("head"))
	cp := Sign(priv, 42, head, time.Date(2026, 11, 28, 3, 46, 24, 0, time.UTC))
	b, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"size":42,"head":"` + hex.EncodeToString(head[:]) + `","signed_at":"2026-11-28T03:46:24Z","signature":"` +
		base64.StdEncoding.EncodeToString(cp.Signature) + `","public_key":"` +
		base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey)) + `"}`
	if string(b) != want {
		t.Fatalf("JSON\n got %s\nwant %s", b, want)
	}
	back, err := ParseCheckpoint(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Size != cp.Size || back.Head != cp.Head || !back.SignedAt.Equal(cp.SignedAt) ||
		!bytes.Equal(back.Signature, cp.Signature) || !bytes.Equal(back.PublicKey, cp.PublicKey) {
		t.Fatalf("round trip %+v", back)
	}
	// Pretty-printed and with extra members, as a browser might save it.
	var m map[string]any
	json.Unmarshal(b, &m)
	m["fingerprint"] = Fingerprint(cp.PublicKey)
	pretty, _ := json.MarshalIndent(m, "", "  ")
	if _, err := ParseCheckpoint(pretty); err != nil {
		t.Fatalf("pretty: %v", err)
	}

	bad := map[string]string{
		"size string":      strings.Replace(string(b), `"size":42`, `"size":"42"`, 1),
		"size fraction":    strings.Replace(string(b), `"size":42`, `"size":42.5`, 1),
		"size negative":    strings.Replace(string(b), `"size":42`, `"size":-1`, 1),
		"size tampered":    strings.Replace(string(b), `"size":42`, `"size":43`, 1),
		"no size":          strings.Replace(string(b), `"size":42,`, ``, 1),
		"head upper":       strings.Replace(string(b), hex.EncodeToString(head[:]), strings.ToUpper(hex.EncodeToString(head[:])), 1),
		"head short":       strings.Replace(string(b), hex.EncodeToString(head[:]), hex.EncodeToString(head[:31]), 1),
		"signed_at offset": strings.Replace(string(b), `2026-11-28T03:46:24Z`, `2026-11-28T10:46:24+07:00`, 1),
		"signed_at frac":   strings.Replace(string(b), `2026-11-28T03:46:24Z`, `2026-11-28T03:46:24.000Z`, 1),
		"signature b64url": strings.Replace(
			string(b),
			base64.StdEncoding.EncodeToString(cp.Signature),
			base64.RawURLEncoding.EncodeToString(cp.Signature),
			1,
		),
		"not JSON": `{"size":`,
	}
	for name, in := range bad {
		if _, err := ParseCheckpoint([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFingerprint(t *testing.T) {
	pub := testKey().Public().(ed25519.PublicKey)
	sum := sha256.Sum256(pub)
	if Fingerprint(pub) != hex.EncodeToString(sum[:]) || len(Fingerprint(pub)) != 64 {
		t.Fatal(Fingerprint(pub))
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "asnpro.db.key")

	if _, _, err := LoadOrCreateKey(path, false); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file without create: %v", err)
	}
	priv, created, err := LoadOrCreateKey(path, true)
	if err != nil || !created || len(priv) != ed25519.PrivateKeySize {
		t.Fatalf("create: %v %v", created, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	again, created, err := LoadOrCreateKey(path, true)
	if err != nil || created || !priv.Equal(again) {
		t.Fatalf("reload: created %v, %v, equal %v", created, err, priv.Equal(again))
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), "-----BEGIN PRIVATE KEY-----\n") {
		t.Fatalf("file %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}

	if runtime.GOOS != "windows" {
		os.Chmod(path, 0o644)
		var ke *KeyFileError
		if _, _, err := LoadOrCreateKey(path, true); !errors.As(err, &ke) || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("group/world-readable key: %v", err)
		}
		os.Chmod(path, 0o600)
	}

	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	for name, content := range map[string][]byte{
		"garbage":  []byte("not a key"),
		"empty":    nil,
		"ecdsa":    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}),
		"type":     pem.EncodeToMemory(&pem.Block{Type: "ED25519 PRIVATE KEY", Bytes: ecDER}),
		"two keys": append(bytes.Clone(data), data...),
	} {
		var ke *KeyFileError
		if _, _, err := LoadOrCreateKey(write(name, content), true); !errors.As(err, &ke) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, _, err := LoadOrCreateKey(dir, true); err == nil {
		t.Error("a directory was accepted as key file")
	}
}

func TestLoadOrCreateKeyConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k")
	var wg sync.WaitGroup
	keys := make([]ed25519.PrivateKey, 8)
	createdN := make([]bool, 8)
	errs := make([]error, 8)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], createdN[i], errs[i] = LoadOrCreateKey(path, true)
		}()
	}
	wg.Wait()
	n := 0
	for i := range keys {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !keys[i].Equal(keys[0]) {
			t.Fatal("instances got different keys")
		}
		if createdN[i] {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d creators", n)
	}
}

// The key file is what `openssl genpkey -algorithm ed25519` writes.
func TestKeyFileOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("no openssl")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "k.pem")
	if out, err := exec.Command(openssl, "genpkey", "-algorithm", "ed25519", "-out", path).CombinedOutput(); err != nil {
		t.Skipf("openssl genpkey: %v %s", err, out)
	}
	os.Chmod(path, 0o600)
	priv, created, err := LoadOrCreateKey(path, false)
	if err != nil || created {
		t.Fatalf("openssl key: %v", err)
	}
	// And openssl derives the same public key from ours.
	pubDER, err := exec.Command(openssl, "pkey", "-in", path, "-pubout", "-outform", "DER").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(pubDER, priv.Public().(ed25519.PublicKey)) {
		t.Fatal("openssl sees another public key")
	}
}
