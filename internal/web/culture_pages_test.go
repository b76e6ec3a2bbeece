package web

import (
	"time"

	"asnpro/internal/culture"
	"asnpro/internal/workforce"
)

// culturePageSamples fill every part of the code of ethics' and the
// forum's pages (TestEveryPageRenders), with markup in the texts to show
// it escaped.
func culturePageSamples() map[string]any {
	now := time.Now()
	thread := &culture.Thread{ID: 4, Topic: "pelayanan-publik", Title: "Antrian <script>alert(1)</script>", Tags: []string{"antrian", "ktp"},
		AuthorUserID: 1, AuthorEmployeeID: 2, AuthorName: "Admin <b>", AuthorUnit: "BKPSDM", CreatedAt: now, LastPostAt: now,
		Replies: 2, SolutionPostID: 6}
	opening := &culture.Post{ID: 5, ThreadID: 4, ThreadTitle: thread.Title, AuthorUserID: 1, AuthorName: "Admin <b>", AuthorUnit: "BKPSDM",
		Opening: true, Body: "Baris satu\n<script>window.x=1</script>", CreatedAt: now, Votes: 1,
		Files: []culture.Attachment{{ID: 1, PostID: 5, Name: "denah.pdf", ContentType: "application/pdf", Size: 2048}}}
	sol := &culture.Post{ID: 6, ThreadID: 4, ThreadTitle: thread.Title, AuthorUserID: 3, AuthorName: "Budi", AuthorUnit: "DINKES",
		Body: "Nomor antrean daring", CreatedAt: now, Votes: 3, Solution: true,
		Adoptions: []culture.Adoption{{PostID: 6, UnitID: 1, UnitCode: "DINKES", UnitName: "Dinas Kesehatan", Note: "Sejak <Oktober>", At: now}}}
	hidden := &culture.Post{ID: 7, ThreadID: 4, ThreadTitle: thread.Title, AuthorUserID: 3, AuthorName: "Citra", Body: "iklan",
		CreatedAt: now, Hidden: true, HiddenReason: "Promosi <b>", HiddenAt: &now, Reports: 2}
	unit := &workforce.Unit{ID: 1, Code: "DINKES", Name: "Dinas Kesehatan"}
	links := forumLinks{New: "/forum/baru", Search: "/forum/cari", Innovations: "/forum/inovasi", Moderation: "/forum/moderasi"}
	code := &culture.Code{ID: 1, Doc: culture.DocBerAKHLAK, Version: 2, Title: "Nilai <b>", Body: culture.BerAKHLAKText, PublishedAt: now}
	city := &culture.Code{ID: 2, Doc: culture.DocCity, Version: 1, Title: "Kode etik kota", Body: culture.CityCodeText, PublishedAt: now}
	units := []culture.UnitAcks{{UnitID: 1, Code: "DINKES", Name: "Dinas <b>", Employees: 10, Acked: 7}}
	return map[string]any{
		"forum": forumHomeData{Topics: []topicCount{{"pelayanan-publik", 3}, {"lainnya", 0}}, Threads: []*culture.Thread{thread},
			Links: links},
		"forum_list": forumListData{Heading: "culture.search.title", Search: true, Query: "antri <b>", Threads: []*culture.Thread{thread},
			Total: 41, Next: "/forum/cari?q=antri&offset=20", Prev: "/forum/cari?q=antri", Links: links},
		"forum_new": forumNewData{Topics: culture.Topics, Form: culture.NewPost{Topic: "keuangan", Title: "<b>", Body: "<script>"},
			Tags: "a, b", Fields: map[string]string{"title": "Wajib", "body": "Wajib", "tags": "x", "topic": "y", "files": "z"},
			Error: "Data belum benar", Author: &workforce.Employee{ID: 2, Name: "Admin <b>"}},
		"forum_thread": forumThreadData{T: thread, Posts: []*culture.Post{opening, sol, hidden}, Solution: sol, CanReply: true,
			CanVote: true, CanReport: true, IsAuthor: true, CanMod: true, CanAdopt: true, Units: []*workforce.Unit{unit}, Me: 9,
			Body: "<b>", Fields: map[string]string{"body": "Wajib"}, Error: "Data belum benar", Flash: "culture.flash.replied",
			Links: links},
		"forum_innovations": []culture.Innovation{{Post: sol, Topic: "pelayanan-publik", Adoptions: sol.Adoptions}},
		"forum_moderation": struct {
			Q     *culture.Queue
			Flash string
		}{&culture.Queue{Reported: []*culture.Post{sol}, Reasons: map[int64][]string{6: {"kasar <b>"}}, Hidden: []*culture.Post{hidden}},
			"culture.flash.hidden"},
		"ethics": ethicsData{Codes: []culture.CodeStatus{{Code: code, AckedAt: &now}, {Code: city}}, Versions: []*culture.Code{code, city},
			CanAck: true, CanPublish: true, Form: culture.NewCode{Doc: culture.DocCity, Title: "<b>", Body: "x"}, Docs: culture.Docs,
			Fields: map[string]string{"title": "Wajib", "body": "Wajib", "doc": "x"}, Error: "Data belum benar", Flash: "culture.flash.acked",
			UnitsHref: "/etika/unit", PactsHref: "/etika/pakta"},
		"ethics_code": struct {
			C       *culture.Code
			Current bool
		}{code, false},
		"ethics_units": struct {
			Units   []culture.UnitAcks
			Unit    *culture.UnitAcks
			Unacked []culture.Unacked
			CanOpen bool
		}{units, &units[0], []culture.Unacked{{EmployeeID: 3, Name: "Citra <b>", Number: "199005152015031001", Missing: culture.Docs}},
			true},
		"ethics_pacts": []culture.Pact{{PeriodID: 1, PeriodName: "Seleksi <b>", Name: "Verifikator", Roles: []string{"verifier", "committee"},
			NoConflict: true, Assigned: 12, SignedAt: now}},
	}
}
