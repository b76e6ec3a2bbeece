package i18n

// Words of a period's scores: the import of CAT BKN's SKD and SKB result
// exports, row by row, and the committee's page of the period's scores.
func init() {
	add(map[string]Text{
		// The import's refusals (the file, the header).
		"results.import.rejected": {"Berkas nilai ditolak seluruhnya, tidak ada yang disimpan; {n} masalah{shown}: {problems}",
			"The score file was rejected whole, nothing was stored; {n} problems{shown}: {problems}"},
		"results.import.no_header": {"Berkas tidak memiliki baris kepala tabel", "The file has no header row"},
		"results.import.column_twice": {"baris 1: kolom {column} muncul dua kali",
			"line 1: column {column} appears twice"},
		"results.import.columns_missing": {"baris 1: kolom {columns} tidak ada; kepala tabel yang dibaca: {header}",
			"line 1: column {columns} is missing; the header read: {header}"},
		"results.import.empty":     {"Berkas tidak berisi nilai peserta", "The file has no scores"},
		"results.import.too_many":  {"Berkas berisi lebih dari {max} baris", "The file has more than {max} rows"},
		"results.template.format":  {"Format harus csv atau xlsx", "The format must be csv or xlsx"},
		"results.import.component": {"Komponen harus skd, skb atau skb_extra", "The component must be skd, skb or skb_extra"},
		"results.import.final_published": {"Hasil akhir periode ini sudah diumumkan; nilainya tidak dapat diubah lagi",
			"The final results of this period are published; its scores can no longer change"},

		// A cell.
		"results.import.regno": {"\"{value}\" bukan nomor peserta (4–40 huruf/angka)",
			"\"{value}\" is not a registration number (4–40 letters/digits)"},
		"results.import.regno_twice": {"nomor peserta {number} ganda (juga di baris {line})",
			"registration number {number} is duplicated (also on line {line})"},
		"results.import.nik":       {"\"{value}\": NIK harus 16 digit", "\"{value}\": a NIK has 16 digits"},
		"results.import.nik_twice": {"NIK {nik} ganda (juga di baris {line})", "NIK {nik} is duplicated (also on line {line})"},
		"results.import.hadir": {"\"{value}\": kehadiran harus 1/0, Hadir/Tidak Hadir, atau Y/T",
			"\"{value}\": attendance must be 1/0, Hadir/Tidak Hadir, or Y/T"},
		"results.import.score_required": {"nilai wajib diisi bagi peserta yang hadir", "a present candidate needs a score"},
		"results.import.absent_score": {"\"{value}\": peserta tidak hadir tidak memiliki nilai (kosongkan atau 0)",
			"\"{value}\": an absent candidate has no score (leave it empty or 0)"},
		"results.import.whole": {"\"{value}\" bukan bilangan bulat", "\"{value}\" is not a whole number"},
		"results.import.range": {"{value} di luar rentang 0–{max}", "{value} is outside 0–{max}"},
		"results.import.multiple5": {"{value} bukan kelipatan 5 (setiap soal bernilai 5 atau 0)",
			"{value} is not a multiple of 5 (each item scores 5 or 0)"},
		"results.import.reuse_year": {"\"{value}\": tahun SKD sebelumnya harus tahun empat digit sebelum {year}",
			"\"{value}\": the earlier SKD's year must be a four-digit year before {year}"},
		"results.import.reuse_absent": {"peserta tidak hadir tidak dapat memakai nilai SKD tahun sebelumnya",
			"an absent candidate cannot carry over an earlier SKD score"},
		"results.import.skb_absent": {"\"{value}\": peserta tidak hadir tidak memiliki nilai SKB (kosongkan; 0 adalah nilai)",
			"\"{value}\": an absent candidate has no SKB score (leave it empty; 0 is a score)"},
		"results.import.skb_comma": {"\"{value}\": pakai titik untuk desimal, mis. 85.5",
			"\"{value}\": use a point for decimals, as in 85.5"},
		"results.import.skb_number":   {"\"{value}\" bukan angka", "\"{value}\" is not a number"},
		"results.import.skb_decimals": {"\"{value}\" memiliki lebih dari 3 desimal", "\"{value}\" has more than 3 decimals"},
		"results.import.skb_range":    {"\"{value}\" di luar rentang 0–100", "\"{value}\" is outside 0–100"},

		// A row against what is stored.
		"results.import.regno_unknown": {"nomor peserta {number} bukan lamaran pada periode ini",
			"registration number {number} is not an application of this period"},
		"results.import.nik_mismatch": {"NIK {nik} bukan NIK pelamar nomor peserta {number}",
			"NIK {nik} is not the NIK of the applicant of registration number {number}"},
		"results.import.not_ms": {"nomor peserta {number} tidak diumumkan memenuhi syarat (MS) pada pengumuman terakhir periode ini",
			"registration number {number} is not announced as eligible (MS) in the period's latest announcement"},
		"results.import.no_skd": {"nomor peserta {number} tidak memiliki nilai SKD (hadir) pada periode ini",
			"registration number {number} has no SKD score (present) in this period"},
		"results.import.skb_exists": {"nomor peserta {number} sudah memiliki nilai SKB; SKD-nya tidak dapat menjadi tidak hadir",
			"registration number {number} already has an SKB score; its SKD cannot become absent"},
		"results.import.reuse_level": {"pada {year} pelamar ini melamar dengan jenjang {its} (nomor peserta {number}), " +
			"bukan {level}: nilai SKD tidak dapat dipakai ulang",
			"in {year} this applicant applied with level {its} (registration number {number}), not {level}: " +
				"the SKD score cannot be carried over"},

		// The committee's page of a period's scores (/panitia/periode/{id}/nilai).
		"panitia.scores.title": {"Nilai SKD dan SKB", "SKD and SKB scores"},
		"panitia.scores.lead": {"Unggah ekspor hasil CAT BKN (CSV atau XLSX). Setiap baris harus sesuai lamaran periode ini yang " +
			"diumumkan MS (nomor peserta dan NIK); seluruh berkas diterima atau tidak sama sekali. Berkas yang diunggah ulang " +
			"mengganti nilai peserta yang dimuatnya.",
			"Upload CAT BKN's result export (CSV or XLSX). Every row must match an application of this period announced MS " +
				"(registration number and NIK); the whole file is taken or none of it. A file uploaded again replaces the " +
				"scores of the candidates it lists."},
		"panitia.scores.skd":             {"Hasil SKD", "SKD results"},
		"panitia.scores.skb":             {"Hasil SKB", "SKB results"},
		"panitia.scores.short.skd":       {"SKD", "SKD"},
		"panitia.scores.short.skb":       {"SKB", "SKB"},
		"panitia.scores.short.skb_extra": {"Tes tambahan SKB", "SKB additional test"},
		"panitia.scores.skb_extra":       {"Tes tambahan SKB", "The SKB's additional test"},
		"panitia.scores.skb_extra.help": {"Kolom: no_peserta, nik, nilai (0–100), hadir",
			"Columns: no_peserta, nik, nilai (0–100), hadir"},
		"panitia.scores.skd.help": {"Kolom: no_peserta, nik, twk, tiu, tkp, hadir, skd_tahun_sebelumnya",
			"Columns: no_peserta, nik, twk, tiu, tkp, hadir, skd_tahun_sebelumnya"},
		"panitia.scores.skb.help":      {"Kolom: no_peserta, nik, skb, hadir", "Columns: no_peserta, nik, skb, hadir"},
		"panitia.scores.file":          {"Berkas ekspor CAT BKN", "CAT BKN export file"},
		"panitia.scores.done":          {"Impor selesai", "Import done"},
		"panitia.scores.imported":      {"Peserta diimpor", "Candidates imported"},
		"panitia.scores.present":       {"Hadir", "Present"},
		"panitia.scores.absent":        {"Tidak hadir", "Absent"},
		"panitia.scores.reused":        {"Nilai SKD tahun sebelumnya", "Earlier SKD scores carried over"},
		"panitia.scores.reused_short":  {"SKD tahun lalu", "Earlier SKD"},
		"panitia.scores.counts":        {"Nilai tersimpan", "Scores stored"},
		"panitia.scores.none":          {"Belum ada nilai untuk periode ini.", "This period has no scores yet."},
		"panitia.scores.component":     {"Komponen", "Component"},
		"panitia.scores.source":        {"Sumber", "Source"},
		"panitia.scores.source.cat":    {"CAT sistem ini", "This system's CAT"},
		"panitia.scores.source.import": {"Impor CAT BKN", "CAT BKN import"},
		"panitia.scores.source.panel":  {"Penilai", "Assessors"},
		"panitia.scores.final": {"Hasil akhir periode ini sudah diumumkan: nilai tidak dapat diimpor lagi.",
			"The final results of this period are published: scores can no longer be imported."},
		"panitia.scores.pact": {"Impor nilai memerlukan pakta integritas periode ini yang sudah Anda tandatangani.",
			"Importing scores needs your signed integrity pact of this period."},
	})
}
