package textcheck

import (
	"net/mail"
	"strings"
)

// MaxEmail is the longest address accepted (RFC 5321's path limit).
const MaxEmail = 254

var errEmail = &Problem{"textcheck.email"}

// Email returns the address trimmed, or why it is not one asnpro can send
// to. It is the one address rule: registration, e-mail changes, user
// accounts and the mailer all use it, so an address that is accepted is
// one the mailer will take. Accepted: a plain address (no display name)
// local@domain, where local is 1–64 characters of letters, digits and
// !#$%&'*+/=?^_`{|}~- in dot-separated parts (no leading, trailing or
// double dot) and domain has at least two labels of letters, digits and
// inner hyphens, 1–63 characters each, the last alphabetic and at least 2
// long. Quoted local parts, IP literals and non-ASCII addresses are not
// accepted.
func Email(s string) (string, *Problem) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxEmail {
		return "", errEmail
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || !validLocal(local) || !validDomain(domain) {
		return "", errEmail
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Name != "" || a.Address != s {
		return "", errEmail
	}
	return s, nil
}

// ValidEmail reports whether Email accepts s as it is.
func ValidEmail(s string) bool {
	v, p := Email(s)
	return p == nil && v == s
}

func validLocal(l string) bool {
	if l == "" || len(l) > 64 {
		return false
	}
	for part := range strings.SplitSeq(l, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !isAlnum(c) && !strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", rune(c)) {
				return false
			}
		}
	}
	return true
}

func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !(tld[i] >= 'a' && tld[i] <= 'z' || tld[i] >= 'A' && tld[i] <= 'Z') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
