// Package development keeps each employee's development hours (jam
// pelajaran, JP) per calendar year in WIB: the trainings the training part
// credits when a participant completes (CreditTx, RevokeTx, inside its
// transaction), and trainings elsewhere that the employee submits with
// evidence (a PDF or JPEG checked while it streams) for their direct
// supervisor to approve or reject with a reason.
//
// The rule (rules.go, pure): every PNS — CPNS included — is owed at least
// 20 JP of competency development a year (PP 11/2017 Pasal 203(4) as
// amended by PP 17/2020). The JP that count are kept per employee and year
// in development_totals, in the same transaction as the record that
// changes them, so that the compliance dashboard by unit (with sub-units)
// reads one row per employee. Each employee under target is recommended
// open sessions that address their gaps (recommend.go): the selection's
// assessment dimensions while in probation (ProbationGaps), later the
// performance coaching plan, through the Gaps and Offers seams.
// docs/DEVELOPMENT.md is the user guide.
package development
