package chain

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"
)

// SignedAtLayout is the layout of a checkpoint's signed_at: RFC 3339 in
// UTC, whole seconds, "Z".
const SignedAtLayout = "2006-01-02T15:04:05Z"

// Checkpoint is a signed statement that the chain had Size events with
// head Head at SignedAt (DESIGN §4). Its JSON form, served at
// GET /api/v1/transparency/checkpoint and read by audit verify --since, is
//
//	{"size":N,"head":"<hex>","signed_at":"2026-11-28T03:46:24Z",
//	 "signature":"<base64>","public_key":"<base64>"}
type Checkpoint struct {
	Size      int64
	Head      [32]byte
	SignedAt  time.Time         // UTC, whole seconds
	Signature []byte            // Ed25519, 64 bytes
	PublicKey ed25519.PublicKey // raw, 32 bytes
}

// CheckpointError is why a checkpoint is not valid.
type CheckpointError struct{ Detail string }

func (e *CheckpointError) Error() string { return "checkpoint: " + e.Detail }

// SignedBytes returns the exact bytes the signature covers:
//
//	"asnpro-checkpoint v1\n" + size + "\n" + head hex + "\n" + signed_at + "\n"
//
// with size in decimal, head as 64 lower-case hex digits, and signed_at in
// SignedAtLayout (the time is truncated to the second).
func (c Checkpoint) SignedBytes() []byte {
	b := make([]byte, 0, 128)
	b = append(b, "asnpro-checkpoint v1\n"...)
	b = strconv.AppendInt(b, c.Size, 10)
	b = append(b, '\n')
	b = hex.AppendEncode(b, c.Head[:])
	b = append(b, '\n')
	b = c.SignedAt.UTC().AppendFormat(b, SignedAtLayout)
	return append(b, '\n')
}

// Sign makes a checkpoint for a chain of size events ending in head, signed
// at at (truncated to the second, in UTC). It panics if priv is not an
// Ed25519 private key (64 bytes) or size is negative: both are programming
// errors.
func Sign(priv ed25519.PrivateKey, size int64, head [32]byte, at time.Time) Checkpoint {
	if size < 0 {
		panic("chain.Sign: negative size")
	}
	c := Checkpoint{
		Size:      size,
		Head:      head,
		SignedAt:  at.UTC().Truncate(time.Second),
		PublicKey: priv.Public().(ed25519.PublicKey),
	}
	c.Signature = ed25519.Sign(priv, c.SignedBytes())
	return c
}

// Verify checks the signature with the public key the checkpoint carries.
// It does not say whose key that is: compare PublicKey (or its Fingerprint)
// with the instance's pinned key, or use VerifyWith.
// Errors: *CheckpointError.
func (c Checkpoint) Verify() error {
	switch {
	case c.Size < 0:
		return &CheckpointError{"negative size"}
	case len(c.PublicKey) != ed25519.PublicKeySize:
		return &CheckpointError{fmt.Sprintf("public key has %d bytes, want %d", len(c.PublicKey), ed25519.PublicKeySize)}
	case len(c.Signature) != ed25519.SignatureSize:
		return &CheckpointError{fmt.Sprintf("signature has %d bytes, want %d", len(c.Signature), ed25519.SignatureSize)}
	case !c.SignedAt.Equal(c.SignedAt.Truncate(time.Second)):
		return &CheckpointError{"signed_at has a fraction of a second"}
	case !ed25519.Verify(c.PublicKey, c.SignedBytes(), c.Signature):
		return &CheckpointError{"the signature does not match the checkpoint"}
	}
	return nil
}

// VerifyWith checks that the checkpoint carries pub and that its signature
// is valid. Errors: *CheckpointError.
func (c Checkpoint) VerifyWith(pub ed25519.PublicKey) error {
	if !bytes.Equal(c.PublicKey, pub) {
		return &CheckpointError{fmt.Sprintf("signed by key %s, not by %s", Fingerprint(c.PublicKey), Fingerprint(pub))}
	}
	return c.Verify()
}

// HeadHex returns Head as lower-case hex.
func (c Checkpoint) HeadHex() string { return hex.EncodeToString(c.Head[:]) }

// Fingerprint returns the lower-case hex SHA-256 of the raw 32-byte public
// key, the form the transparency page shows.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:])
}

type checkpointJSON struct {
	Size      *int64  `json:"size"`
	Head      *string `json:"head"`
	SignedAt  *string `json:"signed_at"`
	Signature *string `json:"signature"`
	PublicKey *string `json:"public_key"`
}

// MarshalJSON writes the checkpoint's JSON form.
func (c Checkpoint) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 256)
	b = append(b, `{"size":`...)
	b = strconv.AppendInt(b, c.Size, 10)
	b = append(b, `,"head":"`...)
	b = hex.AppendEncode(b, c.Head[:])
	b = append(b, `","signed_at":"`...)
	b = c.SignedAt.UTC().AppendFormat(b, SignedAtLayout)
	b = append(b, `","signature":"`...)
	b = base64.StdEncoding.AppendEncode(b, c.Signature)
	b = append(b, `","public_key":"`...)
	b = base64.StdEncoding.AppendEncode(b, c.PublicKey)
	return append(b, `"}`...), nil
}

// UnmarshalJSON reads the checkpoint's JSON form strictly: every member
// present; size a non-negative integer; head 64 lower-case hex digits;
// signed_at in SignedAtLayout exactly; signature (64 bytes) and public_key
// (32 bytes) in standard base64 with padding. Unknown members are ignored.
// It does not check the signature (Verify does).
func (c *Checkpoint) UnmarshalJSON(data []byte) error {
	var w checkpointJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return &CheckpointError{err.Error()}
	}
	if w.Size == nil || w.Head == nil || w.SignedAt == nil || w.Signature == nil || w.PublicKey == nil {
		return &CheckpointError{`needs "size", "head", "signed_at", "signature" and "public_key"`}
	}
	if *w.Size < 0 {
		return &CheckpointError{"negative size"}
	}
	head, err := ParseHash(*w.Head)
	if err != nil {
		return &CheckpointError{"head: " + err.Error()}
	}
	at, err := time.Parse(SignedAtLayout, *w.SignedAt)
	if err != nil || at.Format(SignedAtLayout) != *w.SignedAt {
		return &CheckpointError{fmt.Sprintf("signed_at %q is not RFC 3339 UTC seconds (%s)", *w.SignedAt, SignedAtLayout)}
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(*w.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return &CheckpointError{"signature is not 64 bytes of standard base64"}
	}
	pub, err := base64.StdEncoding.Strict().DecodeString(*w.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return &CheckpointError{"public_key is not 32 bytes of standard base64"}
	}
	*c = Checkpoint{Size: *w.Size, Head: head, SignedAt: at, Signature: sig, PublicKey: pub}
	return nil
}

// ParseCheckpoint reads a checkpoint's JSON form (as UnmarshalJSON) and
// verifies its signature. Errors: *CheckpointError.
func ParseCheckpoint(data []byte) (Checkpoint, error) {
	var c Checkpoint
	if err := c.UnmarshalJSON(data); err != nil {
		return Checkpoint{}, err
	}
	if err := c.Verify(); err != nil {
		return Checkpoint{}, err
	}
	return c, nil
}

// The signing key file is a PEM block of type "PRIVATE KEY" holding the
// Ed25519 key in PKCS #8 (RFC 8410) — the format of
// `openssl genpkey -algorithm ed25519`, so operators can create, back up and
// inspect it with standard tools (`openssl pkey -in F -pubout`).
const keyPEMType = "PRIVATE KEY"

// KeyFileError is a key file that exists but cannot be used.
type KeyFileError struct {
	Path   string
	Detail string
}

func (e *KeyFileError) Error() string { return "signing key " + e.Path + ": " + e.Detail }

// LoadOrCreateKey reads the Ed25519 signing key at path. When the file does
// not exist and create is true, it generates a key and writes it there with
// mode 0600 (atomically: another process creating the same file at the same
// time wins and its key is loaded), and reports created.
//
// On Unix it refuses (*KeyFileError) a file that group or others may read or
// write (mode & 0o077 ≠ 0), like ssh does, because whoever reads the key can
// sign checkpoints for the instance. It also refuses a file that is not one
// PEM "PRIVATE KEY" block with an Ed25519 PKCS #8 key. A missing file with
// create false is an error wrapping fs.ErrNotExist.
func LoadOrCreateKey(path string, create bool) (ed25519.PrivateKey, bool, error) {
	priv, err := loadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !create {
		return priv, false, err
	}
	_, priv, err = ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, false, err
	}
	data := pem.EncodeToMemory(&pem.Block{Type: keyPEMType, Bytes: der})
	won, err := createExclusive(path, data)
	if err != nil {
		return nil, false, err
	}
	if !won {
		priv, err = loadKey(path)
		return priv, false, err
	}
	return priv, true, nil
}

func loadKey(path string) (ed25519.PrivateKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &KeyFileError{path, "not a regular file"}
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, &KeyFileError{path, fmt.Sprintf("mode %04o lets other users read it; run: chmod 600 %s", st.Mode().Perm(), path)}
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, err
	}
	block, rest := pem.Decode(data)
	if block == nil || block.Type != keyPEMType || len(bytes.TrimSpace(rest)) != 0 {
		return nil, &KeyFileError{path, `not a single PEM "PRIVATE KEY" block`}
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, &KeyFileError{path, "PKCS #8: " + err.Error()}
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, &KeyFileError{path, fmt.Sprintf("holds a %T, not an Ed25519 key", key)}
	}
	return priv, nil
}

// createExclusive writes data to path with mode 0600 unless path exists. It
// writes a temporary file in the same directory, syncs it, and hard-links it
// into place, so path never holds a partial key; where hard links are not
// supported it falls back to O_EXCL. won is false when path already existed.
func createExclusive(path string, data []byte) (won bool, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".asnpro-key-*")
	if err != nil {
		return false, err
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return false, err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err := tmp.Close(); err != nil {
		return false, err
	}
	err = os.Link(tmpName, path)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrExist):
		return false, nil
	default:
		// No hard links here (some network or FAT file systems).
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return false, err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return false, err
		}
		if err := f.Close(); err != nil {
			return false, err
		}
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the new name durable; best effort
		d.Close()
	}
	return true, nil
}
