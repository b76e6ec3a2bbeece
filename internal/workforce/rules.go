package workforce

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/idnum"
	"asnpro/internal/textcheck"
)

// NewEmployee is an employee as typed: on the form, in the API, in a row
// of an import file. Unit and position are given by ID (form, API) or by
// the unit's code (import).
type NewEmployee struct {
	Kind       string `json:"kind"` // pns or pppk
	NIK        string `json:"nik"`
	NIP        string `json:"nip"`     // PNS
	NIPPPK     string `json:"ni_pppk"` // PPPK
	Name       string `json:"name"`
	BirthDate  string `json:"birth_date"` // YYYY-MM-DD
	Gender     string `json:"gender"`     // M/F (L/P, laki-laki/perempuan accepted)
	UnitID     int64  `json:"unit_id"`
	PositionID int64  `json:"position_id"`
	Grade      string `json:"grade"`
	Status     string `json:"status"`
	TMT        string `json:"tmt"`      // YYYY-MM-DD, optional
	Username   string `json:"username"` // the account of the employee, optional
}

// maxName bounds a person's or a unit's name.
const maxName = 200

// checked is what check learned of a NewEmployee: the parsed numbers.
type checked struct {
	nik idnum.NIK
	nip idnum.NIP // the NIP or the NI PPPK
}

// check normalises n in place and returns, by field, what is wrong with
// it by itself (not against the database): the kind, the name, the birth
// date and gender, the NIK, the NIP or NI PPPK and their agreement with
// the NIK, the grade, the status and the TMT.
func check(n *NewEmployee, now time.Time) (checked, map[string]apperr.Msg) {
	f := map[string]apperr.Msg{}
	var c checked
	n.Kind = strings.ToLower(strings.TrimSpace(n.Kind))
	if n.Kind != KindPNS && n.Kind != KindPPPK {
		f["kind"] = apperr.M("workforce.kind")
	}
	checkName(f, "name", &n.Name)
	n.BirthDate = strings.TrimSpace(n.BirthDate)
	birth, err := time.Parse(time.DateOnly, n.BirthDate)
	if err != nil || birth.After(now) || birth.Year() < 1900 {
		f["birth_date"] = apperr.M("workforce.birth_date")
		birth = time.Time{}
	}
	g, err := idnum.ParseGender(n.Gender)
	if err != nil || g == idnum.GenderUnknown {
		f["gender"] = apperr.M("workforce.gender")
	} else {
		n.Gender = g.String()
	}
	nikOK := false
	if c.nik, err = idnum.CheckNIK(n.NIK, birth, g, now); err != nil {
		f["nik"] = idMsg(err)
	} else {
		n.NIK, nikOK = c.nik.String(), true
	}
	number, other, field, otherField := &n.NIP, &n.NIPPPK, "nip", "ni_pppk"
	if n.Kind == KindPPPK {
		number, other, field, otherField = &n.NIPPPK, &n.NIP, "ni_pppk", "nip"
	}
	*number, *other = strings.TrimSpace(*number), strings.TrimSpace(*other)
	if *other != "" && (n.Kind == KindPNS || n.Kind == KindPPPK) {
		f[otherField] = apperr.M("workforce.nip_not_for_pppk")
		if n.Kind == KindPNS {
			f[otherField] = apperr.M("workforce.ni_pppk_not_for_pns")
		}
	}
	if n.Kind == KindPNS || n.Kind == KindPPPK {
		if nip, err := checkNumber(*number, c.nik, nikOK, birth, g); err != nil {
			f[field] = idMsg(err)
		} else {
			c.nip = nip
		}
	}
	checkGradeStatus(n, f)
	n.TMT = strings.TrimSpace(n.TMT)
	if n.TMT != "" {
		tmt, err := time.Parse(time.DateOnly, n.TMT)
		switch {
		case err != nil || (!birth.IsZero() && !tmt.After(birth)):
			f["tmt"] = apperr.M("workforce.tmt")
		case f[field].Key == "" && (tmt.Year() != c.nip.TMT.Year || tmt.Month() != c.nip.TMT.Month):
			f["tmt"] = apperr.M("workforce.tmt_number", "n", strings.ToUpper(strings.ReplaceAll(field, "_", " ")),
				"ym", c.nip.TMT.String())
		}
	}
	textcheck.FieldMsg(f, "username", &n.Username, textcheck.Line)
	return c, f
}

// checkNumber parses a NIP (or an NI PPPK, read the same way: birth date,
// TMT, gender, serial) and checks that it agrees with the NIK, or — when
// the NIK itself is wrong — with the birth date and gender typed.
func checkNumber(s string, nik idnum.NIK, nikOK bool, birth time.Time, g idnum.Gender) (idnum.NIP, error) {
	if s == "" {
		return idnum.NIP{}, errRequired
	}
	nip, err := idnum.ParseNIP(s)
	if err != nil {
		return nip, err
	}
	if nikOK {
		err = idnum.CheckNIPAgainstNIK(nip, nik)
	} else {
		_, err = idnum.CheckNIP(s, birth, g)
	}
	return nip, err
}

var errRequired = errors.New("required")

// idMsg is the message of an identity-number refusal.
func idMsg(err error) apperr.Msg {
	var ie *idnum.Error
	if errors.As(err, &ie) {
		return ie.Msg()
	}
	return apperr.M("workforce.number_required")
}

// checkGradeStatus normalises and checks the grade and the status.
func checkGradeStatus(n *NewEmployee, f map[string]apperr.Msg) {
	n.Status = strings.ToLower(strings.TrimSpace(n.Status))
	switch {
	case !slices.Contains(Statuses, n.Status):
		f["status"] = apperr.M("workforce.status")
	case n.Status == StatusCPNS && n.Kind == KindPPPK:
		f["status"] = apperr.M("workforce.status_cpns_pppk")
	}
	g, ok := NormalGrade(n.Kind, n.Grade)
	switch {
	case ok:
		n.Grade = g
	case n.Kind == KindPPPK:
		f["grade"] = apperr.M("workforce.grade_pppk")
	case n.Kind == KindPNS:
		f["grade"] = apperr.M("workforce.grade_pns")
	}
}

var (
	romans    = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"}
	unitCodes = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.\-]{0,29}$`)
)

// NormalGrade returns a grade as asnpro writes it and whether it is one of
// the kind's: golongan/ruang for a PNS (I/a–I/d, II/a–II/d, III/a–III/d,
// IV/a–IV/e; "iii/A", "III / a" accepted), I–XVII for a PPPK (a Roman
// numeral, or its number 1–17).
func NormalGrade(kind, s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch kind {
	case KindPNS:
		gol, ruang, ok := strings.Cut(s, "/")
		gol, ruang = strings.ToUpper(strings.TrimSpace(gol)), strings.ToLower(strings.TrimSpace(ruang))
		last := "d"
		if gol == "IV" {
			last = "e"
		}
		if !ok || !slices.Contains(romans[:4], gol) || len(ruang) != 1 || ruang < "a" || ruang > last {
			return "", false
		}
		return gol + "/" + ruang, true
	case KindPPPK:
		u := strings.ToUpper(s)
		for i, r := range romans {
			if u == r || u == strconv.Itoa(i+1) {
				return r, true
			}
		}
	}
	return "", false
}

// NewUnit is a unit as typed.
type NewUnit struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	ParentID int64  `json:"parent_id"` // 0: a top unit
}

func (n *NewUnit) check() error {
	f := map[string]apperr.Msg{}
	n.Code = strings.TrimSpace(n.Code)
	if !unitCodes.MatchString(n.Code) {
		f["code"] = apperr.M("workforce.unit_code")
	}
	checkName(f, "name", &n.Name)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// Loops reports whether making up the superior of down closes a loop in
// the relation parent (each node's superior, 0 for none): whether down is
// up itself or among up's superiors. It stops after len(parent)+1 steps,
// so a loop already present elsewhere does not hang it.
func Loops(parent map[int64]int64, down, up int64) bool {
	for i := 0; up != 0 && i <= len(parent)+1; i++ {
		if up == down {
			return true
		}
		up = parent[up]
	}
	return false
}

// checkName cleans a required name of at most maxName characters in
// place; its problem goes on field.
func checkName(f map[string]apperr.Msg, field string, s *string) bool {
	if !textcheck.FieldMsg(f, field, s, textcheck.Name) {
		return false
	}
	if *s == "" || len([]rune(*s)) > maxName {
		f[field] = apperr.M("workforce.name", "max", maxName)
		return false
	}
	return true
}

func containsStr(list []string, s string) bool { return slices.Contains(list, s) }
