package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"asnpro/internal/testkit"
)

func FuzzReceive(f *testing.F) {
	jpg := testkit.JPEG(f, 16, 16)
	pdf := newPDF(0).bytes()
	f.Add(pdf)
	f.Add(pdf[:len(pdf)/2])
	f.Add(jpg)
	f.Add(jpg[:len(jpg)-2])
	f.Add(patched(jpg, 4, 0x00, 0x01))
	f.Add(append(bytes.Clone(jpg), "tail"...))
	f.Add(mustPNG(f, 4, 4))
	f.Add(mzHeader())
	f.Add([]byte("<html>%PDF-1.4"))
	f.Add([]byte("%PDF-1.4\nstartxref\n0\n%%EOF"))
	f.Add(
		[]byte{
			0xff,
			0xd8,
			0xff,
			0xc0,
			0x00,
			0x0b,
			0x08,
			0x00,
			0x01,
			0x00,
			0x01,
			0x01,
			0x01,
			0x11,
			0x00,
			0xff,
			0xda,
			0x00,
			0x08,
			0x01,
			0x01,
			0x00,
			0x00,
			0x3f,
			0x00,
			0xff,
			0xd9,
		},
	)
	f.Add([]byte{})
	dir := f.TempDir()
	rule := Rule{Formats: []Format{PDF, JPEG}, MaxBytes: 64 << 10}
	codes := map[string]bool{CodeTooLarge: true, CodeWrongFormat: true, CodeDamaged: true, CodeEmpty: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		verdict := func(r io.Reader) string {
			file, err := Receive(context.Background(), r, rule, dir)
			if err != nil {
				ue, ok := asError(err)
				if !ok || !codes[ue.Code()] {
					t.Fatalf("untyped or unexpected rejection: %v (%T)", err, err)
				}
				if ue.Message("id") == "" || ue.Message("en") == "" {
					t.Fatalf("empty message for %s", ue.Code())
				}
				assertDirEmpty(t, dir)
				return ue.Code()
			}
			sum := sha256.Sum256(data)
			if file.Size != int64(len(data)) || file.SHA256 != hex.EncodeToString(sum[:]) || file.ContentType != file.Format.ContentType() {
				t.Fatalf("accepted file = %+v for %d bytes", file, len(data))
			}
			if file.Format == JPEG && (file.Width < 1 || file.Width > maxJPEGSide || file.Height < 1 || file.Height > maxJPEGSide) {
				t.Fatalf("accepted JPEG of %d×%d", file.Width, file.Height)
			}
			if err := file.Close(); err != nil {
				t.Fatal(err)
			}
			return "ok " + string(file.Format)
		}
		whole := verdict(bytes.NewReader(data))
		// Chunk boundaries must not change the verdict.
		if split := verdict(chunkReader{bytes.NewReader(data), 3}); split != whole {
			t.Fatalf("verdict %q whole, %q in 3-byte reads", whole, split)
		}
	})
}

func BenchmarkReceivePDF800K(b *testing.B) {
	data := newPDF(800 << 10).bytes()
	benchReceive(b, data, pdfRule)
}

func BenchmarkReceiveJPEG200K(b *testing.B) {
	data := jpegWithComment(testkit.JPEG(b, 640, 480), 200<<10)
	benchReceive(b, data, jpegRule)
}

func benchReceive(b *testing.B, data []byte, rule Rule) {
	dir := b.TempDir()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Receive(context.Background(), bytes.NewReader(data), rule, dir)
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// pauseReader calls pause once, when at bytes have been read.
type pauseReader struct {
	r     io.Reader
	at, n int64
	pause func()
}

func (p *pauseReader) Read(b []byte) (int, error) {
	if p.pause != nil && p.n >= p.at {
		p.pause()
		p.pause = nil
	}
	if p.pause != nil && int64(len(b)) > p.at-p.n {
		b = b[:p.at-p.n]
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	return n, err
}

// TestReceiveMemory: 200 concurrent uploads of 800 KB, generated on the fly,
// all held mid-stream at once; the heap in use must grow by less than 64 MB.
func TestReceiveMemory(t *testing.T) {
	const n = 200
	const size = 800 << 10
	doc := newPDF(size)
	dir := t.TempDir()

	var arrived sync.WaitGroup
	arrived.Add(n)
	release := make(chan struct{})

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	errs := make(chan error, n)
	for range n {
		go func() {
			r := &pauseReader{r: doc.reader(), at: size / 2, pause: func() { arrived.Done(); <-release }}
			f, err := Receive(context.Background(), r, pdfRule, dir)
			if err == nil {
				err = f.Close()
			}
			errs <- err
		}()
	}
	arrived.Wait()
	var mid runtime.MemStats
	runtime.ReadMemStats(&mid) // every upload is in flight, half read
	close(release)
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	<-sampled
	peak = max(peak, mid.HeapInuse)
	growth := int64(peak) - int64(before.HeapInuse)
	t.Logf("HeapInuse before %.1f MB, all %d in flight %.1f MB, sampled peak %.1f MB: growth %.1f MB (%.0f KB per upload); streamed %d MB",
		mb(before.HeapInuse), n, mb(mid.HeapInuse), mb(peak), float64(growth)/(1<<20), float64(growth)/n/1024, n*size>>20)
	if growth >= 64<<20 {
		t.Errorf("heap grew by %.1f MB, want < 64 MB", float64(growth)/(1<<20))
	}
	assertDirEmpty(t, dir)
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
