package i18n

// The words of textcheck: why a typed text is refused.
func init() {
	add(map[string]Text{
		"textcheck.utf8": {"Teks bukan UTF-8 yang sah", "The text is not valid UTF-8"},
		"textcheck.control": {"Teks memuat karakter kendali (mis. NUL, BEL, ganti baris) yang tidak diperbolehkan",
			"The text holds a control character (such as NUL, BEL or a line break) that is not allowed"},
		"textcheck.bidi": {"Teks memuat karakter pengubah arah tulisan yang tidak diperbolehkan",
			"The text holds a character that overrides the writing direction, which is not allowed"},
		"textcheck.bom": {"Teks memuat karakter BOM (U+FEFF) yang tidak diperbolehkan",
			"The text holds a byte order mark (U+FEFF), which is not allowed"},
		"textcheck.invisible": {"Nama memuat karakter tak terlihat (mis. spasi lebar-nol) yang tidak diperbolehkan",
			"The name holds an invisible character (such as a zero-width space), which is not allowed"},
		"textcheck.blank": {"Teks hanya berisi karakter tak terlihat", "The text holds only invisible characters"},
		"textcheck.email": {"Alamat e-mail tidak valid", "The e-mail address is not valid"},
	})
}
