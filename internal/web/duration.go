package web

import (
	"math"
	"strings"
)

// Duration writes a span of seconds as people read it, in the page's
// language: the two largest units ("309 hari 2 jam", "3 hours 5 minutes"),
// minutes for a short one, "—" when there is nothing to measure (count 0).
func (p *page) Duration(seconds float64, count int) string { return duration(p.Lang, seconds, count) }

func duration(lang string, seconds float64, count int) string {
	if count == 0 || math.IsNaN(seconds) || seconds < 0 {
		return "—"
	}
	s := int64(math.Round(seconds))
	if s < 60 {
		return T(lang, "fixstaff.dur.under_minute")
	}
	days, hours, minutes := s/86400, s%86400/3600, s%3600/60
	unit := func(n int64, one, many string) string {
		if n == 1 {
			return T(lang, one, "n", n)
		}
		return T(lang, many, "n", n)
	}
	var parts []string
	switch {
	case days > 0:
		parts = append(parts, unit(days, "fixstaff.dur.day", "fixstaff.dur.days"))
		if hours > 0 {
			parts = append(parts, unit(hours, "fixstaff.dur.hour", "fixstaff.dur.hours"))
		}
	case hours > 0:
		parts = append(parts, unit(hours, "fixstaff.dur.hour", "fixstaff.dur.hours"))
		if minutes > 0 {
			parts = append(parts, unit(minutes, "fixstaff.dur.minute", "fixstaff.dur.minutes"))
		}
	default:
		parts = append(parts, unit(minutes, "fixstaff.dur.minute", "fixstaff.dur.minutes"))
	}
	return strings.Join(parts, " ")
}
