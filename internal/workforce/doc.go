// Package workforce keeps the organisation and its people after hiring:
// units (perangkat daerah and their sub-units, a tree), positions per
// unit, who leads each unit (Plt — acting — marked), and employees (PNS
// with a NIP, PPPK with an NI PPPK) with their unit, position, grade,
// status and direct supervisor, whose changes are kept as history.
//
// The rules are plain Go (rules.go: identity numbers, grades, statuses,
// loops); the store is in this package, one transaction per change with
// its audit event. Import reads the sitting workforce from a CSV or XLSX
// file, all rows or none (import.go). docs/WORKFORCE.md is the user guide.
package workforce
