package development

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
)

// EvidenceRule is what evidence may be: a PDF or a JPEG of at most 2 MB.
var EvidenceRule = upload.Rule{Formats: []upload.Format{upload.PDF, upload.JPEG}, MaxBytes: 2 << 20}

// person is an employee as this package reads them (joins across parts:
// employees, workforce's).
type person struct {
	ID, UserID, SupervisorID, SupervisorUserID int64
	Name, Kind, Status                         string
}

// Joins across parts: employees (workforce), for the employee, their
// account and their current direct supervisor's account.
const personQuery = `SELECT e.id, COALESCE(e.user_id, 0), COALESCE(e.supervisor_id, 0), COALESCE(s.user_id, 0), e.name, e.kind,
  e.status FROM employees e LEFT JOIN employees s ON s.id = e.supervisor_id WHERE `

func findPerson(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}, where string, arg any) (*person, error) {
	var p person
	err := q.QueryRowContext(ctx, personQuery+where, arg).Scan(&p.ID, &p.UserID, &p.SupervisorID, &p.SupervisorUserID, &p.Name,
		&p.Kind, &p.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEmployeeNotFound
	}
	return &p, sqldb.Translate(err, "find employee")
}

// SubmitExternal records a training elsewhere for the employee linked to
// userID, pending their current direct supervisor's decision, with its
// evidence read from body (nil: none) and checked while it streams; it
// records development.submit. Errors: invalid (the fields; no evidence:
// "evidence"), failed_precondition (the user is no employee, or has no
// supervisor), and the upload's own (too_large, unsupported_media_type,
// invalid).
func (s *Service) SubmitExternal(ctx context.Context, userID int64, x External, body io.Reader, filename string) (*Record, error) {
	now := s.now()
	err := x.validate(now)
	if body == nil {
		f := map[string]apperr.Msg{}
		if ae := apperr.As(err); ae != nil {
			for k, v := range ae.FieldMsgs {
				f[k] = v
			}
		}
		f["evidence"] = apperr.M("development.evidence")
		err = apperr.InvalidMsgs(f)
	}
	if err != nil {
		return nil, err
	}
	p, err := findPerson(ctx, s.db.R, "e.user_id = $1", userID)
	if errors.Is(err, ErrEmployeeNotFound) {
		return nil, ErrNotEmployee
	}
	if err != nil {
		return nil, err
	}
	if p.SupervisorID == 0 {
		return nil, ErrNoSupervisor
	}
	file, err := upload.Receive(ctx, body, EvidenceRule, s.tempDir)
	if err != nil {
		var ue *upload.Error
		if errors.As(err, &ue) {
			if ue.Code() == upload.CodeEmpty {
				return nil, invalid("evidence", "development.evidence")
			}
			return nil, ue.AppError()
		}
		return nil, err
	}
	defer file.Remove()
	if err := s.blobs.Place(file); err != nil {
		return nil, apperr.Wrap(err, "store evidence")
	}
	d, _ := parseDay(x.CompletedOn)
	r := &Record{EmployeeID: p.ID, EmployeeName: p.Name, Year: d.Year(), Source: SourceExternal, Title: x.Title,
		Institution: x.Institution, JP: x.JP, CompletedOn: x.CompletedOn, Status: StatusPending,
		Evidence: &Evidence{SHA256: file.SHA256, ContentType: file.ContentType, Filename: upload.SafeName(filename), Size: file.Size}}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		r.CreatedAt = at
		if err := s.blobs.Record(ctx, tx, file, at); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO development_records (employee_id, year, source, title, institution, jp, completed_on,
  status, evidence_sha256, evidence_type, evidence_name, evidence_size, approver_id, submitted_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			p.ID, r.Year, SourceExternal, r.Title, r.Institution, r.JP, r.CompletedOn, StatusPending, file.SHA256, file.ContentType,
			r.Evidence.Filename, file.Size, p.SupervisorID, userID, at).Scan(&r.ID)
		if err != nil {
			return sqldb.Translate(err, "submit external training")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "development.submit", ObjectType: "development_record", ObjectID: idText(r.ID),
			Data: map[string]any{"employee": idText(p.ID), "jp": r.JP, "year": r.Year, "title": r.Title, "sha256": file.SHA256}})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Decide approves or rejects (with a reason) a pending external record as
// the user userID, who must be the employee's current direct supervisor;
// an approval counts its JP. It records development.approve or
// development.reject. Errors: not_found, invalid (a rejection without a
// reason), forbidden (not the supervisor), conflict (decided already).
func (s *Service) Decide(ctx context.Context, userID, id int64, approve bool, reason string) error {
	if err := checkDecision(approve, &reason); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var employee int64
		var year, jp int
		var status, source string
		err := tx.QueryRowContext(ctx, `SELECT employee_id, year, jp, status, source FROM development_records WHERE id = $1`, id).
			Scan(&employee, &year, &jp, &status, &source)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && source != SourceExternal) {
			return ErrRecordNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find record")
		}
		p, err := findPerson(ctx, tx, "e.id = $1", employee)
		if err != nil {
			return err
		}
		if p.SupervisorUserID == 0 || p.SupervisorUserID != userID {
			return ErrNotSupervisor
		}
		if status != StatusPending {
			return ErrDecided
		}
		at := sqldb.Now(s.now())
		to, action := StatusRejected, "development.reject"
		if approve {
			to, action, reason = StatusApproved, "development.approve", ""
		}
		res, err := tx.ExecContext(ctx, `UPDATE development_records SET status = $1, reason = $2, decided_by = $3, decided_at = $4
WHERE id = $5 AND status = $6`, to, reason, userID, at, id, StatusPending)
		if err != nil {
			return sqldb.Translate(err, "decide record")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrDecided
		}
		if approve {
			if err := addTotal(ctx, tx, employee, year, jp, 1); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: action, ObjectType: "development_record", ObjectID: idText(id),
			Data: map[string]any{"employee": idText(employee), "jp": jp, "year": year, "reason": reason}})
	})
}

// EvidenceOf returns a record's evidence and its bytes, for whoever may
// read the employee's records (the caller checks). Errors: not_found.
func (s *Service) EvidenceOf(ctx context.Context, id int64) (*Record, []byte, error) {
	r, err := s.FindRecord(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if r.Evidence == nil {
		return nil, nil, ErrRecordNotFound
	}
	b, err := s.blobs.Read(ctx, r.Evidence.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return r, b, nil
}
