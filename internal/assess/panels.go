package assess

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Panels within an instrument: before the draw the committee may group the
// assessors who signed the period's pact into named panels ("Panel A"),
// each with at least the instrument's number of assessors per candidate,
// an assessor in at most one panel of the instrument. At the draw each
// candidate is placed in a panel — the one with the fewest candidates, ties
// at random (crypto/rand), never one where a member declared a conflict
// with the candidate if another is possible — and their assessors are drawn
// among that panel's members; a conflict later draws again within the same
// panel. An instrument without panels draws among every pact signer, as one
// implicit panel. The agreement is reported per panel as well.

// maxPanelName is the longest panel name, in characters.
const maxPanelName = 100

// Member is an assessor, as panels list them.
type Member struct {
	ID   int64
	Name string
}

// Panel is one panel of an instrument: its members, how many candidates
// were placed in it, and its assessors' agreement (Agree over its
// candidates every assessor scored).
type Panel struct {
	ID         int64
	Name       string
	Members    []Member
	Candidates int
	Agreement  Agreement
}

// PanelSet is an instrument's panels, whether its assessors were drawn
// (panels then no longer change), and the assessors who may still join a
// panel (pact signed, assessor role, in no panel of the instrument).
type PanelSet struct {
	Drawn  bool
	Panels []Panel
	Free   []Member
}

// signers reads the users with the assessor role who signed a period's
// pact and are not disabled, with their names.
func signers(ctx context.Context, q sqldb.Querier, periodID int64) (map[int64]string, error) {
	out := map[int64]string{}
	// Joins across parts: the pact (verification) and the user's roles (identity).
	err := sqldb.RunQuery(ctx, q, `SELECT p.user_id, u.name FROM integrity_pacts p JOIN users u ON u.id = p.user_id
JOIN user_roles r ON r.user_id = p.user_id AND r.role = 'assessor'
WHERE p.period_id = $1 AND u.disabled = FALSE`, func(r *sql.Rows) error {
		var id int64
		var name string
		err := r.Scan(&id, &name)
		out[id] = name
		return err
	}, periodID)
	return out, sqldb.Translate(err, "find assessors")
}

// panelDraw is what the draw needs of an instrument's panels.
type panelDraw struct {
	ids     []int64                  // by ID
	names   map[int64]string         // panel → name
	members map[int64]map[int64]bool // panel → its members
	count   map[int64]int            // panel → candidates placed
	placed  map[int64]int64          // application → panel
}

// readPanels reads an instrument's panels, members and placements.
func readPanels(ctx context.Context, q sqldb.Querier, instrumentID int64) (*panelDraw, error) {
	p := &panelDraw{names: map[int64]string{}, members: map[int64]map[int64]bool{}, count: map[int64]int{}, placed: map[int64]int64{}}
	err := sqldb.RunQuery(ctx, q, `SELECT id, name FROM assess_panels WHERE instrument_id = $1 ORDER BY id`, func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		p.ids, p.names[id], p.members[id] = append(p.ids, id), name, map[int64]bool{}
		return nil
	}, instrumentID)
	if err != nil {
		return nil, sqldb.Translate(err, "find panels")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT panel_id, assessor_id FROM assess_panel_members WHERE instrument_id = $1`,
		func(r *sql.Rows) error {
			var panel, who int64
			if err := r.Scan(&panel, &who); err != nil {
				return err
			}
			if p.members[panel] != nil {
				p.members[panel][who] = true
			}
			return nil
		}, instrumentID)
	if err != nil {
		return nil, sqldb.Translate(err, "find panel members")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT application_id, panel_id FROM assess_panel_candidates WHERE instrument_id = $1`,
		func(r *sql.Rows) error {
			var app, panel int64
			if err := r.Scan(&app, &panel); err != nil {
				return err
			}
			p.placed[app] = panel
			p.count[panel]++
			return nil
		}, instrumentID)
	return p, sqldb.Translate(err, "find placements")
}

// choosePanel chooses the panel of a candidate (applicant) among panels:
// among those where no member declared a conflict with the applicant —
// else those with at least need members without one, else all of them —
// the one with the fewest candidates (count), ties at random (crypto/rand).
func choosePanel(panels []int64, members map[int64]map[int64]bool, count map[int64]int, applicant int64, need int,
	conflicts map[int64]map[int64]bool) (int64, error) {
	clean, enough := []int64{}, []int64{}
	for _, id := range panels {
		free := 0
		for who := range members[id] {
			if !conflicts[who][applicant] {
				free++
			}
		}
		if free == len(members[id]) {
			clean = append(clean, id)
		}
		if free >= need {
			enough = append(enough, id)
		}
	}
	tier := panels
	switch {
	case len(clean) > 0:
		tier = clean
	case len(enough) > 0:
		tier = enough
	}
	var best []int64
	for _, id := range tier {
		switch {
		case len(best) == 0 || count[id] < count[best[0]]:
			best = []int64{id}
		case count[id] == count[best[0]]:
			best = append(best, id)
		}
	}
	if len(best) == 0 {
		return 0, nil
	}
	k, err := rand.Int(rand.Reader, big.NewInt(int64(len(best))))
	if err != nil {
		return 0, err
	}
	return best[k.Int64()], nil
}

// panelOf returns, in tx, the panel whose members may be drawn for c (nil
// when the instrument has no panels), placing c in one first when it is
// in none: assess_panel_candidates and assess.panel.place. placed counts
// this draw's placements by panel name.
func (s *Service) panelOf(ctx context.Context, tx *sqldb.Tx, in *Instrument, pn *panelDraw, p *assessorPool, c *candidate,
	placed map[string]int) (map[int64]bool, int64, error) {
	if len(pn.ids) == 0 {
		return nil, 0, nil
	}
	id := pn.placed[c.app]
	if id == 0 {
		var err error
		if id, err = choosePanel(pn.ids, pn.members, pn.count, c.applicant, in.Assessors, p.conflicts); err != nil {
			return nil, 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_panel_candidates (instrument_id, application_id, panel_id, placed_at)
VALUES ($1, $2, $3, $4)`, in.ID, c.app, id, sqldb.Now(s.now())); err != nil {
			return nil, 0, sqldb.Translate(err, "place candidate")
		}
		pn.placed[c.app] = id
		pn.count[id]++
		placed[pn.names[id]]++
		if err := s.record(ctx, tx, audit.Event{Action: "assess.panel.place", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"application": c.app, "panel": id,
				"name": pn.names[id]}}); err != nil {
			return nil, 0, err
		}
	}
	return pn.members[id], id, nil
}

// panelInput checks a new panel (pure): its name (cleaned; not one of the
// instrument's panels, names), its members (deduplicated; each among
// eligible, in no other panel — taken names each one's panel — and at
// least need of them). Errors: invalid (name, members).
func panelInput(name *string, members []int64, need int, names map[string]bool, eligible map[int64]string,
	taken map[int64]string) ([]int64, error) {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "name", name, textcheck.Line) {
		switch {
		case *name == "" || utf8.RuneCountInString(*name) > maxPanelName:
			f["name"] = apperr.M("assesspanel.name", "max", maxPanelName)
		case names[strings.ToLower(*name)]:
			f["name"] = apperr.M("assesspanel.name_taken")
		}
	}
	var out []int64
	var busy []string
	ineligible := false
	for _, id := range members {
		if slices.Contains(out, id) {
			continue
		}
		out = append(out, id)
		if _, ok := eligible[id]; !ok {
			ineligible = true
		} else if p, ok := taken[id]; ok {
			busy = append(busy, eligible[id]+" ("+p+")")
		}
	}
	switch {
	case ineligible:
		f["members"] = apperr.M("assesspanel.members_eligible")
	case len(busy) > 0:
		slices.Sort(busy)
		f["members"] = apperr.M("assesspanel.members_taken", "names", strings.Join(busy, ", "))
	case len(out) < need:
		f["members"] = apperr.M("assesspanel.members_few", "n", need)
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	slices.Sort(out)
	return out, nil
}

// CreatePanel defines a panel of an instrument before its assessors are
// drawn — a name and its members among the assessors who signed the
// period's pact — and records assess.panel.create. Errors: not_found,
// invalid (name: empty, too long or taken; members: not a pact signer with
// the assessor role, already in another panel of the instrument, fewer
// than the instrument's assessors per candidate), conflict (ErrDrawn).
func (s *Service) CreatePanel(ctx context.Context, instrumentID int64, name string, members []int64) (*Panel, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return nil, err
	}
	var out *Panel
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if done, err := drawn(ctx, tx, in.ID); err != nil || done {
			if err == nil {
				err = ErrDrawn
			}
			return err
		}
		eligible, err := signers(ctx, tx, in.PeriodID)
		if err != nil {
			return err
		}
		pn, err := readPanels(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		names, taken := map[string]bool{}, map[int64]string{}
		for _, id := range pn.ids {
			names[strings.ToLower(pn.names[id])] = true
			for who := range pn.members[id] {
				taken[who] = pn.names[id]
			}
		}
		ids, err := panelInput(&name, members, in.Assessors, names, eligible, taken)
		if err != nil {
			return err
		}
		out = &Panel{Name: name}
		if err := tx.QueryRowContext(ctx, `INSERT INTO assess_panels (instrument_id, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
			in.ID, name, sqldb.Now(s.now())).Scan(&out.ID); err != nil {
			return sqldb.Translate(err, "insert panel")
		}
		for _, who := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assess_panel_members (panel_id, instrument_id, assessor_id) VALUES ($1, $2, $3)`,
				out.ID, in.ID, who); err != nil {
				return sqldb.Translate(err, "insert panel member")
			}
			out.Members = append(out.Members, Member{ID: who, Name: eligible[who]})
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.panel.create", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"panel": out.ID, "name": name, "members": ids}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Panels lists an instrument's panels (by ID) with their members (by
// name), candidates and agreement, whether it was drawn, and the
// assessors free to join a panel. Errors: not_found.
func (s *Service) Panels(ctx context.Context, instrumentID int64) (*PanelSet, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return nil, err
	}
	out := &PanelSet{}
	if out.Drawn, err = drawn(ctx, s.db.R, in.ID); err != nil {
		return nil, err
	}
	pn, err := readPanels(ctx, s.db.R, in.ID)
	if err != nil {
		return nil, err
	}
	names, err := s.memberNames(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	eligible, err := signers(ctx, s.db.R, in.PeriodID)
	if err != nil {
		return nil, err
	}
	sh, err := sheets(ctx, s.db.R, in)
	if err != nil {
		return nil, err
	}
	inPanel := map[int64]bool{}
	for _, id := range pn.ids {
		p := Panel{ID: id, Name: pn.names[id], Candidates: pn.count[id]}
		for who := range pn.members[id] {
			p.Members, inPanel[who] = append(p.Members, Member{ID: who, Name: names[who]}), true
		}
		sortMembers(p.Members)
		var done []Sheet
		for app, panel := range pn.placed {
			if x := sh[app]; panel == id && x != nil && x.Pending == 0 {
				done = append(done, *x)
			}
		}
		p.Agreement = Agree(len(in.Dimensions), done)
		out.Panels = append(out.Panels, p)
	}
	for id, name := range eligible {
		if !inPanel[id] {
			out.Free = append(out.Free, Member{ID: id, Name: name})
		}
	}
	sortMembers(out.Free)
	return out, nil
}

func sortMembers(m []Member) {
	slices.SortFunc(m, func(a, b Member) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}

// memberNames reads the names of an instrument's panel members.
func (s *Service) memberNames(ctx context.Context, instrumentID int64) (map[int64]string, error) {
	out := map[int64]string{}
	// Joins across parts: users (identity), for the names.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT m.assessor_id, u.name FROM assess_panel_members m JOIN users u ON u.id = m.assessor_id
WHERE m.instrument_id = $1`, func(r *sql.Rows) error {
		var id int64
		var name string
		err := r.Scan(&id, &name)
		out[id] = name
		return err
	}, instrumentID)
	return out, sqldb.Translate(err, "find panel members")
}

// ErrPanelNotFound: no such panel of the instrument.
var ErrPanelNotFound = apperr.E(apperr.NotFound, "assesspanel.not_found")

// DeletePanel removes a panel of an instrument before its assessors are
// drawn (its members are free again) and records assess.panel.delete.
// Errors: not_found (ErrPanelNotFound), conflict (ErrDrawn).
func (s *Service) DeletePanel(ctx context.Context, instrumentID, panelID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		pn, err := readPanels(ctx, tx, instrumentID)
		if err != nil {
			return err
		}
		if _, ok := pn.names[panelID]; !ok {
			return ErrPanelNotFound
		}
		if done, err := drawn(ctx, tx, instrumentID); err != nil || done {
			if err == nil {
				err = ErrDrawn
			}
			return err
		}
		members := make([]int64, 0, len(pn.members[panelID]))
		for who := range pn.members[panelID] {
			members = append(members, who)
		}
		slices.Sort(members)
		for _, q := range []string{`DELETE FROM assess_panel_members WHERE panel_id = $1`, `DELETE FROM assess_panels WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, panelID); err != nil {
				return sqldb.Translate(err, "delete panel")
			}
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.panel.delete", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(instrumentID, 10), Data: map[string]any{"panel": panelID, "name": pn.names[panelID],
				"members": members}})
	})
}
