package web

import (
	"asnpro/internal/recruitment"
)

// committeePageSamples fills every part of the committee's pages for
// TestEveryPageRenders: errors beside fields, an import report, a summary.
func committeePageSamples() map[string]any {
	p := periodView{demoPeriod(), "draft"}
	rep := &importReport{Error: "Berkas ditolak", Rows: []importRow{{Line: 3, Column: "quota", Message: "Kebutuhan <1>"}}}
	fields := map[string]string{"name": "Wajib", "registration_close_at": "Sesudah pendaftaran dibuka", "note": "Terlalu pendek"}
	return map[string]any{
		"committee_periods": committeePeriodsData{Periods: []periodView{p}, Form: periodFormOf(p.Period), Fields: fields,
			Error: "Data tidak valid", Flash: "Periode dibuat", Kinds: periodKinds},
		"committee_period": committeePeriodData{P: p, Formations: []*recruitment.Formation{demoFormation()}, Total: 1,
			Amendments: demoAmendments(), Draft: true, AddOpen: true, Blockers: []string{"panitia.block.no_formations"},
			Form: periodFormOf(p.Period), Fields: fields, Error: "Gagal", Flash: "Disimpan", Import: rep, Kinds: periodKinds},
		"committee_formation": committeeFormationData{P: p, F: demoFormation(), Form: formationFormOf(demoFormation()),
			Fields: map[string]string{"code": "Kode sudah dipakai", "levels": "Pilih jenjang", "documents": "Jenis dokumen"},
			Error: "Data tidak valid", Amend: true, Note: "Alasan <b>", Action: "/panitia/formasi/7/perubahan",
			Amendments: demoAmendments(), Levels: recruitment.Levels, Categories: recruitment.Categories, DocKinds: docKinds},
		"committee_sscasn": committeeSSCASNData{P: p, Pact: true, Import: rep,
			Summary: &recruitment.ImportSummary{Imported: 3, MS: 2, TMS: 1, NewAccounts: 3}},
	}
}
