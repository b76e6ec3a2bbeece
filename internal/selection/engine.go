package selection

import (
	"cmp"
	"slices"
)

// The engine ranks applicants held in a compact form: one 44-byte row per
// applicant, formations in a side table, IDs in one byte arena. Both Rank
// (Go values) and RankCSV (a file) fill it and run the same code.

const (
	flagPresentSKD uint8 = 1 << iota
	flagPresentSKB
)

// resultCode is a result code in a row; resultText gives its published text.
type resultCode uint8

const (
	rcNone resultCode = iota
	rcTH
	rcTL
	rcP
	rcPL
	rcPL2
)

// Result codes as published.
const (
	ResultPL  = "P/L"   // SKD: passed and within 3 × quota (goes to SKB); final: placed in own formation
	ResultPL2 = "P/L-2" // final: placed in another formation by optimalisasi
	ResultP   = "P"     // SKD: passed the grade, outside the cut
	ResultTL  = "TL"    // SKD: below the grade; final: outside the quota and not placed
	ResultTH  = "TH"    // absent
)

var resultText = [...]string{rcNone: "", rcTH: ResultTH, rcTL: ResultTL, rcP: ResultP, rcPL: ResultPL, rcPL2: ResultPL2}

type row struct {
	form      uint32 // index into engine.forms
	skb       uint32 // SKB in thousandths, 0–100000
	ipk       uint32 // IPK or school average in thousandths
	birth     uint32 // birth date as yyyymmdd: smaller is older
	line      uint32 // physical line in the CSV file (0 for Go values)
	skdRank   uint32 // 1-based rank among the formation's grade passers; 0 if none
	finalRank uint32 // 1-based rank among the formation's SKB takers; 0 if none
	placed    uint32 // formation index + 1 where placed; 0 if not placed
	twk       uint16
	tiu       uint16
	tkp       uint16
	cat       Category
	flags     uint8
	skdCode   resultCode
	finalCode resultCode
}

func (r *row) total() int { return int(r.twk) + int(r.tiu) + int(r.tkp) }

type formation struct {
	id        string
	position  string
	education string
	quota     uint32
	cat       Category // the category of its first row: its grade admits optimalisasi
	catSet    bool     // cat has been set (Go values: a formation may have no applicants)
	group     uint32   // index of its (position, education) pair
	line      uint32   // line where it first appears (CSV)
	skdOff    uint32   // its grade passers are engine.skd[skdOff : skdOff+skdLen]
	skdLen    uint32
	finOff    uint32 // its SKB takers are engine.fin[finOff : finOff+finLen]
	finLen    uint32
	toSKB     uint32 // P/L at SKD: 3 × quota, more when tied at the cut
	placed    uint32 // own P/L
	received  uint32 // P/L-2 taken in
}

type engine struct {
	s       Scheme
	rows    []row
	forms   []formation
	ids     []byte   // applicant IDs, one after another
	idEnd   []uint32 // applicant i's ID is ids[idEnd[i-1]:idEnd[i]] (idEnd[-1] = 0)
	groups  int      // number of distinct (position, education) pairs
	skd     []uint32 // per formation, grade passers in SKD order
	fin     []uint32 // per formation, SKB takers in final order
	pool    []uint32 // per group, final-TL applicants in final order (optimalisasi)
	poolOff []uint32 // group g's pool is pool[poolOff[g]:poolOff[g+1]]
}

func (e *engine) idBytes(i uint32) []byte {
	start := uint32(0)
	if i > 0 {
		start = e.idEnd[i-1]
	}
	return e.ids[start:e.idEnd[i]]
}

func (e *engine) id(i uint32) string { return string(e.idBytes(i)) }

func (e *engine) final(r *row) int64 { return e.s.FinalScore(r.total(), Decimal(r.skb)) }

// cmpSKD orders grade passers: higher SKD total, then TKP, TIU, TWK, IPK, the
// older birth date, then input order.
func (e *engine) cmpSKD(a, b uint32) int {
	ra, rb := &e.rows[a], &e.rows[b]
	if c := cmp.Compare(rb.total(), ra.total()); c != 0 {
		return c
	}
	return e.cmpChain(a, b, ra, rb)
}

// cmpChain is the tie-break chain after the SKD total.
func (e *engine) cmpChain(a, b uint32, ra, rb *row) int {
	if c := cmp.Compare(rb.tkp, ra.tkp); c != 0 {
		return c
	}
	if c := cmp.Compare(rb.tiu, ra.tiu); c != 0 {
		return c
	}
	if c := cmp.Compare(rb.twk, ra.twk); c != 0 {
		return c
	}
	if c := cmp.Compare(rb.ipk, ra.ipk); c != 0 {
		return c
	}
	if c := cmp.Compare(ra.birth, rb.birth); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// cmpFinal orders SKB takers: higher exact final score, then the SKD chain.
func (e *engine) cmpFinal(a, b uint32) int {
	ra, rb := &e.rows[a], &e.rows[b]
	if c := cmp.Compare(e.final(rb), e.final(ra)); c != 0 {
		return c
	}
	if c := cmp.Compare(rb.total(), ra.total()); c != 0 {
		return c
	}
	return e.cmpChain(a, b, ra, rb)
}

// rankSKD applies rules 1 and 2: TH, TL, then the SKD ranking and the cut.
func (e *engine) rankSKD() {
	counts := make([]uint32, len(e.forms)+1)
	for i := range e.rows {
		r := &e.rows[i]
		switch {
		case r.flags&flagPresentSKD == 0:
			r.skdCode = rcTH
		case !e.s.Grades[r.cat].passes(int(r.twk), int(r.tiu), int(r.tkp)):
			r.skdCode = rcTL
		default:
			counts[r.form+1]++
		}
	}
	for f := range e.forms {
		counts[f+1] += counts[f]
		e.forms[f].skdOff = counts[f]
		e.forms[f].skdLen = counts[f+1] - counts[f]
	}
	e.skd = make([]uint32, counts[len(e.forms)])
	next := counts[:len(e.forms)]
	for i := range e.rows {
		r := &e.rows[i]
		if r.skdCode == rcNone {
			e.skd[next[r.form]] = uint32(i)
			next[r.form]++
		}
	}
	for f := range e.forms {
		fm := &e.forms[f]
		seg := e.skd[fm.skdOff : fm.skdOff+fm.skdLen]
		slices.SortFunc(seg, e.cmpSKD)
		cut := uint64(fm.quota) * uint64(e.s.CutMultiple)
		for k, i := range seg {
			r := &e.rows[i]
			r.skdRank = uint32(k + 1)
			// Within the cut, or tied with its last place on SKD total,
			// TKP, TIU and TWK (KepmenPANRB 320/2024): IPK and age never
			// decide who sits SKB.
			if uint64(k) < cut || e.tiedSKD(r, &e.rows[seg[cut-1]]) {
				r.skdCode = rcPL
				fm.toSKB++
			} else {
				r.skdCode = rcP
			}
		}
	}
}

// tiedSKD reports whether a and b are equal on SKD total, TKP, TIU and TWK:
// the criteria of the chain that decide the cut. (Equal sub-tests make equal
// totals.)
func (e *engine) tiedSKD(a, b *row) bool {
	return a.tkp == b.tkp && a.tiu == b.tiu && a.twk == b.twk
}

// firstUnqualifiedSKB returns the first row (in input order) that claims to
// have sat SKB without having qualified for it, or -1.
func (e *engine) firstUnqualifiedSKB() int {
	for i := range e.rows {
		r := &e.rows[i]
		if r.flags&flagPresentSKB != 0 && r.skdCode != rcPL {
			return i
		}
	}
	return -1
}

// rankFinal applies rules 3 and 5: SKB absentees, the final ranking and the
// quota; everyone else keeps the SKD code.
func (e *engine) rankFinal() {
	n := 0
	for i := range e.rows {
		if r := &e.rows[i]; r.skdCode == rcPL && r.flags&flagPresentSKB != 0 {
			n++
		}
	}
	e.fin = make([]uint32, 0, n)
	for i := range e.rows {
		r := &e.rows[i]
		if r.skdCode != rcPL {
			r.finalCode = r.skdCode
		} else if r.flags&flagPresentSKB == 0 {
			r.finalCode = rcTH
		}
	}
	for f := range e.forms {
		fm := &e.forms[f]
		fm.finOff = uint32(len(e.fin))
		for _, i := range e.skd[fm.skdOff : fm.skdOff+fm.skdLen] {
			if r := &e.rows[i]; r.skdCode == rcPL && r.flags&flagPresentSKB != 0 {
				e.fin = append(e.fin, i)
			}
		}
		seg := e.fin[fm.finOff:]
		fm.finLen = uint32(len(seg))
		slices.SortFunc(seg, e.cmpFinal)
		for k, i := range seg {
			r := &e.rows[i]
			r.finalRank = uint32(k + 1)
			if uint32(k) < fm.quota {
				r.finalCode = rcPL
				r.placed = uint32(f) + 1
				fm.placed++
			} else {
				r.finalCode = rcTL
			}
		}
	}
}

// optimalisasi applies rule 4: formations with free places, in order of first
// appearance, take the best remaining final-TL applicants of other formations
// with the same position and education whose SKD meets the passing grade of
// the receiving formation's category (KepmenPANRB 320/2024).
//
// A formation with a free place has no final-TL applicants of its own (they
// would have filled it first), so the pool of its group holds only applicants
// of other formations, and every formation of a group walks the same queue.
// An applicant passed over is either placed or below the grade of the
// formation's category, both for good, so each (group, category) keeps one
// cursor that only moves forward.
func (e *engine) optimalisasi() {
	off := make([]uint32, e.groups+1)
	for i := range e.rows {
		if r := &e.rows[i]; r.finalCode == rcTL && r.skdCode == rcPL { // final TL, never SKD TL
			off[e.forms[r.form].group+1]++
		}
	}
	for g := 0; g < e.groups; g++ {
		off[g+1] += off[g]
	}
	e.pool = make([]uint32, off[e.groups])
	e.poolOff = off
	next := slices.Clone(off[:e.groups])
	for i := range e.rows {
		if r := &e.rows[i]; r.finalCode == rcTL && r.skdCode == rcPL { // final TL, never SKD TL
			g := e.forms[r.form].group
			e.pool[next[g]] = uint32(i)
			next[g]++
		}
	}
	for g := 0; g < e.groups; g++ {
		slices.SortFunc(e.pool[off[g]:off[g+1]], e.cmpFinal)
	}
	var cursor [][numCategories]uint32 // per group, allocated on first use
	for f := range e.forms {
		fm := &e.forms[f]
		g := fm.group
		if fm.placed+fm.received >= fm.quota || off[g] == off[g+1] {
			continue
		}
		if cursor == nil {
			cursor = make([][numCategories]uint32, e.groups)
			for h := range cursor {
				for c := range cursor[h] {
					cursor[h][c] = off[h]
				}
			}
		}
		grade := &e.s.Grades[fm.cat]
		at := &cursor[g][fm.cat]
		for fm.placed+fm.received < fm.quota && *at < off[g+1] {
			r := &e.rows[e.pool[*at]]
			*at++
			if r.finalCode != rcTL || !grade.passes(int(r.twk), int(r.tiu), int(r.tkp)) {
				continue
			}
			r.finalCode = rcPL2
			r.placed = uint32(f) + 1
			fm.received++
		}
	}
}

// run ranks everything. It returns the first row (in input order) that
// claims to have sat SKB without having qualified for it, and then does not
// rank further; otherwise it returns -1.
func (e *engine) run() int {
	e.rankSKD()
	if i := e.firstUnqualifiedSKB(); i >= 0 {
		return i
	}
	e.rankFinal()
	e.optimalisasi()
	return -1
}

// groupKey interns (position, education) pairs during loading.
type groupKey struct{ position, education string }
