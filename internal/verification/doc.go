// Package verification owns what happens to an application after it is
// submitted, up to the post-appeal announcement (DESIGN §5–6):
//
//   - integrity pacts (pakta integritas) per period, which committee
//     members, verifiers and assessors sign before they see any candidate
//     data of the period, and conflicts of interest declared per applicant,
//     which remove the declarer from that applicant;
//   - the verifier of each submitted application, assigned in the submitting
//     transaction (balanced over the period's verifiers who signed and have
//     no conflict), the verifier's queue, the automatic pre-checks, the
//     decision MS/TMS with reasons, the committee's four-eyes confirmation
//     of TMS and its reopening of a decision;
//   - announcements: versioned, immutable result lists with masked names
//     whose canonical CSV's SHA-256 is recorded in the audit chain;
//   - appeals (sanggah): one per TMS applicant within the window, decided
//     by a committee member who is not the first verifier.
//
// Every change is recorded with audit.Record in its own transaction; every
// rule that reads the clock uses the injected now. The package never
// imports net/http.
package verification
