package textcheck

import "testing"

func TestClean(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		kind Kind
		want string // "" with bad: refused
		bad  bool
	}{
		{"plain", "  Siti Aminah ", Name, "Siti Aminah", false},
		{"inner spaces collapse in names", "Siti   Aminah", Name, "Siti Aminah", false},
		{"NFC", "Jose\u0301", Name, "Jos\u00e9", false},
		{"NFC in lines", "Cafe\u0301 baru", Line, "Caf\u00e9 baru", false},
		{"empty is not a problem", "   ", Name, "", false},
		{"RTL override", "Budi\u202Egnp.exe", Name, "", true},
		{"RTL isolate", "Budi\u2067x", Line, "", true},
		{"LRM", "Budi\u200E", Name, "", true},
		{"zero-width only", "\u200B\u200B", Name, "", true},
		{"zero-width inside a name", "Bu\u200Bdi", Name, "", true},
		{"ZWJ inside a name", "Bu\u200Ddi", Name, "", true},
		{"hangul filler only", "\u3164", Name, "", true},
		{"combining marks only", "\u0301\u0301", Line, "", true},
		{"NUL", "Budi\x00", Name, "", true},
		{"NUL in a line", "ab\x00cd", Line, "", true},
		{"BEL", "Budi\a", Name, "", true},
		{"BOM", "\uFEFFBudi", Name, "", true},
		{"BOM in free text", "ok\uFEFF", Multiline, "", true},
		{"newline in a line", "a\nb", Line, "", true},
		{"tab in a name", "a\tb", Name, "", true},
		{"C1 control", "a\u0085b", Line, "", true},
		{"line separator", "a\u2028b", Multiline, "", true},
		{"newline and tab in free text", "baris 1\r\n\tbaris 2", Multiline, "baris 1\n\tbaris 2", false},
		{"NUL in free text", "baris\x00", Multiline, "", true},
		{"invalid UTF-8", "a\xffb", Line, "", true},
		{"ZWJ emoji in free text", "ok 👩\u200D💻", Multiline, "ok 👩\u200D💻", false},
	} {
		got, p := Clean(c.in, c.kind)
		if (p != nil) != c.bad || got != c.want {
			t.Errorf("%s: Clean(%q) = %q, %v; want %q, refused %v", c.name, c.in, got, p, c.want, c.bad)
		}
	}
}

func TestEmail(t *testing.T) {
	good := []string{"budi@gmail.com", "budi.santoso+cpns@kota.go.id", "a_b-c@sub.example.co.id", "X'Y@example.org"}
	bad := []string{
		"",
		"budi",
		"budi@",
		"@gmail.com",
		"budi.typo.@gmail.com",
		".budi@gmail.com",
		"a..b@x.com",
		"budi@gmail",
		"budi@gmail.c",
		"budi@-gmail.com",
		"budi@gmail-.com",
		"budi@gmail..com",
		"budi@@gmail.com",
		"Budi <budi@gmail.com>",
		"budi @gmail.com",
		"budi@gmail.com\r\nBcc: x@y.z",
		"\"budi\"@gmail.com",
		"budi@[127.0.0.1]",
		"búdi@gmail.com",
		"budi@gmail.123",
		"budi@gm_ail.com",
		"budi\x00@gmail.com",
	}
	for _, s := range good {
		if _, p := Email(s); p != nil {
			t.Errorf("Email(%q) refused: %v", s, p.In("en"))
		}
	}
	for _, s := range bad {
		if v, p := Email(s); p == nil {
			t.Errorf("Email(%q) = %q, accepted", s, v)
		}
	}
}
