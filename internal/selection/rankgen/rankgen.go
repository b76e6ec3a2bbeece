// Package rankgen generates large, realistic inputs for `asnpro rank`
// (cmd/asnrankgen and the benchmarks use it): national-scale formations that
// share positions and educations, so optimalisasi happens; skewed demand
// across formations; mostly umum applicants; SKD scores drawn from a latent
// ability with the item structure of the CAT (TWK and TIU in steps of 5, TKP
// any whole number); absentees at both stages; SKB scores with 3 decimals
// only for those who actually qualified for SKB, as a real export has them.
//
// The output is a deterministic function of the options (same seed, same
// bytes).
package rankgen

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"asnpro/internal/report/csvsafe"
	"asnpro/internal/selection"
)

// Options control the generated file.
type Options struct {
	Applicants int     // rows
	Formations int     // formations to draw applicants into (those that draw nobody do not appear)
	Seed       uint64  // same seed, same file
	AbsentSKD  float64 // share absent at SKD
	AbsentSKB  float64 // share of those who qualified for SKB who are absent at it
}

// DefaultOptions returns the options of `asnrankgen` without flags: 6% absent
// at SKD and 4% of the qualifiers absent at SKB.
func DefaultOptions(applicants, formations int, seed uint64) Options {
	return Options{Applicants: applicants, Formations: formations, Seed: seed, AbsentSKD: 0.06, AbsentSKB: 0.04}
}

// positions are civil-service positions with the educations each accepts;
// every (position, education) pair is shared by many formations.
var positions = []struct {
	title string
	edus  []string
}{
	{"Guru Ahli Pertama - Guru Kelas", []string{"S-1 Pendidikan Guru Sekolah Dasar"}},
	{"Guru Ahli Pertama - Guru Matematika", []string{"S-1 Pendidikan Matematika", "S-1 Matematika"}},
	{"Guru Ahli Pertama - Guru Bahasa Indonesia", []string{"S-1 Pendidikan Bahasa dan Sastra Indonesia"}},
	{"Guru Ahli Pertama - Guru PJOK", []string{"S-1 Pendidikan Jasmani, Kesehatan dan Rekreasi"}},
	{"Dokter Ahli Pertama", []string{"Profesi Dokter"}},
	{"Dokter Gigi Ahli Pertama", []string{"Profesi Dokter Gigi"}},
	{"Perawat Ahli Pertama", []string{"Profesi Ners"}},
	{"Perawat Terampil", []string{"D-3 Keperawatan"}},
	{"Bidan Terampil", []string{"D-3 Kebidanan"}},
	{"Apoteker Ahli Pertama", []string{"Profesi Apoteker"}},
	{"Pranata Laboratorium Kesehatan Terampil", []string{"D-3 Analis Kesehatan", "D-3 Teknologi Laboratorium Medis"}},
	{"Nutrisionis Terampil", []string{"D-3 Gizi"}},
	{"Sanitarian Terampil", []string{"D-3 Kesehatan Lingkungan"}},
	{"Radiografer Terampil", []string{"D-3 Radiologi"}},
	{"Perekam Medis Terampil", []string{"D-3 Rekam Medis dan Informasi Kesehatan"}},
	{"Administrator Kesehatan Ahli Pertama", []string{"S-1 Kesehatan Masyarakat", "S-1 Administrasi Rumah Sakit"}},
	{"Epidemiolog Kesehatan Ahli Pertama", []string{"S-1 Kesehatan Masyarakat"}},
	{"Pranata Komputer Ahli Pertama", []string{"S-1 Teknik Informatika", "S-1 Sistem Informasi", "S-1 Ilmu Komputer"}},
	{"Pranata Komputer Terampil", []string{"D-3 Teknik Informatika", "D-3 Manajemen Informatika"}},
	{"Analis Kebijakan Ahli Pertama", []string{"S-1 Ilmu Administrasi Negara", "S-1 Ilmu Pemerintahan", "S-1 Ilmu Hukum"}},
	{"Auditor Ahli Pertama", []string{"S-1 Akuntansi"}},
	{"Analis Keuangan Pusat dan Daerah Ahli Pertama", []string{"S-1 Akuntansi", "S-1 Manajemen", "S-1 Ekonomi Pembangunan"}},
	{"Pranata Keuangan APBN Terampil", []string{"D-3 Akuntansi"}},
	{"Penyuluh Pertanian Ahli Pertama", []string{"S-1 Agroteknologi", "S-1 Agribisnis"}},
	{"Teknik Tata Bangunan dan Perumahan Ahli Pertama", []string{"S-1 Teknik Sipil", "S-1 Arsitektur"}},
	{"Teknik Jalan dan Jembatan Ahli Pertama", []string{"S-1 Teknik Sipil"}},
	{"Perencana Ahli Pertama", []string{"S-1 Perencanaan Wilayah dan Kota", "S-1 Ekonomi Pembangunan"}},
	{"Statistisi Ahli Pertama", []string{"S-1 Statistika"}},
	{"Arsiparis Terampil", []string{"D-3 Kearsipan"}},
	{"Pustakawan Ahli Pertama", []string{"S-1 Ilmu Perpustakaan"}},
	{"Pengelola Pengadaan Barang/Jasa Ahli Pertama", []string{"S-1 Manajemen", "S-1 Teknik Industri"}},
	{"Pranata Hubungan Masyarakat Ahli Pertama", []string{"S-1 Ilmu Komunikasi"}},
	{"Pengawas Lingkungan Hidup Ahli Pertama", []string{"S-1 Teknik Lingkungan", "S-1 Ilmu Lingkungan"}},
	{"Psikolog Klinis Ahli Pertama", []string{"Profesi Psikolog"}},
	{"Pemadam Kebakaran Pemula", []string{"SMA/SMK Sederajat"}},
	{"Polisi Pamong Praja Pemula", []string{"SMA/SMK Sederajat"}},
}

type pair struct{ position, education string }

func allPairs() []pair {
	var ps []pair
	for _, p := range positions {
		for _, e := range p.edus {
			ps = append(ps, pair{p.title, e})
		}
	}
	return ps
}

// Generate returns the formations and applicants of a generated input, in
// input order, with SKB filled in only for those who qualified.
func Generate(o Options) ([]selection.Formation, []selection.Applicant, error) {
	if o.Applicants < 0 || o.Formations < 1 || o.AbsentSKD < 0 || o.AbsentSKD > 1 || o.AbsentSKB < 0 || o.AbsentSKB > 1 {
		return nil, nil, errors.New("rankgen: need applicants ≥ 0, formations ≥ 1 and shares in 0..1")
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	pairs := allPairs()
	forms := make([]selection.Formation, o.Formations)
	cum := make([]float64, o.Formations) // cumulative demand, for drawing a formation per applicant
	total := 0.0
	for f := range forms {
		p := pairs[rng.IntN(len(pairs))]
		forms[f] = selection.Formation{ID: fmt.Sprintf("F%06d", f+1), Quota: drawQuota(rng), Position: p.position, Education: p.education}
		// Demand is skewed: a few formations draw hundreds, many draw a handful.
		total += math.Exp(rng.NormFloat64()) * math.Sqrt(float64(forms[f].Quota))
		cum[f] = total
	}
	s := selection.CPNS2024()
	apps := make([]selection.Applicant, o.Applicants)
	ability := make([]float64, o.Applicants)
	used := make([]bool, o.Formations)
	start := time.Date(1989, 8, 2, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2006, 8, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	for i := range apps {
		f := sort.SearchFloat64s(cum, rng.Float64()*total)
		if f >= o.Formations {
			f = o.Formations - 1
		}
		used[f] = true
		a := &apps[i]
		a.ID = fmt.Sprintf("2400%012d", i+1)
		a.FormationID = forms[f].ID
		a.Category = drawCategory(rng)
		theta := rng.NormFloat64()
		ability[i] = theta
		if rng.Float64() >= o.AbsentSKD {
			a.PresentSKD = true
			a.TWK = 5 * drawCorrect(rng, 30, 0.55+0.15*theta+0.05*rng.NormFloat64())
			a.TIU = 5 * drawCorrect(rng, 35, 0.50+0.16*theta+0.05*rng.NormFloat64())
			mu := clamp(3.62+0.2*theta+0.1*rng.NormFloat64(), 1, 5)
			a.TKP = int(clamp(math.Round(45*mu+4*rng.NormFloat64()), 0, 225))
		}
		if isSchool(forms[f].Education) {
			a.IPK = selection.Decimal(10 * int64(math.Round(100*clamp(82+4*theta+3*rng.NormFloat64(), 60, 100))))
		} else {
			a.IPK = selection.Decimal(10 * int64(math.Round(100*clamp(3.35+0.2*theta+0.2*rng.NormFloat64(), 2.5, 4)))) // 2 decimals
		}
		d := start.AddDate(0, 0, rng.IntN(days+1))
		a.BirthDate = selection.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}
	}
	// Only formations that drew applicants appear in a file; keep them in
	// the order of their first applicant so the Go ranking matches the file's.
	var kept []selection.Formation
	seen := make(map[string]bool)
	byID := make(map[string]selection.Formation, len(forms))
	for f := range forms {
		if used[f] {
			byID[forms[f].ID] = forms[f]
		}
	}
	for i := range apps {
		if id := apps[i].FormationID; !seen[id] {
			seen[id] = true
			kept = append(kept, byID[id])
		}
	}
	// Who sat SKB depends on the SKD ranking: rank once without SKB.
	rk, err := s.Rank(kept, apps)
	if err != nil {
		return nil, nil, fmt.Errorf("rankgen: %w", err)
	}
	for i := range apps {
		if rk.Outcome(i).SKDCode != selection.ResultPL || rng.Float64() < o.AbsentSKB {
			continue
		}
		apps[i].PresentSKB = true
		apps[i].SKB = selection.Decimal(math.Round(1000 * clamp(62+11*ability[i]+9*rng.NormFloat64(), 0, 100)))
	}
	return kept, apps, nil
}

// Write generates an input and writes it as CSV in the `asnpro rank` format.
func Write(w io.Writer, o Options) error {
	forms, apps, err := Generate(o)
	if err != nil {
		return err
	}
	return WriteCSV(w, forms, apps)
}

// WriteCSV writes applicants in the `asnpro rank` input format.
func WriteCSV(w io.Writer, forms []selection.Formation, apps []selection.Applicant) error {
	byID := make(map[string]*selection.Formation, len(forms))
	for i := range forms {
		byID[forms[i].ID] = &forms[i]
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := csv.NewWriter(bw)
	if _, err := bw.WriteString(selection.InputHeader + "\n"); err != nil {
		return err
	}
	rec := make([]string, 14)
	bit := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	for i := range apps {
		a := &apps[i]
		f := byID[a.FormationID]
		// Text cells as every CSV asnpro writes them (csvsafe); the
		// generated names never need the apostrophe, so this costs a check.
		rec[0], rec[1], rec[2], rec[3], rec[4] = csvsafe.Cell(
			a.ID,
		), csvsafe.Cell(
			f.ID,
		), strconv.Itoa(
			f.Quota,
		), csvsafe.Cell(
			f.Position,
		), csvsafe.Cell(
			f.Education,
		)
		rec[5], rec[6] = a.Category.String(), bit(a.PresentSKD)
		rec[7], rec[8], rec[9] = strconv.Itoa(a.TWK), strconv.Itoa(a.TIU), strconv.Itoa(a.TKP)
		rec[10], rec[11] = bit(a.PresentSKB), ""
		if a.PresentSKB {
			rec[11] = a.SKB.String()
		}
		rec[12], rec[13] = twoDecimals(a.IPK), a.BirthDate.String()
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// twoDecimals writes an IPK or school average as transcripts do: 3.50, 82.25.
func twoDecimals(d selection.Decimal) string {
	v := int64(d) / 10
	return fmt.Sprintf("%d.%02d", v/100, v%100)
}

func isSchool(edu string) bool { return len(edu) >= 3 && edu[:3] == "SMA" }

func drawQuota(rng *rand.Rand) int {
	switch x := rng.Float64(); {
	case x < 0.55:
		return 1
	case x < 0.75:
		return 2
	case x < 0.85:
		return 3
	case x < 0.93:
		return 4 + rng.IntN(2)
	case x < 0.98:
		return 6 + rng.IntN(5)
	default:
		return 11 + rng.IntN(20)
	}
}

func drawCategory(rng *rand.Rand) selection.Category {
	switch x := rng.Float64(); {
	case x < 0.955:
		return selection.Umum
	case x < 0.975:
		return selection.Cumlaude
	case x < 0.980:
		return selection.Diaspora
	case x < 0.987:
		return selection.Disabilitas
	case x < 0.990:
		return selection.Papua
	default:
		return selection.Tertinggal
	}
}

// drawCorrect draws the number of right answers out of n items for a taker
// who gets each right with probability p (normal approximation of the
// binomial, clamped).
func drawCorrect(rng *rand.Rand, n int, p float64) int {
	p = clamp(p, 0.02, 0.98)
	k := math.Round(float64(n)*p + rng.NormFloat64()*math.Sqrt(float64(n)*p*(1-p)))
	return int(clamp(k, 0, float64(n)))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
