package i18n

// Words of the city's own selections: the integration scheme (weights,
// minimums) and the reasons of its ranking.
func init() {
	add(map[string]Text{
		"code.result.L": {"Lulus / diusulkan (L)", "Selected / proposed (L)"},

		"results.own.no_scheme": {"Skema integrasi periode ini belum ditetapkan: tetapkan bobot dan nilai minimum setiap komponen",
			"This period's integration scheme is not set: set each component's weight and minimum"},
		"results.own.cpns": {"Periode CPNS dihitung dengan skema nasional cpns-2024, bukan skema sendiri",
			"A CPNS period is ranked by the national cpns-2024 scheme, not an own scheme"},
		"results.own.no_skd": {"Seleksi ini tidak memiliki daftar SKD; umumkan hasil akhirnya",
			"This selection has no SKD list; publish its final results"},
		"results.own.name": {"Isi nama skema (paling banyak 100 karakter)", "Enter the scheme's name (at most 100 characters)"},
		"results.own.source": {"Komponen tidak dikenal: pilih asesmen periode ini atau nilai CAT",
			"Unknown component: pick an assessment of this period or the CAT score"},
		"results.own.weight": {"Bobot 0 sampai 100 (persen, bilangan bulat)", "Weight 0 to 100 (whole percent)"},
		"results.own.minimum": {"Nilai minimum 0 sampai 100, paling banyak tiga desimal",
			"Minimum 0 to 100, at most three decimals"},
		"results.own.weights": {"Jumlah bobot harus 100; sekarang {sum}", "The weights must sum to 100; now {sum}"},
		"results.own.invalid": {"Skema tidak sah: {error}", "The scheme is not valid: {error}"},
		"results.own.missing": {"{n} peserta belum punya nilai {component} (asesmen belum lengkap atau menunggu moderasi): {numbers}",
			"{n} candidates have no {component} score yet (the assessment is not complete or waits for moderation): {numbers}"},

		"results.field.own":         {"Hasil akhir", "Final ranking"},
		"results.field.total":       {"nilai total", "the total score"},
		"results.field.input_order": {"nomor pendaftaran (yang lebih kecil didahulukan)", "registration number (the lower first)"},

		"results.field.skb_cat":           {"CAT SKB", "the SKB CAT"},
		"results.reason.skb_parts":        {"Nilai SKB {value}: {parts}.", "SKB score {value}: {parts}."},
		"results.reason.component_absent": {"Tidak mengikuti {field} (TH).", "Did not take {field} (TH)."},
		"results.reason.below_minimum": {"Nilai {field} {value} di bawah nilai minimum {limit} (kurang {short}).",
			"{field} score {value} is below the minimum {limit} (short by {short})."},
		"results.reason.failed_within": {"Tidak memenuhi nilai minimum di dalam {field}: {other}.",
			"Below a minimum within {field}: {other}."},
		"results.reason.proposed": {"Peringkat {rank} dari {of}: di antara {cut} peserta terbaik yang diusulkan kepada pejabat pembina " +
			"kepegawaian, yang memilih siapa yang diangkat.",
			"Rank {rank} of {of}: among the best {cut}, proposed to the appointing official, who chooses whom to appoint."},
		"results.reason.not_proposed": {"Peringkat {rank} dari {of}: di luar {cut} peserta terbaik yang diusulkan.",
			"Rank {rank} of {of}: outside the best {cut}, who are proposed."},
		"results.reason.total": {"Nilai total {value}: {parts}.", "Total score {value}: {parts}."},

		"app.st.infinal":          {"Nilai SKB termasuk dalam hasil akhir.", "The SKB score is part of the final results."},
		"home.block.scoring":      {"peserta asesmen menunggu nilai dari penilai.", "assessment candidates waiting for an assessor's scores."},
		"home.block.moderating":   {"peserta asesmen menunggu moderasi panel.", "assessment candidates waiting for the panel's moderation."},
		"home.block.assess":       {"Lihat asesmen", "See the assessments"},
		"home.block.moderate":     {"Moderasi", "Moderate"},
		"home.block.ranking":      {"Peringkat dan hasil", "Ranking and results"},
		"results.flash.published": {"Daftar ini sudah diumumkan.", "This list is published."},
		"results.back.ranking":    {"Kembali ke peringkat", "Back to the ranking"},
		"ranking.own.import":      {"Impor nilai CAT dari berkas (CSV/XLSX)", "Import CAT scores from a file (CSV/XLSX)"},
		"pstat.selected":          {"Terpilih / diusulkan (L)", "Selected / proposed (L)"},
		"assess.agreement.none": {"Kesepakatan antarpenilai: belum ada peserta yang dinilai oleh dua penilai atau lebih.",
			"Agreement between assessors: no candidate has been scored by two or more yet."},
		"assess.confirm.title": {"Kirim nilai?", "Send the scores?"},
		"assess.confirm.what": {"Nilai yang dikirim — {scores} — tidak dapat diubah lagi, dan penilai lain dapat melihatnya " +
			"setelah mereka mengirim.",
			"Sent scores — {scores} — can no longer change, and the other assessors see them once they have sent theirs."},
		"assess.mod.scores": {"Nilai para penilai:", "The assessors' scores:"},
		"ranking.stage.own": {"Hasil akhir (skema integrasi periode)", "Final results (the period's integration scheme)"},
		"ranking.own":       {"Skema integrasi", "Integration scheme"},
		"ranking.own.help": {"Setiap komponen bernilai 0–100: hasil asesmen (rata-rata dimensi 1–5 × 20) atau nilai CAT. " +
			"Bobot dalam persen berjumlah 100; bobot 0 dengan nilai minimum menjadikan komponen syarat lulus" +
			" saja. Nilai di bawah minimum komponen, atau dimensi asesmen di bawah minimumnya, membuat " +
			"peserta TL apa pun totalnya. Peringkat per formasi; pada seleksi terbuka JPT tiga terbaik per " +
			"jabatan diusulkan kepada pejabat pembina kepegawaian.",
			"Each component scores 0–100: an assessment's result (the mean of its 1–5 dimensions × 20) or " +
				"the CAT score. Weights in percent sum to 100; weight 0 with a minimum makes a pass/fail " +
				"component. A score below a component's minimum, or an assessment dimension below its own, makes" +
				" the candidate TL whatever the total. Ranked per formation; in a JPT open selection the best " +
				"three per position are proposed to the appointing official."},
		"ranking.own.none":    {"Belum ditetapkan.", "Not set yet."},
		"ranking.own.name":    {"Nama skema", "Scheme name"},
		"ranking.own.source":  {"Komponen", "Component"},
		"ranking.own.weight":  {"Bobot (%)", "Weight (%)"},
		"ranking.own.minimum": {"Nilai minimum (0–100)", "Minimum (0–100)"},
		"ranking.own.cat":     {"Nilai CAT", "CAT score"},
		"ranking.own.edit":    {"Ubah skema integrasi", "Change the integration scheme"},
		"ranking.own.save":    {"Simpan skema", "Save the scheme"},
		"ranking.own.no_instruments": {"Periode ini belum memiliki asesmen; buat instrumennya dulu.",
			"This period has no assessments yet; define its instruments first."},
		"ranking.own.instruments": {"Asesmen periode", "The period's assessments"},
		"ranking.flash.own":       {"Skema integrasi disimpan.", "The integration scheme is saved."},
		"ranking.own.jpt": {"Seleksi terbuka JPT: tiga peserta terbaik per jabatan diusulkan (L).",
			"JPT open selection: the best three per position are proposed (L)."},
	})
}
