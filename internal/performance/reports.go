package performance

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"strconv"
	"time"

	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// ReportRow is a unit's year in the reports: its predikat, the annual
// results' distribution (and the year before's, for the trend), rewards
// and coaching outcomes.
type ReportRow struct {
	UnitID       int64
	UnitCode     string
	UnitName     string
	UnitPredikat string
	Final        bool
	Plans        int
	Dist         Distribution
	PrevDist     Distribution // the year before
	Rewards      int
	Succession   int
	Coaching     int
	Improved     int
	NotImproved  int
	Escalated    int
}

// Report lists every unit with an approved plan in year, by unit code.
// Joins across parts: org_units (workforce), for the units' names.
func (s *Service) Report(ctx context.Context, year int) ([]ReportRow, error) {
	rows := map[int64]*ReportRow{}
	var order []int64
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT u.id, u.code, u.name, p.year, COALESCE(v.predikat, ''), count(*)
FROM skp_plans p JOIN org_units u ON u.id = p.unit_id LEFT JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual
WHERE p.year IN ($1, $2) AND p.status = 'approved' GROUP BY u.id, u.code, u.name, p.year, v.predikat ORDER BY u.code`,
		func(r *sql.Rows) error {
			var id int64
			var code, name, pred string
			var y, n int
			if err := r.Scan(&id, &code, &name, &y, &pred, &n); err != nil {
				return err
			}
			row := rows[id]
			if row == nil {
				row = &ReportRow{UnitID: id, UnitCode: code, UnitName: name, Dist: Distribution{}, PrevDist: Distribution{}}
				rows[id] = row
				order = append(order, id)
			}
			switch {
			case y == year:
				row.Plans += n
				if pred != "" {
					row.Dist[pred] += n
				}
			case pred != "":
				row.PrevDist[pred] += n
			}
			return nil
		}, year, year-1)
	if err != nil {
		return nil, sqldb.Translate(err, "report")
	}
	if err := s.followUpCounts(ctx, year, rows); err != nil {
		return nil, err
	}
	out := make([]ReportRow, 0, len(order))
	for _, id := range order {
		if rows[id].Plans > 0 || rows[id].UnitPredikat != "" {
			out = append(out, *rows[id])
		}
	}
	return out, nil
}

func (s *Service) followUpCounts(ctx context.Context, year int, rows map[int64]*ReportRow) error {
	each := func(q string, fn func(r *ReportRow, a, b, c, d int)) error {
		return sqldb.RunQuery(ctx, s.db.R, q, func(rs *sql.Rows) error {
			var id int64
			var a, b, c, d int
			if err := rs.Scan(&id, &a, &b, &c, &d); err != nil {
				return err
			}
			if r := rows[id]; r != nil {
				fn(r, a, b, c, d)
			}
			return nil
		}, year)
	}
	err := each(`SELECT unit_id, count(*), COALESCE(sum(CASE WHEN succession THEN 1 ELSE 0 END), 0), 0, 0 FROM skp_rewards
WHERE year = $1 GROUP BY unit_id`, func(r *ReportRow, a, b, _, _ int) { r.Rewards, r.Succession = a, b })
	if err != nil {
		return sqldb.Translate(err, "report rewards")
	}
	err = each(`SELECT unit_id, count(*), COALESCE(sum(CASE WHEN outcome = 'improved' THEN 1 ELSE 0 END), 0),
  COALESCE(sum(CASE WHEN outcome = 'not_improved' THEN 1 ELSE 0 END), 0), COALESCE(sum(CASE WHEN escalated THEN 1 ELSE 0 END), 0)
FROM skp_coaching WHERE year = $1 GROUP BY unit_id`, func(r *ReportRow, a, b, c, d int) {
		r.Coaching, r.Improved, r.NotImproved, r.Escalated = a, b, c, d
	})
	if err != nil {
		return sqldb.Translate(err, "report coaching")
	}
	return sqldb.RunQuery(ctx, s.db.R, `SELECT unit_id, predikat, finalised_at IS NOT NULL FROM skp_unit_years WHERE year = $1`,
		func(rs *sql.Rows) error {
			var id int64
			var pred string
			var final bool
			if err := rs.Scan(&id, &pred, &final); err != nil {
				return err
			}
			if r := rows[id]; r != nil {
				r.UnitPredikat, r.Final = pred, final
			}
			return nil
		}, year)
}

// reportHeader are the report's columns (Indonesian, the agency's language).
var reportHeader = []string{"Kode unit", "Unit", "Predikat unit", "Final", "SKP disetujui", "Sangat Baik", "Baik", "Butuh Perbaikan",
	"Kurang/Misconduct", "Sangat Kurang", "Sangat Baik tahun lalu", "Baik tahun lalu", "Di bawah ekspektasi tahun lalu", "Penghargaan",
	"Kelompok suksesi", "Pembinaan", "Membaik", "Tidak membaik", "Dieskalasi ke BKPSDM"}

func reportCells(r ReportRow) []string {
	final := "tidak"
	if r.Final {
		final = "ya"
	}
	low := r.PrevDist[ButuhPerbaikan] + r.PrevDist[Kurang] + r.PrevDist[SangatKurang]
	it := strconv.Itoa
	return []string{r.UnitCode, r.UnitName, PredikatNames[r.UnitPredikat], final, it(r.Plans), it(r.Dist[SangatBaik]), it(r.Dist[Baik]),
		it(r.Dist[ButuhPerbaikan]), it(r.Dist[Kurang]), it(r.Dist[SangatKurang]), it(r.PrevDist[SangatBaik]), it(r.PrevDist[Baik]), it(low),
		it(r.Rewards), it(r.Succession), it(r.Coaching), it(r.Improved), it(r.NotImproved), it(r.Escalated)}
}

// WriteReport writes the year's report as "xlsx" or "pdf".
func WriteReport(w io.Writer, format string, year int, rows []ReportRow, now time.Time) error {
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = reportCells(r)
	}
	if format != "pdf" {
		return report.WriteTable(w, "xlsx", "SKP "+strconv.Itoa(year), reportHeader, cells)
	}
	title := "Laporan Evaluasi Kinerja (SKP) " + strconv.Itoa(year)
	doc := report.NewPDF(report.PDFOptions{Title: title, Subject: title, Author: "BKPSDM Kota Palangka Raya", Header: title,
		Footer: title, Created: now, MaxPages: 500})
	doc.Heading(title)
	doc.KeyValues([][2]string{{"Dibuat", now.In(wib).Format("02-01-2006 15:04") + " WIB"}, {"Jumlah unit", strconv.Itoa(len(rows))}})
	doc.Space(2)
	t := doc.BeginTable([]string{"Unit", "Predikat", "SKP", "SB", "B", "BP", "K", "SK", "SB lalu", "Penghargaan", "Pembinaan",
		"Membaik", "Eskalasi"}, []float64{0, 20, 10, 9, 9, 9, 9, 9, 12, 18, 16, 14, 14})
	for _, r := range rows {
		c := reportCells(r)
		t.Row(c[1], c[2], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[13], c[15], c[16], c[18])
	}
	t.End()
	var b bytes.Buffer
	if _, err := doc.WriteTo(&b); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// EKinerjaColumns are the columns of the e-Kinerja export.
var EKinerjaColumns = []string{"nip", "nama", "periode", "hasil_kerja", "perilaku_kerja", "predikat"}

// ratingNames are the ratings as e-Kinerja writes them.
var ratingNames = map[string]string{Above: "DIATAS EKSPEKTASI", Meets: "SESUAI EKSPEKTASI", Below: "DIBAWAH EKSPEKTASI"}

// WriteEKinerja writes the final annual results of a year as a CSV in the
// layout of BKN's e-Kinerja import as far as its public documentation
// goes: one row per employee with a NIP (a PPPK by the NI PPPK), the
// period, hasil kerja and perilaku kerja ratings, and the predikat, in
// capitals. Joins across parts: employees (workforce), for NIP and name.
func (s *Service) WriteEKinerja(ctx context.Context, w io.Writer, year int) error {
	var rows [][]string
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT COALESCE(e.nip, e.ni_pppk, ''), e.name, v.hasil, v.perilaku, v.predikat
FROM skp_evaluations v JOIN skp_plans p ON p.id = v.plan_id JOIN employees e ON e.id = p.employee_id
WHERE p.year = $1 AND v.annual AND v.final ORDER BY e.name, e.id`, func(r *sql.Rows) error {
		var nip, name, h, pk, pred string
		if err := r.Scan(&nip, &name, &h, &pk, &pred); err != nil {
			return err
		}
		rows = append(rows, []string{nip, name, strconv.Itoa(year), ratingNames[h], ratingNames[pk], upper(PredikatNames[pred])})
		return nil
	}, year)
	if err != nil {
		return sqldb.Translate(err, "e-kinerja")
	}
	return report.WriteTable(w, "csv", "", EKinerjaColumns, rows)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// UnitDistribution is a unit's annual predikat distribution: Counts in the
// order of Predikats.
type UnitDistribution struct {
	UnitID int64
	Unit   string
	Counts [5]int
}

// PredikatByUnit counts, unit by unit, the annual predikat of a year's
// approved plans: of unitID and every unit below it (0: all units), units
// without an annual result left out, by unit name. Joins across parts:
// org_units (workforce), for the names.
func (s *Service) PredikatByUnit(ctx context.Context, year int, unitID int64) ([]UnitDistribution, error) {
	in := map[int64]bool{}
	if unitID != 0 {
		units, err := s.staff.FindUnits(ctx)
		if err != nil {
			return nil, err
		}
		in[unitID] = true
		for grew := true; grew; {
			grew = false
			for _, u := range units {
				if !in[u.ID] && in[u.ParentID] {
					in[u.ID], grew = true, true
				}
			}
		}
	}
	idx := map[string]int{}
	for i, p := range Predikats {
		idx[p] = i
	}
	byUnit := map[int64]*UnitDistribution{}
	var out []*UnitDistribution
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT u.id, u.name, v.predikat, count(*) FROM skp_plans p
JOIN org_units u ON u.id = p.unit_id JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual
WHERE p.year = $1 AND p.status = 'approved' GROUP BY u.id, u.name, v.predikat ORDER BY u.name, u.id`, func(r *sql.Rows) error {
		var id int64
		var name, pred string
		var n int
		if err := r.Scan(&id, &name, &pred, &n); err != nil {
			return err
		}
		if unitID != 0 && !in[id] {
			return nil
		}
		d := byUnit[id]
		if d == nil {
			d = &UnitDistribution{UnitID: id, Unit: name}
			byUnit[id] = d
			out = append(out, d)
		}
		if i, ok := idx[pred]; ok {
			d.Counts[i] += n
		}
		return nil
	}, year)
	if err != nil {
		return nil, sqldb.Translate(err, "predikat by unit")
	}
	res := make([]UnitDistribution, len(out))
	for i, d := range out {
		res[i] = *d
	}
	return res, nil
}
