package exam

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// The SKD sub-tests. Any other sub-test name is a field of an SKB (a
// competence test of the formation), e.g. "Teknis Komputer".
const (
	TWK = "TWK" // Tes Wawasan Kebangsaan: one key
	TIU = "TIU" // Tes Intelegensia Umum: one key
	TKP = "TKP" // Tes Karakteristik Pribadi: a weight per option
)

// Purposes of a bank.
const (
	PurposePractice  = "practice"  // simulations for applicants
	PurposeSelection = "selection" // a real selection's test
)

// NumOptions is the number of options of every item: A–E.
const NumOptions = 5

// Points: a keyed item scores KeyPoints for its key and 0 otherwise (blank
// too); a weighted option weighs MinWeight to MaxWeight (blank 0).
const (
	KeyPoints = 5
	MinWeight = 1
	MaxWeight = 5
)

// Limits on an item's text.
const (
	maxStem    = 4000
	maxOption  = 1000
	maxSubtest = 60
)

// Labels are the options' labels, in order.
var Labels = [NumOptions]string{"A", "B", "C", "D", "E"}

// LabelIndex returns the index (0–4) of label "A"–"E" (any case).
func LabelIndex(label string) (int, bool) {
	for i, l := range Labels {
		if strings.EqualFold(label, l) {
			return i, true
		}
	}
	return 0, false
}

var skbName = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._()/-]*$`)

// IsSKD reports whether sub-test s is one of TWK, TIU, TKP.
func IsSKD(s string) bool { return s == TWK || s == TIU || s == TKP }

// ValidSubtest reports whether s names a sub-test: TWK, TIU, TKP, or an
// SKB field (letters, digits, spaces and . _ ( ) / -, at most 60
// characters, not starting with a space or sign, and not a lower- or
// mixed-case spelling of an SKD sub-test).
func ValidSubtest(s string) bool {
	if IsSKD(s) {
		return true
	}
	if IsSKD(strings.ToUpper(s)) || utf8.RuneCountInString(s) > maxSubtest || strings.TrimSpace(s) != s {
		return false
	}
	return skbName.MatchString(s)
}

// Keyed reports whether items of sub-test s must have one key (TWK, TIU) or
// weights (TKP); an SKB field may have either (ok false).
func Keyed(s string) (keyed, ok bool) {
	switch s {
	case TWK, TIU:
		return true, true
	case TKP:
		return false, true
	}
	return false, false
}

// ItemInput is an item as its author writes it: a new item or the new
// content of an existing one.
type ItemInput struct {
	Subtest string
	Stem    string
	// Image is the SHA-256 (lowercase hex) of a stored image, or "".
	Image   string
	Options [NumOptions]string
	// Key is "A"–"E" for a keyed item, "" for a weighted one.
	Key string
	// Weights are the options' weights (1–5 each) of a weighted item; all
	// zero for a keyed item.
	Weights [NumOptions]int
}

// Item is one version of a question of a bank.
type Item struct {
	ID        int64 // the item, the same across its versions
	VersionID int64 // this version
	Version   int   // 1, 2, …
	// Revision counts the in-place edits of this version (1 when never
	// edited); only a version not yet used is edited in place.
	Revision int
	BankID   int64
	ItemInput
	CreatedAt time.Time
	// UsedAt is when a paper first used this version (nil: never); a used
	// version is never changed.
	UsedAt *time.Time
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Validate cleans the input's text in place and checks it. Errors: invalid,
// with field messages on subtest, stem, image, options.A … options.E, key
// and weights.
func (in *ItemInput) Validate() error {
	f := map[string]apperr.Msg{}
	in.Subtest = strings.TrimSpace(in.Subtest)
	if !ValidSubtest(in.Subtest) {
		f["subtest"] = apperr.M("exam.item.subtest")
	}
	checkText(f, "stem", &in.Stem, textcheck.Multiline, maxStem)
	in.Image = strings.ToLower(strings.TrimSpace(in.Image))
	if in.Image != "" && !sha256Hex.MatchString(in.Image) {
		f["image"] = apperr.M("exam.item.image")
	}
	for i := range in.Options {
		checkText(f, "options."+Labels[i], &in.Options[i], textcheck.Multiline, maxOption)
	}
	in.Key = strings.ToUpper(strings.TrimSpace(in.Key))
	checkScoring(f, in)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// checkText cleans *s and puts a message on field when it is refused, empty
// or longer than max characters.
func checkText(f map[string]apperr.Msg, field string, s *string, k textcheck.Kind, max int) {
	if !textcheck.FieldMsg(f, field, s, k) {
		return
	}
	switch {
	case *s == "":
		f[field] = apperr.M("exam.item.required")
	case utf8.RuneCountInString(*s) > max:
		f[field] = apperr.M("exam.item.too_long", "max", max)
	}
}

// checkScoring checks the key or the weights against the sub-test.
func checkScoring(f map[string]apperr.Msg, in *ItemInput) {
	hasWeights := in.Weights != [NumOptions]int{}
	keyed, fixed := Keyed(in.Subtest)
	switch {
	case in.Key != "" && hasWeights:
		f["key"] = apperr.M("exam.item.key_or_weights")
		return
	case in.Key == "" && !hasWeights:
		if fixed && !keyed {
			f["weights"] = apperr.M("exam.item.weights_needed")
		} else {
			f["key"] = apperr.M("exam.item.key_needed")
		}
		return
	case fixed && keyed && hasWeights:
		f["weights"] = apperr.M("exam.item.keyed_subtest", "subtest", in.Subtest)
		return
	case fixed && !keyed && in.Key != "":
		f["key"] = apperr.M("exam.item.weighted_subtest", "subtest", in.Subtest)
		return
	}
	if in.Key != "" {
		if _, ok := LabelIndex(in.Key); !ok || len(in.Key) != 1 {
			f["key"] = apperr.M("exam.item.key")
		}
		return
	}
	top := 0
	for _, w := range in.Weights {
		if w < MinWeight || w > MaxWeight {
			f["weights"] = apperr.M("exam.item.weight_range", "min", MinWeight, "max", MaxWeight)
			return
		}
		top = max(top, w)
	}
	if top != MaxWeight {
		f["weights"] = apperr.M("exam.item.weight_top", "max", MaxWeight)
	}
}

// points returns what each option (in A–E order) scores.
func (in *ItemInput) points() [NumOptions]int8 {
	var p [NumOptions]int8
	if in.Key != "" {
		if k, ok := LabelIndex(in.Key); ok {
			p[k] = KeyPoints
		}
		return p
	}
	for i, w := range in.Weights {
		p[i] = int8(w)
	}
	return p
}

// WeightsText writes weights as the import file does: "5;4;3;2;1" ("" for
// a keyed item).
func (in *ItemInput) WeightsText() string {
	if in.Weights == [NumOptions]int{} {
		return ""
	}
	parts := make([]string, NumOptions)
	for i, w := range in.Weights {
		parts[i] = fmt.Sprint(w)
	}
	return strings.Join(parts, ";")
}
