// Package blob keeps documents content-addressed: named by the SHA-256 of
// their bytes, written once and never changed. By default their bytes live
// in the database (a backup of the database is a backup of everything).
// With a directory (serve --blob-dir) they are files named by their
// SHA-256 (DIR/ab/abcd…), and the database keeps only their description: a
// registration surge then writes each document once, beside the single
// database writer instead of through it. Files are placed before the
// transaction that refers to them and never change; a file whose
// transaction failed is an orphan, harmless and identical to any later
// upload of the same bytes, and Sweep removes it.
//
// The package owns the blobs table. The package that keeps a document
// (recruitment) places it, records it inside its own transaction and reads
// it back through a *Store given at its construction.
package blob

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

// Config says where a Store keeps the bytes.
type Config struct {
	// Dir, when set, keeps documents as files there instead of in the
	// database.
	Dir string
	// Durable syncs each file before its row is written.
	Durable bool
	// Now is the clock of Sweep's grace (nil: time.Now).
	Now func() time.Time
}

// Store places, records, reads and sweeps documents.
type Store struct {
	db      *sqldb.DB
	dir     string
	durable bool
	now     func() time.Time
}

// New returns the store of db's documents.
func New(db *sqldb.DB, cfg Config) *Store {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Store{db: db, dir: cfg.Dir, durable: cfg.Durable, now: cfg.Now}
}

// Dir is the blob directory ("" when documents live in the database).
func (s *Store) Dir() string { return s.dir }

// InsertQuery records a blob (Record's statement; a caller that prepares
// its hot statements at first use includes it).
const InsertQuery = `INSERT INTO blobs (sha256, size, content_type, data, created_at, location) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (sha256) DO NOTHING`

// ErrNotFound: no document has that SHA-256.
var ErrNotFound = apperr.E(apperr.NotFound, "blob.not_found")

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// path is where the blob named sum is written: DIR/ab/abcd…, one level
// of 256 folders. (A million documents make about 4,000 files a folder,
// which ext4's indexed directories take in their stride; two levels made
// a young tree create a folder for nearly every document of a surge — a
// mkdir, with its inode, was 7 % of the server's CPU at 200 applications/s.)
func (s *Store) path(sum string) (string, error) {
	if !sha256Hex.MatchString(sum) {
		return "", fmt.Errorf("blob name %q is not a SHA-256", sum)
	}
	return filepath.Join(s.dir, sum[:2], sum), nil
}

// oldPath is the older two-level layout of a blob, DIR/ab/cd/abcd…,
// in which asnpro wrote blobs before 2026-11-28. Reads look there when the
// file is not at path.
func (s *Store) oldPath(sum string) string {
	return filepath.Join(s.dir, sum[:2], sum[2:4], sum)
}

// folders remembers the fan-out folders this process made or found
// (at most 256), so that a surge does not ask the file system again for
// every document (os.MkdirAll: a stat, and mkdir while the tree is young,
// were 8 % of the server's CPU at 200 applications/s).
var folders sync.Map // path → struct{}

func folder(dir string) error {
	if _, ok := folders.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	folders.Store(dir, struct{}{})
	return nil
}

// Place moves a checked upload into the blob directory under its SHA-256
// (a rename when the spool is on the same file system, else a copy),
// unless a file of that name is there already. Without a directory it
// does nothing: Record keeps the bytes.
func (s *Store) Place(f *upload.File) error {
	if s.dir == "" {
		return nil
	}
	dst, err := s.path(f.SHA256)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if err := folder(filepath.Dir(dst)); err != nil {
		return err
	}
	if !f.InMemory() {
		if done, err := s.renameSpooled(f, dst); done || err != nil {
			return err
		}
	}
	// In memory, or another file system: write a temporary name, then
	// rename, so a reader never sees half a file.
	b, err := f.Bytes()
	if err != nil {
		return err
	}
	return s.writeNew(dst, b)
}

// renameSpooled flushes a spooled upload (synced when durable, else its
// write-back started) and renames it to dst; done is false when the
// rename failed (another file system) and the bytes must be copied.
func (s *Store) renameSpooled(f *upload.File, dst string) (done bool, err error) {
	if fh, err := os.Open(f.Path); err == nil {
		if s.durable {
			err = fh.Sync()
		} else {
			startWriteback(fh)
		}
		fh.Close()
		if err != nil {
			return false, err
		}
	}
	return os.Rename(f.Path, dst) == nil, nil
}

// writeNew writes b to a temporary file beside dst and renames it to dst.
func (s *Store) writeNew(dst string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if errors.Is(err, fs.ErrNotExist) { // the folder went away since it was made
		folders.Delete(filepath.Dir(dst))
		if err = folder(filepath.Dir(dst)); err == nil {
			tmp, err = os.CreateTemp(filepath.Dir(dst), ".tmp-*")
		}
	}
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if err == nil && s.durable {
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

// Record describes the placed upload f in the blobs table inside tx (with
// its bytes when there is no directory; read only here, inside the write
// transaction, so a surge of uploads holds at most one document per writer
// in memory). A blob recorded already is left as it is.
func (s *Store) Record(ctx context.Context, tx *sqldb.Tx, f *upload.File, at time.Time) error {
	data, location := []byte{}, "file"
	if s.dir == "" {
		var err error
		if data, err = f.Bytes(); err != nil {
			return apperr.Wrap(err, "read upload")
		}
		location = "db"
	}
	st, err := tx.Stmt(ctx, InsertQuery)
	if err != nil {
		return sqldb.Translate(err, "prepare")
	}
	if _, err := st.ExecContext(ctx, f.SHA256, f.Size, f.ContentType, data, at, location); err != nil {
		return sqldb.Translate(err, "store blob")
	}
	return nil
}

// Read returns the bytes of a stored document by its SHA-256.
// Errors: not_found.
func (s *Store) Read(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	var location string
	err := s.db.R.QueryRowContext(ctx, `SELECT data, location FROM blobs WHERE sha256 = $1`, sum).Scan(&data, &location)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "read blob")
	}
	if location != "file" {
		return data, nil
	}
	if s.dir == "" {
		return nil, apperr.Wrap(fmt.Errorf("blob %s is a file, but no --blob-dir is set", sum), "read blob")
	}
	p, err := s.path(sum)
	if err != nil {
		return nil, apperr.Wrap(err, "read blob")
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = os.ReadFile(s.oldPath(sum))
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read blob")
	}
	return b, nil
}

// Sweep removes what a crash can leave in the blob directory: a document
// file that no row describes (written just before a transaction that never
// committed), a half-written temporary file, and an upload spooled under
// DIR/.spool. Only files older than grace are touched, so an upload in
// flight on another instance sharing the folder keeps its file. It returns
// how many files it removed; it does nothing without a blob directory.
func (s *Store) Sweep(ctx context.Context, grace time.Duration) (removed int, err error) {
	if s.dir == "" {
		return 0, nil
	}
	before := s.now().Add(-grace)
	err = filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, werr error) error {
		if werr != nil {
			if errors.Is(werr, fs.ErrNotExist) {
				return nil
			}
			return werr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		orphan, err := s.orphan(ctx, d, before)
		if err != nil || !orphan {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed++
		return nil
	})
	return removed, err
}

// orphan tells whether a file of the blob directory, last changed before
// before, is left over: a temporary or spooled file, or a blob no row
// describes as a file.
func (s *Store) orphan(ctx context.Context, d fs.DirEntry, before time.Time) (bool, error) {
	if d.IsDir() {
		return false, nil
	}
	info, err := d.Info()
	if err != nil || !info.ModTime().Before(before) {
		return false, nil
	}
	name := d.Name()
	if strings.HasPrefix(name, ".tmp-") || strings.HasSuffix(name, ".part") {
		return true, nil
	}
	if !sha256Hex.MatchString(name) {
		return false, nil
	}
	var one int
	err = s.db.R.QueryRowContext(ctx, `SELECT 1 FROM blobs WHERE sha256 = $1 AND location = 'file'`, name).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return true, nil
	case err != nil:
		return false, err
	}
	return false, nil
}
