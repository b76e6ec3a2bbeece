package web

import (
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/exam"
)

type receiptCheckData struct {
	Seq, SHA256 string
	Checked     bool
	SeqErr      string // the field messages of bad input, in the page's language
	SHAErr      string
	NotFound    bool
	Receipt     *exam.Receipt
}

// receiptCheckPage: GET /periksa-ujian?urutan=&sha256= — anyone checks a
// CAT receipt: whether the audit event at sequence number urutan is an
// attempt.finish carrying that digest, whether the sealer has linked it
// into the chain and under which signed checkpoint. Bad input: 422 with a
// message beside the field; no such event or another digest: 404.
func (s *Server) receiptCheckPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := receiptCheckData{Seq: strings.TrimSpace(q.Get("urutan")), SHA256: strings.ToLower(strings.TrimSpace(q.Get("sha256")))}
	status := http.StatusOK
	if d.Seq != "" || d.SHA256 != "" {
		d.Checked = true
		lang := langOf(r)
		seq, err := strconv.ParseInt(d.Seq, 10, 64)
		if err != nil || seq <= 0 {
			d.SeqErr = T(lang, "exam.receipt.seq")
		}
		if b, err := hex.DecodeString(d.SHA256); err != nil || len(b) != 32 {
			d.SHAErr = T(lang, "exam.receipt.sha256")
		}
		switch {
		case d.SeqErr != "" || d.SHAErr != "":
			status = http.StatusUnprocessableEntity
		default:
			d.Receipt, err = s.exam.CheckReceipt(r.Context(), seq, d.SHA256)
			if errors.Is(err, exam.ErrReceiptNotFound) {
				d.NotFound, status = true, http.StatusNotFound
			} else if err != nil {
				return err
			}
		}
	}
	return s.render(w, r, status, "receiptcheck", "exam.receipt.title", d)
}
