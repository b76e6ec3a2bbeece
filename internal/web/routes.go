package web

import "asnpro/internal/identity"

// The roles, short, so that every route line reads at a glance.
const (
	Admin      = identity.Admin
	Committee  = identity.Committee
	Verifier   = identity.Verifier
	Assessor   = identity.Assessor
	Applicant  = identity.Applicant
	Employee   = identity.Employee
	Supervisor = identity.Supervisor
	Trainer    = identity.Trainer
	Leader     = identity.Leader
	Auditor    = identity.Auditor
	Author     = identity.Author
)

// routes registers every route, each with who may use it on the same line.
// Anything not listed here is 404; a route whose roles do not admit the
// caller is 401 (nobody signed in) or 403 (recorded).
//
// Handler names follow one rule (TestHandlerNames checks it): …Page for a
// page answered to GET, …Submit for a form posted from a page, api… for the
// JSON API; health checks and static files keep their own names, and a
// path that moved answers with moved(new path).
//
// One language per path: the public period pages keep the English segments
// of /periods (results, statistics); the applicant's and the staff's pages
// are Indonesian (/lamaran, /verifikasi, /sanggah).
func (s *Server) routes(r *router) {
	// Health and static files.
	r.handle("GET /healthz", public, s.healthz)
	r.handle("GET /readyz", public, s.readyz)
	r.handle("GET /static/{file}", public, s.serveStatic)

	// Pages.
	r.handle("GET /{$}", public, s.homePage)
	r.handle("GET /login", public, s.loginPage)
	r.handle("POST /login", public, s.loginSubmit)
	r.handle("POST /logout", anyUser, s.logoutSubmit)
	r.handle("GET /users", roles(Admin, Auditor), s.usersPage)
	r.handle("POST /users", roles(Admin), s.userCreateSubmit)
	r.handle("GET /users/{id}", roles(Admin, Auditor), s.userPage)
	r.handle("POST /users/{id}/nonaktifkan", roles(Admin), s.userDisableSubmit)
	r.handle("POST /users/{id}/aktifkan", roles(Admin), s.userEnableSubmit)
	r.handle("POST /users/{id}/peran", roles(Admin), s.userRolesSubmit)
	r.handle("POST /users/{id}/sandi", roles(Admin), s.userPasswordSubmit)
	r.handle("GET /transparency", public, s.transparencyPage)
	// Open data: every published period's aggregate figures, never a person's; and the leaders' dashboards.
	r.handle("GET /open-data", public, s.openDataPage)
	r.handle("GET /open-data/periods.csv", public, s.openDataCSVPage)
	r.handle("GET /api/v1/open-data", public, s.apiOpenData)
	r.handle("GET /dashboard", roles(Leader, Admin, Auditor), s.dashboardPage)
	r.handle("GET /dashboard/rekrutmen", roles(Leader, Admin, Auditor), s.dashRecruitmentPage)
	r.handle("GET /dashboard/pegawai", roles(Leader, Admin, Auditor), s.dashPeoplePage)
	r.handle("GET /periksa-ujian", public, s.receiptCheckPage)
	r.handle("GET /periods", public, s.periodsPage)
	r.handle("GET /periods/{id}", public, s.periodPage)
	r.handle("GET /formations/{id}", public, s.formationPage)
	r.handle("GET /prosedur", public, s.procedurePage)
	r.handle("GET /kartu", public, s.cardCheckPage)
	r.handle("GET /daftar", public, s.registerPage)
	r.handle("POST /daftar", public, s.registerSubmit)
	r.handle("GET /lamaran", roles(Applicant), s.applicantPage)
	r.handle("POST /lamaran", roles(Applicant), s.applicationCreateSubmit)
	r.handle("GET /lamaran/{id}", roles(Applicant), s.applicationPage)
	r.handle("POST /lamaran/{id}/dokumen/{kind}", roles(Applicant), s.documentUploadSubmit)
	r.handle("POST /lamaran/{id}/kirim", roles(Applicant), s.applicationSendSubmit)
	r.handle("POST /lamaran/{id}/tarik", roles(Applicant), s.applicationWithdrawSubmit)
	r.handle("POST /konfirmasi-email/ulang", roles(Applicant), s.resendConfirmationSubmit)
	r.handle("GET /konfirmasi-email", public, s.confirmEmailPage)
	r.handle("POST /konfirmasi-email", public, s.confirmEmailSubmit)
	r.handle("GET /lupa-sandi", public, s.forgotPage)
	r.handle("POST /lupa-sandi", public, s.forgotSubmit)
	r.handle("GET /atur-sandi", public, s.resetPage)
	r.handle("POST /atur-sandi", public, s.resetSubmit)
	r.handle("GET /simulasi", roles(Applicant), s.practicePage)
	r.handle("POST /simulasi", roles(Applicant), s.practiceStartSubmit)
	r.handle("GET /simulasi/{id}", roles(Applicant), s.practiceTestPage)
	r.handle("POST /simulasi/{id}/jawaban/{no}", roles(Applicant), s.practiceAnswerSubmit)
	r.handle("POST /simulasi/{id}/selesai", roles(Applicant), s.practiceFinishSubmit)
	r.handle("GET /simulasi/{id}/hasil", roles(Applicant), s.practiceResultPage)
	r.handle("GET /ujian", roles(Applicant), s.seatsPage)
	r.handle("POST /ujian", roles(Applicant), s.seatStartSubmit)
	r.handle("GET /ujian/{id}", roles(Applicant), s.examTestPage)
	r.handle("POST /ujian/{id}/jawaban/{no}", roles(Applicant), s.examAnswerSubmit)
	r.handle("POST /ujian/{id}/selesai", roles(Applicant), s.examFinishSubmit)
	r.handle("GET /ujian/{id}/hasil", roles(Applicant), s.examResultPage)
	r.handle("GET /helpdesk", roles(Committee), s.helpdeskPage)
	r.handle("POST /helpdesk/{id}/email", roles(Committee), s.helpdeskEmailSubmit)
	r.handle("GET /notifikasi", anyUser, s.notificationsPage)
	r.handle("POST /notifikasi/baca", anyUser, s.notificationsReadAllSubmit)

	// The committee's recruitment set-up: periods, formations, publishing, amendments, the SSCASN import, CAT BKN's scores.
	r.handle("GET /panitia/periode", roles(Committee), s.committeePeriodsPage)
	r.handle("POST /panitia/periode", roles(Committee), s.committeePeriodCreateSubmit)
	r.handle("GET /panitia/periode/{id}", roles(Committee), s.committeePeriodPage)
	r.handle("POST /panitia/periode/{id}", roles(Committee), s.committeePeriodSubmit)
	r.handle("POST /panitia/periode/{id}/perubahan", roles(Committee), s.committeePeriodAmendSubmit)
	r.handle("POST /panitia/periode/{id}/terbitkan", roles(Committee), s.committeePublishSubmit)
	r.handle("GET /panitia/periode/{id}/formasi", roles(Committee), s.committeeFormationNewPage)
	r.handle("POST /panitia/periode/{id}/formasi", roles(Committee), s.committeeFormationCreateSubmit)
	r.handle("POST /panitia/periode/{id}/formasi/impor", roles(Committee), s.committeeImportSubmit)
	r.handle("GET /panitia/formasi/{id}", roles(Committee), s.committeeFormationPage)
	r.handle("POST /panitia/formasi/{id}", roles(Committee), s.committeeFormationSubmit)
	r.handle("POST /panitia/formasi/{id}/perubahan", roles(Committee), s.committeeFormationAmendSubmit)
	r.handle("GET /panitia/periode/{id}/pelamar-sscasn", roles(Committee), s.committeeSSCASNPage)
	r.handle("POST /panitia/periode/{id}/pelamar-sscasn", roles(Committee), s.committeeSSCASNSubmit)
	r.handle("GET /panitia/periode/{id}/peringkat", roles(Committee, Auditor), s.rankingPage)
	r.handle("POST /panitia/periode/{id}/peringkat/nilai", roles(Committee), s.rankingTakeSubmit)
	r.handle("POST /panitia/periode/{id}/peringkat/umumkan", roles(Committee), s.rankingPublishSubmit)
	r.handle("POST /panitia/periode/{id}/peringkat/skb", roles(Committee), s.rankingSKBSubmit)
	r.handle("POST /panitia/periode/{id}/peringkat/asesmen", roles(Committee), s.rankingAssessSubmit)
	r.handle("POST /panitia/periode/{id}/peringkat/skema", roles(Committee), s.rankingOwnSubmit)

	// Assessments: the committee's instruments and moderation, the assessors' scoring.
	r.handle("GET /panitia/periode/{id}/asesmen", roles(Committee, Auditor), s.instrumentsPage)
	r.handle("POST /panitia/periode/{id}/asesmen", roles(Committee), s.instrumentCreateSubmit)
	r.handle("GET /panitia/asesmen/{id}", roles(Committee, Auditor), s.instrumentPage)
	r.handle("POST /panitia/asesmen/{id}/penugasan", roles(Committee), s.instrumentAssignSubmit)
	r.handle("POST /panitia/asesmen/{id}/moderasi", roles(Committee), s.instrumentModerateSubmit)
	r.handle("POST /panitia/asesmen/{id}/panel", roles(Committee), s.instrumentPanelSubmit)
	r.handle("POST /panitia/asesmen/{id}/panel/{panel}/hapus", roles(Committee), s.instrumentPanelDeleteSubmit)
	r.handle("POST /panitia/asesmen/{id}/tahap", roles(Committee), s.instrumentAfterSubmit)
	r.handle("GET /penilaian", roles(Assessor), s.scoringListPage)
	r.handle("GET /penilaian/{instrument}/{app}", roles(Assessor), s.scoringPage)
	r.handle("POST /penilaian/{instrument}/{app}", roles(Assessor), s.scoringSubmit)
	r.handle("POST /penilaian/{instrument}/{app}/konflik", roles(Assessor), s.scoringConflictSubmit)
	r.handle("POST /penilaian/instrumen/{instrument}/impor", roles(Assessor), s.scoringImportSubmit)
	r.handle("POST /penilaian/instrumen/{instrument}/konflik-nama", roles(Assessor), s.scoringConflictNameSubmit)
	r.handle("GET /panitia/asesmen/{id}/kode.csv", roles(Committee, Auditor), s.instrumentCodesPage)
	r.handle("GET /panitia/periode/{id}/nilai", roles(Committee), s.committeeScoresPage)
	r.handle("POST /panitia/periode/{id}/nilai", roles(Committee), s.committeeScoresSubmit) // CAT BKN's SKD/SKB results

	// The committee's question banks, items and blueprints (the CAT's content).
	r.handle("GET /panitia/bank", roles(Committee, Author), s.committeeBanksPage)
	r.handle("POST /panitia/bank", roles(Committee, Author), s.committeeBankCreateSubmit)
	r.handle("GET /panitia/bank/{id}", roles(Committee, Author), s.committeeBankPage)
	r.handle("GET /panitia/bank/{id}/statistik", roles(Committee, Author), s.committeeStatsPage)
	r.handle("POST /panitia/bank/{id}/soal", roles(Committee, Author), s.committeeItemCreateSubmit)
	r.handle("POST /panitia/bank/{id}/impor", roles(Committee, Author), s.committeeItemImportSubmit)
	r.handle("GET /panitia/soal/{id}", roles(Committee, Author), s.committeeItemPage)
	r.handle("POST /panitia/soal/{id}", roles(Committee, Author), s.committeeItemSubmit)
	r.handle("GET /panitia/cetak-biru", roles(Committee, Author), s.committeeBlueprintsPage)
	r.handle("POST /panitia/cetak-biru", roles(Committee, Author), s.committeeBlueprintCreateSubmit)
	r.handle("GET /api/v1/item-template", roles(Committee, Author), s.apiItemTemplate)

	// The committee's exam sessions: a period's written test, its participants and their extra time.
	r.handle("GET /panitia/ujian", roles(Committee, Auditor), s.committeeSessionsPage)
	r.handle("POST /panitia/ujian", roles(Committee), s.committeeSessionCreateSubmit)
	r.handle("GET /panitia/ujian/{id}", roles(Committee, Auditor), s.committeeSessionPage)
	r.handle("POST /panitia/ujian/{id}/peserta", roles(Committee), s.committeeSessionEnrolSubmit)
	r.handle("POST /panitia/ujian/{id}/peserta/{app}/waktu", roles(Committee), s.committeeExtraTimeSubmit)
	r.handle("GET /panitia/ujian/{id}/hasil.csv", roles(Committee, Auditor), s.committeeSessionResultsPage)

	// The organisation and its people: the admin keeps them, the leader and the auditor read; each employee
	// reads their own record, each supervisor their direct reports.
	r.handle("GET /organisasi", roles(Admin, Leader, Auditor), s.orgTreePage)
	r.handle("POST /organisasi", roles(Admin), s.orgUnitCreateSubmit)
	r.handle("GET /organisasi/{id}", roles(Admin, Leader, Auditor), s.orgUnitPage)
	r.handle("POST /organisasi/{id}", roles(Admin), s.orgUnitSubmit)
	r.handle("POST /organisasi/{id}/kepala", roles(Admin), s.orgHeadSubmit)
	r.handle("POST /organisasi/{id}/jabatan", roles(Admin), s.orgPositionSubmit)
	r.handle("GET /pegawai-baru", roles(Admin), s.employeeNewPage)
	r.handle("POST /pegawai", roles(Admin), s.employeeCreateSubmit)
	r.handle("GET /impor-pegawai", roles(Admin), s.employeeImportPage)
	r.handle("POST /impor-pegawai", roles(Admin), s.employeeImportSubmit)
	r.handle("GET /pegawai/{id}", roles(Admin, Leader, Auditor), s.employeePage)
	r.handle("POST /pegawai/{id}", roles(Admin), s.employeeSubmit)
	r.handle("POST /pegawai/{id}/atasan", roles(Admin), s.employeeSupervisorSubmit)
	r.handle("GET /data-saya", roles(Employee, Supervisor), s.myRecordPage)
	r.handle("GET /bawahan", roles(Supervisor), s.reportsPage)

	// After hiring: the admin onboards a period's placed candidates, records the NIP, the checklist, Latsar, the
	// probation's outcome and PPPK contracts; the committee (with the pact) records withdrawals and confirms
	// replacements; a supervisor assesses a CPNS report's probation.
	r.handle("GET /pengangkatan", roles(Admin, Committee, Leader, Auditor), s.intakesPage)
	r.handle("GET /pengangkatan/{id}", roles(Admin, Committee, Leader, Auditor), s.intakePage)
	r.handle("POST /pengangkatan/{id}/formasi", roles(Admin), s.intakeFormationSubmit)
	r.handle("GET /pengangkatan/{id}/peserta/{app}", roles(Admin, Committee, Leader, Auditor), s.candidatePage)
	r.handle("POST /pengangkatan/{id}/peserta/{app}", roles(Admin), s.candidateOnboardSubmit)
	r.handle("POST /pengangkatan/{id}/peserta/{app}/mundur", roles(Admin, Committee), s.candidateWithdrawSubmit)
	r.handle("POST /pengangkatan/{id}/peserta/{app}/pengganti", roles(Committee), s.candidateReplaceSubmit)
	r.handle("GET /pengingat", roles(Admin, Leader, Auditor), s.remindersPage)
	r.handle("POST /pegawai/{id}/nip", roles(Admin), s.employeeNumberSubmit)
	r.handle("POST /pegawai/{id}/periksa", roles(Admin), s.employeeTickSubmit)
	r.handle("POST /pegawai/{id}/latsar", roles(Admin), s.employeeLatsarSubmit)
	r.handle("POST /pegawai/{id}/percobaan", roles(Admin), s.employeeOutcomeSubmit)
	r.handle("POST /pegawai/{id}/kontrak", roles(Admin), s.employeeContractSubmit)
	r.handle("POST /pegawai/{id}/kontrak/{contract}", roles(Admin), s.employeeRenewalSubmit)
	r.handle("GET /bawahan/{id}/percobaan", roles(Supervisor), s.assessPage)
	r.handle("POST /bawahan/{id}/percobaan", roles(Supervisor), s.assessSubmit)
	r.handle("GET /api/v1/employees/me", anyUser, s.apiEmployeeMe)
	r.handle("GET /api/v1/employees/{id}", roles(Admin, Leader, Auditor, Supervisor, Employee), s.apiEmployee)
	r.handle("GET /api/v1/units", roles(Admin, Leader, Auditor), s.apiUnits)
	r.handle("POST /api/v1/employees/import", roles(Admin), s.apiEmployeesImport)
	r.handle("GET /api/v1/employee-template", roles(Admin), s.apiEmployeeTemplate)

	// Development hours (jam pelajaran): each employee their own JP and trainings elsewhere with evidence; the direct
	// supervisor decides those and reads the team's; the admin, the leader and the auditor read the compliance by unit.
	r.handle("GET /jam-pelajaran", roles(Employee, Supervisor), s.myDevelopmentPage)
	r.handle("POST /jam-pelajaran", roles(Employee, Supervisor), s.myDevelopmentSubmit)
	r.handle("GET /jam-pelajaran/bukti/{id}", roles(Employee, Supervisor), s.developmentEvidencePage)
	r.handle("GET /jam-pelajaran/tim", roles(Supervisor), s.developmentTeamPage)
	r.handle("POST /jam-pelajaran/tim/{id}", roles(Supervisor), s.developmentDecideSubmit)
	r.handle("GET /jam-pelajaran/kepatuhan", roles(Admin, Leader, Auditor), s.developmentDashboardPage)
	r.handle("GET /api/v1/employees/me/development", anyUser, s.apiDevelopmentMe)
	r.handle("GET /api/v1/employees/{id}/development", roles(Admin, Leader, Auditor, Supervisor, Employee), s.apiDevelopment)
	r.handle("POST /api/v1/employees/me/development/external", roles(Employee, Supervisor), s.apiDevelopmentExternal)
	r.handle("POST /api/v1/development/{id}/decision", roles(Supervisor), s.apiDevelopmentDecide)
	// The code of ethics and the forum (docs/CULTURE.md). Everyone who works here reads them; an employee (with an
	// employee record: the forum shows their real name) acknowledges the code and posts; the admin publishes versions
	// and moderates; a unit head or the admin records a unit's adoption of a solution; the leader and the auditor read
	// who has not acknowledged and the integrity pacts.
	r.handle("GET /etika", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.ethicsPage)
	r.handle("POST /etika", roles(Admin), s.ethicsPublishSubmit)
	r.handle("GET /etika/{id}", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.ethicsCodePage)
	r.handle("POST /etika/{id}/setuju", roles(Employee, Supervisor, Leader), s.ethicsAckSubmit)
	r.handle("GET /etika/unit", roles(Admin, Leader, Auditor), s.ethicsUnitsPage)
	r.handle("GET /etika/pakta", roles(Admin, Leader, Auditor), s.ethicsPactsPage)
	r.handle("GET /forum", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumPage)
	r.handle("GET /forum/topik/{slug}", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumTopicPage)
	r.handle("GET /forum/cari", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumSearchPage)
	r.handle("GET /forum/baru", roles(Employee, Supervisor, Leader), s.forumNewPage)
	r.handle("POST /forum/baru", roles(Employee, Supervisor, Leader), s.forumCreateSubmit)
	r.handle("GET /forum/threads/{id}", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumThreadPage)
	r.handle("POST /forum/threads/{id}/balas", roles(Employee, Supervisor, Leader), s.forumReplySubmit)
	r.handle("GET /forum/lampiran/{id}", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumFilePage)
	r.handle("POST /forum/posts/{id}/suara", roles(Employee, Supervisor, Leader), s.forumVoteSubmit)
	r.handle("POST /forum/posts/{id}/solusi", roles(Employee, Supervisor, Leader), s.forumSolutionSubmit)
	r.handle("POST /forum/posts/{id}/laporkan", roles(Employee, Supervisor, Leader), s.forumReportSubmit)
	r.handle("POST /forum/posts/{id}/adopsi", roles(Admin, Supervisor, Leader), s.forumAdoptSubmit)
	r.handle("GET /forum/inovasi", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.forumInnovationsPage)
	r.handle("GET /forum/moderasi", roles(Admin), s.forumModerationPage)
	r.handle("POST /forum/posts/{id}/sembunyikan", roles(Admin), s.forumHideSubmit)
	r.handle("POST /forum/posts/{id}/pulihkan", roles(Admin), s.forumRestoreSubmit)
	r.handle("POST /forum/posts/{id}/abaikan", roles(Admin), s.forumDismissSubmit)
	r.handle("POST /api/v1/forum/threads", roles(Employee, Supervisor, Leader), s.apiForumThreadCreate)
	r.handle("GET /api/v1/forum/threads/{id}", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.apiForumThread)
	r.handle("GET /api/v1/forum/search", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.apiForumSearch)
	r.handle("GET /api/v1/ethics", roles(Employee, Supervisor, Leader, Trainer, Admin, Auditor), s.apiEthics)
	r.handle("POST /api/v1/ethics/{id}/acknowledgement", roles(Employee, Supervisor, Leader), s.apiEthicsAcknowledge)

	// JSON API.
	r.handle("POST /api/v1/auth/token", public, s.apiTokenCreate)
	r.handle("DELETE /api/v1/auth/token", anyUser, s.apiTokenRevoke)
	r.handle("GET /api/v1/me", anyUser, s.apiMe)
	r.handle("POST /api/v1/me/email-confirmation", anyUser, s.apiEmailResend)
	r.handle("POST /api/v1/auth/email-confirmation", public, s.apiEmailConfirm)
	r.handle("POST /api/v1/auth/password-reset", public, s.apiPasswordResetRequest)
	r.handle("POST /api/v1/auth/password-reset/confirm", public, s.apiPasswordReset)
	r.handle("GET /api/v1/notifications", anyUser, s.apiNotifications)
	r.handle("POST /api/v1/practice/attempts", roles(Applicant), s.apiPracticeStart)
	r.handle("POST /api/v1/exam-sessions/{id}/attempts", roles(Applicant), s.apiSessionStart)
	r.handle("GET /api/v1/attempts/{id}", roles(Applicant), s.apiAttempt)
	r.handle("PUT /api/v1/attempts/{id}/answers/{no}", roles(Applicant), s.apiAttemptAnswer)
	r.handle("POST /api/v1/attempts/{id}/finish", roles(Applicant), s.apiAttemptFinish)
	r.handle("POST /api/v1/notifications/read-all", anyUser, s.apiNotificationsReadAll)
	r.handle("POST /api/v1/notifications/{id}/read", anyUser, s.apiNotificationRead)
	r.handle("GET /api/v1/applicants", roles(Committee), s.apiApplicantFind)
	r.handle("PUT /api/v1/applicants/{id}/email", roles(Committee), s.apiApplicantEmail)
	r.handle("GET /api/v1/users", roles(Admin, Auditor), s.apiUsers)
	r.handle("GET /api/v1/periods", public, s.apiPeriods)
	r.handle("POST /api/v1/periods", roles(Committee), s.apiPeriodCreate)
	r.handle("GET /api/v1/periods/{id}", public, s.apiPeriod)
	r.handle("POST /api/v1/periods/{id}/publish", roles(Committee), s.apiPeriodPublish)
	r.handle("GET /api/v1/periods/{id}/formations", public, s.apiFormations)
	r.handle("POST /api/v1/periods/{id}/formations", roles(Committee), s.apiFormationCreate)
	r.handle("GET /api/v1/periods/{id}/amendments", public, s.apiAmendments)
	r.handle("POST /api/v1/periods/{id}/amendments", roles(Committee), s.apiAmendmentCreate)
	r.handle("GET /api/v1/periods/{id}/formations/export", public, s.apiFormationsExport)
	r.handle("POST /api/v1/periods/{id}/formations/import", roles(Committee), s.apiFormationsImport)
	r.handle("POST /api/v1/periods/{id}/applicants/import", roles(Committee), s.apiApplicantsImport) // SSCASN export of a national round
	r.handle("GET /api/v1/applicant-template", public, s.apiApplicantTemplate)
	r.handle("POST /api/v1/periods/{id}/scores/import", roles(Committee), s.apiScoresImport) // CAT BKN's SKD/SKB results
	r.handle("GET /api/v1/score-template", public, s.apiScoreTemplate)
	r.handle("GET /api/v1/formation-template", public, s.apiFormationTemplate)
	r.handle("GET /api/v1/formations/{id}", public, s.apiFormation)
	r.handle("PUT /api/v1/education", roles(Committee), s.apiEducationUpsert)
	r.handle("POST /api/v1/applicants", public, s.apiApplicantRegister)
	r.handle("POST /api/v1/applications", roles(Applicant), s.apiApplicationCreate)
	r.handle("GET /api/v1/me/applications", roles(Applicant), s.apiMyApplications)
	// Its owner, the committee, its verifier (with the pact) and the auditor; with the decisions.
	r.handle("GET /api/v1/applications/{id}", roles(Applicant, Committee, Verifier, Auditor), s.apiApplicationWithDecisions)
	r.handle("DELETE /api/v1/applications/{id}", roles(Applicant), s.apiApplicationWithdraw)
	r.handle("PUT /api/v1/applications/{id}/documents/{kind}", roles(Applicant), s.apiDocumentPut)
	r.handle("POST /api/v1/applications/{id}/submit", roles(Applicant), s.apiApplicationSubmit)
	r.handle("GET /api/v1/applications/{id}/card.pdf", roles(Applicant), s.apiApplicationCard)
	r.handle("GET /api/v1/transparency/checkpoint", public, s.apiCheckpoint)
	r.handle("GET /api/v1/transparency/checkpoints", public, s.apiCheckpoints)
	r.handle("GET /api/v1/transparency/events", public, s.apiAuditExport)

	// Verification, integrity pacts, appeals and announcements.
	r.handle("GET /verifikasi", roles(Committee, Verifier, Assessor, Auditor), s.verifyHomePage)
	r.handle("POST /verifikasi/periode/{id}/pakta", roles(Committee, Verifier, Assessor), s.pactSignSubmit)
	r.handle("POST /verifikasi/periode/{id}/konflik", roles(Committee, Verifier, Assessor), s.conflictSubmit)
	r.handle("GET /verifikasi/periode/{id}", roles(Committee, Verifier, Auditor), s.verifyPeriodPage)
	r.handle("GET /verifikasi/periode/{id}/integritas", roles(Committee, Auditor), s.integrityPage)
	r.handle("POST /verifikasi/periode/{id}/umumkan", roles(Committee), s.announceSubmit)
	r.handle("POST /verifikasi/periode/{id}/verifikator", roles(Committee), s.batchAssignSubmit)
	r.handle("GET /verifikasi/lamaran/{id}", roles(Verifier, Committee, Auditor), s.verifyAppPage)
	r.handle("POST /verifikasi/lamaran/{id}/putusan", roles(Verifier), s.decideSubmit)
	r.handle("POST /verifikasi/lamaran/{id}/konfirmasi", roles(Committee), s.confirmSubmit)
	r.handle("POST /verifikasi/lamaran/{id}/buka", roles(Committee), s.reopenSubmit)
	r.handle("POST /verifikasi/lamaran/{id}/verifikator", roles(Committee), s.assignSubmit)
	r.handle("POST /sanggah/{id}/putusan", roles(Committee), s.appealDecideSubmit)
	r.handle("GET /lamaran/{id}/hasil", roles(Applicant), s.outcomePage)
	r.handle("POST /lamaran/{id}/sanggah", roles(Applicant), s.appealFileSubmit)
	r.handle("GET /periods/{id}/results", public, s.resultsPage)
	r.handle("GET /periods/{id}/statistics", public, s.statisticsPage)
	r.handle("GET /api/v1/periods/{id}/pact", roles(Committee, Verifier, Assessor), s.apiPactGet)
	r.handle("POST /api/v1/periods/{id}/pact", roles(Committee, Verifier, Assessor), s.apiPactSign)
	r.handle("POST /api/v1/periods/{id}/conflicts", roles(Committee, Verifier, Assessor), s.apiConflictDeclare)
	r.handle("GET /api/v1/periods/{id}/integrity", roles(Committee, Auditor), s.apiIntegrity)
	r.handle("GET /api/v1/periods/{id}/verification/queue", roles(Verifier, Committee, Auditor), s.apiQueue)
	r.handle("GET /api/v1/periods/{id}/verification/progress", roles(Committee, Auditor), s.apiProgress)
	r.handle("GET /api/v1/applications/{id}/verification", roles(Verifier, Committee, Auditor), s.apiVerificationView)
	r.handle("POST /api/v1/applications/{id}/verification", roles(Verifier), s.apiDecide)
	r.handle("POST /api/v1/applications/{id}/verification/reopen", roles(Committee), s.apiReopen)
	r.handle("POST /api/v1/applications/{id}/verification/confirm", roles(Committee), s.apiConfirm)
	r.handle("POST /api/v1/applications/{id}/verification/assign", roles(Committee), s.apiAssign)
	r.handle("GET /api/v1/applications/{id}/documents/{kind}", roles(Applicant, Verifier, Committee, Auditor), s.apiDocumentGet)
	r.handle("POST /api/v1/applications/{id}/appeal", roles(Applicant), s.apiAppealFile)
	r.handle("GET /api/v1/periods/{id}/appeals", roles(Committee, Auditor), s.apiAppeals)
	r.handle("POST /api/v1/appeals/{id}/decision", roles(Committee), s.apiAppealDecide)
	r.handle("POST /api/v1/periods/{id}/announcements", roles(Committee), s.apiAnnounce)
	r.handle("GET /api/v1/periods/{id}/announcements", public, s.apiAnnouncements)
	r.handle("GET /api/v1/periods/{id}/results", public, s.apiResults)
	r.handle("GET /api/v1/periods/{id}/statistics", public, s.apiStatistics)

	// Old addresses of the public period pages, printed on the announcements
	// already published (PDF): permanent redirects, query string kept.
	r.handle("GET /periods/{id}/hasil", public, moved("/periods/{id}/results"))
	r.handle("GET /periods/{id}/statistik", public, moved("/periods/{id}/statistics"))
}
