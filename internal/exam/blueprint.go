package exam

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/selection"
	"asnpro/internal/textcheck"
)

// Part is how many items of one sub-test a paper holds.
type Part struct {
	Subtest string `json:"subtest"`
	Count   int    `json:"count"`
}

// Passing is a blueprint's passing rule: the grade of each category
// (selection's categories, by name: umum, cumlaude, …), applied by the
// rules engine's scheme named Scheme (whose grades they started from).
type Passing struct {
	Scheme string                     `json:"scheme"`
	Grades map[string]selection.Grade `json:"grades"`
}

// Blueprint is what every paper of a test holds and how long it lasts.
type Blueprint struct {
	ID   int64
	Name string
	// Parts in the order a paper presents them.
	Parts   []Part
	Minutes int
	// ExtraMinutes is the time added for a blind participant.
	ExtraMinutes int
	// Passing is nil when no passing grade applies (a practice round, an
	// SKB scored without one); it needs the parts TWK, TIU and TKP.
	Passing   *Passing
	CreatedAt time.Time
}

// Limits on a blueprint.
const (
	maxParts      = 20
	maxPartCount  = 500
	maxPaperItems = 1000
	maxMinutes    = 600
	maxName       = 200
)

// SKD2024 is the national SKD of 2024: TWK 30, TIU 35, TKP 45 items in 100
// minutes, 30 more for blind applicants, and the passing grades of
// KepmenPANRB 321/2024 per category, taken from the rules engine's
// cpns-2024 scheme.
func SKD2024() Blueprint {
	s := selection.CPNS2024()
	p := &Passing{Scheme: s.Name, Grades: map[string]selection.Grade{}}
	for _, c := range selection.Categories() {
		p.Grades[c.String()] = s.Grades[c]
	}
	return Blueprint{
		Name:         "SKD 2024",
		Parts:        []Part{{TWK, 30}, {TIU, 35}, {TKP, 45}},
		Minutes:      100,
		ExtraMinutes: 30,
		Passing:      p,
	}
}

// Items is the number of items of a paper.
func (b *Blueprint) Items() int {
	n := 0
	for _, p := range b.Parts {
		n += p.Count
	}
	return n
}

// count returns the count of sub-test s (0 when it is not a part).
func (b *Blueprint) count(s string) int {
	for _, p := range b.Parts {
		if p.Subtest == s {
			return p.Count
		}
	}
	return 0
}

// Validate cleans the name in place and checks the blueprint. Errors:
// invalid, with field messages on name, parts, parts.N.subtest,
// parts.N.count (N from 0), minutes, extra_minutes and passing.
func (b *Blueprint) Validate() error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "name", &b.Name, textcheck.Line) {
		if b.Name == "" || utf8.RuneCountInString(b.Name) > maxName {
			f["name"] = apperr.M("exam.blueprint.name", "max", maxName)
		}
	}
	checkParts(f, b.Parts)
	if b.Minutes < 1 || b.Minutes > maxMinutes {
		f["minutes"] = apperr.M("exam.blueprint.minutes", "max", maxMinutes)
	}
	if b.ExtraMinutes < 0 || b.ExtraMinutes > maxMinutes {
		f["extra_minutes"] = apperr.M("exam.blueprint.extra_minutes", "max", maxMinutes)
	}
	if b.Passing != nil {
		if _, err := b.scheme(); err != nil {
			f["passing"] = apperr.As(err).Msg
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

func checkParts(f map[string]apperr.Msg, parts []Part) {
	if len(parts) == 0 || len(parts) > maxParts {
		f["parts"] = apperr.M("exam.blueprint.parts", "max", maxParts)
		return
	}
	seen := map[string]bool{}
	total := 0
	for i := range parts {
		p := &parts[i]
		p.Subtest = strings.TrimSpace(p.Subtest)
		key := fmt.Sprintf("parts.%d.", i)
		switch {
		case !ValidSubtest(p.Subtest):
			f[key+"subtest"] = apperr.M("exam.item.subtest")
		case seen[p.Subtest]:
			f[key+"subtest"] = apperr.M("exam.blueprint.part_twice", "subtest", p.Subtest)
		}
		seen[p.Subtest] = true
		if p.Count < 1 || p.Count > maxPartCount {
			f[key+"count"] = apperr.M("exam.blueprint.count", "max", maxPartCount)
		}
		total += max(p.Count, 0)
	}
	if total > maxPaperItems {
		f["parts"] = apperr.M("exam.blueprint.too_many", "max", maxPaperItems)
	}
}

// scheme returns the rules engine's scheme that applies b's passing grades:
// the named scheme with b's grades and maxima from b's counts. Errors:
// invalid (the message only, for the field passing).
func (b *Blueprint) scheme() (selection.Scheme, error) {
	p := b.Passing
	s, err := selection.LookupScheme(p.Scheme)
	if err != nil {
		return s, apperr.E(apperr.Invalid, "exam.blueprint.scheme", "schemes", strings.Join(selection.SchemeNames(), ", "))
	}
	if b.count(TWK) == 0 || b.count(TIU) == 0 || b.count(TKP) == 0 {
		return s, apperr.E(apperr.Invalid, "exam.blueprint.passing_parts")
	}
	s.MaxTWK, s.MaxTIU, s.MaxTKP = b.count(TWK)*KeyPoints, b.count(TIU)*KeyPoints, b.count(TKP)*MaxWeight
	s.ItemPoints = KeyPoints
	for name := range p.Grades {
		if _, ok := selection.ParseCategory(name); !ok {
			return s, apperr.E(apperr.Invalid, "exam.blueprint.category", "category", name)
		}
	}
	for _, c := range selection.Categories() {
		g, ok := p.Grades[c.String()]
		if !ok {
			return s, apperr.E(apperr.Invalid, "exam.blueprint.grade_missing", "category", c.String())
		}
		s.Grades[c] = g
	}
	if s.Validate() != nil {
		return s, apperr.E(apperr.Invalid, "exam.blueprint.grades")
	}
	return s, nil
}
