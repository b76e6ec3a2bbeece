package exam

import (
	"context"
	"fmt"
	"strconv"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Demo data: a practice bank whose items are generated here from templates
// (civics facts, number series, percentages, syllogisms, speeds, and
// workplace situations), enough for a full SKD paper, with the SKD 2024
// blueprint and a short practice blueprint.

// PracticeBlueprint is the demo's short practice: 5 items of each sub-test
// in 15 minutes, without a passing grade.
func PracticeBlueprint() Blueprint {
	return Blueprint{Name: "Simulasi SKD singkat", Parts: []Part{{TWK, 5}, {TIU, 5}, {TKP, 5}}, Minutes: 15}
}

// SeedDemo stores, in tx, the demo practice bank with its items, the SKD
// 2024 and practice blueprints, and makes them the practice (simulasi).
func (s *Service) SeedDemo(ctx context.Context, tx *sqldb.Tx) error {
	var bankID int64
	now := sqldb.Now(s.now())
	err := tx.QueryRowContext(ctx, `INSERT INTO exam_banks (name, purpose, created_at) VALUES ($1, $2, $3) RETURNING id`,
		"Bank latihan SKD", PurposePractice, now).Scan(&bankID)
	if err != nil {
		return sqldb.Translate(err, "insert bank")
	}
	if err := s.record(ctx, tx, audit.Event{Action: "exam.bank.create", ObjectType: "exam_bank", ObjectID: strconv.FormatInt(bankID, 10),
		Data: map[string]any{"name": "Bank latihan SKD", "purpose": PurposePractice}}); err != nil {
		return err
	}
	for _, in := range DemoItems() {
		if err := in.Validate(); err != nil {
			return fmt.Errorf("demo item %q: %w", in.Stem, err)
		}
		it, err := s.insertItem(ctx, tx, bankID, in)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, itemEvent("exam.item.create", it, nil)); err != nil {
			return err
		}
	}
	var practiceID int64
	for _, b := range []Blueprint{SKD2024(), PracticeBlueprint()} {
		if err := b.Validate(); err != nil {
			return err
		}
		id, err := s.insertBlueprint(ctx, tx, &b)
		if err != nil {
			return err
		}
		practiceID = id
	}
	return s.setPractice(ctx, tx, bankID, practiceID)
}

// DemoItems are the demo bank's items: 32 TWK, 36 TIU and 45 TKP.
func DemoItems() []ItemInput {
	var out []ItemInput
	out = append(out, demoTWK()...)
	out = append(out, demoTIU()...)
	return append(out, demoTKP()...)
}

// keyed makes a keyed item whose right answer is the option at position
// key (the others are the distractors in order).
func keyedItem(sub, stem, right string, wrong [4]string, key int) ItemInput {
	in := ItemInput{Subtest: sub, Stem: stem, Key: Labels[key]}
	w := 0
	for i := range in.Options {
		if i == key {
			in.Options[i] = right
			continue
		}
		in.Options[i] = wrong[w]
		w++
	}
	return in
}

var sila = [5]string{
	"Ketuhanan Yang Maha Esa",
	"Kemanusiaan yang adil dan beradab",
	"Persatuan Indonesia",
	"Kerakyatan yang dipimpin oleh hikmat kebijaksanaan dalam permusyawaratan/perwakilan",
	"Keadilan sosial bagi seluruh rakyat Indonesia",
}

var silaSymbol = [5]string{"Bintang", "Rantai", "Pohon beringin", "Kepala banteng", "Padi dan kapas"}

// others returns the four entries of xs other than xs[i], in order.
func others(xs [5]string, i int) [4]string {
	var out [4]string
	k := 0
	for j, x := range xs {
		if j != i {
			out[k] = x
			k++
		}
	}
	return out
}

type fact struct {
	stem, right string
	wrong       [4]string
}

var civicsFacts = []fact{
	{"Proklamasi kemerdekaan Indonesia dibacakan pada tanggal …", "17 Agustus 1945",
		[4]string{"18 Agustus 1945", "1 Juni 1945", "28 Oktober 1928", "20 Mei 1908"}},
	{"Undang-Undang Dasar 1945 disahkan oleh PPKI pada tanggal …", "18 Agustus 1945",
		[4]string{"17 Agustus 1945", "1 Juni 1945", "22 Juni 1945", "29 Mei 1945"}},
	{"Hari Lahir Pancasila diperingati setiap tanggal …", "1 Juni",
		[4]string{"17 Agustus", "1 Oktober", "28 Oktober", "10 November"}},
	{"Sumpah Pemuda diikrarkan pada tanggal …", "28 Oktober 1928",
		[4]string{"20 Mei 1908", "17 Agustus 1945", "1 Juni 1945", "10 November 1945"}},
	{"Menurut Pasal 1 ayat (1) UUD 1945, Negara Indonesia ialah Negara Kesatuan yang berbentuk …", "Republik",
		[4]string{"Kerajaan", "Federasi", "Serikat", "Persemakmuran"}},
	{"Menurut Pasal 1 ayat (3) UUD 1945, Negara Indonesia adalah negara …", "hukum",
		[4]string{"kekuasaan", "kerajaan", "federal", "agama"}},
	{"Menurut Pasal 1 ayat (2) UUD 1945, kedaulatan berada di tangan …", "rakyat",
		[4]string{"presiden", "MPR", "DPR", "pemerintah daerah"}},
	{"Semboyan Bhinneka Tunggal Ika berasal dari kitab Sutasoma karya …", "Mpu Tantular",
		[4]string{"Mpu Prapanca", "Mpu Sedah", "Mpu Kanwa", "Mpu Panuluh"}},
	{"Menurut Pasal 7 UUD 1945, presiden dan wakil presiden memegang jabatan selama … tahun.", "lima",
		[4]string{"empat", "enam", "tujuh", "sepuluh"}},
	{"Menurut Pasal 2 ayat (1) UUD 1945, MPR terdiri atas anggota DPR dan anggota …", "DPD",
		[4]string{"DPRD", "BPK", "MA", "MK"}},
	{"Lambang negara Indonesia ialah …", "Garuda Pancasila",
		[4]string{"Bintang", "Pohon beringin", "Padi dan kapas", "Sang Merah Putih"}},
	{"Lagu kebangsaan Indonesia ialah …", "Indonesia Raya",
		[4]string{"Padamu Negeri", "Tanah Airku", "Bagimu Negeri", "Halo-Halo Bandung"}},
}

// articles are articles of UUD 1945 and what they set.
var articles = [5][2]string{
	{"Pasal 35", "bendera negara"},
	{"Pasal 36", "bahasa negara"},
	{"Pasal 36A", "lambang negara"},
	{"Pasal 36B", "lagu kebangsaan"},
	{"Pasal 7", "masa jabatan presiden dan wakil presiden"},
}

func demoTWK() []ItemInput {
	var out []ItemInput
	for i := range sila {
		out = append(out,
			keyedItem(TWK, fmt.Sprintf("Bunyi sila ke-%d Pancasila adalah …", i+1), sila[i], others(sila, i), (i*2+1)%5),
			keyedItem(TWK, fmt.Sprintf("Lambang sila ke-%d Pancasila adalah …", i+1), silaSymbol[i], others(silaSymbol, i), (i*3+2)%5))
		nums := [5]string{"Sila ke-1", "Sila ke-2", "Sila ke-3", "Sila ke-4", "Sila ke-5"}
		out = append(out, keyedItem(TWK, fmt.Sprintf("Lambang %s pada perisai Garuda Pancasila melambangkan …",
			silaSymbol[i]), nums[i], others(nums, i), (i+3)%5))
	}
	var topics [5]string
	for i, a := range articles {
		topics[i] = a[1]
	}
	for i, a := range articles {
		out = append(out, keyedItem(TWK, a[0]+" UUD 1945 mengatur tentang …", a[1], others(topics, i), (i*4+1)%5))
	}
	for i, f := range civicsFacts {
		out = append(out, keyedItem(TWK, f.stem, f.right, f.wrong, (i*3)%5))
	}
	return out
}

func num(n int) string { return strconv.Itoa(n) }

func numbers(right int, wrong ...int) (string, [4]string) {
	var w [4]string
	for i := range w {
		w[i] = num(wrong[i])
	}
	return num(right), w
}

type syllogism struct{ p, q, r string }

var syllogisms = []syllogism{
	{"pegawai di kantor itu", "disiplin", "warga kelurahan"},
	{"peserta pelatihan", "lulus ujian", "pegawai baru"},
	{"petani di desa itu", "menanam padi", "anggota koperasi"},
	{"guru di sekolah itu", "memakai seragam", "pelatih pramuka"},
	{"perawat di rumah sakit itu", "bekerja bergiliran", "lulusan politeknik"},
	{"pengemudi bus kota", "memiliki SIM B", "penduduk kota"},
}

func demoTIU() []ItemInput {
	var out []ItemInput
	// Arithmetic series.
	for i := 0; i < 10; i++ {
		a, d := 3+i*2, 2+i%5*3
		right, wrong := numbers(a+4*d, a+4*d+1, a+4*d-1, a+5*d, a+3*d)
		out = append(out, keyedItem(TIU, fmt.Sprintf("Bilangan berikutnya dari deret %d, %d, %d, %d, … adalah …", a, a+d, a+2*d, a+3*d),
			right, wrong, (i*2)%5))
	}
	// Geometric series.
	for i := 0; i < 6; i++ {
		a, r := 2+i, 2+i%3
		last := a * r * r * r * r
		right, wrong := numbers(last, last+a, last-a, last*r, last/r)
		out = append(out, keyedItem(TIU, fmt.Sprintf("Bilangan berikutnya dari deret %d, %d, %d, %d, … adalah …", a, a*r, a*r*r, a*r*r*r),
			right, wrong, (i*3+1)%5))
	}
	// Percentages.
	for i := 0; i < 8; i++ {
		p, y := []int{10, 15, 20, 25, 30, 40, 50, 75}[i], 80+i*40
		v := p * y / 100
		right, wrong := numbers(v, v+5, v-5, v*2, v+10)
		out = append(out, keyedItem(TIU, fmt.Sprintf("%d%% dari %d adalah …", p, y), right, wrong, (i+2)%5))
	}
	// Speeds.
	for i := 0; i < 6; i++ {
		speed, hours := 40+i*5, 2+i%3
		right, wrong := numbers(speed, speed+10, speed-10, speed*2, speed+5)
		out = append(out, keyedItem(TIU, fmt.Sprintf("Sebuah mobil menempuh %d km dalam %d jam dengan kecepatan tetap. Kecepatannya … km/jam.",
			speed*hours, hours), right, wrong, (i*4+3)%5))
	}
	// Syllogisms.
	for i, s := range syllogisms {
		right := "Sebagian " + s.r + " " + s.q + "."
		wrong := [4]string{
			"Semua " + s.r + " " + s.q + ".",
			"Semua " + s.p + " adalah " + s.r + ".",
			"Sebagian " + s.r + " tidak " + s.q + ".",
			"Tidak ada " + s.r + " yang " + s.q + ".",
		}
		out = append(out, keyedItem(TIU, fmt.Sprintf("Semua %s %s. Sebagian %s adalah %s. Kesimpulan yang tepat adalah …",
			s.p, s.q, s.r, s.p), right, wrong, (i*2+4)%5))
	}
	return out
}

type situation struct {
	stem      string
	responses [5]string // from the best (weight 5) to the least good (weight 1)
}

var situations = []situation{
	{"Anda menerima keluhan pemohon layanan di %s yang berkasnya belum selesai melewati jadwal. Sikap Anda …", [5]string{
		"Meminta maaf, memeriksa posisi berkas saat itu juga, dan memberi tahu perkiraan selesai",
		"Mencatat keluhan dan menjanjikan kabar secepatnya",
		"Meminta pemohon menanyakan ke petugas yang menangani berkas",
		"Menjelaskan bahwa antrean sedang panjang",
		"Meminta pemohon datang lagi minggu depan"}},
	{"Rekan kerja Anda di %s sering terlambat sehingga pekerjaan tim tertunda. Sikap Anda …", [5]string{
		"Berbicara baik-baik dengannya dan menawarkan bantuan mengatur pekerjaan",
		"Mengingatkannya secara pribadi",
		"Menyampaikan hal itu kepada atasan",
		"Mengerjakan bagiannya agar pekerjaan selesai",
		"Membiarkannya karena bukan urusan Anda"}},
	{"Atasan Anda di %s memberi tugas baru yang belum pernah Anda kerjakan. Sikap Anda …", [5]string{
		"Mempelajari tugas itu dan bertanya kepada yang berpengalaman bila perlu",
		"Menerima tugas dan mengerjakannya sebisanya",
		"Meminta waktu lebih lama sebelum mulai",
		"Meminta rekan lain mengerjakannya",
		"Menolak karena di luar kebiasaan Anda"}},
	{"Seorang kenalan menawarkan imbalan agar urusannya di %s didahulukan. Sikap Anda …", [5]string{
		"Menolak dengan tegas dan melayaninya sesuai antrean dan aturan",
		"Menolak imbalan itu dengan sopan",
		"Menyarankan ia mengikuti prosedur biasa",
		"Menerima tetapi tetap melayani sesuai antrean",
		"Menerima dan mendahulukan urusannya"}},
	{"Unit kerja Anda di %s mulai memakai aplikasi baru yang belum Anda kuasai. Sikap Anda …", [5]string{
		"Mempelajarinya segera dan membantu rekan yang kesulitan",
		"Mengikuti pelatihan yang disediakan",
		"Mempelajarinya bila sempat",
		"Tetap memakai cara lama selama masih bisa",
		"Meminta rekan yang mengoperasikannya untuk Anda"}},
	{"Dalam rapat di %s pendapat Anda ditolak oleh sebagian besar peserta. Sikap Anda …", [5]string{
		"Menerima keputusan bersama dan ikut melaksanakannya dengan sungguh-sungguh",
		"Menerima keputusan sambil mencatat usulan untuk lain waktu",
		"Meminta penjelasan mengapa pendapat Anda ditolak",
		"Diam dan mengikuti keputusan setengah hati",
		"Tidak ikut melaksanakan keputusan itu"}},
	{"Anda menemukan kesalahan data yang Anda buat sendiri di %s setelah laporan terkirim. Sikap Anda …", [5]string{
		"Segera melapor kepada atasan dan mengirim laporan yang sudah dibetulkan",
		"Membetulkan data dan memberi tahu penerima laporan",
		"Membetulkan data untuk laporan berikutnya",
		"Menunggu apakah ada yang menyadarinya",
		"Membiarkannya karena laporan sudah terkirim"}},
	{"Pekerjaan di %s menumpuk menjelang tenggat dan rekan Anda sakit. Sikap Anda …", [5]string{
		"Menyusun urutan prioritas dan mengerjakannya bersama tim yang ada",
		"Lembur untuk menyelesaikan sebanyak mungkin",
		"Meminta perpanjangan tenggat kepada atasan",
		"Mengerjakan bagian Anda saja",
		"Menyerahkan kepada atasan untuk diselesaikan"}},
	{"Seorang warga lanjut usia kebingungan mengisi formulir di %s. Sikap Anda …", [5]string{
		"Mendampinginya mengisi formulir sampai selesai",
		"Menjelaskan cara mengisi formulir dengan sabar",
		"Memberinya contoh formulir yang sudah diisi",
		"Memintanya membawa keluarga yang bisa membantu",
		"Memintanya membaca petunjuk di papan pengumuman"}},
}

var places = [5]string{"kantor kecamatan", "dinas kependudukan", "puskesmas", "kantor kelurahan", "unit layanan perizinan"}

func demoTKP() []ItemInput {
	var out []ItemInput
	for i, s := range situations {
		for j, place := range places {
			in := ItemInput{Subtest: TKP, Stem: fmt.Sprintf(s.stem, place)}
			shift := (i + 2*j) % NumOptions
			for k := range in.Options {
				r := (k + shift) % NumOptions
				in.Options[k] = s.responses[r]
				in.Weights[k] = 5 - r
			}
			out = append(out, in)
		}
	}
	return out
}
