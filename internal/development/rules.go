package development

import (
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// RequiredJP is the yearly minimum of competency development for a PNS:
// PP 11/2017 Pasal 203(4) as amended by PP 17/2020.
const RequiredJP = 20

// Limits of a record's JP: an external training is at most MaxExternalJP
// (a fortnight's full-time course, 10 JP a day); a credited training at
// most MaxCreditJP (Latsar and the long leadership courses included).
const (
	MaxExternalJP = 200
	MaxCreditJP   = 1000
)

// Where a record comes from.
const (
	SourceTraining = "training"
	SourceExternal = "external"
)

// Statuses of a record. Approved records count.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
	StatusRevoked  = "revoked"
)

// Employee kinds and statuses as workforce keeps them.
const (
	kindPNS      = "pns"
	statusCPNS   = "cpns"
	statusActive = "aktif"
)

const (
	maxTitle  = 200
	maxReason = 500
)

var wib = time.FixedZone("WIB", 7*3600)

// WIB is the zone the calendar year is counted in.
func WIB() *time.Location { return wib }

// YearOf is the WIB calendar year of t.
func YearOf(t time.Time) int { return t.In(wib).Year() }

// Bound reports whether the 20-JP minimum binds an employee of a kind and
// status: a PNS in service (CPNS in probation or aktif). A PPPK's
// development is a right without this minimum (PP 49/2018 Pasal 39); an
// employee on unpaid leave or who has left is not counted.
func Bound(kind, status string) bool {
	return kind == kindPNS && (status == statusCPNS || status == statusActive)
}

// Standing is where an employee stands against the minimum in a year.
type Standing struct {
	Total     int // JP that count (approved)
	Required  int // RequiredJP when bound, else 0
	Compliant bool
	Shortfall int // JP still missing, 0 when compliant
}

// Evaluate is the 20-JP rule (pure): total JP against the minimum when it
// binds the employee.
func Evaluate(total int, bound bool) Standing {
	s := Standing{Total: total}
	if bound {
		s.Required = RequiredJP
	}
	s.Shortfall = max(0, s.Required-total)
	s.Compliant = s.Shortfall == 0
	return s
}

// CheckJP reports whether jp is a whole number of hours in 1..limit.
func CheckJP(jp, limit int) bool { return jp >= 1 && jp <= limit }

// ParseYear reads a year as a page or the API gives it: "" is the year of
// now (WIB); otherwise four digits from 2000 to next year. Errors: invalid
// on "year".
func ParseYear(s string, now time.Time) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return YearOf(now), nil
	}
	y := 0
	if len(s) != 4 {
		return 0, invalid("year", "development.year")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, invalid("year", "development.year")
		}
		y = y*10 + int(c-'0')
	}
	if y < 2000 || y > YearOf(now)+1 {
		return 0, invalid("year", "development.year")
	}
	return y, nil
}

// External is a training elsewhere as the employee submits it.
type External struct {
	Title       string
	Institution string
	JP          int
	CompletedOn string // YYYY-MM-DD (WIB)
}

// validate cleans the texts and checks the record against now: a title
// and institution, JP in 1..MaxExternalJP, a completion date this WIB
// year or last, not in the future. Errors: invalid, by field.
func (x *External) validate(now time.Time) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "title", &x.Title, textcheck.Line) && (x.Title == "" || utf8.RuneCountInString(x.Title) > maxTitle) {
		f["title"] = apperr.M("development.title", "max", maxTitle)
	}
	if textcheck.FieldMsg(f, "institution", &x.Institution, textcheck.Line) &&
		(x.Institution == "" || utf8.RuneCountInString(x.Institution) > maxTitle) {
		f["institution"] = apperr.M("development.institution", "max", maxTitle)
	}
	if !CheckJP(x.JP, MaxExternalJP) {
		f["jp"] = apperr.M("development.jp", "max", MaxExternalJP)
	}
	x.CompletedOn = strings.TrimSpace(x.CompletedOn)
	if d, err := time.ParseInLocation(time.DateOnly, x.CompletedOn, wib); err != nil || !onOrBefore(d, now) ||
		d.Year() < YearOf(now)-1 {
		f["completed_on"] = apperr.M("development.completed_on")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// onOrBefore: the WIB day d is today (of now) or earlier.
func onOrBefore(d, now time.Time) bool {
	return d.Format(time.DateOnly) <= now.In(wib).Format(time.DateOnly)
}

// checkCredit checks a training's credit. Errors: invalid, by field.
func (c *Credit) check() error {
	f := map[string]apperr.Msg{}
	if c.EmployeeID <= 0 {
		f["employee_id"] = apperr.M("development.employee")
	}
	if textcheck.FieldMsg(f, "title", &c.Title, textcheck.Line) && (c.Title == "" || utf8.RuneCountInString(c.Title) > maxTitle) {
		f["title"] = apperr.M("development.title", "max", maxTitle)
	}
	if textcheck.FieldMsg(f, "institution", &c.Institution, textcheck.Line) && utf8.RuneCountInString(c.Institution) > maxTitle {
		f["institution"] = apperr.M("development.institution", "max", maxTitle)
	}
	if !CheckJP(c.JP, MaxCreditJP) {
		f["jp"] = apperr.M("development.jp", "max", MaxCreditJP)
	}
	if c.CompletedOn.IsZero() {
		f["completed_on"] = apperr.M("development.completed_on")
	}
	c.Ref = strings.TrimSpace(c.Ref)
	if c.Ref == "" || len(c.Ref) > maxTitle {
		f["ref"] = apperr.M("development.ref")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// CheckDecision checks a decision before it is confirmed: a rejection
// needs a reason. Errors: invalid on "reason".
func CheckDecision(approve bool, reason string) error { return checkDecision(approve, &reason) }

// checkDecision: a rejection needs a reason. Errors: invalid on "reason".
func checkDecision(approve bool, reason *string) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "reason", reason, textcheck.Multiline) && utf8.RuneCountInString(*reason) > maxReason {
		f["reason"] = apperr.M("development.reason", "max", maxReason)
	}
	if !approve && *reason == "" && f["reason"].Key == "" {
		f["reason"] = apperr.M("development.reason", "max", maxReason)
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

func invalid(field, key string, args ...any) error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{field: apperr.M(key, args...)})
}
