package web

import (
	"net/http"
	"time"

	"asnpro/internal/exam"
)

// The item statistics of a bank (/panitia/bank/{id}/statistik): what the
// bank's finished attempts say of each item version (exam.ItemStats),
// optionally for the attempts finished within a span of dates.

// statRow is one item version's statistics as the page shows them.
type statRow struct {
	exam.ItemStat
	Href    string
	Options []int // A–E, then blank
	Flags   []string
}

type committeeStatsData struct {
	B        bankView
	Rows     []statRow
	Attempts int
	Flagged  int
	From, To string // as typed (YYYY-MM-DD)
	Fields   map[string]string
	BankHref string
}

// statsDate reads an optional date (YYYY-MM-DD, WIB) of the filter; ok is
// false when it is not one.
func statsDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, v, wib)
	return t, err == nil
}

// committeeStatsPage: GET /panitia/bank/{id}/statistik[?dari=…&sampai=…].
func (s *Server) committeeStatsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	b, err := s.exam.FindBank(ctx, id)
	if err != nil {
		return err
	}
	counts, err := s.exam.ItemCounts(ctx)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := committeeStatsData{B: s.bankViewOf(b, counts[id], nil), From: q.Get("dari"), To: q.Get("sampai"),
		Fields: map[string]string{}, BankHref: bankPath(id)}
	lang := langOf(r)
	var f exam.StatsFilter
	var ok bool
	if f.From, ok = statsDate(d.From); !ok {
		d.Fields["dari"] = T(lang, "stats.f.date")
	}
	if f.To, ok = statsDate(d.To); !ok {
		d.Fields["sampai"] = T(lang, "stats.f.date")
	} else if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole last day
	}
	status := http.StatusUnprocessableEntity
	if len(d.Fields) == 0 {
		status = http.StatusOK
		sittings, err := s.exam.BankSittings(ctx, id, f)
		if err != nil {
			return err
		}
		d.Attempts = len(sittings)
		for _, st := range exam.ItemStats(sittings) {
			row := statRow{ItemStat: st, Href: itemPath(st.ItemID), Options: append(st.Options[:], st.Blank)}
			for _, fl := range []struct {
				on  bool
				key string
			}{{st.Hard(), "stats.flag.hard"}, {st.Easy(), "stats.flag.easy"}, {st.Weak(), "stats.flag.weak"}} {
				if fl.on {
					row.Flags = append(row.Flags, T(lang, fl.key))
				}
			}
			if len(row.Flags) > 0 {
				d.Flagged++
			}
			d.Rows = append(d.Rows, row)
		}
	}
	return s.render(w, r, status, "committee_stats", "stats.title", d)
}
