package recruitment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
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
const ApplicantTemplate = "no_peserta,nik,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,email,no_hp," +
	"kode_formasi,pendidikan,kode_pendidikan,ipk,status_verifikasi,alasan_tms\n" +
	"24300110000001,6271031205980001,Budi Santoso,Palangka " +
	"Raya,1998-05-12,L,budi.santoso@example.id,081234567890,PKY-2027-001,S1,S1-TI,3.45,MS,\n" +
	"24300110000002,6271035203990002,Siti Aminah,Kuala " +
	"Kapuas,12-03-1999,P,siti.aminah@example.id,081298765432,PKY-2027-001,S1,S1-TI,2.75,TMS,ipk: IPK 2.75 di bawah syarat " +
	"minimal 3.00 | ijazah: Ijazah tidak dilegalisir\n"

// MaxApplicantFile bounds an SSCASN export (bytes).
const MaxApplicantFile = 20 << 20

// maxApplicantRows bounds the rows of an export (a national round of one
// agency is at most some tens of thousands of applicants).
const maxApplicantRows = 200_000

// ErrNationalPeriod refuses local registration in a national period.
var ErrNationalPeriod = apperr.E(apperr.Conflict, "recruitment.national_period")

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
	t, err := report.ReadTableLimits(
		io.TeeReader(r, h),
		name,
		report.ReadLimits{MaxBytes: MaxApplicantFile, MaxUncompressed: 8 * MaxApplicantFile, MaxRows: maxApplicantRows + 1, MaxCols: 100},
	)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		return nil, apperr.E(apperr.Invalid, "recruitment.import.no_header")
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
