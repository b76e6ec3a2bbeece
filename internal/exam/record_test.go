package exam

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// recordByEncodingJSON is the canonical record as encoding/json writes it,
// the definition AttemptRecord must match byte for byte.
func recordByEncodingJSON(attemptID int64, answers []Answer, scores []SubtestScore, total int) []byte {
	labels := make([]*string, len(answers))
	for i, a := range answers {
		if a != Blank {
			l := a.Label()
			labels[i] = &l
		}
	}
	sc := make(map[string]int, len(scores))
	for _, s := range scores {
		sc[s.Subtest] = s.Score
	}
	rec := struct {
		Answers []*string      `json:"answers"`
		Attempt int64          `json:"attempt"`
		Scores  map[string]int `json:"scores"`
		Total   int            `json:"total"`
		V       int            `json:"v"`
	}{labels, attemptID, sc, total, 1}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(rec)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestAttemptRecordMatchesEncodingJSON: the hand-written record is what
// encoding/json writes, for any answers (blank, A–E, out of range) and any
// sub-test names (duplicates, quotes, HTML characters, control characters,
// non-ASCII, invalid UTF-8).
func TestAttemptRecordMatchesEncodingJSON(t *testing.T) {
	names := []string{TWK, TIU, TKP, "Teknis / Analis (IT)", `a"b`, `c\d`, "<&>", "tab\there", "nl\n", "Ünïcode", "\u2028",
		"bad\xff", "", "z"}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 2000 {
		answers := make([]Answer, r.IntN(120))
		for j := range answers {
			answers[j] = Answer(r.IntN(8))
		}
		scores := make([]SubtestScore, r.IntN(5))
		for j := range scores {
			scores[j] = SubtestScore{Subtest: names[r.IntN(len(names))], Score: r.IntN(600) - 50}
		}
		id, total := r.Int64()-r.Int64(), r.IntN(2000)-100
		got, want := AttemptRecord(id, answers, scores, total), recordByEncodingJSON(id, answers, scores, total)
		if !bytes.Equal(got, want) {
			t.Fatalf("case %d:\n%s\nwant\n%s", i, got, want)
		}
	}
}
