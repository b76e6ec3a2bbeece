package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/verification"
)

// The period's desk: the queue's search and the committee's batch
// assignment (several chosen applications to one verifier at once).

// batchForm is what a refused batch assignment shows again: the refusal
// beside each field (applications, verifier), the verifier chosen and the
// applications ticked.
type batchForm struct {
	Errors map[string]string
	Typed  string
	Picked map[int64]bool
}

// queuePageSize is the queue's page without ?limit= (paging).
const queuePageSize = 50

// queueLink is the address of the desk's queue page with status, the
// search and offset.
func (d verifyPeriodData) queueLink(status string, offset int) string {
	v := url.Values{"status": {status}}
	if d.Q != "" {
		v.Set("q", d.Q)
	}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	if d.Limit != 0 && d.Limit != queuePageSize {
		v.Set("limit", strconv.Itoa(d.Limit))
	}
	return "/verifikasi/periode/" + strconv.FormatInt(d.P.ID, 10) + "?" + v.Encode()
}

// StatusLink is the queue's tab of status, keeping the search.
func (d verifyPeriodData) StatusLink(status string) string { return d.queueLink(status, 0) }

// BatchAction is where the batch form posts: the desk's address, with the
// queue page shown kept, so that a refusal shows the same page.
func (d verifyPeriodData) BatchAction() string {
	base := "/verifikasi/periode/" + strconv.FormatInt(d.P.ID, 10)
	return base + "/verifikator" + strings.TrimPrefix(d.queueLink(d.Status, d.Offset), base)
}

// Pickable reports whether the queue row's application may be ticked for
// the batch: the caller acts as committee and it is undecided.
func (d verifyPeriodData) Pickable(decision string) bool {
	return d.CanAct && d.Assign != nil && decision == ""
}

// batchAssignSubmit: POST /verifikasi/periode/{id}/verifikator (app = an
// application id, repeated; verifier = username) → 303 to the desk's same
// queue page; a refusal (422: none ticked, an application of another
// period, no or an unknown verifier) is shown beside the batch form's
// fields with what was chosen kept, and nothing changes.
func (s *Server) batchAssignSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := batchForm{Typed: r.PostFormValue("verifier"), Picked: map[int64]bool{}}
	var apps []int64
	for _, v := range r.PostForm["app"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			f.Errors = map[string]string{"applications": T(langOf(r), "verification.batch_other_period")}
			return s.batchRefused(w, r, http.StatusUnprocessableEntity, f)
		}
		apps = append(apps, n)
		f.Picked[n] = true
	}
	if err := s.ver.ReassignMany(r.Context(), identity.PrincipalFrom(r.Context()), id, apps, f.Typed); err != nil {
		ae := normalise(err)
		if ae.Code != apperr.Invalid || len(ae.FieldMsgs) == 0 {
			msg, status, perr := pageError(r, err)
			if perr != nil {
				return perr
			}
			return s.renderVerifyPeriodWith(w, r, status, msg, func(d *verifyPeriodData) { d.Batch = f })
		}
		f.Errors = ae.LocalizedFields(langOf(r))
		return s.batchRefused(w, r, http.StatusUnprocessableEntity, f)
	}
	q := r.URL.Query()
	q.Set("ok", "assigned")
	http.Redirect(w, r, "/verifikasi/periode/"+strconv.FormatInt(id, 10)+"?"+q.Encode()+"#queue", http.StatusSeeOther)
	return nil
}

// batchRefused renders the desk with the batch form's refusal beside its fields.
func (s *Server) batchRefused(w http.ResponseWriter, r *http.Request, status int, f batchForm) error {
	return s.renderVerifyPeriodWith(w, r, status, "", func(d *verifyPeriodData) { d.Batch = f })
}

// batchPick is one application's box of the batch assignment.
type batchPick struct {
	App    int64
	ID     string // the box's element id
	Picked bool
	Label  string
}

// Pick is the batch box of a queue row.
func (d verifyPeriodData) Pick(it verification.QueueItem) batchPick {
	return d.pick(it, "pick-")
}

// PickUnassigned is the batch box of an application in the list of those
// without a verifier.
func (d verifyPeriodData) PickUnassigned(it verification.QueueItem) batchPick {
	return d.pick(it, "pick-unassigned-")
}

func (d verifyPeriodData) pick(it verification.QueueItem, prefix string) batchPick {
	return batchPick{App: it.ApplicationID, ID: prefix + strconv.FormatInt(it.ApplicationID, 10), Picked: d.Batch.Picked[it.ApplicationID],
		Label: T(d.Lang, "qafix.batch.pick", "number", it.RegistrationNumber, "name", it.Name)}
}

// T translates a catalogue key into the page's language.
func (d verifyPeriodData) T(key string) string { return T(d.Lang, key) }
