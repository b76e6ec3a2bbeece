package verification

import (
	"context"
	"sync"
)

// statsMemo keeps, in this process, what the public statistics read that
// cannot change: the counts of a published list (a version never
// changes), and the pass rates' groups of a period for a list and a
// submitted count (a submitted application never changes formation, gender
// or status, nor goes away, so the count names the set). Both keys are
// read from the database on every request, so a copy is used only while
// true, on every instance.
type statsMemo struct {
	mu      sync.Mutex
	lists   map[int64]*listCounts
	byGroup map[groupsKey][]applicantGroup
}

// groupsKey names a period's groups for its pass list and submitted count.
type groupsKey struct {
	periodID, passID, submitted int64
}

// statsMemoEntries bounds each map: beyond it, it starts again empty.
const statsMemoEntries = 1000

// statsMemoKey names the memo of one service (kept as long as its
// database).
type statsMemoKey struct{ s *Service }

func (s *Service) statsMemo() *statsMemo {
	return s.db.Memo(statsMemoKey{s}, func() any { return &statsMemo{} }).(*statsMemo)
}

// list returns the counts of published list annID.
func (m *statsMemo) list(ctx context.Context, q queryer, annID int64) (*listCounts, error) {
	m.mu.Lock()
	c, ok := m.lists[annID]
	m.mu.Unlock()
	if ok {
		return c, nil
	}
	c, err := readListCounts(ctx, q, annID)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.lists == nil || len(m.lists) >= statsMemoEntries {
		m.lists = map[int64]*listCounts{}
	}
	m.lists[annID] = c
	m.mu.Unlock()
	return c, nil
}

// groups returns the period's submitted applications per formation and
// gender, with how many of them list k.passID names with a passed result.
func (m *statsMemo) groups(ctx context.Context, q queryer, k groupsKey, passed []string) ([]applicantGroup, error) {
	m.mu.Lock()
	g, ok := m.byGroup[k]
	m.mu.Unlock()
	if ok {
		return g, nil
	}
	g, err := applicantGroups(ctx, q, k.periodID, k.passID, passed)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.byGroup == nil || len(m.byGroup) >= statsMemoEntries {
		m.byGroup = map[groupsKey][]applicantGroup{}
	}
	m.byGroup[k] = g
	m.mu.Unlock()
	return g, nil
}
