package culture

import (
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// Limits of a socialisation session.
const (
	MinQuestions = 3
	MaxQuestions = 10
	MinOptions   = 2
	MaxOptions   = 5
	MaxSessionJP = 8
	maxPlace     = 300 // characters of a place or an online link
	maxQuestion  = 500 // characters of a question or an option
)

// Question is one multiple-choice question of a session's quiz: its text,
// its options, and the index of the correct one.
type Question struct {
	Text    string   `json:"text"`
	Options []string `json:"options"`
	Correct int      `json:"correct"`
}

// NewSession is a socialisation session as the organiser writes it.
// Times are instants (pages read and show them in WIB); JP 0 means
// attending is not counted as JP.
type NewSession struct {
	Title  string
	Starts time.Time
	Ends   time.Time
	Place  string // a place or an online link
	JP     int
	Quiz   []Question
}

func (n *NewSession) check() error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "title", &n.Title, textcheck.Line) {
		if l := utf8.RuneCountInString(n.Title); l < MinTitle || l > MaxTitle {
			f["title"] = apperr.M("culture.title", "min", MinTitle, "max", MaxTitle)
		}
	}
	if textcheck.FieldMsg(f, "place", &n.Place, textcheck.Line) {
		if l := utf8.RuneCountInString(n.Place); l == 0 || l > maxPlace {
			f["place"] = apperr.M("socialisation.place", "max", maxPlace)
		}
	}
	switch {
	case n.Starts.IsZero():
		f["starts"] = apperr.M("socialisation.starts")
	case !n.Ends.After(n.Starts):
		f["ends"] = apperr.M("socialisation.ends")
	}
	if n.JP < 0 || n.JP > MaxSessionJP {
		f["jp"] = apperr.M("socialisation.jp", "max", MaxSessionJP)
	}
	if key, args := checkQuiz(n.Quiz); key != "" {
		f["quiz"] = apperr.M(key, args...)
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// checkQuiz cleans the quiz's texts in place and returns the message key
// (with its arguments) of what is wrong, or "".
func checkQuiz(qs []Question) (string, []any) {
	if len(qs) < MinQuestions || len(qs) > MaxQuestions {
		return "socialisation.quiz_count", []any{"min", MinQuestions, "max", MaxQuestions}
	}
	for i := range qs {
		q := &qs[i]
		if len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
			return "socialisation.quiz_options", []any{"n", i + 1, "min", MinOptions, "max", MaxOptions}
		}
		if q.Correct < 0 || q.Correct >= len(q.Options) {
			return "socialisation.quiz_correct", []any{"n", i + 1}
		}
		texts := append([]string{q.Text}, q.Options...)
		for j := range texts {
			v, p := textcheck.Clean(texts[j], textcheck.Line)
			if p != nil || v == "" || utf8.RuneCountInString(v) > maxQuestion {
				return "socialisation.quiz_text", []any{"n", i + 1, "max", maxQuestion}
			}
			texts[j] = v
		}
		q.Text, q.Options = texts[0], texts[1:]
	}
	return "", nil
}

// ParseQuiz reads a quiz as the organiser types it: blocks separated by an
// empty line, each a question on its first line and its options on the
// next ones, the correct option marked with a leading "*". A block without
// exactly one marked option gets Correct -1 (refused by the check).
func ParseQuiz(s string) []Question {
	var out []Question
	for _, block := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(block, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		q := Question{Text: lines[0], Correct: -1}
		marked := 0
		for _, o := range lines[1:] {
			if rest, ok := strings.CutPrefix(o, "*"); ok {
				q.Correct, o = len(q.Options), strings.TrimSpace(rest)
				marked++
			}
			q.Options = append(q.Options, o)
		}
		if marked != 1 {
			q.Correct = -1
		}
		out = append(out, q)
	}
	return out
}

// QuizText writes a quiz back in the form ParseQuiz reads.
func QuizText(qs []Question) string {
	var b strings.Builder
	for i, q := range qs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(q.Text + "\n")
		for j, o := range q.Options {
			if j == q.Correct {
				b.WriteString("*")
			}
			b.WriteString(o + "\n")
		}
	}
	return b.String()
}

// Score counts the correct answers (answers[i]: the option chosen for
// question i); ok is false unless every question has one valid answer.
func Score(qs []Question, answers []int) (score int, ok bool) {
	if len(answers) != len(qs) {
		return 0, false
	}
	for i, q := range qs {
		if answers[i] < 0 || answers[i] >= len(q.Options) {
			return 0, false
		}
		if answers[i] == q.Correct {
			score++
		}
	}
	return score, true
}
