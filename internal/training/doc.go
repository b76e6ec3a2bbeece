// Package training keeps training with partner institutions (lembaga
// pendidikan/pelatihan): the institutions with their agreements and
// trainer accounts, the catalogue of programmes (topic, competencies, JP,
// mode, prerequisites, cost), sessions with their seats and meetings,
// enrolment by request (approved by the employee's direct supervisor) or
// by nomination, the waitlist that moves up when a seat frees, attendance,
// pre- and post-test scores, feedback, the completion rule, certificates
// anyone can verify by their code, and the reports.
//
// The rules are plain Go (rules.go, competency.go); the store is in this
// package, one transaction per change with its audit event. It reads the
// workforce's employees and their current supervisor and identity's users
// in SQL ("Joins across parts"). Completions and revocations are told to
// Deps.OnComplete and Deps.OnRevoke inside their transaction.
// docs/TRAINING.md is the user guide.
package training
