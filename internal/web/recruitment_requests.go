package web

import (
	"encoding/json"
	"time"

	"asnpro/internal/recruitment"
)

// The JSON bodies of recruitment's requests (API.md), and what each
// becomes in the domain. The domain's own types carry no request tags; the
// tags left there (education, document rules, amendment changes, TMS
// reasons) are how those values are stored in JSON columns and audit data.

type timelineIn struct {
	AnnounceAt      time.Time  `json:"announce_at"`
	RegOpenAt       time.Time  `json:"registration_open_at"`
	RegCloseAt      time.Time  `json:"registration_close_at"`
	AdminAnnounceAt time.Time  `json:"administration_announce_at"`
	AppealDays      int        `json:"appeal_days"`
	SKDAt           *time.Time `json:"skd_at,omitempty"`
	SKBAt           *time.Time `json:"skb_at,omitempty"`
	FinalAt         *time.Time `json:"final_at,omitempty"`
}

// newPeriodIn: POST /api/v1/periods.
type newPeriodIn struct {
	Name          string     `json:"name"`
	Agency        string     `json:"agency"`
	Kind          string     `json:"kind"`
	TimeZone      string     `json:"time_zone"`
	ReferenceDate string     `json:"reference_date"`
	Timeline      timelineIn `json:"timeline"`
}

func (in newPeriodIn) domain() recruitment.NewPeriod {
	t := in.Timeline
	return recruitment.NewPeriod{Name: in.Name, Agency: in.Agency, Kind: in.Kind, TimeZone: in.TimeZone, ReferenceDate: in.ReferenceDate,
		Timeline: recruitment.Timeline{
			AnnounceAt:      t.AnnounceAt,
			RegOpenAt:       t.RegOpenAt,
			RegCloseAt:      t.RegCloseAt,
			AdminAnnounceAt: t.AdminAnnounceAt,
			AppealDays:      t.AppealDays,
			SKDAt:           t.SKDAt,
			SKBAt:           t.SKBAt,
			FinalAt:         t.FinalAt,
		}}
}

// newFormationIn: POST /api/v1/periods/{id}/formations.
type newFormationIn struct {
	Code           string `json:"code"`
	Position       string `json:"position"`
	Unit           string `json:"unit"`
	EmploymentType string `json:"employment_type"`
	Quota          int    `json:"quota"`
	Category       string `json:"category"`
	Education      struct {
		Levels []string `json:"levels"`
		Majors []string `json:"majors"` // codes from the reference list
	} `json:"education"`
	MinIPK    *float64                   `json:"min_ipk"`
	AgeMin    int                        `json:"age_min"`
	AgeMax    int                        `json:"age_max"`
	Documents []recruitment.DocumentRule `json:"documents"` // empty: the SSCASN presets
}

func (in newFormationIn) domain() recruitment.NewFormation {
	n := recruitment.NewFormation{Code: in.Code, Position: in.Position, Unit: in.Unit, EmploymentType: in.EmploymentType, Quota: in.Quota,
		Category: in.Category, MinIPK: in.MinIPK, AgeMin: in.AgeMin, AgeMax: in.AgeMax, Documents: in.Documents}
	n.Education.Levels, n.Education.Majors = in.Education.Levels, in.Education.Majors
	return n
}

// educationRefIn: an entry of PUT /api/v1/education.
type educationRefIn struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

// newApplicantIn: POST /api/v1/applicants.
type newApplicantIn struct {
	NIK        string `json:"nik"`
	Name       string `json:"name"`
	BirthPlace string `json:"birth_place"`
	BirthDate  string `json:"birth_date"`
	Gender     string `json:"gender"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	Password   string `json:"password"`
}

func (in newApplicantIn) domain() recruitment.NewApplicant {
	return recruitment.NewApplicant{NIK: in.NIK, Name: in.Name, BirthPlace: in.BirthPlace, BirthDate: in.BirthDate, Gender: in.Gender,
		Email: in.Email, Phone: in.Phone, Password: in.Password}
}

// newApplicationIn: POST /api/v1/applications.
type newApplicationIn struct {
	FormationID string `json:"formation_id"`
	Education   struct {
		Level string   `json:"level"`
		Major string   `json:"major"`
		IPK   *float64 `json:"ipk"`
	} `json:"education"`
	Attributes map[string]string `json:"attributes"`
}

func (in newApplicationIn) domain() recruitment.NewApplication {
	return recruitment.NewApplication{FormationID: in.FormationID, Attributes: in.Attributes,
		Education: recruitment.Education{Level: in.Education.Level, Major: in.Education.Major, IPK: in.Education.IPK}}
}

// newAmendmentIn: POST /api/v1/periods/{id}/amendments.
type newAmendmentIn struct {
	FormationID string                     `json:"formation_id"` // empty: the period's timeline
	Note        string                     `json:"note"`
	Changes     map[string]json.RawMessage `json:"changes"`
}

func (in newAmendmentIn) domain() recruitment.NewAmendment {
	return recruitment.NewAmendment{FormationID: in.FormationID, Note: in.Note, Changes: in.Changes}
}
