package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/report"
)

// The assessor's list page's forms by instrument (docs/ASSESSMENT.md): a
// psychologist uploads a psychotest's scores and recommendations from a
// file; a paper's assessor declares a conflict by the candidate's name,
// without learning the candidate's code.

// scoreImportForm is a psychotest's upload form on the list page.
type scoreImportForm struct {
	In     *assess.Instrument
	Header string
}

// paperConflictForm is a paper's conflict form on the list page: the
// names of all its candidates, alphabetical, not linked to their codes.
type paperConflictForm struct {
	In    *assess.Instrument
	Names []string
}

var scoringListFlashes = map[string]string{"conflict": "assess.flash.conflict", "imported": "assessinstr.flash.imported",
	"conflict_name": "assessinstr.flash.conflict_name"}

func (s *Server) renderScoringList(w http.ResponseWriter, r *http.Request, status int, d scoringData) error {
	ctx := r.Context()
	me := identity.PrincipalFrom(ctx).UserID
	list, err := s.assess.FindAssigned(ctx, me)
	if err != nil {
		return err
	}
	d.List = list
	seen := map[int64]bool{}
	for _, a := range list {
		in := a.Instrument
		if seen[in.ID] {
			continue
		}
		seen[in.ID] = true
		switch in.Kind {
		case assess.KindPsychotest:
			d.Imports = append(d.Imports, scoreImportForm{In: in, Header: strings.Join(assess.ImportHeader(in), ",")})
		case assess.KindPaper:
			names, err := s.assess.ConflictNames(ctx, me, in.ID)
			if err != nil {
				return err
			}
			d.Papers = append(d.Papers, paperConflictForm{In: in, Names: names})
		}
	}
	return s.render(w, r, status, "scoring_list", "assess.scoring.title", d)
}

// scoringImportSubmit: POST /penilaian/instrumen/{instrument}/impor
// (multipart "file") — a psychologist's scores and recommendations, all rows or none
// → 303 to the list with how many, or the list with every bad row.
func (s *Server) scoringImportSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := pathID(r, "instrument")
	if err != nil {
		return err
	}
	if err := limitBody(w, r, assess.MaxImportFile+1<<20); err != nil {
		return err
	}
	body, _, err := fileBody(r, "upload")
	var n int
	if err == nil {
		n, err = s.assess.ImportPsychotest(r.Context(), identity.PrincipalFrom(r.Context()).UserID, in, body)
		err = tooLarge(err, "1 MB")
	}
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		return s.renderScoringList(w, r, status, scoringData{Import: rep, ImportIn: in})
	}
	http.Redirect(w, r, "/penilaian?ok=imported&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

// scoringConflictNameSubmit: POST /penilaian/instrumen/{instrument}/konflik-nama
// (candidate "position:name", note) — a paper's assessor declares a
// conflict by name → 303 to the list, the same answer whether or not the
// assessor marks that candidate's paper (the code is never told).
func (s *Server) scoringConflictNameSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := pathID(r, "instrument")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pick := r.PostFormValue("candidate")
	pos, name, _ := strings.Cut(pick, ":")
	i, perr := strconv.Atoi(pos)
	if perr != nil {
		i = -1
	}
	err = s.assess.DeclareConflictByName(r.Context(), identity.PrincipalFrom(r.Context()).UserID, in, i, name, r.PostFormValue("note"))
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "candidate", "note")
		if hard != nil {
			return hard
		}
		return s.renderScoringList(w, r, status, scoringData{Fields: fields, Error: msg, PaperIn: in, PaperPick: pick})
	}
	http.Redirect(w, r, "/penilaian?ok=conflict_name", http.StatusSeeOther)
	return nil
}

// instrumentCodesPage: GET /panitia/asesmen/{id}/kode.csv — a paper's codes
// with their candidates, by code, to label the papers handed to the
// assessors (committee and auditor).
func (s *Server) instrumentCodesPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, rows, err := s.assess.Candidates(r.Context(), id)
	if err != nil {
		return err
	}
	if in.Kind != assess.KindPaper {
		return assess.ErrInstrumentNotFound
	}
	slices.SortFunc(rows, func(a, b assess.CandidateRow) int { return strings.Compare(a.Code, b.Code) })
	out := make([][]string, 0, len(rows))
	for _, c := range rows {
		out = append(out, []string{c.Code, c.RegistrationNumber, c.Name})
	}
	var buf bytes.Buffer
	if err := report.WriteTable(&buf, "csv", "", []string{"kode", "nomor_pendaftaran", "nama"}, out); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kode-tulisan-`+strconv.FormatInt(id, 10)+`.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}
