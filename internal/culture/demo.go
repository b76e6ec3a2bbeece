package culture

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sample"
	"asnpro/internal/upload"
)

// DemoAccount is a demo account that acts in the demo's story.
type DemoAccount struct {
	UserID int64
	Role   string // the role it acts in (for the audit log)
}

// DemoAccounts are the demo's actors: Employee (pegawai), Supervisor
// (atasan, head of Employee's unit), Leader (pimpinan), each an employee;
// Admin publishes and moderates.
type DemoAccounts struct {
	Employee, Supervisor, Leader, Admin DemoAccount
	// AdoptingUnit is the unit Supervisor heads; OtherUnit one the admin
	// records an adoption for.
	AdoptingUnit, OtherUnit int64
}

// demoThread is one thread of the demo's forum: who opens it and when
// (days before now), its replies (by actor key, hours after the thread),
// the reply marked as the solution (1-based; 0: none).
type demoThread struct {
	by, topic, title, body string
	tags                   []string
	days                   int
	replies                []demoReply
	solution               int
}

type demoReply struct {
	by    string
	hours int
	body  string
}

var demoThreads = []demoThread{
	{"pegawai", "pelayanan-publik", "Antrian layanan administrasi kepegawaian menumpuk di awal bulan",
		"Setiap awal bulan loket layanan kami penuh oleh pegawai dari OPD lain yang mengurus kenaikan pangkat dan cuti. " +
			"Bagaimana unit lain mengatur antrian agar tidak menumpuk?", []string{"antrian", "layanan"}, 118,
		[]demoReply{
			{"atasan", 3, "Kami mencoba jadwal per OPD: setiap OPD punya hari layanan sendiri, diumumkan lewat surat edaran di awal tahun. " +
				"Antrian turun hampir separuh dalam dua bulan."},
			{"pimpinan", 20, "Setuju dengan jadwal per OPD. Tambahkan formulir daring untuk berkas yang bisa dikirim lebih dulu, " +
				"supaya di loket tinggal verifikasi."},
			{"pegawai", 30, "Terima kasih, kami akan mencoba jadwal per OPD mulai bulan depan."}}, 1},
	{"atasan", "teknologi-informasi", "Aplikasi e-Kinerja lambat setiap akhir bulan",
		"Menjelang batas pengisian, aplikasi e-Kinerja sering tidak bisa dibuka. Apakah ada saran selain menunggu malam hari?",
		[]string{"e-kinerja"}, 96,
		[]demoReply{
			{"pegawai", 2, "Di bidang kami, rencana aksi diisi setiap Jumat, tidak menunggu akhir bulan. Beban di akhir bulan jadi ringan."},
			{"pimpinan", 26, "Saya minta setiap bidang menetapkan tenggat internal tanggal 25."}}, 1},
	{"pimpinan", "etika-integritas", "Menolak bingkisan dari rekanan menjelang hari raya",
		"Mengingatkan kembali: bingkisan dari rekanan ditolak dengan sopan, dan bila terlanjur diterima, dilaporkan ke Unit " +
			"Pengendali Gratifikasi dalam 30 hari kerja. Silakan berbagi cara menolak yang tetap menjaga hubungan baik.",
		[]string{"gratifikasi"}, 75,
		[]demoReply{
			{"pegawai", 5, "Kami memakai surat pemberitahuan resmi kepada rekanan sebelum hari raya bahwa kantor tidak menerima bingkisan."},
			{"atasan", 9, "Poster di ruang layanan juga membantu: warga dan rekanan tahu sejak awal."}}, 1},
	{"pegawai", "kepegawaian", "Cara menghitung angka kredit jabatan fungsional setelah konversi predikat kinerja",
		"Apakah ada tabel sederhana konversi predikat kinerja ke angka kredit untuk jenjang Ahli Pertama?",
		[]string{"angka-kredit", "jabatan-fungsional"}, 60,
		[]demoReply{
			{"atasan", 4, "Predikat Baik memberi 100 % dari koefisien tahunan jenjang; Sangat Baik 150 %. Koefisien Ahli Pertama 12,5."}}, 0},
	{"atasan", "keuangan", "Pertanggungjawaban perjalanan dinas dalam kota",
		"Dokumen apa saja yang diminta bendahara untuk SPJ perjalanan dinas dalam kota lebih dari 8 jam?",
		[]string{"spj", "perjalanan-dinas"}, 41,
		[]demoReply{
			{"pimpinan", 6, "Surat tugas, SPPD yang ditandatangani di tempat tujuan, dan daftar pengeluaran riil bila ada."},
			{"pegawai", 8, "Contoh daftar pengeluaran riil ada di folder bersama bagian keuangan."}}, 1},
	{"pimpinan", "lainnya", "Usulan tema diskusi rutin bulan depan",
		"Silakan usulkan tema untuk diskusi rutin ASN bulan depan. Tema terbanyak dipilih.", nil, 20,
		[]demoReply{
			{"pegawai", 1, "Pemanfaatan tanda tangan elektronik untuk surat dinas."},
			{"atasan", 2, "Pelayanan ramah disabilitas di loket OPD."},
			{"pegawai", 3, "Jual pulsa dan paket data murah, hubungi saya."}}, 0},
	{"pegawai", "pelayanan-publik", "Denah loket layanan yang baru",
		"Kami menata ulang loket layanan agar alur antrian satu arah. Denahnya terlampir; mohon masukan sebelum dipasang.",
		[]string{"antrian", "denah"}, 6,
		[]demoReply{
			{"atasan", 2, "Tambahkan kursi prioritas untuk lansia dan ibu hamil di dekat pintu masuk."},
			{"atasan", 5, "Promo jasa pengurusan berkas cepat, hubungi nomor saya."}}, 0},
}

// SeedDemo tells the demo's story through the service, each step its own
// transaction dated relative to now (WIB days): the code of ethics
// (BerAKHLAK published five months ago and revised a month ago, the city's
// code five months ago; pegawai and pimpinan acknowledged every current
// version, atasan only the first BerAKHLAK, so its home asks again), and
// four months of forum activity: threads, replies, votes, solutions, a
// solution adopted by atasan's unit and by another (recorded by the
// admin), a PDF attached, one post reported and one hidden.
func (s *Service) SeedDemo(ctx context.Context, now time.Time, a DemoAccounts) error {
	at := now
	d := *s
	d.now = func() time.Time { return at }
	set := func(t time.Time) { at = t }
	as := func(acc DemoAccount) context.Context {
		return audit.WithActor(ctx, audit.Actor{ID: idText(acc.UserID), Role: acc.Role})
	}
	day := 24 * time.Hour
	set(now.Add(-150 * day))
	v1, err := d.Publish(as(a.Admin), a.Admin.UserID, NewCode{Doc: DocBerAKHLAK, Title: "Nilai Dasar ASN BerAKHLAK", Body: BerAKHLAKText})
	if err != nil {
		return fmt.Errorf("demo ethics: %w", err)
	}
	city, err := d.Publish(as(a.Admin), a.Admin.UserID, NewCode{Doc: DocCity, Title: "Kode Etik dan Kode Perilaku ASN Pemerintah Kota",
		Body: CityCodeText})
	if err != nil {
		return fmt.Errorf("demo ethics: %w", err)
	}
	set(now.Add(-140 * day))
	for _, acc := range []DemoAccount{a.Employee, a.Supervisor, a.Leader} {
		for _, c := range []*Code{v1, city} {
			if err := d.Acknowledge(as(acc), acc.UserID, c.ID); err != nil {
				return fmt.Errorf("demo acknowledgement: %w", err)
			}
		}
	}
	set(now.Add(-30 * day))
	v2, err := d.Publish(as(a.Admin), a.Admin.UserID, NewCode{Doc: DocBerAKHLAK, Title: "Nilai Dasar ASN BerAKHLAK (pemutakhiran)",
		Body: BerAKHLAKText + "\n\nPemutakhiran: setiap pegawai menyetujui ulang nilai dasar setelah sosialisasi tahunan."})
	if err != nil {
		return fmt.Errorf("demo ethics: %w", err)
	}
	set(now.Add(-28 * day))
	for _, acc := range []DemoAccount{a.Employee, a.Leader} {
		if err := d.Acknowledge(as(acc), acc.UserID, v2.ID); err != nil {
			return fmt.Errorf("demo acknowledgement: %w", err)
		}
	}
	return d.seedDemoForum(now, set, as, a)
}

func (d *Service) seedDemoForum(now time.Time, set func(time.Time), as func(DemoAccount) context.Context, a DemoAccounts) error {
	who := map[string]DemoAccount{"pegawai": a.Employee, "atasan": a.Supervisor, "pimpinan": a.Leader}
	day := 24 * time.Hour
	for i, th := range demoThreads {
		start := now.Add(-time.Duration(th.days) * day)
		set(start)
		var files []Attach
		if strings.HasPrefix(th.title, "Denah") {
			f, err := upload.Receive(context.Background(), bytes.NewReader(sample.PDF("Denah loket layanan", 3000)), AttachRule, "")
			if err != nil {
				return fmt.Errorf("demo attachment: %w", err)
			}
			defer f.Close()
			files = []Attach{{Name: "denah-loket.pdf", File: f}}
		}
		by := who[th.by]
		t, err := d.CreateThread(as(by), by.UserID, NewPost{Topic: th.topic, Title: th.title, Body: th.body, Tags: th.tags}, files)
		if err != nil {
			return fmt.Errorf("demo thread %d: %w", i, err)
		}
		var replies []*Post
		for _, r := range th.replies {
			set(start.Add(time.Duration(r.hours) * time.Hour))
			p, err := d.Reply(as(who[r.by]), who[r.by].UserID, t.ID, r.body, nil)
			if err != nil {
				return fmt.Errorf("demo reply: %w", err)
			}
			replies = append(replies, p)
		}
		if err := d.demoReactions(th, t, replies, start, set, as, who, a); err != nil {
			return err
		}
	}
	return nil
}

// demoReactions: every reply gets the votes of the others; the solution is
// marked; the first solution adopted; the last thread's promotion reported
// (the moderation queue shows it) and the advertisement before it hidden.
func (d *Service) demoReactions(th demoThread, t *Thread, replies []*Post, start time.Time, set func(time.Time),
	as func(DemoAccount) context.Context, who map[string]DemoAccount, a DemoAccounts) error {
	set(start.Add(40 * time.Hour))
	for _, p := range replies {
		for _, name := range []string{"pegawai", "atasan", "pimpinan"} {
			v := who[name]
			if v.UserID == p.AuthorUserID || spam(p.Body) {
				continue
			}
			if err := d.Vote(as(v), v.UserID, p.ID); err != nil {
				return fmt.Errorf("demo vote: %w", err)
			}
		}
	}
	if th.solution > 0 {
		if err := d.MarkSolution(as(who[th.by]), who[th.by].UserID, replies[th.solution-1].ID); err != nil {
			return fmt.Errorf("demo solution: %w", err)
		}
	}
	if th.solution > 0 && th.days == demoThreads[0].days {
		sol := replies[th.solution-1].ID
		set(start.Add(30 * day()))
		note := "Jadwal layanan per OPD sejak bulan ini"
		if err := d.Adopt(as(a.Supervisor), a.Supervisor.UserID, false, sol, a.AdoptingUnit, note); err != nil {
			return fmt.Errorf("demo adoption: %w", err)
		}
		set(start.Add(60 * day()))
		if err := d.Adopt(as(a.Admin), a.Admin.UserID, true, sol, a.OtherUnit, "Diterapkan di loket kecamatan"); err != nil {
			return fmt.Errorf("demo adoption: %w", err)
		}
	}
	for _, p := range replies {
		switch {
		case strings.HasPrefix(p.Body, "Promo"):
			set(start.Add(6 * time.Hour))
			if err := d.Report(as(a.Employee), a.Employee.UserID, p.ID, "Promosi jasa, bukan diskusi"); err != nil {
				return fmt.Errorf("demo report: %w", err)
			}
		case strings.HasPrefix(p.Body, "Jual"):
			set(start.Add(5 * time.Hour))
			if err := d.Hide(as(a.Admin), a.Admin.UserID, p.ID, "Iklan, tidak sesuai tujuan forum"); err != nil {
				return fmt.Errorf("demo hiding: %w", err)
			}
		}
	}
	return nil
}

// spam: the demo's posts that are reported or hidden, which nobody votes for.
func spam(body string) bool {
	return strings.HasPrefix(body, "Promo") || strings.HasPrefix(body, "Jual")
}

func day() time.Duration { return 24 * time.Hour }
