// Package recruitment owns open recruitment: periods (seleksi) with their
// timeline, formations (formasi) with requirements and documents, the
// education reference list, applicants (pelamar) registered by NIK, and
// applications with their documents, from draft to submission.
//
// Rules are plain functions (Phase, CheckEligibility); the Service runs
// them inside one transaction per change, each recorded in the audit log.
// The package never imports net/http.
package recruitment
