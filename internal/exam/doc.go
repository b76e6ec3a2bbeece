// Package exam is the computer-assisted test (CAT): question banks and their
// versioned items, blueprints, papers drawn from a seed, and scoring.
//
// The rules are plain Go and pure where they can be: [Item.Validate],
// [Blueprint.Validate], [Draw] (a paper from a bank's items, a blueprint and
// a [Seed]; the same inputs give the same paper exactly) and [Score] (a
// paper and its answers → the scores per sub-test, the total and whether
// the passing grade of the taker's category is met, and if not which
// threshold was missed). Passing grades are those of the rules engine
// (internal/selection): a blueprint's grades are checked and applied by a
// [selection.Scheme], never by a second copy of the rules.
//
// [Service] stores banks, items and blueprints: every change in one
// transaction with its audit event. An item version that a paper has used
// is never changed again (a database guard refuses it too): editing such
// an item makes a new version, and the old one stays as it was.
package exam
