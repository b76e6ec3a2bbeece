// Package results keeps the scores of a period's selection per candidate
// and component (selection_scores) — from this system's exam sessions or
// imported from CAT BKN — and, from them, integrates and ranks the period
// with the rules engine (package selection) for the committee to review
// and publish.
//
// Components (Score.Component): ComponentSKD holds TWK, TIU and TKP points;
// ComponentSKB holds the SKB CAT score on 0–100 in thousandths.
package results
