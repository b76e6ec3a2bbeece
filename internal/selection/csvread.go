package selection

import (
	"bytes"
	"errors"
	"io"
)

// recordReader reads CSV records exactly as encoding/csv does with its
// default settings (comma separator, no comments, strict quotes, empty lines
// skipped, "\r\n" read as "\n", a final "\r" dropped) — FuzzRecordReader
// checks it against encoding/csv — but it also says in which field a quoting
// error is, and it does not allocate per record: fields point into its
// buffer (or, for quoted fields, into a scratch buffer) and are valid until
// the next call.
//
// encoding/csv was used first; it reports a quoting error only as a byte
// position, allocates a string per record and copies every byte three times,
// which made it half the cost of ranking a million rows.
type recordReader struct {
	r        io.Reader
	buf      []byte
	pos, end int  // buf[pos:end] is read but not yet parsed
	eof      bool // r has no more data
	readErr  error
	line     int   // physical line of buf[pos]
	offset   int64 // bytes of input parsed so far
	fields   [][]byte
	spans    []span // where each field is, until the record is complete
	lines    []int  // line on which each field starts
	scratch  []byte // unescaped quoted fields
	maxBytes int    // longest record accepted
}

type span struct {
	quoted     bool
	start, end int // in buf (unquoted) or scratch (quoted)
}

// csvSyntaxError is a quoting error: its kind, the line it is on and the
// index of the field it is in.
type csvSyntaxError struct {
	kind  csvSyntaxKind
	line  int
	field int
}

type csvSyntaxKind uint8

const (
	bareQuote     csvSyntaxKind = iota + 1 // a quote inside a field that does not start with one
	badQuote                               // a closing quote followed by something other than a comma or a line end
	unclosedQuote                          // the input ends inside a quoted field
	tooLong                                // a record longer than maxBytes
)

func (e *csvSyntaxError) Error() string {
	switch e.kind {
	case bareQuote:
		return "bare quote in a field"
	case badQuote:
		return "extraneous or missing quote in a quoted field"
	case unclosedQuote:
		return "quoted field not closed"
	}
	return "record too long"
}

var errNeedMore = errors.New("need more input")

const (
	readChunk      = 256 << 10
	maxRecordBytes = 1 << 20
)

func newRecordReader(r io.Reader, bufSize int) *recordReader {
	return &recordReader{r: r, buf: make([]byte, bufSize), line: 1, maxBytes: maxRecordBytes}
}

// fill reads more input, keeping buf[pos:end]. It reads at least as much as
// is already buffered (or 4 KiB), so that a long record is re-parsed a
// logarithmic number of times however small the reads.
func (rr *recordReader) fill() {
	if rr.pos > 0 {
		rr.end = copy(rr.buf, rr.buf[rr.pos:rr.end])
		rr.pos = 0
	}
	target := rr.end + max(rr.end, 4096)
	if target > len(rr.buf) {
		nb := make([]byte, max(target, 2*len(rr.buf)))
		copy(nb, rr.buf[:rr.end])
		rr.buf = nb
	}
	for idle := 0; rr.end < target; {
		n, err := rr.r.Read(rr.buf[rr.end:])
		rr.end += n
		if err == io.EOF {
			rr.eof = true
			return
		}
		if err != nil {
			rr.readErr = err
			return
		}
		if n == 0 {
			if idle++; idle == 100 {
				rr.readErr = io.ErrNoProgress
				return
			}
		}
	}
}

// next returns the next record, io.EOF after the last, a *csvSyntaxError,
// or the reader's error. lines[i] is the line on which field i starts.
func (rr *recordReader) next() (fields [][]byte, lines []int, err error) {
	for {
		consumed, nl, err := rr.parse(rr.buf[rr.pos:rr.end], rr.eof)
		if err == errNeedMore {
			if rr.end-rr.pos >= rr.maxBytes {
				return nil, nil, &csvSyntaxError{kind: tooLong, line: rr.line}
			}
			if rr.readErr != nil {
				return nil, nil, rr.readErr
			}
			rr.fill()
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		rr.pos += consumed
		rr.offset += int64(consumed)
		rr.line += nl
		if len(rr.spans) == 0 { // only empty lines were left
			return nil, nil, io.EOF
		}
		rr.fields = rr.fields[:0]
		for _, s := range rr.spans {
			if s.quoted {
				rr.fields = append(rr.fields, rr.scratch[s.start:s.end])
			} else {
				rr.fields = append(rr.fields, rr.buf[rr.pos-consumed+s.start:rr.pos-consumed+s.end])
			}
		}
		return rr.fields, rr.lines, nil
	}
}

// parse reads one record from b (atEOF: nothing follows b). It returns the
// bytes and line ends consumed, with the fields in rr.spans (positions
// relative to b) and rr.lines; errNeedMore when b ends inside the record.
func (rr *recordReader) parse(b []byte, atEOF bool) (consumed, nl int, err error) {
	rr.spans, rr.lines, rr.scratch = rr.spans[:0], rr.lines[:0], rr.scratch[:0]
	if cap(rr.scratch) < len(b) {
		rr.scratch = make([]byte, 0, len(b)) // never grows while parsing
	}
	i, nl, end, err := skipEmptyLines(b, atEOF)
	if err != nil {
		return 0, 0, err
	}
	if end {
		return i, nl, nil // end of input: no record
	}
	line := rr.line + nl
	for field := 0; ; field++ {
		rr.lines = append(rr.lines, line)
		var last bool
		if i < len(b) && b[i] == '"' {
			i, line, last, err = rr.quotedField(b, i+1, line, field, atEOF)
		} else {
			i, line, last, err = rr.unquotedField(b, i, line, field, atEOF)
		}
		if err != nil {
			return 0, 0, err
		}
		if last {
			return i, line - rr.line, nil
		}
	}
}

// skipEmptyLines skips the empty lines at the start of b ("\n", "\r\n",
// and a lone "\r" at the end) and returns where the record starts and the
// line ends skipped; end when the input ends there, errNeedMore when b
// ends before that is known.
func skipEmptyLines(b []byte, atEOF bool) (i, nl int, end bool, err error) {
	for {
		switch {
		case i < len(b) && b[i] == '\n':
			i, nl = i+1, nl+1
		case i+1 < len(b) && b[i] == '\r' && b[i+1] == '\n':
			i, nl = i+2, nl+1
		case i+1 == len(b) && b[i] == '\r' && atEOF:
			i++
		case i == len(b) && atEOF:
			return i, nl, true, nil
		case i == len(b) || (i+1 == len(b) && b[i] == '\r'):
			return 0, 0, false, errNeedMore
		default:
			return i, nl, false, nil
		}
	}
}

// quotedField reads the quoted field number field whose text starts at
// b[i] (after the opening quote) on line, into rr.scratch and rr.spans. It
// returns where the next field starts (or, last, the bytes the record
// took) and the line it starts on.
func (rr *recordReader) quotedField(b []byte, i, line, field int, atEOF bool) (next, nextLine int, last bool, err error) {
	start := len(rr.scratch)
	fieldLine := line
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			if !atEOF {
				return 0, 0, false, errNeedMore
			}
			return 0, 0, false, &csvSyntaxError{kind: unclosedQuote, line: fieldLine, field: field}
		}
		line += rr.appendQuoted(b[i : i+j])
		i += j + 1
		if i == len(b) && !atEOF || i+1 == len(b) && b[i] == '\r' && !atEOF {
			return 0, 0, false, errNeedMore // what follows the quote decides
		}
		if i < len(b) && b[i] == '"' {
			rr.scratch = append(rr.scratch, '"')
			i++
			continue
		}
		rr.spans = append(rr.spans, span{quoted: true, start: start, end: len(rr.scratch)})
		if i < len(b) && b[i] == ',' {
			return i + 1, line, false, nil
		}
		if n := lineEnd(b, i, atEOF); n >= 0 {
			return i + n, line + boolInt(n > 0 && b[i+n-1] == '\n'), true, nil
		}
		return 0, 0, false, &csvSyntaxError{kind: badQuote, line: line, field: field}
	}
}

// appendQuoted appends seg, a stretch of a quoted field without quotes, to
// rr.scratch, reading "\r\n" as "\n", and returns the line ends in it.
func (rr *recordReader) appendQuoted(seg []byte) (nl int) {
	for {
		k := bytes.IndexByte(seg, '\n')
		if k < 0 {
			rr.scratch = append(rr.scratch, seg...)
			return nl
		}
		part := seg[:k]
		if len(part) > 0 && part[len(part)-1] == '\r' {
			part = part[:len(part)-1] // "\r\n" is read as "\n"
		}
		rr.scratch = append(rr.scratch, part...)
		rr.scratch = append(rr.scratch, '\n')
		nl++
		seg = seg[k+1:]
	}
}

// unquotedField reads the unquoted field number field starting at b[i] on
// line, to the next comma or line end, into rr.spans; its results are
// quotedField's.
func (rr *recordReader) unquotedField(b []byte, i, line, field int, atEOF bool) (next, nextLine int, last bool, err error) {
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '\n' {
		if b[i] == '"' {
			return 0, 0, false, &csvSyntaxError{kind: bareQuote, line: line, field: field}
		}
		i++
	}
	if i < len(b) && b[i] == ',' {
		rr.spans = append(rr.spans, span{start: start, end: i})
		return i + 1, line, false, nil
	}
	if i == len(b) && !atEOF {
		return 0, 0, false, errNeedMore
	}
	end := i
	if end > start && b[end-1] == '\r' {
		end-- // "\r\n", or a final "\r" at the end of the input
	}
	rr.spans = append(rr.spans, span{start: start, end: end})
	if i < len(b) { // b[i] == '\n'
		return i + 1, line + 1, true, nil
	}
	return i, line, true, nil
}

// lineEnd returns the length of the line end at b[i:] ("\n", "\r\n", or at
// the end of the input "" or "\r"), or -1 if b[i] does not end the line.
func lineEnd(b []byte, i int, atEOF bool) int {
	switch {
	case i == len(b) && atEOF:
		return 0
	case i < len(b) && b[i] == '\n':
		return 1
	case i+1 < len(b) && b[i] == '\r' && b[i+1] == '\n':
		return 2
	case i+1 == len(b) && b[i] == '\r' && atEOF:
		return 1
	}
	return -1
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// skipBOM drops a UTF-8 byte-order mark at the start of the input (a
// spreadsheet's, not part of the header).
func (rr *recordReader) skipBOM() {
	for rr.end-rr.pos < 3 && !rr.eof && rr.readErr == nil {
		rr.fill()
	}
	if bytes.HasPrefix(rr.buf[rr.pos:rr.end], []byte("\xEF\xBB\xBF")) {
		rr.pos += 3
		rr.offset += 3
	}
}
