package i18n

// The words of report: why an import file (CSV or XLSX) cannot be read.
func init() {
	add(map[string]Text{
		"report.empty": {"Berkas impor kosong", "The import file is empty"},
		"report.old_xls": {"Format XLS lama atau XLSX bersandi tidak didukung; simpan sebagai XLSX tanpa sandi atau CSV UTF-8",
			"Old XLS and password-protected XLSX files are not supported; save as XLSX without a password or as CSV UTF-8"},
		"report.utf16": {
			"CSV berformat UTF-16 tidak didukung; simpan sebagai \"CSV UTF-8\"",
			"UTF-16 CSV is not supported; save as \"CSV UTF-8\"",
		},
		"report.too_large":        {"Berkas impor melebihi batas {size}", "The import file exceeds the {size} limit"},
		"report.too_many_rows":    {"Berkas impor melebihi {max} baris", "The import file has more than {max} rows"},
		"report.line":             {"Baris {line}: {problem}", "Line {line}: {problem}"},
		"report.line_number":      {"{line}", "{line}"},
		"report.too_many_columns": {"lebih dari {max} kolom", "more than {max} columns"},
		"report.not_utf8":         {"bukan teks UTF-8; simpan ulang sebagai \"CSV UTF-8\"", "not UTF-8 text; save again as \"CSV UTF-8\""},
		"report.line_too_long":    {"baris terlalu panjang (lebih dari {size})", "line too long (more than {size})"},
		"report.csv_malformed":    {"isi CSV tidak sah", "malformed CSV"},
		"report.csv_quote":        {"tanda kutip (\") tidak tertutup atau salah tempat", "a quote (\") is not closed or is misplaced"},
		"report.csv_bare_quote":   {"tanda kutip (\") di dalam kolom yang tidak diapit kutip", "a quote (\") inside an unquoted field"},
		"report.unreadable_cell":  {"sel tidak terbaca", "unreadable cell"},
		"report.xlsx_damaged": {
			"Berkas XLSX rusak atau bukan lembar kerja Excel",
			"The XLSX file is damaged or is not an Excel workbook",
		},
		"report.xlsx_expands": {"Isi berkas XLSX melebihi batas {size} setelah diekstrak",
			"The XLSX file expands beyond the {size} limit"},
		"report.not_table": {"Berkas impor harus CSV (UTF-8) atau XLSX", "An import file must be CSV (UTF-8) or XLSX"},
		"report.not_xlsx": {"Berkas ini arsip ZIP atau dokumen lain, bukan lembar kerja XLSX",
			"This file is a ZIP archive or another document, not an XLSX workbook"},
	})
}
