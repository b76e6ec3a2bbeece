package training

import (
	"testing"
	"time"
)

// TestPastSpansStayInTheYear: whatever instant the demo starts — the
// year's first instant, its first minute, any day — the completed
// sessions end by now and their completion dates fall in now's WIB year.
func TestPastSpansStayInTheYear(t *testing.T) {
	t.Parallel()
	jan1 := time.Date(2027, 1, 1, 0, 0, 0, 0, wib)
	for _, now := range []time.Time{jan1, jan1.Add(time.Second), jan1.Add(30 * time.Second), jan1.Add(5 * time.Minute),
		jan1.Add(7 * time.Hour), time.Date(2026, 12, 31, 23, 59, 59, 0, wib), time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC)} {
		year := now.In(wib).Format("2006")
		for i, sp := range pastSpans(now) {
			start, end := sp[0], sp[1]
			if !end.After(start) || end.After(now) {
				t.Errorf("now %v: span %d %v – %v does not end by now", now, i, start, end)
			}
			if day := DayWIB(end); day[:4] != year || day > DayWIB(now) {
				t.Errorf("now %v: span %d completes on %s, outside %s up to today", now, i, day, year)
			}
		}
	}
}
