package web

import "testing"

// TestDuration: seconds read as days and hours, hours and minutes, or
// minutes; nothing measured is a dash.
func TestDuration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		secs   float64
		count  int
		id, en string
	}{
		{26737574, 3, "309 hari 11 jam", "309 days 11 hours"},
		{86400 + 3600, 1, "1 hari 1 jam", "1 day 1 hour"},
		{2 * 86400, 1, "2 hari", "2 days"},
		{3*3600 + 5*60 + 7, 1, "3 jam 5 menit", "3 hours 5 minutes"},
		{600, 2, "10 menit", "10 minutes"},
		{30, 1, "kurang dari 1 menit", "under a minute"},
		{0, 0, "—", "—"},
	} {
		if got := duration(langID, c.secs, c.count); got != c.id {
			t.Errorf("%v s in Indonesian: %q, want %q", c.secs, got, c.id)
		}
		if got := duration(langEN, c.secs, c.count); got != c.en {
			t.Errorf("%v s in English: %q, want %q", c.secs, got, c.en)
		}
	}
}
