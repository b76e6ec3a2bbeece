package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
)

// MaxShownProblems is how many problems a refused import names; the
// refusal counts them all.
const MaxShownProblems = 100

// Problems is the row report of an import that stores a whole file or
// nothing: each problem is a message on a line and a column of the file.
// Err is the refusal: invalid, its message the key Refusal with {n} (the
// count of all problems), {shown} (a note when not all are shown) and
// {problems} (the first MaxShownProblems, each "line L, column C: …"),
// its field messages keyed "line.column" ([ProblemsOf] reads them back).
// The zero value is ready to use.
type Problems struct {
	// Refusal is the catalogue key of the refusal ("": report.import.rejected).
	Refusal string
	// Column names the file's column of a field of an error given to
	// AddError (nil: the field's own name).
	Column func(field string) string
	n      int
	shown  i18n.Phrases
	fields map[string]apperr.Msg
}

// Add reports the problem key (with its arguments) of column col on line.
func (p *Problems) Add(line int, col, key string, args ...any) {
	p.n++
	if len(p.shown) >= MaxShownProblems {
		return
	}
	p.shown = append(p.shown, i18n.P("report.import.at", "line", line, "column", col, "problem", i18n.P(key, args...)))
	if p.fields == nil {
		p.fields = map[string]apperr.Msg{}
	}
	p.fields[fmt.Sprintf("%d.%s", line, col)] = apperr.M(key, args...)
}

// AddError reports the messages of e on line: each field's message on the
// field's column, in the order of the fields' names; without field
// messages, e's own message on column col.
func (p *Problems) AddError(line int, col string, e *apperr.Error) {
	if len(e.FieldMsgs) == 0 {
		m := e.Msg
		if m.Key == "" {
			m = apperr.M("error.invalid")
		}
		p.Add(line, col, m.Key, m.Args...)
		return
	}
	names := make([]string, 0, len(e.FieldMsgs))
	for k := range e.FieldMsgs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		m := e.FieldMsgs[k]
		if p.Column != nil {
			k = p.Column(k)
		}
		p.Add(line, k, m.Key, m.Args...)
	}
}

// Count is the number of problems reported, shown or not.
func (p *Problems) Count() int { return p.n }

// Err is the import's refusal (invalid) naming the problems shown; nil
// without problems.
func (p *Problems) Err() error {
	if p.n == 0 {
		return nil
	}
	var shown any = ""
	if p.n > len(p.shown) {
		shown = i18n.P("report.import.first_shown", "n", len(p.shown))
	}
	refusal := p.Refusal
	if refusal == "" {
		refusal = "report.import.rejected"
	}
	return &apperr.Error{Code: apperr.Invalid, Msg: apperr.M(refusal, "n", p.n, "shown", shown, "problems", p.shown),
		FieldMsgs: p.fields}
}

// Problem is one problem of a refused import as [ProblemsOf] reads it.
type Problem struct {
	Line   int
	Column string
	Msg    apperr.Msg
}

// ProblemsOf reads back the refusal of [Problems.Err]: the problems shown,
// by line and then column, and the count of all (at least those shown).
// An error without "line.column" field messages has none: nil, 0.
func ProblemsOf(e *apperr.Error) ([]Problem, int) {
	var shown []Problem
	for k, m := range e.FieldMsgs {
		line, col, ok := strings.Cut(k, ".")
		n, err := strconv.Atoi(line)
		if ok && err == nil {
			shown = append(shown, Problem{Line: n, Column: col, Msg: m})
		}
	}
	if len(shown) == 0 {
		return nil, 0
	}
	sort.Slice(shown, func(i, j int) bool {
		a, b := shown[i], shown[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return shown, max(len(shown), countArg(e.Msg))
}

// countArg is the whole number given as {n} of m (0 when none).
func countArg(m apperr.Msg) int {
	for i := 0; i+1 < len(m.Args); i += 2 {
		if n, ok := m.Args[i+1].(int); ok && m.Args[i] == "n" {
			return n
		}
	}
	return 0
}
