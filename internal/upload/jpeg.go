package upload

import (
	"bytes"
	"strconv"
)

// maxJPEGSide bounds the width and height a JPEG may declare.
const maxJPEGSide = 20000

// jpegWalker checks the structure of a JPEG fed to it in pieces of any size
// (see doc.go for what it checks). Its state is a few dozen bytes.
type jpegWalker struct {
	state  int
	marker byte   // marker of the segment being read
	need   int    // payload bytes of that segment still to come
	lenHi  byte   // first byte of a segment length
	sof    []byte // first payload bytes of the SOF segment (precision, height, width)
	sofBuf [5]byte

	sawSOF, sawSOS bool
	width, height  int
	trailing       int64 // bytes after EOI
	err            *damage
}

const (
	jSOI0    = iota // expect FF
	jSOI1           // expect D8
	jMarker         // expect FF before a marker
	jCode           // expect the marker code (FF fill bytes allowed)
	jLen0           // segment length, high byte
	jLen1           // segment length, low byte
	jPayload        // segment payload
	jECS            // entropy-coded data
	jECSFF          // entropy-coded data after an FF
	jDone           // after EOI
	jBad            // damaged
)

func isSOF(m byte) bool {
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc
}

func (w *jpegWalker) fail(key string, args ...any) {
	w.err = &damage{key, args}
	w.state = jBad
}

// Write feeds p to the walker; it never fails (errors wait for finish), so
// it can be driven like an io.Writer.
func (w *jpegWalker) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		switch w.state {
		case jBad:
			return n, nil
		case jDone:
			w.trailing += int64(len(p))
			return n, nil
		case jECS:
			i := bytes.IndexByte(p, 0xff)
			if i < 0 {
				return n, nil
			}
			p = p[i+1:]
			w.state = jECSFF
			continue
		case jPayload:
			k := min(w.need, len(p))
			if w.sof != nil && len(w.sof) < cap(w.sof) {
				c := min(cap(w.sof)-len(w.sof), k)
				w.sof = append(w.sof, p[:c]...)
			}
			w.need -= k
			p = p[k:]
			if w.need == 0 {
				w.endSegment()
			}
			continue
		}
		b := p[0]
		p = p[1:]
		switch w.state {
		case jSOI0:
			if b != 0xff {
				w.fail("upload.damage.no_soi")
			} else {
				w.state = jSOI1
			}
		case jSOI1:
			if b != 0xd8 {
				w.fail("upload.damage.no_soi")
			} else {
				w.state = jMarker
			}
		case jMarker:
			if b != 0xff {
				w.fail("upload.damage.segment_length")
			} else {
				w.state = jCode
			}
		case jCode:
			w.startMarker(b)
		case jECSFF:
			switch {
			case b == 0x00, b >= 0xd0 && b <= 0xd7: // stuffed byte, restart marker
				w.state = jECS
			case b == 0xff: // fill byte
			default:
				w.startMarker(b)
			}
		case jLen0:
			w.lenHi = b
			w.state = jLen1
		case jLen1:
			l := int(w.lenHi)<<8 | int(b)
			if l < 2 {
				w.fail("upload.damage.segment_length")
				continue
			}
			w.need = l - 2
			w.sof = nil
			if isSOF(w.marker) {
				if w.need < 6 {
					w.fail("upload.damage.sof_short")
					continue
				}
				if !w.sawSOF {
					w.sof = w.sofBuf[:0]
				}
			}
			if w.marker == 0xda && w.need < 6 {
				w.fail("upload.damage.sos_short")
				continue
			}
			if w.need == 0 {
				w.endSegment()
			} else {
				w.state = jPayload
			}
		}
	}
	return n, nil
}

// startMarker handles a marker code read after FF.
func (w *jpegWalker) startMarker(b byte) {
	switch {
	case b == 0xff: // fill byte before the code
		w.state = jCode
	case b == 0x00, b == 0xd8:
		w.fail("upload.damage.bad_marker")
	case b == 0xd9: // EOI
		if !w.sawSOS {
			w.fail("upload.damage.no_image_data")
			return
		}
		w.state = jDone
	case b >= 0xd0 && b <= 0xd7, b == 0x01: // stand-alone markers
		if w.sawSOS {
			w.state = jECS
		} else {
			w.state = jMarker
		}
	default:
		w.marker = b
		w.state = jLen0
	}
}

// endSegment runs when a segment's payload has been read.
func (w *jpegWalker) endSegment() {
	switch {
	case isSOF(w.marker) && w.sof != nil:
		s := w.sof
		w.sof = nil
		w.sawSOF = true
		w.height = int(s[1])<<8 | int(s[2])
		w.width = int(s[3])<<8 | int(s[4])
		if w.width < 1 || w.width > maxJPEGSide || w.height < 1 || w.height > maxJPEGSide {
			dim := strconv.Itoa(w.width) + "×" + strconv.Itoa(w.height)
			w.fail("upload.damage.image_size", "size", dim)
			return
		}
	case w.marker == 0xda: // SOS: entropy-coded data follows
		if !w.sawSOF {
			w.fail("upload.damage.no_sof")
			return
		}
		w.sawSOS = true
		w.state = jECS
		return
	}
	// Markers follow any other segment, also between the scans of a
	// progressive JPEG (DHT, SOS, ...).
	w.state = jMarker
}

// finish reports the verdict once the input has ended.
func (w *jpegWalker) finish() *damage {
	switch w.state {
	case jBad:
		return w.err
	case jDone:
		return nil
	}
	if w.sawSOS {
		return &damage{key: "upload.damage.no_eoi"}
	}
	return &damage{key: "upload.damage.ends_early"}
}
