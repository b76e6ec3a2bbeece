package verification

import (
	"fmt"

	"asnpro/internal/apperr"
)

// Sentinel errors; callers test them with errors.Is.
var (
	ErrPactRequired = &apperr.Error{Code: apperr.Forbidden,
		Message:   "Anda belum menandatangani pakta integritas periode ini. Tanda tangani pakta integritas (termasuk janji menyatakan konflik kepentingan) sebelum melihat data pelamar.",
		MessageEN: "You have not signed this period's integrity pact yet. Sign the integrity pact (including the promise to declare conflicts of interest) before seeing applicant data."}
	ErrPactRole = &apperr.Error{Code: apperr.Forbidden, Message: "Hanya panitia, verifikator dan penguji yang menandatangani pakta integritas",
		MessageEN: "Only committee members, verifiers and assessors sign integrity pacts"}
	ErrPactSigned = &apperr.Error{Code: apperr.Conflict, Message: "Anda sudah menandatangani pakta integritas periode ini",
		MessageEN: "You have already signed this period's integrity pact"}
	ErrNotFound       = &apperr.Error{Code: apperr.NotFound, Message: "Lamaran tidak ditemukan", MessageEN: "Application not found"}
	ErrAppealNotFound = &apperr.Error{Code: apperr.NotFound, Message: "Sanggah tidak ditemukan", MessageEN: "Appeal not found"}
	ErrDecided        = &apperr.Error{Code: apperr.Conflict, Message: "Lamaran ini sudah diputuskan. Keputusan hanya dapat diubah bila panitia membukanya kembali dengan alasan.",
		MessageEN: "This application has already been decided. A decision can change only when the committee reopens it with a reason."}
	ErrNotDecided  = &apperr.Error{Code: apperr.Conflict, Message: "Lamaran ini belum diputuskan", MessageEN: "This application has not been decided yet"}
	ErrOwnDecision = &apperr.Error{Code: apperr.Forbidden, Message: "Konfirmasi empat mata harus dilakukan orang lain, bukan yang memutuskan",
		MessageEN: "The four-eyes confirmation must come from someone other than the one who decided"}
	ErrOwnReopen = &apperr.Error{Code: apperr.Forbidden, Message: "Keputusan yang Anda ambil sendiri dibuka kembali oleh anggota panitia lain",
		MessageEN: "A decision you took yourself is reopened by another committee member"}
	ErrAppealPending = &apperr.Error{Code: apperr.Conflict, Message: "Lamaran ini sedang disanggah; keputusan diubah melalui jawaban sanggah",
		MessageEN: "This application has a pending appeal; the decision changes through the appeal's answer"}
	ErrFirstVerifier = &apperr.Error{Code: apperr.Forbidden, Message: "Sanggah tidak boleh diputus oleh verifikator pertama lamaran ini",
		MessageEN: "An appeal may not be decided by the application's first verifier"}
	ErrNotAnnounced = &apperr.Error{Code: apperr.FailedPrecondition, Message: "Hasil seleksi administrasi lamaran ini belum diumumkan; sanggah dapat diajukan setelah pengumuman",
		MessageEN: "The administration result of this application has not been announced yet; an appeal can be filed after the announcement"}
	ErrAppealMS      = &apperr.Error{Code: apperr.Conflict, Message: "Lamaran yang Memenuhi Syarat (MS) tidak dapat disanggah", MessageEN: "An application found eligible (MS) cannot be appealed"}
	ErrSecondAppeal  = &apperr.Error{Code: apperr.Conflict, Message: "Anda sudah mengajukan sanggah untuk lamaran ini; sanggah hanya satu kali", MessageEN: "You have already appealed this application; there is one appeal only"}
	ErrAppealDecided = &apperr.Error{Code: apperr.Conflict, Message: "Sanggah ini sudah dijawab", MessageEN: "This appeal has already been answered"}
	ErrNoVersion     = &apperr.Error{Code: apperr.NotFound, Message: "Pengumuman tidak ditemukan (belum diterbitkan atau versi tidak ada)", MessageEN: "Announcement not found (not published yet, or no such version)"}
)

func errWindowClosed(end string, endEN string) error {
	return &apperr.Error{Code: apperr.FailedPrecondition, Message: "Masa sanggah sudah berakhir pada " + end, MessageEN: "The appeal window closed on " + endEN}
}

func errUndecided(n int) error {
	return &apperr.Error{Code: apperr.FailedPrecondition,
		Message:   fmt.Sprintf("Masih ada %d lamaran yang belum diputuskan; pengumuman dapat diterbitkan setelah semua lamaran diputuskan", n),
		MessageEN: fmt.Sprintf("%d applications are still undecided; the announcement can be published once every application is decided", n),
		Fields:    map[string]string{"undecided": fmt.Sprint(n)}}
}

func errPendingAppeals(n int) error {
	return &apperr.Error{Code: apperr.FailedPrecondition,
		Message:   fmt.Sprintf("Masih ada %d sanggah yang belum dijawab", n),
		MessageEN: fmt.Sprintf("%d appeals are still unanswered", n),
		Fields:    map[string]string{"pending_appeals": fmt.Sprint(n)}}
}
