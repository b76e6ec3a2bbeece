package culture

import "strings"

// Value is one of the ASN core values with its behaviour indicators.
type Value struct {
	Name       string
	Indicators [3]string
}

// BerAKHLAK are the seven ASN core values and their behaviour indicators
// (panduan perilaku), as SE MenPANRB 20/2021 and PermenPANRB 6/2022 give
// them.
var BerAKHLAK = [7]Value{
	{"Berorientasi Pelayanan", [3]string{
		"Memahami dan memenuhi kebutuhan masyarakat",
		"Ramah, cekatan, solutif, dan dapat diandalkan",
		"Melakukan perbaikan tiada henti"}},
	{"Akuntabel", [3]string{
		"Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
		"Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
		"Tidak menyalahgunakan kewenangan jabatan"}},
	{"Kompeten", [3]string{
		"Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
		"Membantu orang lain belajar",
		"Melaksanakan tugas dengan kualitas terbaik"}},
	{"Harmonis", [3]string{
		"Menghargai setiap orang apa pun latar belakangnya",
		"Suka menolong orang lain",
		"Membangun lingkungan kerja yang kondusif"}},
	{"Loyal", [3]string{
		"Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, setia kepada Negara " +
			"Kesatuan Republik Indonesia serta pemerintahan yang sah",
		"Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
		"Menjaga rahasia jabatan dan negara"}},
	{"Adaptif", [3]string{
		"Cepat menyesuaikan diri menghadapi perubahan",
		"Terus berinovasi dan mengembangkan kreativitas",
		"Bertindak proaktif"}},
	{"Kolaboratif", [3]string{
		"Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
		"Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
		"Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"}},
}

// BerAKHLAKText is the text of the core values as a version's body: each
// value with its indicators, numbered.
var BerAKHLAKText = berakhlakText()

func berakhlakText() string {
	var b strings.Builder
	b.WriteString("Nilai dasar ASN BerAKHLAK dan panduan perilakunya. Setiap pegawai ASN menjunjung nilai-nilai berikut " +
		"dalam melaksanakan tugas.\n")
	for i, v := range BerAKHLAK {
		b.WriteString("\n" + string(rune('1'+i)) + ". " + v.Name + "\n")
		for j, ind := range v.Indicators {
			b.WriteString("   " + string(rune('a'+j)) + ". " + ind + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// CityCodeText is a starting text of the city's own code of ethics and
// conduct, for the admin to adapt before publishing (and the demo's).
const CityCodeText = `Kode etik dan kode perilaku pegawai ASN di lingkungan Pemerintah Kota.

1. Etika bernegara: setia kepada Pancasila dan UUD 1945, menjaga persatuan, dan netral dari kepentingan politik praktis.
2. Etika berorganisasi: menaati peraturan dan perintah kedinasan yang sah, menjaga kerahasiaan dinas, dan melaporkan setiap
   benturan kepentingan kepada atasan.
3. Etika bermasyarakat: melayani tanpa membedakan, tidak meminta atau menerima imbalan di luar ketentuan, dan menanggapi
   pengaduan dengan sopan dan tepat waktu.
4. Etika terhadap diri sendiri: jujur, disiplin, menjaga kesehatan, dan terus belajar.
5. Etika terhadap sesama ASN: saling menghormati, tidak melakukan perundungan atau pelecehan, dan menyelesaikan perbedaan
   dengan musyawarah.
6. Gratifikasi: setiap pemberian yang berhubungan dengan jabatan ditolak atau dilaporkan kepada Unit Pengendali Gratifikasi
   dalam 30 hari kerja.
7. Media sosial: tidak menyebarkan data pribadi warga, rahasia jabatan, ujaran kebencian, atau berita bohong.`
