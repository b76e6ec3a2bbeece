package workforce

import (
	"fmt"
	"time"
)

// SamplePeople returns n made-up employees, the same every time: each with
// a NIK of Kota Palangka Raya (6271) and a NIP (PNS, four in five) or NI
// PPPK that agree with the birth date and gender, a grade of the kind, and
// status aktif (cpns for a PNS appointed in the last year before 2026).
// Unit, position, supervisor and account are left for the caller. For the
// demo, the tests and the benchmarks.
func SamplePeople(n int) []NewEmployee {
	first := []string{"Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kurnia", "Lestari", "Made",
		"Nur", "Okta", "Putri", "Rahmat", "Sari", "Teguh", "Utami", "Wahyu", "Yohana"}
	last := []string{"Saputra", "Lestari", "Pratama", "Wulandari", "Hidayat", "Kusuma", "Nugroho", "Rahayu", "Siregar", "Simanjuntak",
		"Tambunan", "Hutapea", "Ngabe", "Tingang", "Dahlan", "Anggraini"}
	pns := []string{"II/a", "II/b", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"}
	pppk := []string{"V", "VII", "IX", "X", "XI"}
	nik, number := map[string]bool{}, map[string]bool{}
	out := make([]NewEmployee, 0, n)
	base := time.Date(1968, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		birth := base.AddDate(0, 0, (i*373)%(30*365))
		female := (i/3)%2 == 1
		g, day := 1, birth.Day()
		if female {
			g, day = 2, day+40
		}
		e := NewEmployee{Kind: KindPNS, Name: first[i%len(first)] + " " + last[(i*7+i/len(first))%len(last)],
			BirthDate: birth.Format(time.DateOnly),
			Gender:    "M", Status: StatusActive}
		if female {
			e.Gender = "F"
		}
		for s := i % 9999; ; s = (s + 1) % 9999 {
			k := fmt.Sprintf("6271%02d%02d%02d%02d%04d", 1+i%5, day, int(birth.Month()), birth.Year()%100, s+1)
			if !nik[k] {
				nik[k], e.NIK = true, k
				break
			}
		}
		tmt := birth.AddDate(23+i%7, 0, 0)
		if tmt.Year() > 2025 {
			tmt = time.Date(2025, tmt.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		tmt = time.Date(tmt.Year(), tmt.Month(), 1, 0, 0, 0, 0, time.UTC)
		e.TMT = tmt.Format(time.DateOnly)
		for s := i % 999; ; s = (s + 1) % 999 {
			k := fmt.Sprintf("%s%04d%02d%d%03d", birth.Format("20060102"), tmt.Year(), int(tmt.Month()), g, s+1)
			if !number[k] {
				number[k] = true
				if i%5 == 4 {
					e.Kind, e.NIPPPK, e.Grade = KindPPPK, k, pppk[i%len(pppk)]
				} else {
					e.NIP, e.Grade = k, pns[i%len(pns)]
					if tmt.Year() >= 2025 {
						e.Status = StatusCPNS
					}
				}
				break
			}
		}
		out = append(out, e)
	}
	return out
}
