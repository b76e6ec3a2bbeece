package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

// The organisation and its people (docs/WORKFORCE.md): the admin keeps
// units, positions, heads and employees and imports the sitting workforce;
// the leader and the auditor read; an employee reads their own record
// (/data-saya) and a supervisor their direct reports (/bawahan).

func unitPath(id int64) string     { return "/organisasi/" + strconv.FormatInt(id, 10) }
func employeePath(id int64) string { return "/pegawai/" + strconv.FormatInt(id, 10) }

// employeesPerPage is how many employees a unit's page lists at a time.
const employeesPerPage = 50

// treeRow is a unit of the tree as the page shows it.
type treeRow struct {
	workforce.UnitNode
	Indent string
}

type orgTreeData struct {
	Tree    []treeRow
	Units   []*workforce.Unit // for the new unit's parent
	Form    workforce.NewUnit
	Fields  map[string]string
	Error   string
	Flash   string
	Total   int
	CanEdit bool
	// IntakeHref, RemindersHref: onboarding and the reminders, for whoever may open them.
	IntakeHref, RemindersHref string
}

// orgTreePage: GET /organisasi — the unit tree with head counts, and for
// the admin the form that adds a unit and the way to the import.
func (s *Server) orgTreePage(w http.ResponseWriter, r *http.Request) error {
	d := orgTreeData{}
	if r.URL.Query().Get("ok") == "imported" {
		d.Flash = T(langOf(r), "wf.flash.imported", "n", atoiOr(r.URL.Query().Get("n"), 0))
	}
	return s.renderOrgTree(w, r, http.StatusOK, d)
}

func (s *Server) renderOrgTree(w http.ResponseWriter, r *http.Request, status int, d orgTreeData) error {
	ctx := r.Context()
	tree, err := s.workforce.UnitTree(ctx)
	if err != nil {
		return err
	}
	for _, n := range tree {
		d.Tree = append(d.Tree, treeRow{UnitNode: n, Indent: strings.Repeat("— ", n.Depth)})
		if n.Depth == 0 {
			d.Total += n.Total
		}
	}
	if d.Units, err = s.workforce.FindUnits(ctx); err != nil {
		return err
	}
	p := identity.PrincipalFrom(ctx)
	d.CanEdit = s.may(p, "POST /organisasi")
	if s.may(p, "GET /pengangkatan") {
		d.IntakeHref = "/pengangkatan"
	}
	if s.may(p, "GET /pengingat") {
		d.RemindersHref = "/pengingat"
	}
	return s.render(w, r, status, "org_tree", "wf.tree.title", d)
}

// unitForm reads the unit form.
func unitForm(r *http.Request) (workforce.NewUnit, error) {
	n := workforce.NewUnit{Code: r.PostFormValue("code"), Name: r.PostFormValue("name")}
	if p := strings.TrimSpace(r.PostFormValue("parent_id")); p != "" && p != "0" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return n, apperr.InvalidMsgs(map[string]apperr.Msg{"parent_id": apperr.M("workforce.parent_missing")})
		}
		n.ParentID = id
	}
	return n, nil
}

var unitInputs = []string{"code", "name", "parent_id"}

// orgUnitCreateSubmit: POST /organisasi — code, name, parent_id → 303 to the unit.
func (s *Server) orgUnitCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := unitForm(r)
	var u *workforce.Unit
	if err == nil {
		u, err = s.workforce.CreateUnit(r.Context(), n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, unitInputs...)
		if hard != nil {
			return hard
		}
		return s.renderOrgTree(w, r, status, orgTreeData{Form: n, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, unitPath(u.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

type orgUnitData struct {
	U         *workforce.Unit
	Parent    *workforce.Unit
	Subs      []*workforce.Unit
	Positions []workforce.Position
	Employees []*workforce.Employee
	Total     int
	Next      string
	Prev      string
	Units     []*workforce.Unit // for the parent
	Form      workforce.NewUnit
	HeadNIP   string
	Acting    bool
	PosName   string
	PosKind   string
	PosKinds  []string
	Which     string // the form refused: unit, head, position
	Fields    map[string]string
	Error     string
	Flash     string
	CanEdit   bool
	CanOpen   bool // the employees' pages
}

var unitFlashes = map[string]string{"created": "wf.flash.unit_created", "updated": "wf.flash.unit_updated",
	"head": "wf.flash.head", "position": "wf.flash.position"}

// orgUnitPage: GET /organisasi/{id}[?offset=N] — the unit: its head,
// parent and sub-units, positions and employees; the admin's forms.
func (s *Server) orgUnitPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderOrgUnit(w, r, http.StatusOK, orgUnitData{Flash: unitFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderOrgUnit(w http.ResponseWriter, r *http.Request, status int, d orgUnitData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.U, err = s.workforce.FindUnit(ctx, id); err != nil {
		return err
	}
	if d.U.ParentID != 0 {
		if d.Parent, err = s.workforce.FindUnit(ctx, d.U.ParentID); err != nil {
			return err
		}
	}
	if d.Subs, err = s.workforce.SubUnits(ctx, id); err != nil {
		return err
	}
	if d.Positions, err = s.workforce.Positions(ctx, id); err != nil {
		return err
	}
	off := max(atoiOr(r.URL.Query().Get("offset"), 0), 0)
	if d.Employees, d.Total, err = s.workforce.FindEmployees(ctx, workforce.Filter{UnitID: id, Limit: employeesPerPage,
		Offset: off}); err != nil {
		return err
	}
	if off+employeesPerPage < d.Total {
		d.Next = unitPath(id) + "?offset=" + strconv.Itoa(off+employeesPerPage) + "#employees"
	}
	if off > 0 {
		d.Prev = unitPath(id) + "?offset=" + strconv.Itoa(max(off-employeesPerPage, 0)) + "#employees"
	}
	p := identity.PrincipalFrom(ctx)
	d.CanEdit, d.CanOpen = s.may(p, "POST /organisasi/{id}"), s.may(p, "GET /pegawai/{id}")
	if d.CanEdit {
		if d.Units, err = s.workforce.FindUnits(ctx); err != nil {
			return err
		}
		if d.Which != "unit" {
			d.Form = workforce.NewUnit{Code: d.U.Code, Name: d.U.Name, ParentID: d.U.ParentID}
		}
		if d.Which != "head" {
			d.Acting = d.U.HeadActing
			if d.U.HeadID != 0 {
				if h, err := s.workforce.FindEmployee(ctx, d.U.HeadID); err == nil {
					d.HeadNIP = h.Number()
				}
			}
		}
	}
	d.PosKinds = workforce.PositionKinds
	if d.PosKind == "" {
		d.PosKind = workforce.PositionGeneral
	}
	if d.Flash != "" {
		d.Flash = T(langOf(r), d.Flash)
	}
	return s.render(w, r, status, "org_unit", "wf.unit.title", d)
}

// orgUnitSubmit: POST /organisasi/{id} — code, name, parent_id → 303.
func (s *Server) orgUnitSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := unitForm(r)
	if err == nil {
		_, err = s.workforce.UpdateUnit(r.Context(), id, n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, unitInputs...)
		if hard != nil {
			return hard
		}
		return s.renderOrgUnit(w, r, status, orgUnitData{Which: "unit", Form: n, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, unitPath(id)+"?ok=updated", http.StatusSeeOther)
	return nil
}

// orgHeadSubmit: POST /organisasi/{id}/kepala — head (a NIP or NI PPPK;
// empty: none), acting ("1": Plt) → 303.
func (s *Server) orgHeadSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	number, acting := strings.TrimSpace(r.PostFormValue("head")), r.PostFormValue("acting") == "1"
	var head int64
	if number != "" {
		e, ferr := s.workforce.FindEmployeeByNumber(r.Context(), number)
		switch {
		case errors.Is(ferr, workforce.ErrEmployeeNotFound):
			err = apperr.InvalidMsgs(map[string]apperr.Msg{"head": apperr.M("workforce.head_missing")})
		case ferr != nil:
			return ferr
		default:
			head = e.ID
		}
	}
	if err == nil {
		err = s.workforce.SetHead(r.Context(), id, head, acting)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renameField(err, "head_id", "head"), "head")
		if hard != nil {
			return hard
		}
		return s.renderOrgUnit(w, r, status, orgUnitData{Which: "head", HeadNIP: number, Acting: acting, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, unitPath(id)+"?ok=head", http.StatusSeeOther)
	return nil
}

// renameField moves a field message of an invalid error to another name.
func renameField(err error, from, to string) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.FieldMsgs[from].Key == "" {
		return err
	}
	out := *ae
	out.FieldMsgs = map[string]apperr.Msg{}
	for k, m := range ae.FieldMsgs {
		if k == from {
			k = to
		}
		out.FieldMsgs[k] = m
	}
	return &out
}

// orgPositionSubmit: POST /organisasi/{id}/jabatan — name, kind → 303.
func (s *Server) orgPositionSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, kind := r.PostFormValue("name"), strings.TrimSpace(r.PostFormValue("kind"))
	if _, err := s.workforce.CreatePosition(r.Context(), id, name, kind); err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "name", "kind")
		if hard != nil {
			return hard
		}
		return s.renderOrgUnit(w, r, status, orgUnitData{Which: "position", PosName: name, PosKind: kind, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, unitPath(id)+"?ok=position#positions", http.StatusSeeOther)
	return nil
}

// employeeFormOf is an employee as the form shows it.
func employeeFormOf(e *workforce.Employee) workforce.NewEmployee {
	f := workforce.NewEmployee{Kind: e.Kind, NIK: e.NIK, NIP: e.NIP, NIPPPK: e.NIPPPK, Name: e.Name,
		BirthDate: e.BirthDate, Gender: e.Gender, UnitID: e.Unit.ID, Grade: e.Grade, Status: e.Status, TMT: e.TMT, Username: e.Username}
	if e.Position != nil {
		f.PositionID = e.Position.ID
	}
	return f
}

func readEmployeeForm(r *http.Request) (workforce.NewEmployee, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	n := workforce.NewEmployee{Kind: v("kind"), NIK: v("nik"), NIP: v("nip"), NIPPPK: v("ni_pppk"), Name: r.PostFormValue("name"),
		BirthDate: v("birth_date"), Gender: v("gender"), Grade: v("grade"), Status: v("status"), TMT: v("tmt"), Username: v("username")}
	e := formErrs{}
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"unit_id", &n.UnitID}, {"position_id", &n.PositionID}} {
		if s := v(f.name); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				e[f.name] = apperr.M("workforce.unit_missing")
			}
			*f.dst = id
		}
	}
	return n, e.err()
}

var employeeInputs = []string{"kind", "nik", "nip", "ni_pppk", "name", "birth_date", "gender", "unit_id", "position_id", "grade",
	"status", "tmt", "username"}

// employeeFormView is what the employee form needs besides the values.
type employeeFormView struct {
	Form      workforce.NewEmployee
	Units     []*workforce.Unit
	Positions []workforce.Position
	Statuses  []string
	Fields    map[string]string
	Action    string
	Submit    string // catalogue key of the button
}

func (s *Server) employeeFormView(r *http.Request, n workforce.NewEmployee, action, submit string) (employeeFormView, error) {
	v := employeeFormView{Form: n, Statuses: workforce.Statuses, Action: action, Submit: submit}
	var err error
	if v.Units, err = s.workforce.FindUnits(r.Context()); err != nil {
		return v, err
	}
	if n.UnitID != 0 {
		if v.Positions, err = s.workforce.Positions(r.Context(), n.UnitID); err != nil {
			return v, err
		}
	}
	return v, nil
}

type employeeNewData struct {
	F     employeeFormView
	Error string
	Which string // always "": the form is the page's only one
	Unit  *workforce.Unit
}

// employeeNewPage: GET /pegawai-baru[?unit=ID] — the form for a new employee.
func (s *Server) employeeNewPage(w http.ResponseWriter, r *http.Request) error {
	n := workforce.NewEmployee{Kind: workforce.KindPNS, Status: workforce.StatusActive}
	n.UnitID = int64(atoiOr(r.URL.Query().Get("unit"), 0))
	return s.renderEmployeeNew(w, r, http.StatusOK, n, nil, "")
}

func (s *Server) renderEmployeeNew(w http.ResponseWriter, r *http.Request, status int, n workforce.NewEmployee,
	fields map[string]string, msg string) error {
	v, err := s.employeeFormView(r, n, "/pegawai", "wf.employee.create")
	if err != nil {
		return err
	}
	v.Fields = fields
	d := employeeNewData{F: v, Error: msg}
	if n.UnitID != 0 {
		d.Unit, _ = s.workforce.FindUnit(r.Context(), n.UnitID)
	}
	return s.render(w, r, status, "employee_new", "wf.employee.new", d)
}

// employeeCreateSubmit: POST /pegawai — the employee form → 303 to the employee.
func (s *Server) employeeCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := readEmployeeForm(r)
	var e *workforce.Employee
	if err == nil {
		e, err = s.workforce.CreateEmployee(r.Context(), n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, employeeInputs...)
		if hard != nil {
			return hard
		}
		return s.renderEmployeeNew(w, r, status, n, fields, msg)
	}
	http.Redirect(w, r, employeePath(e.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

type employeePageData struct {
	E        *workforce.Employee
	History  []workforce.SupervisorSpan
	UnitHref string
	SupHref  string
	F        employeeFormView
	SupNIP   string
	Acting   bool
	From     string
	Which    string // the form refused: data, supervisor
	Fields   map[string]string
	Error    string
	Flash    string
	CanEdit  bool
	L        *lifecycleView // onboarding, probation, contracts
}

var employeeFlashes = map[string]string{"created": "wf.flash.employee_created", "updated": "wf.flash.employee_updated",
	"supervisor": "wf.flash.supervisor"}

// employeePage: GET /pegawai/{id} — the employee's data and supervisor
// history; the admin's forms to change them.
func (s *Server) employeePage(w http.ResponseWriter, r *http.Request) error {
	flash := employeeFlashes[r.URL.Query().Get("ok")]
	if flash == "" {
		flash = lifeFlashes[r.URL.Query().Get("ok")]
	}
	return s.renderEmployee(w, r, http.StatusOK, employeePageData{Flash: flash})
}

func (s *Server) renderEmployee(w http.ResponseWriter, r *http.Request, status int, d employeePageData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.E, err = s.workforce.FindEmployee(ctx, id); err != nil {
		return err
	}
	if d.History, err = s.workforce.SupervisorHistory(ctx, id); err != nil {
		return err
	}
	p := identity.PrincipalFrom(ctx)
	if s.may(p, "GET /organisasi/{id}") {
		d.UnitHref = unitPath(d.E.Unit.ID)
	}
	if d.E.Supervisor != nil && s.may(p, "GET /pegawai/{id}") {
		d.SupHref = employeePath(d.E.Supervisor.ID)
	}
	d.CanEdit = s.may(p, "POST /pegawai/{id}")
	if d.CanEdit {
		form := d.F.Form
		if d.Which != "data" {
			form = employeeFormOf(d.E)
		}
		fields := d.F.Fields
		if d.F, err = s.employeeFormView(r, form, employeePath(id), "wf.employee.save"); err != nil {
			return err
		}
		d.F.Fields = fields
		if d.Which != "supervisor" {
			d.From = s.now().In(wib).Format("2006-01-02")
		}
	}
	if d.L == nil {
		d.L = &lifecycleView{}
	}
	if err := s.lifecycle(ctx, d.E, d.L, s.may(p, "POST /pegawai/{id}/latsar")); err != nil {
		return err
	}
	if d.Flash != "" {
		d.Flash = T(langOf(r), d.Flash)
	}
	return s.render(w, r, status, "employee", "wf.employee.title", d)
}

// employeeSubmit: POST /pegawai/{id} — the employee form → 303.
func (s *Server) employeeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := readEmployeeForm(r)
	if err == nil {
		_, err = s.workforce.UpdateEmployee(r.Context(), id, n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, employeeInputs...)
		if hard != nil {
			return hard
		}
		return s.renderEmployee(w, r, status, employeePageData{Which: "data", F: employeeFormView{Form: n, Fields: fields}, Error: msg})
	}
	http.Redirect(w, r, employeePath(id)+"?ok=updated", http.StatusSeeOther)
	return nil
}

// employeeSupervisorSubmit: POST /pegawai/{id}/atasan — supervisor (a NIP
// or NI PPPK; empty: none), acting ("1": Plt), from (YYYY-MM-DD) → 303.
func (s *Server) employeeSupervisorSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	number, acting, from := strings.TrimSpace(r.PostFormValue("supervisor")), r.PostFormValue("acting") == "1",
		strings.TrimSpace(r.PostFormValue("from"))
	c := workforce.SupervisorChange{Acting: acting, From: from}
	if number != "" {
		sup, ferr := s.workforce.FindEmployeeByNumber(r.Context(), number)
		switch {
		case errors.Is(ferr, workforce.ErrEmployeeNotFound):
			err = apperr.InvalidMsgs(map[string]apperr.Msg{"supervisor": apperr.M("workforce.supervisor_missing")})
		case ferr != nil:
			return ferr
		default:
			c.SupervisorID = sup.ID
		}
	}
	if err == nil {
		err = s.workforce.ChangeSupervisor(r.Context(), id, c)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renameField(err, "supervisor_id", "supervisor"), "supervisor", "from")
		if hard != nil {
			return hard
		}
		return s.renderEmployee(w, r, status, employeePageData{Which: "supervisor", SupNIP: number, Acting: acting, From: from,
			Fields: fields, Error: msg})
	}
	http.Redirect(w, r, employeePath(id)+"?ok=supervisor#history", http.StatusSeeOther)
	return nil
}

type employeeImportData struct {
	Summary *workforce.ImportSummary
	Import  *importReport
	Columns []string
}

// employeeImportPage: GET /impor-pegawai — the upload form and the file's format.
func (s *Server) employeeImportPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "employee_import", "wf.import.title", employeeImportData{Columns: workforce.Columns})
}

// employeeImportSubmit: POST /impor-pegawai — multipart field "file" (CSV
// or XLSX, at most 20 MB) → the summary, or every bad row (nothing stored).
func (s *Server) employeeImportSubmit(w http.ResponseWriter, r *http.Request) error {
	d := employeeImportData{Columns: workforce.Columns}
	sum, err := s.importEmployees(w, r)
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		d.Import = rep
		return s.render(w, r, status, "employee_import", "wf.import.title", d)
	}
	d.Summary = sum
	return s.render(w, r, http.StatusOK, "employee_import", "wf.import.title", d)
}

func (s *Server) importEmployees(w http.ResponseWriter, r *http.Request) (*workforce.ImportSummary, error) {
	if err := limitBody(w, r, workforce.MaxImportFile+1<<20); err != nil {
		return nil, err
	}
	body, _, err := fileBody(r, "upload")
	if err != nil {
		return nil, err
	}
	sum, err := s.workforce.Import(r.Context(), body)
	return sum, tooLarge(err, "20 MB")
}

type myRecordData struct {
	E                 *workforce.Employee
	History           []workforce.SupervisorSpan
	UnitHref, SupHref string // no links: the employee reads only their own record
	L                 *lifecycleView
	Which, Error      string            // no forms: always ""
	Fields            map[string]string // no forms: always nil
}

// myRecordPage: GET /data-saya — the signed-in employee's own record and
// supervisor history (a note when the account is linked to no employee).
func (s *Server) myRecordPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := myRecordData{}
	e, err := s.workforce.FindEmployeeByUser(ctx, identity.PrincipalFrom(ctx).UserID)
	if err != nil && !errors.Is(err, workforce.ErrEmployeeNotFound) {
		return err
	}
	if e != nil {
		d.E = e
		if d.History, err = s.workforce.SupervisorHistory(ctx, e.ID); err != nil {
			return err
		}
		d.L = &lifecycleView{}
		if err := s.lifecycle(ctx, e, d.L, false); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "my_record", "wf.me.title", d)
}

type reportsData struct {
	Me      *workforce.Employee
	Reports []*workforce.Employee
	Total   int
}

// reportsPage: GET /bawahan — the signed-in supervisor's direct reports.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := reportsData{}
	e, err := s.workforce.FindEmployeeByUser(ctx, identity.PrincipalFrom(ctx).UserID)
	if err != nil && !errors.Is(err, workforce.ErrEmployeeNotFound) {
		return err
	}
	if e != nil {
		d.Me = e
		if d.Reports, d.Total, err = s.workforce.FindEmployees(ctx, workforce.Filter{SupervisorID: e.ID, Limit: 500}); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "reports", "wf.reports.title", d)
}
