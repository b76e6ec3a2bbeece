package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

const (
	chunkSize = 32 << 10 // bytes asked of the source per read
	headSize  = 4 << 10  // bytes kept from the start, for sniffing
	tailSize  = 2 << 10  // bytes kept from the end, for the PDF trailer
	// maxEmptyReads ends a source that keeps returning 0, nil.
	maxEmptyReads = 100
)

// Rule says what an upload may be: one of Formats, at most MaxBytes bytes.
type Rule struct {
	Formats  []Format
	MaxBytes int64
}

// CheckSize refuses a declared size (a Content-Length) above the limit, so
// the web layer can answer 413 before reading anything. It returns nil or
// an *Error with code too_large.
func (r Rule) CheckSize(n int64) error {
	if n > r.MaxBytes {
		return errTooLarge(r.MaxBytes)
	}
	return nil
}

func (r Rule) allows(f Format) bool { return slices.Contains(r.Formats, f) }

// File is an accepted upload, spooled to a temporary file that the caller
// must Close (or Remove) once it has stored or discarded it.
type File struct {
	Path        string // the temporary file (random name in tmpDir); "" when held in memory
	Size        int64
	SHA256      string // lowercase hex
	Format      Format
	ContentType string // "application/pdf" or "image/jpeg"
	Width       int    // JPEG only
	Height      int    // JPEG only
	Trailing    int64  // JPEG only: bytes after EOI (tolerated, see the package doc)

	mem      *[]byte // the bytes, when held in memory (see MemoryBudget)
	reserved int64   // bytes of MemoryBudget this upload holds until Remove
}

// InMemory reports whether the upload is held in memory (Path is "").
func (f *File) InMemory() bool { return f.mem != nil }

// Bytes returns the upload's bytes: from memory (valid until Remove), or
// read from the spooled file.
func (f *File) Bytes() ([]byte, error) {
	if f.mem != nil {
		return (*f.mem)[:f.Size], nil
	}
	return os.ReadFile(f.Path)
}

// Open opens the spooled file for reading (not for an upload in memory).
func (f *File) Open() (*os.File, error) { return os.Open(f.Path) }

// Remove deletes the spooled file, or gives back the memory of an upload
// held in memory; removing it twice is not an error.
func (f *File) Remove() error {
	if f == nil {
		return nil
	}
	if f.mem != nil {
		putMem(f.mem)
		f.mem = nil
	}
	if f.reserved > 0 {
		memUsed.Add(-f.reserved)
		f.reserved = 0
	}
	if f.Path == "" {
		return nil
	}
	err := os.Remove(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Close deletes the spooled file (the same as Remove), so that
// defer f.Close() cleans up.
func (f *File) Close() error { return f.Remove() }

var bufPool = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}

// Receive reads an upload from r, checks it against rule while it streams
// and spools it to a new file in tmpDir ("" means os.TempDir()).
//
// It reads in chunks of at most 32 KiB and never more than rule.MaxBytes+1
// bytes in all; the format is decided by content after the first 4 KiB (or
// at the end of a shorter file), and a foreign file is refused then; a JPEG
// is refused as soon as its structure breaks, a PDF at the end. The
// context is checked between reads (a Read blocked on the network ends with
// the connection's own deadline or the client's disconnect).
//
// Rejections are *Error with code too_large, wrong_format, damaged, empty or
// incomplete (the reader failed or ctx ended; it unwraps to that cause); on
// any error nothing is left in tmpDir. Other errors are the server's: a rule
// without formats or limit, or a failure to create or write the temporary
// file.
func Receive(ctx context.Context, r io.Reader, rule Rule, tmpDir string) (*File, error) {
	if len(rule.Formats) == 0 || rule.MaxBytes <= 0 {
		return nil, errors.New("upload: a rule needs at least one format and a positive MaxBytes")
	}
	for _, f := range rule.Formats {
		if f.ContentType() == "" {
			return nil, fmt.Errorf("upload: unknown format %q in rule", f)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, errIncomplete(err)
	}
	// Small uploads are held in memory while the budget allows: no file is
	// created, written, renamed and deleted for each (on a busy server that
	// file-system work costs more than the check itself).
	// An upload reserves its declared size when it has one (a Content-Length
	// that the HTTP server enforces), else the rule's limit.
	want := rule.MaxBytes
	if h, ok := r.(sizeHinted); ok && h.SizeHint() > 0 && h.SizeHint() < want {
		want = h.SizeHint()
	}
	if reserve(want) {
		mem := getMem(want)
		rc := receiver{rule: rule, mem: mem, memMax: want, sum: sha256.New()}
		file, err := rc.run(ctx, r)
		if err != nil {
			putMem(mem)
			memUsed.Add(-want)
			return nil, err
		}
		file.mem, file.reserved = mem, want
		return file, nil
	}
	// The file is created only once the first bytes have arrived: a client
	// that opens an upload and sends nothing holds no file.
	r, err := firstBytes(ctx, r)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(tmpDir, "upload-*.part")
	if err != nil {
		return nil, fmt.Errorf("upload: create temporary file: %w", err)
	}
	rc := receiver{rule: rule, tmp: tmp, sum: sha256.New()}
	file, err := rc.run(ctx, r)
	if cerr := tmp.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("upload: close temporary file: %w", cerr)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	return file, nil
}

// firstBytes waits for the first bytes of r and returns a reader that
// gives them and then the rest of r. An r that ends before giving any is
// empty; one that fails is incomplete.
func firstBytes(ctx context.Context, r io.Reader) (io.Reader, error) {
	lead := make([]byte, 512)
	for empty := 0; ; empty++ {
		if err := ctx.Err(); err != nil {
			return nil, errIncomplete(err)
		}
		n, err := r.Read(lead)
		switch {
		case n > 0 && err == nil:
			return io.MultiReader(bytes.NewReader(lead[:n]), r), nil
		case n > 0 && err == io.EOF:
			return bytes.NewReader(lead[:n]), nil
		case n > 0:
			return io.MultiReader(bytes.NewReader(lead[:n]), failingReader{err}), nil
		case err == io.EOF:
			return nil, errEmpty()
		case err != nil:
			return nil, errIncomplete(err)
		case empty >= maxEmptyReads:
			return nil, errIncomplete(io.ErrNoProgress)
		}
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// sizeHinted is a body that knows how long it is (see Sized).
type sizeHinted interface{ SizeHint() int64 }

// Sized tells Receive how many bytes r will give at most (an HTTP request's
// Content-Length; 0 or less: unknown), so a small upload reserves only that
// much of MemoryBudget.
func Sized(r io.Reader, n int64) io.Reader { return sizedReader{r, n} }

type sizedReader struct {
	io.Reader
	n int64
}

func (s sizedReader) SizeHint() int64 { return s.n }

// MemoryBudget bounds the bytes of uploads held in memory at once, in the
// whole process: an upload that cannot reserve its declared size (else its
// rule's MaxBytes) from it is spooled to a file instead. 200 concurrent 800 KB uploads therefore
// raise memory by at most this much (DESIGN §3: memory stays flat).
var MemoryBudget int64 = 24 << 20

var memUsed atomic.Int64

func reserve(n int64) bool {
	for {
		cur := memUsed.Load()
		if cur+n > MemoryBudget {
			return false
		}
		if memUsed.CompareAndSwap(cur, cur+n) {
			return true
		}
	}
}

// Buffers are reused by size class (the rule's MaxBytes rounded up to 64 KB).
var memPools sync.Map // int64 → *sync.Pool

func classOf(n int64) int64 { return (n + 64<<10 - 1) &^ (64<<10 - 1) }

func getMem(max int64) *[]byte {
	c := classOf(max + 1)
	p, _ := memPools.LoadOrStore(c, &sync.Pool{New: func() any { b := make([]byte, 0, c); return &b }})
	b := p.(*sync.Pool).Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

func putMem(b *[]byte) {
	if p, ok := memPools.Load(int64(cap(*b))); ok {
		p.(*sync.Pool).Put(b)
	}
}

// receiver is the state of one Receive.
type receiver struct {
	rule   Rule
	tmp    *os.File // the spool, or
	mem    *[]byte  // the bytes in memory,
	memMax int64    // at most this many (the reservation)
	sum    hash.Hash
	total  int64

	head    [headSize]byte
	headN   int
	decided bool
	format  Format
	hdrAt   int // PDF: where "%PDF-" starts
	jpeg    jpegWalker

	tail  [tailSize]byte
	tailN int
}

func (rc *receiver) run(ctx context.Context, r io.Reader) (*File, error) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	empty := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, errIncomplete(err)
		}
		want := int64(len(buf))
		if left := rc.rule.MaxBytes + 1 - rc.total; left < want {
			want = left
		}
		n, rerr := r.Read(buf[:want])
		if n < 0 || int64(n) > want {
			return nil, errIncomplete(fmt.Errorf("upload: reader returned %d bytes for a %d-byte buffer", n, want))
		}
		if n > 0 {
			empty = 0
			rc.total += int64(n)
			if rc.total > rc.rule.MaxBytes {
				return nil, errTooLarge(rc.rule.MaxBytes)
			}
			if err := rc.take(buf[:n]); err != nil {
				return nil, err
			}
		} else if rerr == nil {
			if empty++; empty >= maxEmptyReads {
				return nil, errIncomplete(io.ErrNoProgress)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, errIncomplete(rerr)
		}
	}
	if rc.total == 0 {
		return nil, errEmpty()
	}
	if !rc.decided {
		if err := rc.decide(nil); err != nil {
			return nil, err
		}
	}
	file := &File{
		Size:        rc.total,
		SHA256:      hex.EncodeToString(rc.sum.Sum(nil)),
		Format:      rc.format,
		ContentType: rc.format.ContentType(),
	}
	var ra io.ReaderAt
	if rc.tmp != nil {
		file.Path, ra = rc.tmp.Name(), rc.tmp
	} else {
		ra = bytes.NewReader(*rc.mem)
	}
	switch rc.format {
	case JPEG:
		if d := rc.jpeg.finish(); d != nil {
			return nil, errDamaged(JPEG, *d)
		}
		file.Width, file.Height, file.Trailing = rc.jpeg.width, rc.jpeg.height, rc.jpeg.trailing
	case PDF:
		tail := rc.tail[tailSize-rc.tailN:]
		if d := checkPDF(tail, rc.total, rc.hdrAt, ra); d != nil {
			return nil, errDamaged(PDF, *d)
		}
	case PNG:
		if d := checkPNG(rc.head[:rc.headN], rc.tail[tailSize-rc.tailN:]); d != nil {
			return nil, errDamaged(PNG, *d)
		}
	}
	return file, nil
}

// take handles one chunk: hash, spool, keep head and tail, validate.
func (rc *receiver) take(p []byte) error {
	rc.sum.Write(p)
	if rc.mem != nil {
		if int64(len(*rc.mem)+len(p)) > rc.memMax {
			// More than the body declared: not possible over HTTP, which
			// enforces Content-Length; refused rather than grown.
			return errIncomplete(fmt.Errorf("upload: more bytes than the declared %d", rc.memMax))
		}
		*rc.mem = append(*rc.mem, p...)
	} else if _, err := rc.tmp.Write(p); err != nil {
		return fmt.Errorf("upload: write temporary file: %w", err)
	}
	rc.keepTail(p)
	if !rc.decided {
		c := copy(rc.head[rc.headN:], p)
		rc.headN += c
		if rc.headN < headSize {
			return nil
		}
		return rc.decide(p[c:])
	}
	if rc.format == JPEG {
		rc.jpeg.Write(p)
		return rc.jpegFailed()
	}
	return nil
}

// jpegFailed stops the read as soon as the JPEG walk has found damage.
func (rc *receiver) jpegFailed() error {
	if rc.jpeg.state == jBad {
		return errDamaged(JPEG, *rc.jpeg.err)
	}
	return nil
}

// decide sniffs the head, refuses a foreign format, and feeds the head and
// rest (the part of the current chunk past the head) to the validator.
func (rc *receiver) decide(rest []byte) error {
	rc.decided = true
	head := rc.head[:rc.headN]
	name := Sniff(head)
	switch {
	case name == "PDF" && rc.rule.allows(PDF):
		rc.format = PDF
		rc.hdrAt = pdfHeaderAt(head)
	case name == "JPEG" && rc.rule.allows(JPEG):
		rc.format = JPEG
		rc.jpeg.Write(head)
		rc.jpeg.Write(rest)
		return rc.jpegFailed()
	case name == "PNG" && rc.rule.allows(PNG):
		rc.format = PNG
	default:
		return errWrongFormat(name, rc.rule.Formats)
	}
	return nil
}

// keepTail keeps the last tailSize bytes seen, right-aligned in rc.tail.
func (rc *receiver) keepTail(p []byte) {
	if len(p) >= tailSize {
		copy(rc.tail[:], p[len(p)-tailSize:])
		rc.tailN = tailSize
		return
	}
	copy(rc.tail[:], rc.tail[len(p):]) // shift left by len(p)
	copy(rc.tail[tailSize-len(p):], p)
	rc.tailN = min(tailSize, rc.tailN+len(p))
}
