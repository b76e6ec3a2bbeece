package web

import (
	"errors"
	"net/http"

	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

type unitRefJSON struct {
	ID   string `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

type positionJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// employeeJSON is an employee in the API.
type employeeJSON struct {
	ID               string        `json:"id"`
	Name             string        `json:"name"`
	Username         string        `json:"username"`
	Kind             string        `json:"kind"`
	NIP              string        `json:"nip"`
	NIPPPK           string        `json:"ni_pppk"`
	NIK              string        `json:"nik,omitempty"`        // not shown to a supervisor
	BirthDate        string        `json:"birth_date,omitempty"` // not shown to a supervisor
	Gender           string        `json:"gender"`
	Unit             unitRefJSON   `json:"unit"`
	Position         *positionJSON `json:"position"`
	Grade            string        `json:"grade"`
	Status           string        `json:"status"`
	TMT              string        `json:"tmt"`
	Supervisor       *personJSON   `json:"supervisor"`
	SupervisorActing bool          `json:"supervisor_acting"`
}

func employeeOut(e *workforce.Employee) employeeJSON {
	out := employeeJSON{ID: idString(e.ID), Name: e.Name, Username: e.Username, Kind: e.Kind, NIP: e.NIP, NIPPPK: e.NIPPPK, NIK: e.NIK,
		BirthDate: e.BirthDate, Gender: e.Gender, Unit: unitRefJSON{ID: idString(e.Unit.ID), Code: e.Unit.Code, Name: e.Unit.Name},
		Grade: e.Grade, Status: e.Status, TMT: e.TMT, SupervisorActing: e.SupervisorActing}
	if e.Position != nil {
		out.Position = &positionJSON{ID: idString(e.Position.ID), Name: e.Position.Name, Kind: e.Position.Kind}
	}
	if e.Supervisor != nil {
		out.Supervisor = &personJSON{ID: idString(e.Supervisor.ID), Name: e.Supervisor.Name, Username: e.Supervisor.Username}
	}
	return out
}

// apiEmployeeMe: GET /api/v1/employees/me — the caller's own employee
// record; 404 when the account is linked to none.
func (s *Server) apiEmployeeMe(w http.ResponseWriter, r *http.Request) error {
	e, err := s.workforce.FindEmployeeByUser(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, employeeOut(e))
	return nil
}

// apiEmployee: GET /api/v1/employees/{id} — an employee. The admin, the
// leader and the auditor read anyone; an employee only themselves and a
// supervisor also their direct reports (404 for the others), without
// their NIK and birth date.
func (s *Server) apiEmployee(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.workforce.FindEmployee(ctx, id)
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(ctx)
	out := employeeOut(e)
	if !p.Has(Admin, Leader, Auditor) && e.UserID != p.UserID {
		me, err := s.workforce.FindEmployeeByUser(ctx, p.UserID)
		if err != nil && !errors.Is(err, workforce.ErrEmployeeNotFound) {
			return err
		}
		if me == nil || !p.Has(Supervisor) || e.Supervisor == nil || e.Supervisor.ID != me.ID {
			return workforce.ErrEmployeeNotFound
		}
		out.NIK, out.BirthDate = "", ""
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// unitJSON is a unit of the tree in the API.
type unitJSON struct {
	ID         string      `json:"id"`
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	ParentID   string      `json:"parent_id"` // "" for a top unit
	Depth      int         `json:"depth"`
	Employees  int         `json:"employees"` // in the unit itself
	Total      int         `json:"total"`     // with its sub-units
	Head       *personJSON `json:"head"`
	HeadActing bool        `json:"head_acting"`
}

// apiUnits: GET /api/v1/units — every unit, depth first, with head counts
// → {"items":[…],"total":N}.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	tree, err := s.workforce.UnitTree(r.Context())
	if err != nil {
		return err
	}
	items := make([]unitJSON, 0, len(tree))
	for _, n := range tree {
		u := unitJSON{ID: idString(n.ID), Code: n.Code, Name: n.Name, Depth: n.Depth, Employees: n.Own, Total: n.Total,
			HeadActing: n.HeadActing}
		if n.ParentID != 0 {
			u.ParentID = idString(n.ParentID)
		}
		if n.HeadID != 0 {
			u.Head = &personJSON{ID: idString(n.HeadID), Name: n.HeadName, Username: n.HeadUsername}
		}
		items = append(items, u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	return nil
}

// apiEmployeesImport: POST /api/v1/employees/import — the sitting
// workforce (CSV or XLSX, raw body or multipart field "file", at most 20
// MB), all rows or none → 200 {"imported","pns","pppk","positions",
// "supervisors","sha256"}; a refusal names each bad row's line and column
// in "fields" ("LINE.column").
func (s *Server) apiEmployeesImport(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.importEmployees(w, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// apiEmployeeTemplate: GET /api/v1/employee-template — an example import file (CSV).
func (s *Server) apiEmployeeTemplate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="pegawai.csv"`)
	_, err := w.Write([]byte(workforce.Template))
	return err
}
