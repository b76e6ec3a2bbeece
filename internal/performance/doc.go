// Package performance runs the periodic performance evaluation of civil
// servants (SKP, PermenPANRB 6/2022): each employee's yearly plan of
// results cascaded from the supervisor's own, drafted by the employee and
// approved by the supervisor; evidence, feedback and check-ins through the
// year; periodic (quarterly by default) and annual evaluations whose
// predikat comes from the 3 × 3 matrix; the employee's comments and
// objections, decided by the supervisor's own superior; each unit's own
// predikat and the distribution curve its annual results must fit before
// they are final; rewards for Sangat Baik and coaching plans (pembinaan)
// for low results; reports, the e-Kinerja export and reminders.
//
// The rules are plain functions (rules.go); supervisors, superiors, units
// and their heads come from the workforce behind Staff; recommended
// trainings from the catalogue behind Offers. docs/PERFORMANCE-EVALUATION.md
// is the user guide.
package performance
