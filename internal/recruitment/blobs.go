package recruitment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
)

// Documents are content-addressed blobs. By default their bytes live in
// the database (a backup of the database is a backup of everything). With
// a blob directory (serve --blob-dir) they are files named by their SHA-256
// (DIR/ab/abcd…), and the database keeps only their description: a
// registration surge then writes each document once, beside the single
// database writer instead of through it. Files are written before the
// transaction that refers to them and never change; a file whose
// transaction failed is an orphan, harmless and identical to any later
// upload of the same bytes.

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// blobPath is where the blob named sum is written: DIR/ab/abcd…, one level
// of 256 folders. (A million documents make about 4,000 files a folder,
// which ext4's indexed directories take in their stride; two levels made
// a young tree create a folder for nearly every document of a surge — a
// mkdir, with its inode, was 7 % of the server's CPU at 200 applications/s.)
func (s *Service) blobPath(sum string) (string, error) {
	if !sha256Hex.MatchString(sum) {
		return "", fmt.Errorf("blob name %q is not a SHA-256", sum)
	}
	return filepath.Join(s.BlobDir, sum[:2], sum), nil
}

// oldBlobPath is the older two-level layout of a blob, DIR/ab/cd/abcd…,
// in which asnpro wrote blobs before 2026-11-28. Reads look there when the file is not at blobPath.
func (s *Service) oldBlobPath(sum string) string {
	return filepath.Join(s.BlobDir, sum[:2], sum[2:4], sum)
}

// blobFolders remembers the fan-out folders this process made or found
// (at most 256), so that a surge does not ask the file system again for
// every document (os.MkdirAll: a stat, and mkdir while the tree is young,
// were 8 % of the server's CPU at 200 applications/s).
var blobFolders sync.Map // path → struct{}

func (s *Service) blobFolder(dir string) error {
	if _, ok := blobFolders.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	blobFolders.Store(dir, struct{}{})
	return nil
}

// placeBlob moves a checked upload into the blob directory under its
// SHA-256 (a rename when the spool is on the same file system, else a
// copy), unless a file of that name is there already.
func (s *Service) placeBlob(f *upload.File) error {
	dst, err := s.blobPath(f.SHA256)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if err := s.blobFolder(filepath.Dir(dst)); err != nil {
		return err
	}
	if !f.InMemory() {
		if fh, err := os.Open(f.Path); err == nil {
			if s.DurableBlobs {
				err = fh.Sync()
			} else {
				startWriteback(fh)
			}
			fh.Close()
			if err != nil {
				return err
			}
		}
		if err := os.Rename(f.Path, dst); err == nil {
			return nil
		}
	}
	// In memory, or another file system: write a temporary name, then
	// rename, so a reader never sees half a file.
	b, err := f.Bytes()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) { // the folder went away since it was made
		blobFolders.Delete(filepath.Dir(dst))
		if err = s.blobFolder(filepath.Dir(dst)); err == nil {
			tmp, err = os.CreateTemp(filepath.Dir(dst), ".tmp-*")
		}
	}
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if err == nil && s.DurableBlobs {
		err = tmp.Sync()
	} else if err == nil {
		startWriteback(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// ReadBlob returns the bytes of a stored document by its SHA-256.
// Errors: not_found.
func (s *Service) ReadBlob(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	var location string
	err := s.db.R.QueryRowContext(ctx, `SELECT data, location FROM blobs WHERE sha256 = $1`, sum).Scan(&data, &location)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &apperr.Error{Code: apperr.NotFound, Message: "Dokumen tidak ditemukan", MessageEN: "Document not found"}
	}
	if err != nil {
		return nil, sqldb.Translate(err, "read blob")
	}
	if location != "file" {
		return data, nil
	}
	if s.BlobDir == "" {
		return nil, apperr.Wrap(fmt.Errorf("blob %s is a file, but no --blob-dir is set", sum), "read blob")
	}
	p, err := s.blobPath(sum)
	if err != nil {
		return nil, apperr.Wrap(err, "read blob")
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = os.ReadFile(s.oldBlobPath(sum))
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read blob")
	}
	return b, nil
}

// SweepBlobs removes what a crash can leave in the blob directory: a
// document file that no row describes (written just before a transaction
// that never committed), a half-written temporary file, and an upload
// spooled under DIR/.spool. Only files older than grace are touched, so an
// upload in flight on another instance sharing the folder keeps its file.
// It returns how many files it removed; it does nothing without a blob
// directory.
func (s *Service) SweepBlobs(ctx context.Context, grace time.Duration) (removed int, err error) {
	if s.BlobDir == "" {
		return 0, nil
	}
	before := s.now().Add(-grace)
	err = filepath.WalkDir(s.BlobDir, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			if errors.Is(werr, fs.ErrNotExist) {
				return nil
			}
			return werr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.ModTime().Before(before) {
			return nil
		}
		name := d.Name()
		orphan := strings.HasPrefix(name, ".tmp-") || strings.HasSuffix(name, ".part")
		if !orphan && sha256Hex.MatchString(name) {
			var one int
			qerr := s.db.R.QueryRowContext(ctx, `SELECT 1 FROM blobs WHERE sha256 = $1 AND location = 'file'`, name).Scan(&one)
			switch {
			case errors.Is(qerr, sql.ErrNoRows):
				orphan = true
			case qerr != nil:
				return qerr
			}
		}
		if orphan {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			removed++
		}
		return nil
	})
	return removed, err
}
