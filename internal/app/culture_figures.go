package app

import (
	"context"
	"time"

	"asnpro/internal/culture"
	"asnpro/internal/dashboard"
)

// cultureFigures gives the dashboards the code of ethics' and the forum's
// figures (dashboard.CultureSource) from the culture service.
type cultureFigures struct{ c *culture.Service }

// EthicsByUnit: per unit (unitID 0: every unit; else that unit and its
// sub-units), its employees, those who acknowledged every current version
// (the year does not change it: the current versions are what counts), and
// those who attended a socialisation session that started in year (WIB;
// 0: this year).
func (f cultureFigures) EthicsByUnit(ctx context.Context, year int, unitID int64) ([]dashboard.UnitEthics, error) {
	units, err := f.c.AcksByUnit(ctx)
	if err != nil {
		return nil, err
	}
	if year == 0 {
		year = f.c.Year()
	}
	attended, err := f.c.AttendedByUnit(ctx, year)
	if err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, u := range units {
		parent[u.UnitID] = u.ParentID
	}
	within := func(id int64) bool {
		for seen := 0; id != 0 && seen <= len(parent); seen++ { // seen: a loop never runs forever
			if id == unitID {
				return true
			}
			id = parent[id]
		}
		return false
	}
	var out []dashboard.UnitEthics
	for _, u := range units {
		if unitID == 0 || within(u.UnitID) {
			out = append(out, dashboard.UnitEthics{UnitID: u.UnitID, Unit: u.Name, Employees: u.Employees, Acknowledged: u.Acked,
				Attended: attended[u.UnitID]})
		}
	}
	return out, nil
}

// ForumByMonth: the forum's threads, replies and solutions per month (WIB).
func (f cultureFigures) ForumByMonth(ctx context.Context, from, to time.Time) ([]dashboard.ForumMonth, error) {
	ms, err := f.c.ActivityByMonth(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]dashboard.ForumMonth, len(ms))
	for i, m := range ms {
		out[i] = dashboard.ForumMonth{Month: m.Month, Threads: m.Threads, Replies: m.Replies, Solutions: m.Solutions}
	}
	return out, nil
}

// AdoptedInnovations: how many solutions units adopted.
func (f cultureFigures) AdoptedInnovations(ctx context.Context) (int, error) {
	return f.c.AdoptedCount(ctx)
}
