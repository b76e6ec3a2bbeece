package recruitment

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"asnpro/internal/sqldb"
)

// The SQL of an SSCASN import: what is stored already, and the storing.

// storedFor looks up, for the parsed rows, the applicants stored by NIK
// (with their registration number in periodID) and the registration
// numbers taken, with the period that holds each.
func (s *Service) storedFor(
	ctx context.Context,
	tx *sqldb.Tx,
	periodID int64,
	parsed []*sscasnRow,
) (map[string]knownApplicant, map[string]int64, error) {
	niks := make([]string, 0, len(parsed))
	regs := make([]string, 0, len(parsed))
	for _, x := range parsed {
		niks, regs = append(niks, x.nik), append(regs, x.regNo)
	}
	have := map[string]knownApplicant{}
	err := inChunks(ctx, tx, `SELECT ap.nik, ap.id, ap.user_id, coalesce(a.registration_number, '') FROM applicants ap
LEFT JOIN applications a ON a.applicant_id = ap.id AND a.period_id = `+strconv.FormatInt(periodID, 10)+` WHERE ap.nik IN `, niks,
		func(sc func(...any) error) error {
			var k knownApplicant
			var nik string
			if err := sc(&nik, &k.applicant, &k.user, &k.reg); err != nil {
				return err
			}
			have[nik] = k
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	regTaken := map[string]int64{}
	err = inChunks(
		ctx,
		tx,
		`SELECT registration_number, period_id FROM applications WHERE registration_number IN `,
		regs,
		func(sc func(...any) error) error {
			var r string
			var pid int64
			if err := sc(&r, &pid); err != nil {
				return err
			}
			regTaken[r] = pid
			return nil
		},
	)
	if err != nil {
		return nil, nil, err
	}
	return have, regTaken, nil
}

// markNational marks a period as national (its applicants come from
// SSCASN) and tells the copies of its catalogue.
func markNational(ctx context.Context, tx *sqldb.Tx, periodID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE periods SET source = 'sscasn' WHERE id = $1`, periodID); err != nil {
		return sqldb.Translate(err, "mark period")
	}
	return bumpCatalog(ctx, tx, periodID) // copies of the period show its source
}

// importInserts are the statements an import runs per row, prepared once
// inside its transaction.
type importInserts struct {
	applicant, application *sqldb.Stmt
}

func prepareImportInserts(ctx context.Context, tx *sqldb.Tx) (*importInserts, error) {
	ins := &importInserts{}
	var err error
	ins.applicant, err = tx.PrepareContext(
		ctx,
		`INSERT INTO applicants (user_id, nik, name, birth_place, birth_date, gender, email, phone, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
	)
	if err != nil {
		return nil, sqldb.Translate(err, "prepare")
	}
	ins.application, err = tx.PrepareContext(
		ctx,
		`INSERT INTO applications (period_id, formation_id, applicant_id, registration_number, status,
education_level, education_major, ipk, attributes, submitted_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, '{}', $8, $8, $8) RETURNING id`,
	)
	if err != nil {
		ins.applicant.Close()
		return nil, sqldb.Translate(err, "prepare")
	}
	return ins, nil
}

func (ins *importInserts) close() {
	ins.applicant.Close()
	ins.application.Close()
}

// countImported adds the imported applications to the submission counters
// of their formations (in id order) and of the period.
func countImported(ctx context.Context, tx *sqldb.Tx, periodID int64, perFormation map[int64]int, total int) error {
	for _, fid := range sortedIDs(perFormation) {
		if _, err := tx.ExecContext(ctx, `UPDATE formations SET submitted = submitted + $1 WHERE id = $2`, perFormation[fid], fid); err != nil {
			return sqldb.Translate(err, "count")
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE periods SET submitted_total = submitted_total + $1 WHERE id = $2`, total, periodID); err != nil {
		return sqldb.Translate(err, "count")
	}
	return nil
}

// inChunks runs query (ending in "IN ") for keys, 500 at a time, calling
// each for every row.
func inChunks(ctx context.Context, tx *sqldb.Tx, query string, keys []string, each func(scan func(...any) error) error) error {
	const per = 500
	for start := 0; start < len(keys); start += per {
		chunk := keys[start:min(start+per, len(keys))]
		marks := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for i, k := range chunk {
			marks[i], args[i] = "$"+strconv.Itoa(i+1), k
		}
		rows, err := tx.QueryContext(ctx, query+"("+strings.Join(marks, ",")+")", args...)
		err = sqldb.EachRow(rows, err, func(r *sql.Rows) error { return each(r.Scan) })
		if err != nil {
			return sqldb.Translate(err, "look up")
		}
	}
	return nil
}
