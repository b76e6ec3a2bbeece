package exam

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/selection"
)

// Seed is the 32 random bytes from which a paper is drawn; recorded with
// the attempt, it reproduces the paper exactly.
type Seed [32]byte

// NewSeed returns a seed from the system's secure random source.
func NewSeed() (Seed, error) {
	var s Seed
	_, err := rand.Read(s[:])
	return s, err
}

// String is the seed in lowercase hex (64 characters).
func (s Seed) String() string { return hex.EncodeToString(s[:]) }

// ParseSeed reads a seed as String writes it. Errors: invalid.
func ParseSeed(h string) (Seed, error) {
	var s Seed
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != len(s) {
		return s, apperr.InvalidMsgs(map[string]apperr.Msg{"seed": apperr.M("exam.paper.seed")})
	}
	copy(s[:], b)
	return s, nil
}

// PaperItem is one item as a paper presents it.
type PaperItem struct {
	No        int // 1, 2, … in the order of the paper
	Subtest   string
	Part      int // index of its part in Paper.Parts
	ItemID    int64
	VersionID int64
	Revision  int // of the version, when drawn (MarkUsed checks it)
	// Order[i] is the index (0–4, A–E as written) of the option shown
	// with the label Labels[i].
	Order [NumOptions]uint8
	// Points[i] is what the option shown as Labels[i] scores.
	Points [NumOptions]int8
}

// Shown returns the options of in (the item version it names) in the
// order the paper shows them: Shown(in)[i] carries the label Labels[i].
func (it *PaperItem) Shown(in *ItemInput) [NumOptions]string {
	var out [NumOptions]string
	for i, o := range it.Order {
		out[i] = in.Options[o]
	}
	return out
}

// Paper is the items of one attempt, in order, with their options' order.
type Paper struct {
	Seed  Seed
	Parts []Part
	Items []PaperItem
	// Pool is the SHA-256 (hex) of what the paper was drawn from: for each
	// part in order, a line "SUBTEST:ID,ID,…" of the candidate items' IDs
	// in ascending order, each line ending in "\n". The seed, the pool and
	// the versions drawn reproduce the paper.
	Pool string
	// Scheme applies the blueprint's passing grades (nil: none apply).
	Scheme *selection.Scheme
}

// seedDomain separates the paper's random stream from any other use of a
// seed; it is part of the paper's definition (docs/EXAM.md).
const seedDomain = "asnpro exam paper v1\x00"

// stream is the paper's random numbers: block k (k = 0, 1, …) is
// SHA-256(seedDomain ‖ seed ‖ k as 8 bytes big-endian), read as four
// big-endian uint64s in order.
type stream struct {
	seed Seed
	k    uint64
	buf  [sha256.Size]byte
	off  int
}

func newStream(seed Seed) *stream { return &stream{seed: seed, off: sha256.Size} }

func (s *stream) next() uint64 {
	if s.off == sha256.Size {
		h := sha256.New()
		h.Write([]byte(seedDomain))
		h.Write(s.seed[:])
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], s.k)
		h.Write(k[:])
		h.Sum(s.buf[:0])
		s.k++
		s.off = 0
	}
	v := binary.BigEndian.Uint64(s.buf[s.off:])
	s.off += 8
	return v
}

// below returns a uniform number in [0, n), n ≥ 1: numbers under 2^64 mod
// n are drawn again, the rest taken modulo n.
func (s *stream) below(n uint64) uint64 {
	t := -n % n
	for {
		if x := s.next(); x >= t {
			return x % n
		}
	}
}

// Draw returns the paper that seed gives for blueprint from a bank's
// items (their current versions). It is a pure function: the same items
// (in any order), blueprint and seed give the same paper. For each part in
// the blueprint's order, the items of its sub-test, sorted by item ID, are shuffled by
// a partial Fisher–Yates over the seed's stream and the first Count are
// taken; then, item by item in the paper's order, the five options are
// shuffled by Fisher–Yates (i from 4 down to 1, swap i with below(i+1)).
// Errors: failed_precondition (wrapping ErrTooFewItems: a sub-test has
// fewer items than its part asks for), invalid (b does not pass Validate,
// or an item is given twice).
func Draw(items []Item, blueprint *Blueprint, seed Seed) (*Paper, error) {
	b := *blueprint
	b.Parts = slices.Clone(b.Parts)
	if err := b.Validate(); err != nil {
		return nil, err
	}
	p := &Paper{Seed: seed, Parts: b.Parts}
	if b.Passing != nil {
		s, err := b.scheme()
		if err != nil {
			return nil, err
		}
		p.Scheme = &s
	}
	bySubtest := map[string][]*Item{}
	for i := range items {
		it := &items[i]
		bySubtest[it.Subtest] = append(bySubtest[it.Subtest], it)
	}
	r := newStream(seed)
	pool := sha256.New()
	var chosen []*Item
	for pi, part := range b.Parts {
		cands := slices.Clone(bySubtest[part.Subtest])
		if len(cands) < part.Count {
			return nil, &apperr.Error{Code: apperr.FailedPrecondition,
				Msg: apperr.M("exam.too_few_items", "subtest", part.Subtest, "have", len(cands), "want", part.Count),
				Err: ErrTooFewItems}
		}
		slices.SortFunc(cands, func(a, b *Item) int { return cmp.Compare(a.ID, b.ID) })
		line := []byte(part.Subtest + ":")
		for i, c := range cands {
			if i > 0 {
				if c.ID == cands[i-1].ID {
					return nil, apperr.E(apperr.Invalid, "exam.paper.item_twice", "item", c.ID)
				}
				line = append(line, ',')
			}
			line = strconv.AppendInt(line, c.ID, 10)
		}
		pool.Write(append(line, '\n'))
		for i := 0; i < part.Count; i++ {
			j := i + int(r.below(uint64(len(cands)-i)))
			cands[i], cands[j] = cands[j], cands[i]
		}
		for _, it := range cands[:part.Count] {
			chosen = append(chosen, it)
			p.Items = append(p.Items, PaperItem{Subtest: it.Subtest, Part: pi, ItemID: it.ID, VersionID: it.VersionID,
				Revision: it.Revision})
		}
	}
	p.Pool = hex.EncodeToString(pool.Sum(nil))
	for n, it := range chosen {
		pit := &p.Items[n]
		pit.No = n + 1
		pit.Order = [NumOptions]uint8{0, 1, 2, 3, 4}
		for i := NumOptions - 1; i > 0; i-- {
			j := r.below(uint64(i + 1))
			pit.Order[i], pit.Order[j] = pit.Order[j], pit.Order[i]
		}
		pts := it.points()
		for i, o := range pit.Order {
			pit.Points[i] = pts[o]
		}
	}
	return p, nil
}
