// Package identity owns users, roles, sessions, API tokens, password hashing,
// sign-in throttling and the acting user carried in a context (DESIGN §5).
// Every change it makes is recorded with audit.Record in the same transaction.
package identity

import (
	"fmt"
	"slices"
	"strings"
)

// Role is one of the roles of DESIGN §5 (its ten) and the question author,
// who writes items and never sees candidates. A user may hold several.
type Role string

const (
	Admin      Role = "admin"
	Committee  Role = "committee"  // panitia seleksi
	Verifier   Role = "verifier"   // verifikator
	Assessor   Role = "assessor"   // pewawancara, asesor, psikolog
	Applicant  Role = "applicant"  // pelamar
	Employee   Role = "employee"   // pegawai
	Supervisor Role = "supervisor" // atasan
	Trainer    Role = "trainer"    // lembaga pelatihan
	Leader     Role = "leader"     // pimpinan
	Auditor    Role = "auditor"    // inspektorat: reads everything, changes nothing
	Author     Role = "author"     // penulis soal: question banks only, never candidates
)

// AllRoles lists every role in a stable order.
var AllRoles = []Role{Admin, Committee, Verifier, Assessor, Applicant, Employee, Supervisor, Trainer, Leader, Auditor, Author}

// Valid reports whether r is one of AllRoles.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// ParseRoles parses a comma-separated list ("committee,verifier"); it
// rejects unknown and empty lists and removes duplicates.
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, p := range strings.Split(s, ",") {
		r := Role(strings.ToLower(strings.TrimSpace(p)))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return nil, fmt.Errorf("unknown role %q (roles: %s)", r, JoinRoles(AllRoles))
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("at least one role is needed (roles: %s)", JoinRoles(AllRoles))
	}
	slices.Sort(out)
	return out, nil
}

// JoinRoles writes roles comma-separated.
func JoinRoles(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}
