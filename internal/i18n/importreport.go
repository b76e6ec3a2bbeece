package i18n

// The words of an import's row report (report.Problems): a file refused
// whole, with each problem on its line and column.
func init() {
	add(map[string]Text{
		"report.import.rejected": {"Berkas ditolak seluruhnya; {n} masalah{shown}: {problems}",
			"The whole file was rejected; {n} problems{shown}: {problems}"},
		"report.import.first_shown": {" ({n} pertama ditampilkan)", " (the first {n} shown)"},
		"report.import.at":          {"baris {line}, kolom {column}: {problem}", "line {line}, column {column}: {problem}"},
	})
}
