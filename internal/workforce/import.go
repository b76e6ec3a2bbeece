package workforce

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// Columns are the columns of an employee import file, matched
// case-insensitively in any order; others are ignored. Required: jenis,
// nik, nama, tanggal_lahir, jenis_kelamin, kode_unit, golongan, status.
var Columns = []string{"jenis", "nik", "nip", "ni_pppk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_unit", "jabatan",
	"jenis_jabatan", "golongan", "status", "tmt", "nip_atasan", "plt_atasan", "username"}

var requiredColumns = []string{"jenis", "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_unit", "golongan", "status"}

// columnOf names the file's column of a NewEmployee field.
var columnOf = map[string]string{"kind": "jenis", "nik": "nik", "nip": "nip", "ni_pppk": "ni_pppk", "name": "nama",
	"birth_date": "tanggal_lahir", "gender": "jenis_kelamin", "grade": "golongan", "status": "status", "tmt": "tmt",
	"username": "username", "unit_id": "kode_unit", "position_id": "jabatan"}

// MaxImportFile bounds an import file (bytes); maxImportRows its rows.
const (
	MaxImportFile = 20 << 20
	maxImportRows = 100_000
)

// ImportSummary is what an import stored.
type ImportSummary struct {
	Imported    int    `json:"imported"`
	PNS         int    `json:"pns"`
	PPPK        int    `json:"pppk"`
	Positions   int    `json:"positions"` // positions created
	Supervisors int    `json:"supervisors"`
	SHA256      string `json:"sha256"`
}

// importRow is a checked row of the file.
type importRow struct {
	line      int
	n         NewEmployee
	unitCode  string
	position  string
	posKind   string
	supNumber string
	supActing bool
	id        int64
	userID    int64
}

// Template is an example import file (CSV).
const Template = "jenis,nik,nip,ni_pppk,nama,tanggal_lahir,jenis_kelamin,kode_unit,jabatan,jenis_jabatan,golongan,status,tmt," +
	"nip_atasan,plt_atasan,username\n" +
	"pns,6271010101800001,198001012005011001,,Ahmad Kepala,1980-01-01,L,BKPSDM,Kepala Badan,struktural,IV/b,aktif,2005-01-01,,,\n" +
	"pns,6271015502900002,199002152015032001,,Siti Analis,1990-02-15,P,BKPSDM.1,Analis SDM Aparatur,fungsional,III/b,aktif," +
	"2015-03-01,198001012005011001,,\n" +
	"pppk,6271012003950003,,199503202022111003,Rudi Pengelola,1995-03-20,L,BKPSDM.1,Pengelola Data,pelaksana,VII,aktif," +
	"2022-11-01,198001012005011001,ya,\n"

// Import adds the employees of a CSV or XLSX file (columns Columns), all
// rows or none: each row is checked as CreateEmployee checks a form (the
// NIK and the NIP or NI PPPK must agree), its unit named by code (an
// unknown code is a row error), its position by name within the unit
// (created with jenis_jabatan, pelaksana by default, when the unit has
// none of that name), its supervisor by NIP or NI PPPK, of another row
// (in any order) or of an employee already stored; plt_atasan "ya" marks
// an acting one. A NIK, NIP, NI PPPK or account already stored, or twice
// in the file, and a loop of supervisors are row errors. Records
// employee.import per employee and employees.import for the file.
// Errors: too_large, unsupported_media_type, invalid (the file, its
// header, or the row report: line and column of each problem).
func (s *Service) Import(ctx context.Context, r io.Reader) (*ImportSummary, error) {
	now := s.now()
	h := sha256.New()
	rows, err := readImport(io.TeeReader(r, h), now)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(h, r); err != nil {
		return nil, apperr.Wrap(err, "read employees")
	}
	sum := &ImportSummary{SHA256: hex.EncodeToString(h.Sum(nil))}
	_ = s.db.Prepare(ctx, audit.HotStatements(string(s.db.Engine))...)
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		*sum = ImportSummary{SHA256: sum.SHA256}
		bad := &report.Problems{Refusal: "workforce.import.rejected"}
		st, err := loadImportState(ctx, tx, rows)
		if err != nil {
			return err
		}
		st.reconcile(rows, bad)
		if err := bad.Err(); err != nil {
			return err
		}
		return s.storeImport(ctx, tx, st, rows, now, sum)
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// readImport reads the file whole and checks each row by itself.
func readImport(r io.Reader, now time.Time) ([]*importRow, error) {
	t, err := report.ReadTableLimits(r, "employees", report.ReadLimits{MaxBytes: MaxImportFile, MaxUncompressed: 8 * MaxImportFile,
		MaxRows: maxImportRows + 1, MaxCols: 100})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if errors.Is(err, io.EOF) {
		return nil, apperr.E(apperr.Invalid, "workforce.import.no_header")
	}
	if err != nil {
		return nil, err
	}
	col, err := importColumns(header)
	if err != nil {
		return nil, err
	}
	bad := &report.Problems{Refusal: "workforce.import.rejected", Column: func(f string) string { return columnOf[f] }}
	var rows []*importRow
	for {
		cells, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, parseRow(cells, line, col, now, bad))
	}
	if len(rows) == 0 {
		return nil, apperr.E(apperr.Invalid, "workforce.import.empty")
	}
	checkDuplicates(rows, bad)
	return rows, bad.Err()
}

// importColumns maps each known column to its index (-1: absent).
func importColumns(header []string) (map[string]int, error) {
	col := map[string]int{}
	for _, c := range Columns {
		col[c] = -1
	}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := col[k]; ok {
			if j >= 0 {
				return nil, apperr.E(apperr.Invalid, "workforce.import.column_twice", "column", k)
			}
			col[k] = i
		}
	}
	var missing []string
	for _, c := range requiredColumns {
		if col[c] < 0 {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, apperr.E(apperr.Invalid, "workforce.import.columns", "missing", strings.Join(missing, ", "),
			"columns", strings.Join(Columns, ","))
	}
	return col, nil
}

// parseRow reads one row and checks it by itself.
func parseRow(cells []string, line int, col map[string]int, now time.Time, bad *report.Problems) *importRow {
	get := func(c string) string {
		if i := col[c]; i >= 0 && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	r := &importRow{line: line, unitCode: get("kode_unit"), position: get("jabatan"), posKind: strings.ToLower(get("jenis_jabatan")),
		supNumber: get("nip_atasan")}
	r.n = NewEmployee{Kind: get("jenis"), NIK: get("nik"), NIP: get("nip"), NIPPPK: get("ni_pppk"), Name: get("nama"),
		BirthDate: get("tanggal_lahir"), Gender: get("jenis_kelamin"), Grade: get("golongan"), Status: get("status"), TMT: get("tmt"),
		Username: get("username")}
	if _, f := check(&r.n, now); len(f) > 0 {
		bad.AddError(line, "", apperr.InvalidMsgs(f))
	}
	if r.unitCode == "" {
		bad.Add(line, "kode_unit", "workforce.import.unit_required")
	}
	if r.posKind == "" {
		r.posKind = PositionGeneral
	}
	if r.position != "" {
		f := map[string]apperr.Msg{}
		if checkName(f, "jabatan", &r.position) && !containsStr(PositionKinds, r.posKind) {
			bad.Add(line, "jenis_jabatan", "workforce.position_kind")
		}
		for k, m := range f {
			bad.Add(line, k, m.Key, m.Args...)
		}
	}
	switch strings.ToLower(get("plt_atasan")) {
	case "", "tidak", "no", "0", "n":
	case "ya", "yes", "1", "y", "plt":
		r.supActing = true
	default:
		bad.Add(line, "plt_atasan", "workforce.import.acting")
	}
	if r.supActing && r.supNumber == "" {
		bad.Add(line, "plt_atasan", "workforce.import.acting_alone")
	}
	return r
}

// number is the row's NIP or NI PPPK.
func (r *importRow) number() string {
	if r.n.Kind == KindPPPK {
		return r.n.NIPPPK
	}
	return r.n.NIP
}

// checkDuplicates: a NIK, NIP, NI PPPK or username on two rows is an
// error on the later one, naming the first.
func checkDuplicates(rows []*importRow, bad *report.Problems) {
	nik, number, user := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rows {
		if first, ok := nik[r.n.NIK]; ok && r.n.NIK != "" {
			bad.Add(r.line, "nik", "workforce.import.twice", "line", first)
		} else {
			nik[r.n.NIK] = r.line
		}
		col := "nip"
		if r.n.Kind == KindPPPK {
			col = "ni_pppk"
		}
		if n := r.number(); n != "" {
			if first, ok := number[n]; ok {
				bad.Add(r.line, col, "workforce.import.twice", "line", first)
			} else {
				number[n] = r.line
			}
		}
		if u := strings.ToLower(r.n.Username); u != "" {
			if first, ok := user[u]; ok {
				bad.Add(r.line, "username", "workforce.import.twice", "line", first)
			} else {
				user[u] = r.line
			}
		}
	}
}

// importState is what the database holds that the rows refer to.
type importState struct {
	units     map[string]int64           // code → id
	positions map[int64]map[string]int64 // unit → name → id
	stored    map[string]int64           // NIP / NI PPPK → employee
	storedNIK map[string]bool
	status    map[int64]string // stored employee → status
	users     map[string]int64 // lower(username) → user
	linked    map[int64]bool   // users already linked to an employee
	newPos    []*Position
}

func loadImportState(ctx context.Context, tx *sqldb.Tx, rows []*importRow) (*importState, error) {
	st := &importState{units: map[string]int64{}, positions: map[int64]map[string]int64{}, stored: map[string]int64{},
		storedNIK: map[string]bool{}, status: map[int64]string{}, users: map[string]int64{}, linked: map[int64]bool{}}
	steps := []struct {
		q  string
		fn func(*sql.Rows) error
	}{
		{`SELECT id, code FROM org_units`, func(r *sql.Rows) error {
			var id int64
			var code string
			err := r.Scan(&id, &code)
			st.units[code] = id
			return err
		}},
		{`SELECT id, unit_id, name FROM org_positions`, func(r *sql.Rows) error {
			var id, unit int64
			var name string
			err := r.Scan(&id, &unit, &name)
			if st.positions[unit] == nil {
				st.positions[unit] = map[string]int64{}
			}
			st.positions[unit][name] = id
			return err
		}},
		{`SELECT id, nik, COALESCE(nip, ni_pppk, ''), status, COALESCE(user_id, 0) FROM employees`, func(r *sql.Rows) error {
			var id, user int64
			var nik, number, status string
			err := r.Scan(&id, &nik, &number, &status, &user)
			st.storedNIK[nik], st.status[id] = true, status
			if number != "" {
				st.stored[number] = id
			}
			if user != 0 {
				st.linked[user] = true
			}
			return err
		}},
	}
	for _, s := range steps {
		if err := sqldb.RunQuery(ctx, tx, s.q, s.fn); err != nil {
			return nil, sqldb.Translate(err, "load import state")
		}
	}
	var names []string
	for _, r := range rows {
		if r.n.Username != "" {
			names = append(names, strings.ToLower(r.n.Username))
		}
	}
	for start := 0; start < len(names); start += 500 {
		chunk := names[start:min(start+500, len(names))]
		args := make([]any, len(chunk))
		ph := make([]string, len(chunk))
		for i, n := range chunk {
			args[i], ph[i] = n, "$"+strconv.Itoa(i+1)
		}
		err := sqldb.RunQuery(ctx, tx, `SELECT id, lower(username) FROM users WHERE lower(username) IN (`+strings.Join(ph, ",")+`)`,
			func(r *sql.Rows) error {
				var id int64
				var u string
				err := r.Scan(&id, &u)
				st.users[u] = id
				return err
			}, args...)
		if err != nil {
			return nil, sqldb.Translate(err, "find users")
		}
	}
	return st, nil
}

// reconcile checks each row against the database and the other rows:
// unit, position, account, numbers already stored, supervisors and loops.
func (st *importState) reconcile(rows []*importRow, bad *report.Problems) {
	inFile := map[string]*importRow{}
	for _, r := range rows {
		if n := r.number(); n != "" {
			inFile[n] = r
		}
	}
	made := map[int64]map[string]*Position{}
	for _, r := range rows {
		st.reconcileRow(r, bad, made)
		if r.supNumber == "" {
			continue
		}
		sup, inside := inFile[r.supNumber]
		storedID, stored := st.stored[r.supNumber]
		switch {
		case r.supNumber == r.number():
			bad.Add(r.line, "nip_atasan", "workforce.supervisor_loop")
		case inside && sup != nil:
		case stored && st.status[storedID] != StatusStopped:
		default:
			bad.Add(r.line, "nip_atasan", "workforce.import.supervisor_unknown", "number", r.supNumber)
		}
	}
	// A loop can only run through the file's rows: a stored employee's
	// supervisor is never a new one.
	for _, r := range rows {
		seen := map[*importRow]bool{r: true}
		for cur := inFile[r.supNumber]; cur != nil && cur != r; cur = inFile[cur.supNumber] {
			if seen[cur] {
				break // a loop that does not pass through r: reported on its own rows
			}
			seen[cur] = true
			if cur.supNumber == r.number() && r.number() != "" {
				bad.Add(r.line, "nip_atasan", "workforce.import.loop", "line", cur.line)
				break
			}
		}
	}
}

func (st *importState) reconcileRow(r *importRow, bad *report.Problems, made map[int64]map[string]*Position) {
	unit, ok := st.units[r.unitCode]
	if !ok && r.unitCode != "" {
		bad.Add(r.line, "kode_unit", "workforce.import.unit_unknown", "code", r.unitCode)
	}
	r.n.UnitID = unit
	if ok && r.position != "" {
		if id, ok := st.positions[unit][r.position]; ok {
			r.n.PositionID = id
		} else if made[unit][r.position] == nil {
			if made[unit] == nil {
				made[unit] = map[string]*Position{}
			}
			p := &Position{UnitID: unit, Name: r.position, Kind: r.posKind}
			made[unit][r.position] = p
			st.newPos = append(st.newPos, p)
		}
	}
	if r.number() != "" {
		if _, ok := st.stored[r.number()]; ok {
			col := "nip"
			if r.n.Kind == KindPPPK {
				col = "ni_pppk"
			}
			bad.Add(r.line, col, "workforce.import.stored")
		}
	}
	if st.storedNIK[r.n.NIK] {
		bad.Add(r.line, "nik", "workforce.import.stored")
	}
	if r.n.Username != "" {
		id, ok := st.users[strings.ToLower(r.n.Username)]
		switch {
		case !ok:
			bad.Add(r.line, "username", "workforce.user_missing")
		case st.linked[id]:
			bad.Add(r.line, "username", "workforce.user_taken")
		}
		r.userID = id
	}
}
