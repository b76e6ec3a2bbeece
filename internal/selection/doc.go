// Package selection is the rules engine of a selection: who passes, who is
// ranked where and who is placed, with the reason for every outcome.
//
// It holds two kinds of scheme:
//
//   - [Scheme], the national CPNS rules (preset [CPNS2024]): passing grades per
//     category, the 3 × quota cut to SKB, integration of SKD and SKB into a
//     final score, the tie-break chain and optimalisasi (P/L-2). [Scheme.Rank]
//     ranks applicants given as Go values; [RankCSV] is the offline path behind
//     `asnpro rank --scheme cpns-2024 FILE.csv`.
//   - [OwnScheme], the city's own selections (written test, interview,
//     psychotest, …): weighted components with per-component minimums, stored
//     as JSON per period.
//
// Nothing here uses floating point to decide anything. Scores with decimals
// are [Decimal] (exact thousandths); a CPNS final score is compared as an
// integer numerator over the scheme's common denominator (see
// [Scheme.FinalScore]); explanations carry exact rationals ([Quantity]).
//
// Every outcome can be explained ([Ranking.Explain], [OwnRanking.Explain]) as a
// list of [Reason] values with stable [Code]s that a web page renders in its
// own language; the English prose of [Reason.String] is for logs and tests.
//
// The package is pure: no database, no clock, no network, no globals that
// change. It imports only the standard library and internal/report/csvsafe
// (itself standard library only), which makes the IDs it writes safe to open
// in a spreadsheet.
package selection
