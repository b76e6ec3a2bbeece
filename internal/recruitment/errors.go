package recruitment

import "asnpro/internal/apperr"

// Sentinel errors; callers test them with errors.Is.
var (
	ErrPeriodNotFound      = &apperr.Error{Code: apperr.NotFound, Message: "Periode seleksi tidak ditemukan", MessageEN: "Recruitment period not found"}
	ErrFormationNotFound   = &apperr.Error{Code: apperr.NotFound, Message: "Formasi tidak ditemukan", MessageEN: "Formation not found"}
	ErrApplicationNotFound = &apperr.Error{Code: apperr.NotFound, Message: "Lamaran tidak ditemukan", MessageEN: "Application not found"}
	ErrRegistrationClosed  = &apperr.Error{Code: apperr.FailedPrecondition, Message: "Pendaftaran periode ini tidak sedang dibuka; tidak ada yang dapat diubah", MessageEN: "Registration for this period is not open; nothing can be changed"}
	ErrSecondApplication   = &apperr.Error{Code: apperr.Conflict, Message: "Anda sudah mempunyai lamaran pada periode ini. Satu pelamar hanya boleh melamar satu formasi per periode; tarik draf lama bila ingin memilih formasi lain.", MessageEN: "You already have an application in this period. One applicant may apply to one formation per period; withdraw the draft to choose another."}
	ErrAlreadySubmitted    = &apperr.Error{Code: apperr.Conflict, Message: "Lamaran sudah dikirim dan terkunci", MessageEN: "The application has been submitted and is locked"}
	ErrNIKTaken            = &apperr.Error{Code: apperr.Conflict, Message: "NIK ini sudah terdaftar. Masuk dengan NIK tersebut, atau hubungi helpdesk panitia bila kehilangan akses.", MessageEN: "This NIK is already registered. Sign in with it, or contact the committee helpdesk if you lost access.", Fields: map[string]string{"nik": "NIK sudah terdaftar"}}
	ErrPublished           = &apperr.Error{Code: apperr.Conflict, Message: "Periode sudah diumumkan", MessageEN: "The period is already published"}
	ErrRegistrationStarted = &apperr.Error{Code: apperr.FailedPrecondition, Message: "Pendaftaran sudah dibuka: persyaratan hanya dapat diubah lewat amandemen yang tercatat", MessageEN: "Registration has opened: requirements change only through a recorded amendment"}
)
