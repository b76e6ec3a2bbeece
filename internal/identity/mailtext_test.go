package identity

import "testing"

// TestMailText: the confirmation and reset e-mails, built from catalogue
// keys, read as before: the Indonesian text after the greeting, then the
// English one; the subject in both languages.
func TestMailText(t *testing.T) {
	cases := []struct {
		name, subjectKey, bodyKey string
		args                      []any
		subject, text             string
	}{
		{
			"confirm",
			"identity.mail.confirm_subject",
			"identity.mail.confirm",
			[]any{"link", "https://asn.example.id/konfirmasi-email?token=T"},
			"Konfirmasi e-mail akun asnpro / Confirm your e-mail",
			"Yth. Siti Aisyah,\n\n" +
				"Buka tautan berikut untuk mengonfirmasi alamat e-mail akun Anda (berlaku 48 " +
				"jam):\nhttps://asn.example.id/konfirmasi-email?token=T\n\n" +
				"Jika Anda tidak mendaftar, abaikan pesan ini.\n\n" +
				"---\nOpen this link to confirm the e-mail address of your account (valid for 48 " +
				"hours):\nhttps://asn.example.id/konfirmasi-email?token=T\n" +
				"If you did not register, ignore this message.\n",
		},
		{
			"reset",
			"identity.mail.reset_subject",
			"identity.mail.reset",
			[]any{"username", "siti", "link", "https://asn.example.id/atur-sandi?token=T"},
			"Atur ulang kata sandi asnpro / Reset your password",
			"Yth. Siti Aisyah,\n\n" +
				"Ada permintaan untuk mengatur ulang kata sandi akun Anda (siti). Buka tautan " +
				"berikut dalam 1 jam:\nhttps://asn.example.id/atur-sandi?token=T\n\n" +
				"Jika bukan Anda yang meminta, abaikan pesan ini; kata sandi Anda tidak berubah.\n\n" +
				"---\nSomeone asked to reset the password of your account (siti). Open this link " +
				"within 1 hour:\nhttps://asn.example.id/atur-sandi?token=T\n" +
				"If it was not you, ignore this message; your password stays the same.\n",
		},
	}
	for _, tc := range cases {
		subject, text := mailText("Siti Aisyah", tc.subjectKey, tc.bodyKey, tc.args...)
		if subject != tc.subject || text != tc.text {
			t.Errorf("%s:\n%q\n%q\nwant\n%q\n%q", tc.name, subject, text, tc.subject, tc.text)
		}
	}
}
