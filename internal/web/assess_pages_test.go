package web

import (
	"asnpro/internal/assess"
)

func demoDims() []assess.Dimension {
	return presetInterview()
}

func demoInstruments() instrumentsData {
	in := &assess.Instrument{ID: 3, PeriodID: 2, Kind: assess.KindInterview, Name: "Wawancara", Assessors: 2, Dimensions: demoDims()}
	d := instrumentsData{P: periodView{demoPeriod(), "closed"}, List: []*assess.Instrument{in}, Kinds: assess.Kinds, CanAct: true,
		Form: assess.NewInstrument{Kind: assess.KindInterview, Name: "<b>", Assessors: 2}, Error: "Data belum benar",
		Fields:     map[string]string{"name": "Wajib", "dimension.1.anchor.2": "Wajib", "dimensions": "Satu", "after": "Pilih"},
		PresetHref: "/x?preset=1",
		Earlier:    []*assess.Instrument{in}, AfterNames: map[int64]string{3: "Makalah <b>"}}
	d.Form.After = 3
	d.Rows = make([]assess.Dimension, dimensionRows)
	copy(d.Rows, demoDims())
	for i := range d.Rows {
		d.Rows[i].No = i + 1
	}
	return d
}

func demoInstrument() instrumentData {
	in := &assess.Instrument{ID: 3, PeriodID: 2, Kind: assess.KindInterview, Name: "Wawancara", Assessors: 2, Dimensions: demoDims()[:2]}
	sheet := assess.Sheet{Scores: [][]int{{2, 4}, {4, 4}}, Moderated: map[int]int{}}
	done := assess.Sheet{Scores: [][]int{{3, 4}, {3, 5}}, Moderated: map[int]int{1: 3}}
	in.After = 2
	return instrumentData{P: periodView{demoPeriod(), "closed"}, In: in, CanAct: true, Flash: "ok", Error: "x", ModApp: 11, ModNo: 1,
		Panels: &assess.PanelSet{Panels: []assess.Panel{{ID: 1, Name: "Panel <A>", Members: []assess.Member{{ID: 1, Name: "Ana"}, {ID: 2,
			Name: "Budi"}}, Agreement: assess.Agreement{Pairs: 2, Exact: 1, Within1: 1}}}, Free: []assess.Member{{ID: 3, Name: "Citra"}}},
		PanelForm: panelForm{Name: "<b>", Members: map[int64]bool{3: true}, Fields: map[string]string{"name": "Wajib", "members": "Dua"},
			Error: "Data belum benar"},
		AfterName: "Makalah", Earlier: []*assess.Instrument{{ID: 2, Name: "Makalah"}}, AfterFields: map[string]string{"after": "Siklus"},
		AfterError: "Data belum benar", AfterTyped: 2,
		ModFields: map[string]string{"reason": "Wajib"}, Agreement: assess.Agreement{Pairs: 4, Exact: 0.5, Within1: 0.75, MeanDiff: 0.75},
		Rows: []assess.CandidateRow{
			{ApplicationID: 11, RegistrationNumber: "1", Name: "Siti", Assessors: []string{"Ana ✓", "Budi ✓"}, Sheet: sheet,
				Result: assess.Evaluate(in.Dimensions, sheet)},
			{ApplicationID: 12, RegistrationNumber: "2", Name: "Rudi", Assessors: []string{"Ana ✓", "Budi ✓"}, Sheet: done,
				Result: assess.Evaluate(in.Dimensions, done)},
			{ApplicationID: 13, RegistrationNumber: "3", Name: "Tono", Assessors: []string{"Ana"}, Sheet: assess.Sheet{Pending: 1},
				Result: assess.Evaluate(in.Dimensions, assess.Sheet{Pending: 1})},
		}}
}

func demoAssigned(submitted bool) assess.Assigned {
	in := &assess.Instrument{ID: 3, PeriodID: 2, Kind: assess.KindInterview, Name: "Wawancara", Assessors: 2, Dimensions: demoDims()[:2]}
	a := assess.Assigned{Instrument: in, ApplicationID: 11, RegistrationNumber: "1", Name: "Siti", Submitted: submitted}
	if submitted {
		a.Own, a.Others = []int{2, 4}, [][]int{{4, 4}}
	}
	return a
}
