package exam

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"asnpro/internal/selection"
)

// Attempt is one participant's sitting of a paper.
type Attempt struct {
	ID          int64
	UserID      int64 // the taker
	BankID      int64
	BlueprintID int64
	Practice    bool
	// SessionID is the exam session of a selection attempt (0: practice).
	SessionID int64
	Paper     *Paper
	Category  selection.Category
	// ExtraMinutes is the extra time given (a blind participant's).
	ExtraMinutes int
	StartedAt    time.Time
	// EndsAt is when time is up, by the server's clock; no answer is taken
	// from then on, and the next read, answer or finish finishes the attempt.
	EndsAt       time.Time
	FinishedAt   *time.Time
	AutoFinished bool // finished because time was up
	// Answers[i] is what was saved for item no i+1 (blank, not flagged,
	// when nothing was).
	Answers []SavedAnswer
	// Result is the scored attempt once finished.
	Result *AttemptResult
	// Contents[i] is the item version of Paper.Items[i] (filled by reads
	// that show the paper).
	Contents []Item
}

// SavedAnswer is what a participant saved for one item.
type SavedAnswer struct {
	Option  Answer
	Flagged bool
}

// AttemptResult is what a finished attempt scored, as stored.
type AttemptResult struct {
	Scores  []SubtestScore     `json:"scores"`
	Total   int                `json:"total"`
	Max     int                `json:"max"`
	Graded  bool               `json:"graded"`
	Passed  bool               `json:"passed"`
	Reasons []selection.Reason `json:"reasons"`
	// SHA256 is the digest of the attempt's canonical record
	// (AttemptRecord), hex.
	SHA256 string `json:"sha256"`
}

// AttemptRecord is the canonical JSON of a finished attempt's answers and
// scores, whose SHA-256 the attempt.finish event carries (docs/EXAM.md):
//
//	{"answers":[…],"attempt":ID,"scores":{"SUBTEST":N,…},"total":N,"v":1}
//
// answers holds one entry per item in the paper's order, the label saved
// ("A"–"E") or null for a blank; scores has every part's sub-test (keys
// sorted); no spaces, no HTML escaping, UTF-8 (RFC 8785 for these values).
func AttemptRecord(attemptID int64, answers []Answer, scores []SubtestScore, total int) []byte {
	// Written by hand (re-scoring builds one per attempt), byte for byte
	// what encoding/json writes for these values without HTML escaping.
	sc := make(map[string]int, len(scores))
	keys := make([]string, 0, len(scores))
	for _, s := range scores {
		if _, ok := sc[s.Subtest]; !ok {
			keys = append(keys, s.Subtest)
		}
		sc[s.Subtest] = s.Score
	}
	slices.Sort(keys)
	b := make([]byte, 0, 64+4*len(answers)+16*len(keys))
	b = append(b, `{"answers":[`...)
	for i, a := range answers {
		if i > 0 {
			b = append(b, ',')
		}
		if a == Blank {
			b = append(b, "null"...)
			continue
		}
		b = append(b, '"')
		b = append(b, a.Label()...)
		b = append(b, '"')
	}
	b = append(b, `],"attempt":`...)
	b = strconv.AppendInt(b, attemptID, 10)
	b = append(b, `,"scores":{`...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(sc[k]), 10)
	}
	b = append(b, `},"total":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	return append(b, `,"v":1}`...)
}

// appendJSONString appends s as encoding/json writes it without HTML
// escaping: printable ASCII other than the quote and the backslash as is,
// anything else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\'
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// AttemptDigest is the SHA-256 (hex) of AttemptRecord.
func AttemptDigest(attemptID int64, answers []Answer, scores []SubtestScore, total int) string {
	sum := sha256.Sum256(AttemptRecord(attemptID, answers, scores, total))
	return hex.EncodeToString(sum[:])
}

// Options returns the attempt's answers as Score takes them.
func (a *Attempt) Options() []Answer {
	out := make([]Answer, len(a.Answers))
	for i, s := range a.Answers {
		out[i] = s.Option
	}
	return out
}

// Finished reports whether the attempt is over (finished, or its time up
// at now).
func (a *Attempt) Finished(now time.Time) bool {
	return a.FinishedAt != nil || !now.Before(a.EndsAt)
}
