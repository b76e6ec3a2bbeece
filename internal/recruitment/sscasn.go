package recruitment

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/idnum"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// National rounds: in a CPNS/PPPK round run nationally,
// applicants register and are verified in SSCASN; the agency imports the
// SSCASN applicant export, with the MS/TMS decided there, instead of local
// registration. A period's applicants come from one source only: the first
// import marks the period as national (periods.source = 'sscasn'); a period
// with local applications refuses imports, and a national period refuses
// local applications.

// Period sources.
const (
	SourceLocal  = "local"
	SourceSSCASN = "sscasn"
)

// ApplicantColumns are the columns of the SSCASN applicant export, as
// SSCASN names them. The header is matched case-insensitively, in any
// order; other columns are ignored.
var ApplicantColumns = []string{"no_peserta", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "email", "no_hp",
	"kode_formasi", "pendidikan", "kode_pendidikan", "ipk", "status_verifikasi", "alasan_tms"}

// ApplicantTemplate is the downloadable example of the export (CSV).
const ApplicantTemplate = "no_peserta,nik,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,email,no_hp,kode_formasi,pendidikan,kode_pendidikan,ipk,status_verifikasi,alasan_tms\n" +
	"24300110000001,6271031205980001,Budi Santoso,Palangka Raya,1998-05-12,L,budi.santoso@example.id,081234567890,PKY-2027-001,S1,S1-TI,3.45,MS,\n" +
	"24300110000002,6271035203990002,Siti Aminah,Kuala Kapuas,12-03-1999,P,siti.aminah@example.id,081298765432,PKY-2027-001,S1,S1-TI,2.75,TMS,ipk: IPK 2.75 di bawah syarat minimal 3.00 | ijazah: Ijazah tidak dilegalisir\n"

// MaxApplicantFile bounds an SSCASN export (bytes).
const MaxApplicantFile = 20 << 20

// maxApplicantRows bounds the rows of an export (a national round of one
// agency is at most some tens of thousands of applicants).
const maxApplicantRows = 200_000

// ErrNationalPeriod refuses local registration in a national period.
var ErrNationalPeriod = &apperr.Error{Code: apperr.Conflict,
	Message:   "Periode ini seleksi nasional: pendaftaran dan verifikasi dilakukan di SSCASN, lalu data pelamar diimpor panitia. Lamaran tidak dapat dibuat di sini.",
	MessageEN: "This period is a national round: registration and verification happen in SSCASN and the committee imports the applicants. Applications cannot be made here."}

// PeriodSource returns "local" or "sscasn". Errors: not_found.
func (s *Service) PeriodSource(ctx context.Context, periodID int64) (string, error) {
	var src string
	err := s.db.R.QueryRowContext(ctx, `SELECT source FROM periods WHERE id = $1`, periodID).Scan(&src)
	if err != nil {
		if apperr.CodeOf(sqldb.Translate(err, "period")) == apperr.NotFound {
			return "", ErrPeriodNotFound
		}
		return "", sqldb.Translate(err, "period source")
	}
	return src, nil
}

// ApplicantFile is a read SSCASN export.
type ApplicantFile struct {
	Header []string
	Rows   []Row
	SHA256 string // of the bytes read
}

// ReadApplicantFile reads an SSCASN export (CSV or XLSX, told apart by
// content) and the SHA-256 of its bytes. Errors: *apperr.Error
// (too_large, unsupported_media_type, invalid).
func ReadApplicantFile(r io.Reader, name string) (*ApplicantFile, error) {
	h := sha256.New()
	t, err := report.ReadTableLimits(io.TeeReader(r, h), name, report.ReadLimits{MaxBytes: MaxApplicantFile, MaxUncompressed: 8 * MaxApplicantFile, MaxRows: maxApplicantRows + 1, MaxCols: 100})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "Berkas tidak memiliki baris kepala tabel", "The file has no header row")
	}
	f := &ApplicantFile{Header: header}
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		f.Rows = append(f.Rows, Row{Line: line, Fields: row})
	}
	f.SHA256 = hex.EncodeToString(h.Sum(nil))
	return f, nil
}

// ImportReason is a failed requirement named by SSCASN.
type ImportReason struct {
	Requirement string `json:"requirement"`
	Note        string `json:"note"`
}

// ImportedApplication is an application stored by an import, with the
// decision the export carries (for the verification part).
type ImportedApplication struct {
	Line int
	*Application
	Decision string // MS or TMS
	Reasons  []ImportReason
}

// ApplicantImport is what the later stages add to an import: the
// requirements a TMS may name, a check of their own state and the storing
// of the decisions, both inside the import's transaction.
type ApplicantImport struct {
	FileSHA256 string
	// Requirements lists what a TMS reason may name for formation f.
	Requirements func(f *Formation) []string
	// Check runs first inside the transaction (a refusal of a later stage).
	Check func(ctx context.Context, tx *sqldb.Tx, p *Period) error
	// Imported runs inside the transaction after every application is stored.
	Imported func(ctx context.Context, tx *sqldb.Tx, apps []*ImportedApplication) error
}

// ImportSummary counts what an import stored.
type ImportSummary struct {
	Imported    int `json:"imported"`
	MS          int `json:"ms"`
	TMS         int `json:"tms"`
	NewAccounts int `json:"new_accounts"`
}

// sscasnRow is a parsed data row.
type sscasnRow struct {
	line                                   int
	regNo, nik, name, place, birth, gender string
	email, phone, formCode, level, major   string
	ipk                                    *int
	decision                               string
	reasons                                []ImportReason
	formation                              *Formation
	applicantID, userID                    int64 // an existing applicant
}

// problems collects the row report of an import: at most 100 shown.
type problems struct {
	n      int
	id, en []string
	fields map[string]string
}

func (p *problems) add(line int, col, id, en string) {
	p.n++
	if len(p.id) >= 100 {
		return
	}
	p.id = append(p.id, fmt.Sprintf("baris %d, kolom %s: %s", line, col, id))
	p.en = append(p.en, fmt.Sprintf("line %d, column %s: %s", line, col, en))
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	p.fields[fmt.Sprintf("%d.%s", line, col)] = id
}

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	shown, shownEN := "", ""
	if p.n > len(p.id) {
		shown, shownEN = fmt.Sprintf(" (%d pertama ditampilkan)", len(p.id)), fmt.Sprintf(" (the first %d shown)", len(p.id))
	}
	return &apperr.Error{Code: apperr.Invalid,
		Message:   fmt.Sprintf("Berkas ditolak seluruhnya, tidak ada yang disimpan; %d masalah%s: %s", p.n, shown, strings.Join(p.id, "; ")),
		MessageEN: fmt.Sprintf("The whole file was rejected, nothing was stored; %d problems%s: %s", p.n, shownEN, strings.Join(p.en, "; ")),
		Fields:    p.fields}
}

var regNoRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z./-]{3,39}$`)

// parseBirthDate reads YYYY-MM-DD or DD-MM-YYYY (also with "/").
func parseBirthDate(s string) (time.Time, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "/", "-")
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDecision reads MS/TMS (or the words SSCASN writes).
func parseDecision(s string) string {
	switch strings.ToUpper(strings.Join(strings.Fields(s), " ")) {
	case "MS", "MEMENUHI SYARAT":
		return "MS"
	case "TMS", "TIDAK MEMENUHI SYARAT":
		return "TMS"
	}
	return ""
}

// ImportApplicants imports an SSCASN applicant export into a period in one
// transaction. Every row is validated — the NIK against the birth date and
// gender, the formation code of the period, the education code of the
// reference list, MS/TMS with its reasons, duplicates of NIK or
// no_peserta within the file or already stored — and when any row is
// wrong nothing is stored and the error names each bad row and column (at
// most 100 shown). For each row: the applicant (reused by NIK, or a new
// account, username = NIK, role applicant, without a usable password: the
// applicant sets one through the password reset link), an application
// submitted now with registration number = no_peserta, counted like a
// submission, and (through opts.Imported) the decision. The first import
// marks the period national. Records applicants.import for the file and
// application.import per application (user.create per new account).
// Errors: not_found (period), invalid (header, rows), conflict (the
// period has local applications; opts.Check's refusals).
func (s *Service) ImportApplicants(ctx context.Context, periodID int64, header []string, rows []Row, opts ApplicantImport) (*ImportSummary, error) {
	// The header: every column, once, in any order.
	col := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[k]; dup && k != "" {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("baris 1: kolom %s muncul dua kali", k), fmt.Sprintf("line 1: column %s appears twice", k))
		}
		col[k] = i
	}
	var missing []string
	for _, c := range ApplicantColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, apperr.New(apperr.Invalid,
			"baris 1: kolom tidak ada: "+strings.Join(missing, ", ")+" (kepala tabel: "+strings.Join(ApplicantColumns, ",")+")",
			"line 1: missing columns: "+strings.Join(missing, ", ")+" (header: "+strings.Join(ApplicantColumns, ",")+")")
	}
	if len(rows) == 0 {
		return nil, apperr.New(apperr.Invalid, "Berkas tidak berisi pelamar", "The file has no applicants")
	}
	if len(rows) > maxApplicantRows {
		return nil, apperr.New(apperr.TooLarge, fmt.Sprintf("Berkas berisi lebih dari %d pelamar", maxApplicantRows), fmt.Sprintf("The file has more than %d applicants", maxApplicantRows))
	}
	if _, err := s.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	forms, _, err := s.FindFormations(ctx, periodID, FormationFilter{}, true)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*Formation{}
	for _, f := range forms {
		byCode[strings.ToLower(f.Code)] = f
	}
	refs := map[string]EducationRef{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT code, name, level FROM education_refs`, func(rr *sql.Rows) error {
		var e EducationRef
		if err := rr.Scan(&e.Code, &e.Name, &e.Level); err != nil {
			return err
		}
		refs[strings.ToLower(e.Code)] = e
		return nil
	})
	if err != nil {
		return nil, sqldb.Translate(err, "education")
	}

	now := s.now()
	var bad problems
	parsed := make([]*sscasnRow, 0, len(rows))
	seenNIK, seenReg, seenEmail := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rows {
		get := func(c string) string {
			if i := col[c]; i < len(r.Fields) {
				return strings.TrimSpace(r.Fields[i])
			}
			return ""
		}
		x := &sscasnRow{line: r.Line, regNo: get("no_peserta"), nik: get("nik"), name: strings.Join(strings.Fields(get("nama")), " "),
			place: get("tempat_lahir"), email: strings.ToLower(get("email")), phone: strings.NewReplacer(" ", "", "-", "").Replace(get("no_hp")),
			formCode: get("kode_formasi")}
		ok := true
		fail := func(c, id, en string) { bad.add(r.Line, c, id, en); ok = false }
		if !regNoRE.MatchString(x.regNo) {
			fail("no_peserta", "nomor peserta wajib diisi (4–40 huruf/angka)", "the registration number is required (4–40 letters/digits)")
		} else if prev, dup := seenReg[x.regNo]; dup {
			fail("no_peserta", fmt.Sprintf("nomor peserta %s ganda (juga di baris %d)", x.regNo, prev), fmt.Sprintf("registration number %s is duplicated (also on line %d)", x.regNo, prev))
		} else {
			seenReg[x.regNo] = r.Line
		}
		if v, p := textcheck.Clean(x.name, textcheck.Name); p != nil {
			fail("nama", p.ID, p.EN)
		} else if x.name = v; x.name == "" || len(x.name) > 150 {
			fail("nama", "nama wajib diisi (maksimal 150 karakter)", "the name is required (at most 150 characters)")
		}
		if v, p := textcheck.Clean(x.place, textcheck.Name); p != nil {
			fail("tempat_lahir", p.ID, p.EN)
		} else if x.place = v; x.place == "" || len(x.place) > 100 {
			fail("tempat_lahir", "tempat lahir wajib diisi (maksimal 100 karakter)", "the place of birth is required (at most 100 characters)")
		}
		birth, bok := parseBirthDate(get("tanggal_lahir"))
		if !bok {
			fail("tanggal_lahir", fmt.Sprintf("%q bukan tanggal YYYY-MM-DD atau DD-MM-YYYY", get("tanggal_lahir")), fmt.Sprintf("%q is not a date YYYY-MM-DD or DD-MM-YYYY", get("tanggal_lahir")))
		} else {
			x.birth = birth.Format(time.DateOnly)
		}
		g, gerr := idnum.ParseGender(get("jenis_kelamin"))
		if gerr != nil || (g != idnum.Male && g != idnum.Female) {
			fail("jenis_kelamin", "jenis kelamin harus L/P (atau M/F)", "gender must be L/P (or M/F)")
		} else {
			x.gender = g.String()
		}
		switch {
		case bok && x.gender != "":
			if _, err := idnum.CheckNIK(x.nik, birth, g, now); err != nil {
				fail("nik", idnumMessage(err, "id"), idnumMessage(err, "en"))
			}
		default:
			if _, err := idnum.ParseNIK(x.nik, now); err != nil {
				fail("nik", idnumMessage(err, "id"), idnumMessage(err, "en"))
			}
		}
		if prev, dup := seenNIK[x.nik]; dup && x.nik != "" {
			fail("nik", fmt.Sprintf("NIK %s ganda (juga di baris %d)", x.nik, prev), fmt.Sprintf("NIK %s is duplicated (also on line %d)", x.nik, prev))
		} else if x.nik != "" {
			seenNIK[x.nik] = r.Line
		}
		if _, p := textcheck.Email(x.email); p != nil {
			fail("email", "alamat e-mail tidak valid", "the e-mail address is not valid")
		}
		if strings.HasPrefix(x.phone, "8") { // a number cell loses its leading zero
			x.phone = "0" + x.phone
		}
		if !phoneRE.MatchString(x.phone) {
			fail("no_hp", "nomor HP harus nomor seluler Indonesia, mis. 081234567890", "the phone must be an Indonesian mobile number, e.g. 081234567890")
		}
		x.formation = byCode[strings.ToLower(x.formCode)]
		if x.formation == nil {
			fail("kode_formasi", fmt.Sprintf("formasi %q tidak ada pada periode ini", x.formCode), fmt.Sprintf("formation %q is not in this period", x.formCode))
		}
		lv := get("pendidikan")
		for _, l := range Levels {
			if strings.EqualFold(l, lv) {
				x.level = l
			}
		}
		if x.level == "" {
			fail("pendidikan", fmt.Sprintf("jenjang %q tidak dikenal (%s)", lv, strings.Join(Levels, ", ")), fmt.Sprintf("unknown level %q (%s)", lv, strings.Join(Levels, ", ")))
		}
		if ref, known := refs[strings.ToLower(get("kode_pendidikan"))]; !known {
			fail("kode_pendidikan", fmt.Sprintf("kode pendidikan %q tidak ada dalam daftar referensi", get("kode_pendidikan")), fmt.Sprintf("education code %q is not in the reference list", get("kode_pendidikan")))
		} else {
			x.major = ref.Code
			if x.level != "" && ref.Level != x.level {
				fail("kode_pendidikan", fmt.Sprintf("kode %s berjenjang %s, bukan %s", ref.Code, ref.Level, x.level), fmt.Sprintf("code %s is of level %s, not %s", ref.Code, ref.Level, x.level))
			}
		}
		if v := get("ipk"); v != "" {
			h, err := ParseIPK(v)
			limit := 400
			if x.level == "SMA" {
				limit = 10000 // the SMA average, 0–100
			}
			if err != nil || h > limit {
				fail("ipk", fmt.Sprintf("%q bukan IPK 0,00–4,00 (SMA: nilai rata-rata 0–100)", v), fmt.Sprintf("%q is not an IPK 0.00–4.00 (SMA: an average 0–100)", v))
			} else {
				x.ipk = &h
			}
		}
		x.decision = parseDecision(get("status_verifikasi"))
		reasons := get("alasan_tms")
		switch x.decision {
		case "":
			fail("status_verifikasi", fmt.Sprintf("%q: harus MS atau TMS", get("status_verifikasi")), fmt.Sprintf("%q: must be MS or TMS", get("status_verifikasi")))
		case "MS":
			if reasons != "" {
				fail("alasan_tms", "peserta MS tidak boleh memiliki alasan TMS", "an MS applicant may not have TMS reasons")
			}
		case "TMS":
			if reasons == "" {
				fail("alasan_tms", "TMS wajib menyebut minimal satu syarat yang tidak terpenuhi (syarat: catatan)", "a TMS must name at least one failed requirement (requirement: note)")
			}
		}
		if x.decision == "TMS" && reasons != "" {
			var allowed []string
			if x.formation != nil && opts.Requirements != nil {
				allowed = opts.Requirements(x.formation)
			}
			seen := map[string]bool{}
			for i, part := range strings.Split(reasons, "|") {
				req, note, found := strings.Cut(part, ":")
				req, note = strings.ToLower(strings.TrimSpace(req)), strings.TrimSpace(note)
				switch {
				case !found || note == "":
					fail("alasan_tms", fmt.Sprintf("alasan ke-%d harus berbentuk \"syarat: catatan\"", i+1), fmt.Sprintf("reason %d must read \"requirement: note\"", i+1))
				case utf8.RuneCountInString(note) > 1000:
					fail("alasan_tms", fmt.Sprintf("catatan alasan ke-%d lebih dari 1.000 karakter", i+1), fmt.Sprintf("the note of reason %d is over 1,000 characters", i+1))
				case x.formation != nil && !contains(allowed, req):
					fail("alasan_tms", fmt.Sprintf("syarat %q bukan syarat formasi ini (%s)", req, strings.Join(allowed, ", ")), fmt.Sprintf("requirement %q is not one of this formation's (%s)", req, strings.Join(allowed, ", ")))
				case seen[req]:
					fail("alasan_tms", fmt.Sprintf("syarat %s disebut dua kali", req), fmt.Sprintf("requirement %s is named twice", req))
				default:
					seen[req] = true
					x.reasons = append(x.reasons, ImportReason{Requirement: req, Note: note})
				}
			}
		}
		if ok {
			parsed = append(parsed, x)
		}
	}

	// The audit record's statements, prepared once outside any transaction
	// (a server has done so at start; a command-line import has not), so
	// that tens of thousands of events are not each parsed again.
	_ = s.db.Prepare(ctx, audit.HotStatements(string(s.db.Engine))...)
	sum := &ImportSummary{}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := s.findPeriod(ctx, tx, periodID)
		if err != nil {
			return err
		}
		var src string
		var local int
		if err := tx.QueryRowContext(ctx, `SELECT source, (SELECT count(*) FROM applications WHERE period_id = $1) FROM periods WHERE id = $1`, periodID).Scan(&src, &local); err != nil {
			return sqldb.Translate(err, "period source")
		}
		if src != SourceSSCASN && local > 0 {
			return &apperr.Error{Code: apperr.Conflict,
				Message:   fmt.Sprintf("Periode ini sudah memiliki %d lamaran dari pendaftaran lokal; data SSCASN hanya dapat diimpor ke periode tanpa pendaftaran lokal (satu periode tidak boleh mencampur keduanya)", local),
				MessageEN: fmt.Sprintf("This period already has %d applications from local registration; an SSCASN export can only be imported into a period without local registration (a period never mixes the two)", local)}
		}
		if opts.Check != nil {
			if err := opts.Check(ctx, tx, p); err != nil {
				return err
			}
		}
		// What is stored already: applicants by NIK (and their application
		// in this period), registration numbers, usernames and e-mails.
		niks := make([]string, 0, len(parsed))
		regs := make([]string, 0, len(parsed))
		for _, x := range parsed {
			niks, regs = append(niks, x.nik), append(regs, x.regNo)
		}
		type known struct {
			applicant, user int64
			reg             string
		}
		have := map[string]known{}
		if err := inChunks(ctx, tx, `SELECT ap.nik, ap.id, ap.user_id, coalesce(a.registration_number, '') FROM applicants ap LEFT JOIN applications a ON a.applicant_id = ap.id AND a.period_id = `+strconv.FormatInt(periodID, 10)+` WHERE ap.nik IN `, niks,
			func(sc func(...any) error) error {
				var k known
				var nik string
				if err := sc(&nik, &k.applicant, &k.user, &k.reg); err != nil {
					return err
				}
				have[nik] = k
				return nil
			}); err != nil {
			return err
		}
		regTaken := map[string]int64{}
		if err := inChunks(ctx, tx, `SELECT registration_number, period_id FROM applications WHERE registration_number IN `, regs, func(sc func(...any) error) error {
			var r string
			var pid int64
			if err := sc(&r, &pid); err != nil {
				return err
			}
			regTaken[r] = pid
			return nil
		}); err != nil {
			return err
		}
		var newNIKs, newEmails []string
		for _, x := range parsed {
			if _, ok := have[x.nik]; !ok {
				newNIKs, newEmails = append(newNIKs, strings.ToLower(x.nik)), append(newEmails, x.email)
			}
		}
		userTaken, emailTaken := map[string]bool{}, map[string]bool{}
		if err := inChunks(ctx, tx, `SELECT lower(username) FROM users WHERE lower(username) IN `, newNIKs, func(sc func(...any) error) error {
			var u string
			err := sc(&u)
			userTaken[u] = true
			return err
		}); err != nil {
			return err
		}
		if err := inChunks(ctx, tx, `SELECT lower(email) FROM users WHERE lower(email) IN `, newEmails, func(sc func(...any) error) error {
			var e string
			err := sc(&e)
			emailTaken[e] = true
			return err
		}); err != nil {
			return err
		}
		good := parsed[:0:0]
		for _, x := range parsed {
			ok := true
			if k, found := have[x.nik]; found {
				if k.reg != "" {
					bad.add(x.line, "nik", fmt.Sprintf("NIK %s sudah terdaftar pada periode ini (no. peserta %s)", x.nik, k.reg),
						fmt.Sprintf("NIK %s is already registered in this period (registration number %s)", x.nik, k.reg))
					ok = false
				}
				x.applicantID, x.userID = k.applicant, k.user
			} else {
				if userTaken[strings.ToLower(x.nik)] {
					bad.add(x.line, "nik", fmt.Sprintf("nama pengguna %s sudah dipakai akun lain yang bukan pelamar", x.nik), fmt.Sprintf("the username %s belongs to another account that is not an applicant", x.nik))
					ok = false
				}
				if emailTaken[x.email] {
					bad.add(x.line, "email", fmt.Sprintf("e-mail %s sudah dipakai akun lain", x.email), fmt.Sprintf("the e-mail %s is used by another account", x.email))
					ok = false
				} else if prev, dup := seenEmail[x.email]; dup {
					bad.add(x.line, "email", fmt.Sprintf("e-mail %s ganda (juga di baris %d)", x.email, prev), fmt.Sprintf("e-mail %s is duplicated (also on line %d)", x.email, prev))
					ok = false
				} else {
					seenEmail[x.email] = x.line
				}
			}
			if pid, taken := regTaken[x.regNo]; taken {
				if pid == periodID {
					bad.add(x.line, "no_peserta", fmt.Sprintf("nomor peserta %s sudah ada pada periode ini", x.regNo), fmt.Sprintf("registration number %s is already in this period", x.regNo))
				} else {
					bad.add(x.line, "no_peserta", fmt.Sprintf("nomor peserta %s sudah dipakai periode lain", x.regNo), fmt.Sprintf("registration number %s is used by another period", x.regNo))
				}
				ok = false
			}
			if ok {
				good = append(good, x)
			}
		}
		if err := bad.err(); err != nil {
			return err
		}
		// Store.
		at := sqldb.Now(s.now())
		if src != SourceSSCASN {
			if _, err := tx.ExecContext(ctx, `UPDATE periods SET source = 'sscasn' WHERE id = $1`, periodID); err != nil {
				return sqldb.Translate(err, "mark period")
			}
			if err := bumpCatalog(ctx, tx, periodID); err != nil { // copies of the period show its source
				return err
			}
		}
		insApplicant, err := tx.PrepareContext(ctx, `INSERT INTO applicants (user_id, nik, name, birth_place, birth_date, gender, email, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`)
		if err != nil {
			return sqldb.Translate(err, "prepare")
		}
		defer insApplicant.Close()
		insApplication, err := tx.PrepareContext(ctx, `INSERT INTO applications (period_id, formation_id, applicant_id, registration_number, status, education_level, education_major, ipk, attributes, submitted_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, '{}', $8, $8, $8) RETURNING id`)
		if err != nil {
			return sqldb.Translate(err, "prepare")
		}
		defer insApplication.Close()
		perFormation := map[int64]int{}
		apps := make([]*ImportedApplication, 0, len(good))
		for _, x := range good {
			if x.applicantID == 0 {
				// No usable password: the applicant sets one through the reset link.
				u, err := s.ids.InsertUser(ctx, tx, identity.NewUser{Username: x.nik, Name: x.name, Email: x.email, Roles: []identity.Role{identity.Applicant}}, "")
				if err != nil {
					return err
				}
				x.userID = u.ID
				if err := insApplicant.QueryRowContext(ctx, u.ID, x.nik, x.name, x.place, x.birth, x.gender, x.email, x.phone, at).Scan(&x.applicantID); err != nil {
					return sqldb.Translate(err, "insert applicant")
				}
				sum.NewAccounts++
			}
			var ipk any
			if x.ipk != nil {
				ipk = *x.ipk
			}
			var id int64
			if err := insApplication.QueryRowContext(ctx, periodID, x.formation.ID, x.applicantID, x.regNo, x.level, x.major, ipk, at).Scan(&id); err != nil {
				return sqldb.Translate(err, "insert application")
			}
			sub := at
			a := &Application{ID: id, PeriodID: periodID, FormationID: x.formation.ID, ApplicantID: x.applicantID, ApplicantUserID: x.userID,
				RegistrationNumber: x.regNo, Status: StatusSubmitted, Education: Education{Level: x.level, Major: x.major}, MajorCode: x.major,
				Attributes: map[string]string{}, SubmittedAt: &sub, CreatedAt: at}
			if x.reasons == nil {
				x.reasons = []ImportReason{}
			}
			apps = append(apps, &ImportedApplication{Line: x.line, Application: a, Decision: x.decision, Reasons: x.reasons})
			perFormation[x.formation.ID]++
			if x.decision == "MS" {
				sum.MS++
			} else {
				sum.TMS++
			}
			if err := s.record(ctx, tx, audit.Event{At: at, Action: "application.import", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
				Data: map[string]any{"source": SourceSSCASN, "period": strconv.FormatInt(periodID, 10), "registration_number": x.regNo, "applicant": strconv.FormatInt(x.applicantID, 10),
					"nik": x.nik, "formation": strconv.FormatInt(x.formation.ID, 10), "decision": x.decision, "reasons": x.reasons}}); err != nil {
				return err
			}
		}
		fids := make([]int64, 0, len(perFormation))
		for fid := range perFormation {
			fids = append(fids, fid)
		}
		sort.Slice(fids, func(i, j int) bool { return fids[i] < fids[j] })
		for _, fid := range fids {
			if _, err := tx.ExecContext(ctx, `UPDATE formations SET submitted = submitted + $1 WHERE id = $2`, perFormation[fid], fid); err != nil {
				return sqldb.Translate(err, "count")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE periods SET submitted_total = submitted_total + $1 WHERE id = $2`, len(apps), periodID); err != nil {
			return sqldb.Translate(err, "count")
		}
		if opts.Imported != nil {
			if err := opts.Imported(ctx, tx, apps); err != nil {
				return err
			}
		}
		sum.Imported = len(apps)
		return s.record(ctx, tx, audit.Event{At: at, Action: "applicants.import", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10),
			Data: map[string]any{"source": SourceSSCASN, "sha256": opts.FileSHA256, "rows": len(apps), "ms": sum.MS, "tms": sum.TMS, "new_accounts": sum.NewAccounts}})
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// inChunks runs query (ending in "IN ") for keys, 500 at a time, calling
// each for every row.
func inChunks(ctx context.Context, tx *sqldb.Tx, query string, keys []string, each func(scan func(...any) error) error) error {
	const per = 500
	for start := 0; start < len(keys); start += per {
		chunk := keys[start:min(start+per, len(keys))]
		var b strings.Builder
		args := make([]any, len(chunk))
		b.WriteString(query)
		b.WriteByte('(')
		for i, k := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("$" + strconv.Itoa(i+1))
			args[i] = k
		}
		b.WriteByte(')')
		rows, err := tx.QueryContext(ctx, b.String(), args...)
		if err != nil {
			return sqldb.Translate(err, "look up")
		}
		for rows.Next() {
			if err := each(rows.Scan); err != nil {
				rows.Close()
				return sqldb.Translate(err, "look up")
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return sqldb.Translate(err, "look up")
		}
	}
	return nil
}
