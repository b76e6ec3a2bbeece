package exam

import (
	"encoding/json"
	"math"
	"strings"
	"unicode/utf8"
)

// decodePaper reads a stored paper (exam_attempts.paper). The JSON that
// json.Marshal writes for storedPaper is read by a scanner made for it,
// several times faster than encoding/json's reflection (reading papers
// bounds re-scoring and the item statistics); anything else it does not
// take — escapes in a string, a key in another case, a float, a null —
// goes to encoding/json, so the result is always encoding/json's.
func decodePaper(s string) (storedPaper, error) {
	if sp, ok := scanPaper(s); ok {
		return sp, nil
	}
	var sp storedPaper
	err := json.Unmarshal([]byte(s), &sp)
	return sp, err
}

// paperScanner reads a stored paper's JSON; ok turns false at the first
// thing it does not take.
type paperScanner struct {
	s  string
	i  int
	ok bool
}

// scanPaper reads s when it is a stored paper as json.Marshal writes it
// (whitespace between tokens allowed); ok is false otherwise.
func scanPaper(s string) (storedPaper, bool) {
	d := &paperScanner{s: s, ok: true}
	var sp storedPaper
	seen := 0
	mark := func(bit int) {
		if seen&bit != 0 {
			d.ok = false // a key twice is encoding/json's to read
		}
		seen |= bit
	}
	d.object(func(key string) {
		switch key {
		case "parts":
			mark(1)
			sp.Parts = []Part{}
			d.array(func() { sp.Parts = append(sp.Parts, d.part()) })
		case "items":
			mark(2)
			sp.Items = make([]PaperItem, 0, len(s)/100+1) // an item takes 100 bytes or more
			d.array(func() { sp.Items = append(sp.Items, d.anyItem(sp.Parts)) })
		case "pool":
			mark(4)
			sp.Pool = strings.Clone(d.str())
		default:
			d.ok = false
		}
	})
	d.space()
	return sp, d.ok && d.i == len(s)
}

func (d *paperScanner) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// take skips whitespace and the byte c, if it is next.
func (d *paperScanner) take(c byte) bool {
	d.space()
	if d.ok && d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *paperScanner) need(c byte) {
	if !d.take(c) {
		d.ok = false
	}
}

// object reads {"key": value, …}, calling field with each key to read its
// value.
func (d *paperScanner) object(field func(key string)) {
	d.need('{')
	if d.take('}') {
		return
	}
	for d.ok {
		key := d.str()
		d.need(':')
		if !d.ok {
			return
		}
		field(key)
		if !d.take(',') {
			d.need('}')
			return
		}
	}
}

// array reads [value, …], calling elem to read each value.
func (d *paperScanner) array(elem func()) {
	d.need('[')
	if d.take(']') {
		return
	}
	for d.ok {
		elem()
		if !d.take(',') {
			d.need(']')
			return
		}
	}
}

// str reads a string without escapes or control characters, in valid
// UTF-8; it shares s's memory.
func (d *paperScanner) str() string {
	d.need('"')
	if !d.ok {
		return ""
	}
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			v := d.s[start:d.i]
			d.i++
			if !utf8.ValidString(v) {
				d.ok = false
			}
			return v
		case c == '\\' || c < 0x20:
			d.ok = false
			return ""
		}
		d.i++
	}
	d.ok = false
	return ""
}

// int reads an integer in [lo, hi]: an optional minus, then 0 or digits
// not starting with 0; no fraction or exponent.
func (d *paperScanner) int(lo, hi int64) int64 {
	d.space()
	neg := d.i < len(d.s) && d.s[d.i] == '-'
	if neg {
		d.i++
	}
	start := d.i
	var v int64
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		digit := int64(d.s[d.i] - '0')
		if v > (math.MaxInt64-digit)/10 { // too large for int64: encoding/json's to refuse
			d.ok = false
			return 0
		}
		v = v*10 + digit
		d.i++
	}
	n := d.i - start
	if n == 0 || (n > 1 && d.s[start] == '0') {
		d.ok = false
		return 0
	}
	if d.i < len(d.s) && (d.s[d.i] == '.' || d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.ok = false
		return 0
	}
	if neg {
		v = -v
	}
	if v < lo || v > hi {
		d.ok = false
		return 0
	}
	return v
}

func (d *paperScanner) part() Part {
	var p Part
	seen := 0
	d.object(func(key string) {
		switch key {
		case "subtest":
			p.Subtest = strings.Clone(d.str())
			seen |= 1
		case "count":
			p.Count = int(d.int(math.MinInt, math.MaxInt))
			seen |= 2
		default:
			d.ok = false
		}
	})
	if seen != 3 {
		d.ok = false // a part without both fields is encoding/json's to read
	}
	return p
}

// anyItem reads one PaperItem: as json.Marshal writes it (exactItem), or
// else with its keys in any order (item).
func (d *paperScanner) anyItem(parts []Part) PaperItem {
	d.space()
	at := d.i
	if it, ok := d.exactItem(parts); ok {
		return it
	}
	d.i, d.ok = at, true
	return d.item(parts)
}

// exactItem reads one PaperItem written exactly as json.Marshal writes it:
// its keys in order, no whitespace. It leaves d.ok as it was; on false
// the caller reads the item again from where it started.
func (d *paperScanner) exactItem(parts []Part) (PaperItem, bool) {
	var it PaperItem
	lit := func(l string) bool {
		if strings.HasPrefix(d.s[d.i:], l) {
			d.i += len(l)
			return true
		}
		return false
	}
	if !lit(`{"No":`) {
		return it, false
	}
	it.No = int(d.int(math.MinInt, math.MaxInt))
	if !lit(`,"Subtest":`) {
		return it, false
	}
	it.Subtest = internSubtest(d.str(), parts)
	if !lit(`,"Part":`) {
		return it, false
	}
	it.Part = int(d.int(math.MinInt, math.MaxInt))
	if !lit(`,"ItemID":`) {
		return it, false
	}
	it.ItemID = d.int(math.MinInt64, math.MaxInt64)
	if !lit(`,"VersionID":`) {
		return it, false
	}
	it.VersionID = d.int(math.MinInt64, math.MaxInt64)
	if !lit(`,"Revision":`) {
		return it, false
	}
	it.Revision = int(d.int(math.MinInt, math.MaxInt))
	if !lit(`,"Order":[`) {
		return it, false
	}
	for k := range NumOptions {
		if k > 0 && !lit(",") {
			return it, false
		}
		it.Order[k] = uint8(d.int(0, 255))
	}
	if !lit(`],"Points":[`) {
		return it, false
	}
	for k := range NumOptions {
		if k > 0 && !lit(",") {
			return it, false
		}
		it.Points[k] = int8(d.int(-128, 127))
	}
	return it, d.ok && lit(`]}`)
}

// item reads one PaperItem; its sub-test shares the string of the part of
// that name.
func (d *paperScanner) item(parts []Part) PaperItem {
	var it PaperItem
	seen := 0
	mark := func(bit int) {
		if seen&bit != 0 {
			d.ok = false
		}
		seen |= bit
	}
	d.object(func(key string) {
		switch key {
		case "No":
			mark(1)
			it.No = int(d.int(math.MinInt, math.MaxInt))
		case "Subtest":
			mark(2)
			it.Subtest = internSubtest(d.str(), parts)
		case "Part":
			mark(4)
			it.Part = int(d.int(math.MinInt, math.MaxInt))
		case "ItemID":
			mark(8)
			it.ItemID = d.int(math.MinInt64, math.MaxInt64)
		case "VersionID":
			mark(16)
			it.VersionID = d.int(math.MinInt64, math.MaxInt64)
		case "Revision":
			mark(32)
			it.Revision = int(d.int(math.MinInt, math.MaxInt))
		case "Order":
			mark(64)
			d.five(func(k int) { it.Order[k] = uint8(d.int(0, 255)) })
		case "Points":
			mark(128)
			d.five(func(k int) { it.Points[k] = int8(d.int(-128, 127)) })
		default:
			d.ok = false
		}
	})
	return it
}

// five reads an array of exactly NumOptions numbers.
func (d *paperScanner) five(elem func(k int)) {
	k := 0
	d.array(func() {
		if k == NumOptions {
			d.ok = false
			return
		}
		elem(k)
		k++
	})
	if k != NumOptions {
		d.ok = false
	}
}

func internSubtest(s string, parts []Part) string {
	for _, p := range parts {
		if p.Subtest == s {
			return p.Subtest
		}
	}
	return strings.Clone(s)
}
