package training

import (
	"crypto/rand"
	"encoding/base32"
	"net/url"
	"slices"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// Bounds of what forms may say.
const (
	maxName      = 200
	maxText      = 2000
	maxJP        = 200
	maxCapacity  = 1000
	maxMeetings  = 60
	maxScore     = 100
	maxCostRp    = 1_000_000_000
	codeBytes    = 15 // 120 bits: 24 base32 characters
	minRating    = 1
	maxRating    = 5
	dateOnlyForm = time.DateOnly
)

// text checks and normalises a required (or optional) text field into f;
// maxLen over 500 means free text (several lines).
func text(f map[string]apperr.Msg, field string, v *string, required bool, maxLen int) {
	kind := textcheck.Line
	if maxLen > 500 {
		kind = textcheck.Multiline
	}
	c, p := textcheck.Clean(*v, kind)
	if p != nil {
		f[field] = p.Msg()
		return
	}
	*v = c
	switch {
	case c == "" && required:
		f[field] = apperr.M("training.required")
	case len([]rune(c)) > maxLen:
		f[field] = apperr.M("training.too_long", "max", maxLen)
	}
}

// NewInstitution is what the admin types for an institution.
type NewInstitution struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Contact string `json:"contact"`
}

func (n *NewInstitution) check() map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	text(f, "name", &n.Name, true, maxName)
	text(f, "address", &n.Address, false, maxName)
	text(f, "contact", &n.Contact, false, maxName)
	return f
}

// NewAgreement is an agreement as typed.
type NewAgreement struct {
	Number   string `json:"number"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on"`
	Scope    string `json:"scope"`
}

func (n *NewAgreement) check() map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	text(f, "number", &n.Number, true, maxName)
	text(f, "scope", &n.Scope, true, maxText)
	n.StartsOn, n.EndsOn = strings.TrimSpace(n.StartsOn), strings.TrimSpace(n.EndsOn)
	a, errA := time.Parse(dateOnlyForm, n.StartsOn)
	b, errB := time.Parse(dateOnlyForm, n.EndsOn)
	if errA != nil {
		f["starts_on"] = apperr.M("training.date")
	}
	if errB != nil {
		f["ends_on"] = apperr.M("training.date")
	} else if errA == nil && b.Before(a) {
		f["ends_on"] = apperr.M("training.ends_before")
	}
	return f
}

// NewProgramme is a programme as typed.
type NewProgramme struct {
	Title         string   `json:"title"`
	Topic         string   `json:"topic"`
	JP            int      `json:"jp"`
	Mode          string   `json:"mode"`
	Cost          *int64   `json:"cost"`
	Description   string   `json:"description"`
	Competencies  []string `json:"competencies"`
	Prerequisites []int64  `json:"prerequisites"`
}

func (n *NewProgramme) check() map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	text(f, "title", &n.Title, true, maxName)
	text(f, "description", &n.Description, false, maxText)
	if !slices.Contains(Topics(), n.Topic) {
		f["topic"] = apperr.M("training.topic")
	}
	if !slices.Contains(Modes(), n.Mode) {
		f["mode"] = apperr.M("training.mode")
	}
	if n.JP < 1 || n.JP > maxJP {
		f["jp"] = apperr.M("training.jp", "max", maxJP)
	}
	if n.Cost != nil && (*n.Cost < 0 || *n.Cost > maxCostRp) {
		f["cost"] = apperr.M("training.cost")
	}
	n.Competencies = slices.Clone(n.Competencies)
	slices.Sort(n.Competencies)
	n.Competencies = slices.Compact(n.Competencies)
	for _, c := range n.Competencies {
		if _, ok := CompetencyByKey(c); !ok {
			f["competencies"] = apperr.M("training.competency")
		}
	}
	if len(n.Competencies) == 0 {
		f["competencies"] = apperr.M("training.competency")
	}
	n.Prerequisites = slices.Clone(n.Prerequisites)
	slices.Sort(n.Prerequisites)
	n.Prerequisites = slices.Compact(n.Prerequisites)
	return f
}

// NewSession is a session as typed. Times are instants (the form reads
// them in WIB); MinAttendance and PassScore 0 take the defaults.
type NewSession struct {
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Place         string    `json:"place"`
	OnlineURL     string    `json:"online_url"`
	Capacity      int       `json:"capacity"`
	TrainerID     int64     `json:"trainer_id"`
	Meetings      int       `json:"meetings"`
	MinAttendance int       `json:"min_attendance"`
	PassScore     int       `json:"pass_score"`
}

func (n *NewSession) check() map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	if n.StartsAt.IsZero() {
		f["starts_at"] = apperr.M("training.time")
	}
	if n.EndsAt.IsZero() {
		f["ends_at"] = apperr.M("training.time")
	} else if !n.StartsAt.IsZero() && !n.EndsAt.After(n.StartsAt) {
		f["ends_at"] = apperr.M("training.ends_before")
	}
	text(f, "place", &n.Place, false, maxName)
	text(f, "online_url", &n.OnlineURL, false, maxName)
	if n.OnlineURL != "" {
		if u, err := url.Parse(n.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f["online_url"] = apperr.M("training.url")
		}
	}
	if n.Place == "" && n.OnlineURL == "" && f["online_url"].Key == "" {
		f["place"] = apperr.M("training.place")
	}
	if n.Capacity < 1 || n.Capacity > maxCapacity {
		f["capacity"] = apperr.M("training.capacity", "max", maxCapacity)
	}
	if n.Meetings < 1 || n.Meetings > maxMeetings {
		f["meetings"] = apperr.M("training.meetings", "max", maxMeetings)
	}
	if n.MinAttendance == 0 {
		n.MinAttendance = DefaultMinAttendance
	}
	if n.PassScore == 0 {
		n.PassScore = DefaultPassScore
	}
	if n.MinAttendance < 1 || n.MinAttendance > 100 {
		f["min_attendance"] = apperr.M("training.percent")
	}
	if n.PassScore < 1 || n.PassScore > maxScore {
		f["pass_score"] = apperr.M("training.score")
	}
	return f
}

// Passes is the completion rule: attended at least minAttendance per cent
// of the meetings and scored at least passScore in the post-test (none:
// not passed). Pure.
func Passes(present, meetings, minAttendance int, post *int, passScore int) bool {
	if meetings <= 0 || post == nil {
		return false
	}
	return present*100 >= minAttendance*meetings && *post >= passScore
}

// AttendancePercent is present out of meetings, in whole per cent rounded down.
func AttendancePercent(present, meetings int) int {
	if meetings <= 0 {
		return 0
	}
	return present * 100 / meetings
}

// newCode draws a certificate's verification code: 120 random bits from
// crypto/rand, 24 base32 characters.
func newCode() (string, error) {
	b := make([]byte, codeBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b), nil
}

// NormalCode is a typed verification code as stored: upper case, no
// spaces or hyphens.
func NormalCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}
