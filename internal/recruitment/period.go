package recruitment

import (
	"strings"
	"time"

	"asnpro/internal/i18n"
	"asnpro/internal/textcheck"
)

// Kinds of period.
const (
	KindCPNS  = "cpns"
	KindPPPK  = "pppk"
	KindJPT   = "jpt" // seleksi terbuka jabatan pimpinan tinggi
	KindOther = "other"
)

var kinds = []string{KindCPNS, KindPPPK, KindJPT, KindOther}

// Timeline is a period's schedule. Instants are UTC; they are shown and
// judged in the period's time zone (WIB for Kota Palangka Raya).
type Timeline struct {
	AnnounceAt      time.Time  `json:"announce_at"`
	RegOpenAt       time.Time  `json:"registration_open_at"`
	RegCloseAt      time.Time  `json:"registration_close_at"`
	AdminAnnounceAt time.Time  `json:"administration_announce_at"`
	AppealDays      int        `json:"appeal_days"`
	SKDAt           *time.Time `json:"skd_at,omitempty"`
	SKBAt           *time.Time `json:"skb_at,omitempty"`
	FinalAt         *time.Time `json:"final_at,omitempty"`
}

// Phases of a published period, in the order time moves through them.
const (
	PhaseDraft          = "draft"
	PhaseAnnounced      = "announcement"
	PhaseRegistration   = "registration"
	PhaseVerification   = "verification"
	PhaseAdministration = "administration"
	PhaseAppeal         = "appeal"
	PhaseSKD            = "skd"
	PhaseSKB            = "skb"
	PhaseFinal          = "final"
)

// Period is a recruitment round.
type Period struct {
	ID            int64
	Name          string
	Agency        string
	Kind          string
	TimeZone      string
	ReferenceDate string // YYYY-MM-DD: age is judged on this date
	Timeline
	PublishedAt *time.Time
	// AdminAnnouncedAt is when the administration results were first
	// announced (nil before): the appeal window runs from it.
	AdminAnnouncedAt *time.Time
	CreatedAt        time.Time
	// CatalogVersion grows with every change to what the period's formation
	// list shows; SubmittedTotal (submitted applications) only grows. A copy
	// of the list made at the same pair is still true.
	CatalogVersion, SubmittedTotal int64
	UpdatedAt                      time.Time
	// Source is where its applicants come from: SourceLocal (registration
	// here) or SourceSSCASN (a national round, imported).
	Source string
}

// Location is the period's time zone.
func (p *Period) Location() *time.Location {
	if l, err := time.LoadLocation(p.TimeZone); err == nil {
		return l
	}
	return time.FixedZone("WIB", 7*3600)
}

// AppealWindowEnd is when an appeal window opened by an announcement at
// announced closes: the end (23:59:59) of the days-th calendar day after
// the day of the announcement, in loc (DESIGN §6: sanggah, 3 calendar days
// after the announcement, WIB). Every deadline shown or enforced comes
// from here, through Period.AppealEnds and Period.AppealEndsAfter.
func AppealWindowEnd(announced time.Time, loc *time.Location, days int) time.Time {
	a := announced.In(loc)
	return time.Date(a.Year(), a.Month(), a.Day()+days, 23, 59, 59, 0, loc).UTC()
}

// AppealEnds is when the period's appeal window closes: AppealDays
// calendar days after the administration announcement — the first one
// published (results may be published before the scheduled date), or the
// scheduled date while none is.
func (p *Period) AppealEnds() time.Time { return p.AppealEndsAfter(nil) }

// AppealEndsAfter is when the appeal window of an application closes
// whose result was first announced at listed: the same rule as AppealEnds,
// from listed (an application submitted after an early publication is
// first listed in a later version); nil: the period's window.
func (p *Period) AppealEndsAfter(listed *time.Time) time.Time {
	from := p.AdminAnnounceAt
	switch {
	case listed != nil:
		from = *listed
	case p.AdminAnnouncedAt != nil:
		from = *p.AdminAnnouncedAt
	}
	return AppealWindowEnd(from, p.Location(), p.AppealDays)
}

// Phase is where the period stands at now. The status moves only forward,
// because it follows the published timeline; a draft has no phase.
func (p *Period) Phase(now time.Time) string {
	if p.PublishedAt == nil {
		return PhaseDraft
	}
	switch {
	case now.Before(p.RegOpenAt):
		return PhaseAnnounced
	case now.Before(p.RegCloseAt):
		return PhaseRegistration
	case p.AdminAnnouncedAt == nil && now.Before(p.AdminAnnounceAt):
		return PhaseVerification
	case now.Before(p.AppealEnds()):
		return PhaseAppeal
	case p.SKDAt != nil && now.Before(*p.SKDAt):
		return PhaseAdministration
	case p.SKBAt != nil && now.Before(*p.SKBAt):
		return PhaseSKD
	case p.FinalAt != nil && now.Before(*p.FinalAt):
		return PhaseSKB
	case p.FinalAt != nil:
		return PhaseFinal
	}
	return PhaseAdministration
}

// RegistrationOpen reports whether applicants may change applications now.
func (p *Period) RegistrationOpen(now time.Time) bool {
	return p.PublishedAt != nil && !now.Before(p.RegOpenAt) && now.Before(p.RegCloseAt)
}

// NewPeriod is what CreatePeriod takes.
// Its JSON names are those of the period.create audit record.
type NewPeriod struct {
	Name          string   `json:"name"`
	Agency        string   `json:"agency"`
	Kind          string   `json:"kind"`
	TimeZone      string   `json:"time_zone"`
	ReferenceDate string   `json:"reference_date"`
	Timeline      Timeline `json:"timeline"`
}

func (n *NewPeriod) validate() error {
	f := fieldMsgs{}
	f.text("name", &n.Name, textcheck.Line)
	f.text("agency", &n.Agency, textcheck.Line)
	if n.Agency == "" {
		n.Agency = "Pemerintah Kota Palangka Raya"
	}
	if n.TimeZone == "" {
		n.TimeZone = "Asia/Jakarta"
	}
	if !f.has("name") && (n.Name == "" || len(n.Name) > 200) {
		f.set("name", "recruitment.period.name")
	}
	if !contains(kinds, n.Kind) {
		f.set("kind", "recruitment.period.kind", "kinds", strings.Join(kinds, ", "))
	}
	if _, err := time.LoadLocation(n.TimeZone); err != nil {
		f.set("time_zone", "recruitment.period.time_zone")
	}
	if _, err := time.Parse(time.DateOnly, n.ReferenceDate); err != nil {
		f.set("reference_date", "recruitment.period.reference_date")
	}
	n.Timeline.validate(f, n.Kind)
	return f.err()
}

// MinCPNSAppealDays is the shortest appeal window of a CPNS round: three
// calendar days after the administration announcement (DESIGN.md).
const MinCPNSAppealDays = 3

// validate checks the order of the timeline's steps and the appeal days.
func (t Timeline) validate(f fieldMsgs, kind string) {
	order := []struct {
		key string
		at  time.Time
	}{{"announce_at", t.AnnounceAt}, {"registration_open_at", t.RegOpenAt}, {"registration_close_at", t.RegCloseAt},
		{"administration_announce_at", t.AdminAnnounceAt}}
	for i, o := range order {
		if o.at.IsZero() {
			f.set("timeline."+o.key, "error.required")
		} else if i > 0 && !order[i-1].at.IsZero() && !o.at.After(order[i-1].at) {
			f.set("timeline."+o.key, "recruitment.period.after", "step", i18n.Key("recruitment.period.step."+order[i-1].key))
		}
	}
	if t.AppealDays < 0 || t.AppealDays > 30 {
		f.set("timeline.appeal_days", "recruitment.period.appeal_days")
	}
	if t.AppealDays < MinCPNSAppealDays && kind == KindCPNS {
		f.set("timeline.appeal_days", "recruitment.period.appeal_cpns", "days", MinCPNSAppealDays)
	}
	prev := t.AdminAnnounceAt
	for _, o := range []struct {
		key string
		at  *time.Time
	}{{"skd_at", t.SKDAt}, {"skb_at", t.SKBAt}, {"final_at", t.FinalAt}} {
		if o.at != nil {
			if !o.at.After(prev) {
				f.set("timeline."+o.key, "recruitment.period.after_previous")
			}
			prev = *o.at
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
