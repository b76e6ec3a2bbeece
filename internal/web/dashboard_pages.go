package web

import (
	"bytes"
	"net/http"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/dashboard"
	"asnpro/internal/i18n"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
	"asnpro/internal/workforce"
)

// The leaders' dashboards: /dashboard (every section's chart with its table
// beside it), /dashboard/rekrutmen (each period's funnel, appeals, time to
// hire, fairness) and /dashboard/pegawai (JP, predikat, ethics, forum), each
// filterable by period, unit and year and exportable as XLSX or PDF with
// ?format=. Leaders, administrators and the auditor; nobody else.

// dashSection is one block of a dashboard: a chart (optional), the table
// with the same figures, and whether its part is available at all.
type dashSection struct {
	ID          string
	Title       string
	Lead        string
	Chart       *chart
	Header      []string
	Rows        [][]string
	Unavailable bool
	More        string // a detailed page
}

type dashData struct {
	Path     string // the page's own path, for the filter form and exports
	Title    string
	F        dashboard.Filter
	Periods  []*recruitment.Period
	Units    []*workforce.Unit
	Years    []int
	Sections []dashSection
	Detail   []link // the detailed dashboards, from the overview
}

// dashFilter reads ?periode=&unit=&tahun= (a bad number: 422).
func (s *Server) dashFilter(r *http.Request) (dashboard.Filter, error) {
	q := r.URL.Query()
	var f dashboard.Filter
	bad := map[string]apperr.Msg{}
	read := func(name string, dst *int64, lo, hi int64) {
		v := q.Get(name)
		if v == "" || v == "0" {
			return
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			bad[name] = apperr.M("dash.filter")
			return
		}
		*dst = n
	}
	var year int64
	read("periode", &f.PeriodID, 1, 1<<53)
	read("unit", &f.UnitID, 1, 1<<53)
	read("tahun", &year, 2000, 2100)
	f.Year = int(year)
	if len(bad) > 0 {
		return f, apperr.InvalidMsgs(bad)
	}
	if f.Year == 0 {
		f.Year = s.dash.Year()
	}
	// A year's annual predikat is known once the year has ended: for this
	// year (or a later one) the distribution shown is last year's.
	f.PredikatYear = min(f.Year, s.dash.Year()-1)
	return f, nil
}

// dashPage renders a dashboard, or its export for ?format=xlsx|pdf.
func (s *Server) dashPage(w http.ResponseWriter, r *http.Request, path, titleKey string,
	sections func(lang string, f dashboard.Filter) ([]dashSection, error)) error {
	f, err := s.dashFilter(r)
	if err != nil {
		return err
	}
	lang := langOf(r)
	secs, err := sections(lang, f)
	if err != nil {
		return err
	}
	switch format := r.URL.Query().Get("format"); format {
	case "":
	case "xlsx", "pdf":
		return writeDashFile(w, format, T(lang, titleKey), secs)
	default:
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("dash.format")})
	}
	d := dashData{Path: path, Title: titleKey, F: f, Sections: secs}
	ctx := r.Context()
	if d.Periods, err = s.rec.FindPeriods(ctx, false); err != nil {
		return err
	}
	if d.Units, err = s.workforce.FindUnits(ctx); err != nil {
		return err
	}
	for y := s.dash.Year(); y > s.dash.Year()-6; y-- {
		d.Years = append(d.Years, y)
	}
	if path == "/dashboard" {
		d.Detail = []link{{"dash.recruitment.title", "/dashboard/rekrutmen", "dash-more-recruitment"},
			{"dash.people.title", "/dashboard/pegawai", "dash-more-people"}}
	}
	return s.render(w, r, http.StatusOK, "dashboard", titleKey, d)
}

// dashboardPage: GET /dashboard — the overview.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	return s.dashPage(w, r, "/dashboard", "dash.title", func(lang string, f dashboard.Filter) ([]dashSection, error) {
		o, err := s.dash.Overview(r.Context(), f)
		if err != nil {
			return nil, err
		}
		var secs []dashSection
		if len(o.Funnels) > 0 {
			secs = append(secs, funnelSection(lang, pickFunnel(o.Funnels)))
		} else {
			secs = append(secs, dashSection{ID: "dash-funnel", Title: T(lang, "dash.funnel"), Lead: T(lang, "dash.no_periods")})
		}
		return append(secs, peopleSections(lang, o)...), nil
	})
}

// pickFunnel is the funnel the overview draws: the newest period with a
// published list, else the newest.
func pickFunnel(fs []dashboard.Funnel) dashboard.Funnel {
	for _, f := range fs {
		if f.Stage != "" {
			return f
		}
	}
	return fs[0]
}

// dashRecruitmentPage: GET /dashboard/rekrutmen — every period.
func (s *Server) dashRecruitmentPage(w http.ResponseWriter, r *http.Request) error {
	return s.dashPage(w, r, "/dashboard/rekrutmen", "dash.recruitment.title", func(lang string, f dashboard.Filter) ([]dashSection, error) {
		fs, err := s.dash.Funnels(r.Context(), f.PeriodID)
		if err != nil {
			return nil, err
		}
		return recruitmentSections(lang, fs), nil
	})
}

// dashPeoplePage: GET /dashboard/pegawai — JP, predikat, ethics, forum.
func (s *Server) dashPeoplePage(w http.ResponseWriter, r *http.Request) error {
	return s.dashPage(w, r, "/dashboard/pegawai", "dash.people.title", func(lang string, f dashboard.Filter) ([]dashSection, error) {
		o, err := s.dash.People(r.Context(), f)
		if err != nil {
			return nil, err
		}
		return peopleSections(lang, o), nil
	})
}

func funnelSection(lang string, f dashboard.Funnel) dashSection {
	sec := dashSection{ID: "dash-funnel", Title: T(lang, "dash.funnel") + " — " + f.Period.Name, More: "/dashboard/rekrutmen",
		Header: []string{T(lang, "dash.col.step"), T(lang, "dash.col.count"), T(lang, "dash.col.of_applied")}}
	c := &chart{ID: "chart-funnel", Title: sec.Title, Desc: T(lang, "dash.funnel.desc")}
	for _, st := range f.Stages() {
		label := T(lang, "dash.step."+st.Key)
		c.Bars = append(c.Bars, chartBar{Label: label, Value: st.Count})
		sec.Rows = append(sec.Rows, []string{label, strconv.Itoa(st.Count), pct(st.Count, f.Applied)})
	}
	sec.Chart = c
	return sec
}

func recruitmentSections(lang string, fs []dashboard.Funnel) []dashSection {
	funnel := dashSection{ID: "dash-funnels", Title: T(lang, "dash.funnels"), Header: []string{T(lang, "dash.col.period"),
		T(lang, "dash.col.quota"), T(lang, "dash.step.applied"), T(lang, "dash.step.submitted"), T(lang, "dash.step.ms"),
		T(lang, "dash.step.passed_skd"), T(lang, "dash.step.placed"), T(lang, "dash.step.onboarded")}}
	appeals := dashSection{ID: "dash-appeals", Title: T(lang, "dash.appeals"), Lead: T(lang, "dash.appeals.lead"),
		Header: []string{T(lang, "dash.col.period"), "TMS", T(lang, "dash.col.filed"), T(lang, "dash.col.upheld"), T(lang, "dash.col.rate")}}
	hire := dashSection{ID: "dash-hire", Title: T(lang, "dash.hire"), Lead: T(lang, "dash.hire.lead"),
		Header: []string{T(lang, "dash.col.period"), T(lang, "dash.step.onboarded"), T(lang, "dash.col.days")}}
	fair := dashSection{ID: "dash-fairness", Title: T(lang, "dash.fairness"), Lead: T(lang, "dash.fairness.lead"),
		Header: []string{T(lang, "dash.col.period"), T(lang, "dash.col.group"), T(lang, "dash.col.applied"),
			T(lang, "dash.col.passed"), T(lang, "dash.col.rate"), T(lang, "dash.col.flag")}}
	rate := &chart{ID: "chart-appeals", Title: appeals.Title, Desc: T(lang, "dash.appeals.desc"), Max: 100}
	for _, f := range fs {
		name := f.Period.Name
		skd := "—"
		if f.HasSKD {
			skd = strconv.Itoa(f.PassedSKD)
		}
		funnel.Rows = append(funnel.Rows, []string{name, strconv.Itoa(f.Quota), strconv.Itoa(f.Applied), strconv.Itoa(f.Submitted),
			strconv.Itoa(f.MS), skd, strconv.Itoa(f.Placed), strconv.Itoa(f.Onboarded)})
		appeals.Rows = append(appeals.Rows, []string{name, strconv.Itoa(f.TMS), strconv.Itoa(f.AppealsFiled),
			strconv.Itoa(f.AppealsUpheld), pct(f.AppealsFiled, f.TMS)})
		rate.Bars = append(rate.Bars, chartBar{Label: name, Value: int(f.AppealRate()*100 + 0.5), Note: pct(f.AppealsFiled, f.TMS)})
		days := "—"
		if f.DaysToHire >= 0 {
			days = strconv.Itoa(f.DaysToHire)
		}
		hire.Rows = append(hire.Rows, []string{name, strconv.Itoa(f.Onboarded), days})
		for _, pr := range f.PassRates {
			flag := ""
			if pr.AdverseImpact {
				flag = T(lang, "dash.adverse")
			}
			fair.Rows = append(fair.Rows, []string{name, groupName(lang, pr.Group, pr.Value), strconv.Itoa(pr.Applied),
				strconv.Itoa(pr.Passed), pct(pr.Passed, pr.Applied), flag})
		}
	}
	appeals.Chart = rate
	if len(fs) > 0 {
		top := dashboard.Funnel{}
		for _, f := range fs {
			if f.Stage != "" {
				top = f
				break
			}
		}
		if top.Period != nil {
			return []dashSection{funnelSection(lang, top), funnel, appeals, hire, fair}
		}
	}
	return []dashSection{funnel, appeals, hire, fair}
}

// groupName names a pass-rate group as the public statistics page does.
func groupName(lang, group, value string) string {
	v := i18n.Name(lang, "category", value)
	if group == "gender" {
		v = T(lang, "pstat.gender."+value)
	}
	return T(lang, "pstat.kind."+group) + ": " + v
}

// The predikat segments' colours, best to worst (app.css .pk-N).
var predikatClasses = []string{"pk-0", "pk-1", "pk-2", "pk-3", "pk-4"}

func peopleSections(lang string, o *dashboard.Overview) []dashSection {
	jp := dashSection{ID: "dash-jp", Title: T(lang, "dash.jp") + " " + strconv.Itoa(o.Filter.Year), Lead: T(lang, "dash.jp.lead"),
		Unavailable: !o.JPAvailable, More: "/dashboard/pegawai",
		Header: []string{T(lang, "dash.col.unit"), T(lang, "dash.col.employees"), T(lang, "dash.col.compliant"),
			T(lang, "dash.col.rate"), T(lang, "dash.col.shortfall")}}
	jc := &chart{ID: "chart-jp", Title: jp.Title, Desc: T(lang, "dash.jp.desc"), Max: 100}
	for _, u := range o.JP {
		jp.Rows = append(jp.Rows, []string{u.Unit, strconv.Itoa(u.Employees), strconv.Itoa(u.Compliant), pct(u.Compliant, u.Employees),
			strconv.Itoa(u.Shortfall)})
		jc.Bars = append(jc.Bars, chartBar{Label: u.Unit, Value: percent(u.Compliant, u.Employees), Note: pct(u.Compliant, u.Employees)})
	}
	jp.Chart = jc
	pk := dashSection{ID: "dash-predikat", Title: T(lang, "dash.predikat") + " " + strconv.Itoa(o.Filter.PredikatYear),
		Lead: T(lang, "dash.predikat.lead"), Unavailable: !o.PredikatAvailable, More: "/dashboard/pegawai",
		Header: []string{T(lang, "dash.col.unit")}}
	pc := &chart{ID: "chart-predikat", Title: pk.Title, Desc: T(lang, "dash.predikat.desc")}
	for i, p := range dashboard.Predikats {
		name := T(lang, "dash.pk."+p)
		pk.Header = append(pk.Header, name)
		pc.Legend = append(pc.Legend, chartSeg{Label: name, Class: predikatClasses[i]})
	}
	pk.Header = append(pk.Header, T(lang, "dash.col.total"))
	for _, u := range o.Predikat {
		row := []string{u.Unit}
		bar := chartBar{Label: u.Unit}
		for i, n := range u.Counts {
			row = append(row, strconv.Itoa(n))
			bar.Segs = append(bar.Segs, chartSeg{Label: pc.Legend[i].Label, Class: predikatClasses[i], Value: n})
		}
		pk.Rows = append(pk.Rows, append(row, strconv.Itoa(u.Total())))
		pc.Bars = append(pc.Bars, bar)
	}
	pk.Chart = pc
	eth := dashSection{ID: "dash-ethics", Title: T(lang, "dash.ethics") + " " + strconv.Itoa(o.Filter.Year), Lead: T(lang, "dash.ethics.lead"),
		Unavailable: !o.CultureAvailable, More: "/dashboard/pegawai",
		Header: []string{T(lang, "dash.col.unit"), T(lang, "dash.col.employees"), T(lang, "dash.col.acknowledged"),
			T(lang, "dash.col.attended")}}
	ec := &chart{ID: "chart-ethics", Title: eth.Title, Desc: T(lang, "dash.ethics.desc"), Max: 100}
	for _, u := range o.Ethics {
		eth.Rows = append(eth.Rows, []string{u.Unit, strconv.Itoa(u.Employees), pct(u.Acknowledged, u.Employees), pct(u.Attended, u.Employees)})
		ec.Bars = append(ec.Bars, chartBar{Label: u.Unit, Value: percent(u.Acknowledged, u.Employees), Note: pct(u.Acknowledged, u.Employees)})
	}
	eth.Chart = ec
	forum := dashSection{ID: "dash-forum", Title: T(lang, "dash.forum") + " " + strconv.Itoa(o.Filter.Year),
		Lead: i18n.T(lang, "dash.forum.lead", "n", o.Adopted), Unavailable: !o.CultureAvailable, More: "/dashboard/pegawai",
		Header: []string{T(lang, "dash.col.month"), T(lang, "dash.col.threads"), T(lang, "dash.col.replies"), T(lang, "dash.col.solutions")}}
	fc := &chart{ID: "chart-forum", Title: forum.Title, Desc: T(lang, "dash.forum.desc")}
	for _, m := range o.Forum {
		forum.Rows = append(forum.Rows, []string{m.Month, strconv.Itoa(m.Threads), strconv.Itoa(m.Replies), strconv.Itoa(m.Solutions)})
		fc.Bars = append(fc.Bars, chartBar{Label: m.Month, Value: m.Threads + m.Replies})
	}
	forum.Chart = fc
	return []dashSection{jp, pk, eth, forum}
}

// percent is n of d in whole percent (0 when d is 0).
func percent(n, d int) int {
	if d == 0 {
		return 0
	}
	return (200*n + d) / (2 * d)
}

func pct(n, d int) string {
	if d == 0 {
		return "—"
	}
	return strconv.Itoa(percent(n, d)) + " %"
}

// writeDashFile sends the sections' tables: XLSX as one long sheet
// (section, then the row's cells under the section's own header line), PDF
// as one table per section.
func writeDashFile(w http.ResponseWriter, format, title string, secs []dashSection) error {
	var buf bytes.Buffer
	if format == "xlsx" {
		var rows [][]string
		for _, sec := range secs {
			if sec.Unavailable {
				continue
			}
			rows = append(rows, append([]string{sec.Title}, sec.Header...))
			for _, r := range sec.Rows {
				rows = append(rows, append([]string{sec.Title}, r...))
			}
		}
		if err := report.WriteTable(&buf, "xlsx", "dashboard", []string{title}, rows); err != nil {
			return err
		}
	} else {
		doc := report.NewPDF(report.PDFOptions{Title: title, Subject: title, Author: "BKPSDM Kota Palangka Raya", Footer: title, Landscape: true})
		doc.Heading(title)
		for _, sec := range secs {
			if sec.Unavailable {
				continue
			}
			doc.Heading(sec.Title)
			doc.Table(sec.Header, nil, sec.Rows)
		}
		if _, err := doc.WriteTo(&buf); err != nil {
			return err
		}
	}
	ct := "application/pdf"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="dashboard.`+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}
