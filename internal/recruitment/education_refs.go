package recruitment

import (
	"context"
	"database/sql"

	"asnpro/internal/sqldb"
)

// FindEducationRefs returns the reference list of education codes, by
// level then code: the codes a formation may require. Errors: internal.
func (s *Service) FindEducationRefs(ctx context.Context) ([]EducationRef, error) {
	var out []EducationRef
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT code, name, level FROM education_refs ORDER BY level, code`, func(rows *sql.Rows) error {
		var e EducationRef
		if err := rows.Scan(&e.Code, &e.Name, &e.Level); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, sqldb.Translate(err, "find education refs")
}
