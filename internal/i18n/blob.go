package i18n

// The words of the document store.
func init() {
	add(map[string]Text{
		"blob.not_found": {"Dokumen tidak ditemukan", "Document not found"},
	})
}
