package notify_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// smtpServer is a small SMTP server for the tests: it speaks enough of
// RFC 5321 for net/smtp (EHLO, optional STARTTLS and AUTH PLAIN, MAIL, RCPT,
// DATA, RSET, QUIT) and keeps what it received, byte for byte.
type smtpServer struct {
	ln        net.Listener
	tls       *tls.Config // offer STARTTLS when set
	auth      bool        // offer AUTH PLAIN
	rcptReply string      // the answer to RCPT TO ("250 2.1.5 OK" by default)

	mu    sync.Mutex
	mails []received
	rcpts int // RCPT commands seen
}

type received struct {
	from, to       string
	data           []byte // as sent, CRLF line ends, dots unstuffed
	user, password string // from AUTH PLAIN
	authOverTLS    bool
	tls            bool // the message came over TLS
}

func startSMTP(t *testing.T, s *smtpServer) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	if s.rcptReply == "" {
		s.rcptReply = "250 2.1.5 OK"
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); s.serve(c) }()
		}
	}()
	return s
}

func (s *smtpServer) Addr() string { return s.ln.Addr().String() }

func (s *smtpServer) rcptCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcpts
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

func (s *smtpServer) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r, w := bufio.NewReader(conn), bufio.NewWriter(conn)
	say := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	var cur received
	say("220 mail.test ESMTP asnpro-test")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"250-mail.test"}
			if s.tls != nil && !cur.tls {
				ext = append(ext, "250-STARTTLS")
			}
			if s.auth {
				ext = append(ext, "250-AUTH PLAIN")
			}
			say(append(ext, "250 8BITMIME")...)
		case "STARTTLS":
			say("220 2.0.0 Ready to start TLS")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, w = tc, bufio.NewReader(tc), bufio.NewWriter(tc)
			cur = received{tls: true}
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if mech != "PLAIN" || err != nil || len(parts) != 3 {
				say("535 5.7.8 bad credentials")
				continue
			}
			cur.user, cur.password, cur.authOverTLS = parts[1], parts[2], cur.tls
			say("235 2.7.0 Authentication successful")
		case "MAIL":
			cur.from = arg
			say("250 2.1.0 OK")
		case "RCPT":
			s.mu.Lock()
			s.rcpts++
			s.mu.Unlock()
			cur.to = arg
			say(s.rcptReply)
		case "DATA":
			say("354 End data with <CR><LF>.<CR><LF>")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			cur.data = data.Bytes()
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			say("250 2.0.0 queued")
		case "RSET", "NOOP":
			say("250 2.0.0 OK")
		case "QUIT":
			say("221 2.0.0 Bye")
			return
		default:
			say("502 5.5.2 unknown command")
		}
	}
}

// selfSigned returns a server configuration for 127.0.0.1 and a client
// configuration that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func TestSMTPConversation(t *testing.T) {
	ctx := context.Background()
	subject := "Hasil verifikasi lamaran — Memenuhi Syarat ✓ (Siti Aisyah, formasi Analis Kepegawaian Ahli Pertama)"
	text := "Yth. Siti Aisyah,\n\nLamaran Anda untuk formasi Analis Kepegawaian Ahli Pertama di BKPSDM Kota Palangka Raya " +
		"dinyatakan memenuhi syarat (MS).\n.\nSanggah dapat diajukan 3 hari — café ½.\r\nSalam,\nPanitia"
	serverTLS, clientTLS := selfSigned(t)
	cases := []struct {
		name     string
		server   *smtpServer
		user     string
		wantTLS  bool
		wantAuth bool
	}{
		{"plain, no login", &smtpServer{}, "", false, false},
		{"STARTTLS offered and used, then AUTH PLAIN", &smtpServer{tls: serverTLS, auth: true}, "bkpsdm", true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := sqldbtest.Open(t, sqldb.SQLite)
			clk := newClock()
			srv := startSMTP(t, tc.server)
			m := &notify.SMTPMailer{
				Addr:      srv.Addr(),
				From:      "BKPSDM Kota Palangka Raya <noreply@bkpsdm.palangkaraya.go.id>",
				Username:  tc.user,
				Password:  "rahasia",
				Timeout:   5 * time.Second,
				TLSConfig: clientTLS,
			}
			var id int64
			if err := db.Write(ctx, func(tx *sqldb.Tx) (err error) {
				id, err = notify.Enqueue(ctx, tx, clk.Now(), notify.Message{Kind: "notification", To: "Siti Aisyah " +
					"<siti@example.id>", Subject: subject, Text: text})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			s := notify.New(db, clk.Now, nil)
			if n, err := s.SendDue(ctx, m, notify.SenderOptions{Instance: "a"}); err != nil || n != 1 {
				t.Fatalf("SendDue: %d, %v", n, err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d messages", len(got))
			}
			r := got[0]
			if r.from != "FROM:<noreply@bkpsdm.palangkaraya.go.id>" && !strings.HasPrefix(r.from, "FROM:<noreply@bkpsdm.palangkaraya.go.id> ") {
				t.Fatalf("MAIL %q", r.from)
			}
			if r.to != "TO:<siti@example.id>" {
				t.Fatalf("RCPT %q", r.to)
			}
			if r.tls != tc.wantTLS {
				t.Fatalf("over TLS: %v, want %v", r.tls, tc.wantTLS)
			}
			if tc.wantAuth != (r.user == "bkpsdm" && r.password == "rahasia" && r.authOverTLS) || (!tc.wantAuth && r.user != "") {
				t.Fatalf("AUTH: %q %q over TLS %v", r.user, r.password, r.authOverTLS)
			}
			checkMessage(t, r.data, id, clk.Now(), subject, text)

			msgs, _, err := s.Outbox(ctx, notify.StatusSent, 10, 0)
			if err != nil || len(msgs) != 1 || msgs[0].ID != id || msgs[0].SentAt == nil || !msgs[0].SentAt.Equal(clk.Now()) ||
				msgs[0].Attempts != 1 {
				t.Fatalf("after the send: %+v, %v", msgs, err)
			}
			d := eventData(t, db, "outbox.sent")
			if len(d) != 1 || !strings.HasPrefix(d[0], "|system|") || strings.Contains(d[0], "Sanggah") {
				t.Fatalf("outbox.sent events %q: want one by the system, without the body", d)
			}
		})
	}
}

// checkMessage checks the headers and the body of a received message.
func checkMessage(t *testing.T, raw []byte, id int64, created time.Time, subject, text string) {
	t.Helper()
	head, body, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no blank line after the header:\n%s", raw)
	}
	for i, l := range bytes.Split(raw, []byte("\r\n")) {
		if len(l) > 78 {
			t.Fatalf("line %d is %d bytes long: %q", i, len(l), l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Fatalf("bare CR or LF in line %d: %q", i, l)
		}
	}
	for _, c := range head {
		if c >= 0x80 {
			t.Fatalf("8-bit byte in the header:\n%s", head)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	want := map[string]string{
		"MIME-Version":              "1.0",
		"Content-Type":              "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"From":                      `"BKPSDM Kota Palangka Raya" <noreply@bkpsdm.palangkaraya.go.id>`,
		"To":                        `"Siti Aisyah" <siti@example.id>`,
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, h.Get(k), v)
		}
	}
	if date, err := h.Date(); err != nil || !date.Equal(created.Truncate(time.Second)) || !strings.HasSuffix(h.Get("Date"), "+0700") {
		t.Errorf("Date %q (%v), want %v in WIB", h.Get("Date"), err, created)
	}
	if !regexp.MustCompile(`^<asnpro\.` + id64(id) + `\.[0-9a-f]{16}@bkpsdm\.palangkaraya\.go\.id>$`).MatchString(h.Get("Message-ID")) {
		t.Errorf("Message-ID %q", h.Get("Message-ID"))
	}
	rawSubject := h.Get("Subject")
	if !strings.HasPrefix(rawSubject, "=?UTF-8?q?") {
		t.Errorf("Subject not RFC 2047 encoded: %q", rawSubject)
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(rawSubject); err != nil || dec != subject {
		t.Errorf("Subject decodes to %q (%v), want %q", dec, err, subject)
	}
	// The body: quoted-printable, and exactly the text with CRLF line ends.
	if !bytes.Contains(body, []byte("caf=C3=A9 =C2=BD")) {
		t.Errorf("body is not quoted-printable UTF-8:\n%s", body)
	}
	decoded, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	wantBody := strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n") + "\r\n"
	if string(decoded) != wantBody {
		t.Errorf("body decodes to\n%q\nwant\n%q", decoded, wantBody)
	}
}

func TestComposeSubject(t *testing.T) {
	from, to := &mail.Address{Address: "a@b.id"}, &mail.Address{Address: "c@d.id"}
	cases := []struct {
		subject     string
		wantEncoded bool
	}{
		{"Konfirmasi e-mail", false},
		{"Pengingat: batas sanggah besok", false},
		{"Kartu ujian — SKD", true},
		{strings.Repeat("Pengumuman hasil akhir seleksi CPNS Kota Palangka Raya ", 3) + "✓", true},
	}
	for _, tc := range cases {
		raw, err := notify.Compose(from, to, notify.Message{ID: 1, Subject: tc.subject, Text: "x", CreatedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		got := msg.Header.Get("Subject")
		if strings.Contains(got, "=?UTF-8?") != tc.wantEncoded {
			t.Errorf("%q: header %q, encoded want %v", tc.subject, got, tc.wantEncoded)
		}
		if dec, _ := new(mime.WordDecoder).DecodeHeader(got); dec != tc.subject {
			t.Errorf("%q decodes to %q", tc.subject, dec)
		}
	}
	if _, err := notify.Compose(from, to, notify.Message{Subject: "a\r\nBcc: x@y.id"}); err == nil {
		t.Error("a subject with a line break was composed")
	}
}

// TestLogMailerLinks: the log mailer logs a message's links only when told
// to (the demo), never its body otherwise.
func TestLogMailerLinks(t *testing.T) {
	m := notify.Message{ID: 7, Kind: "password_reset", To: "siti@example.id", Subject: "Atur ulang kata sandi",
		Text: "Buka tautan ini:\nhttp://127.0.0.1:8080/atur-sandi?token=abc123.\nAbaikan bila bukan Anda."}
	for _, show := range []bool{false, true} {
		var buf bytes.Buffer
		l := notify.LogMailer{Log: slog.New(slog.NewTextHandler(&buf, nil)), ShowLinks: show}
		if err := l.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(buf.String(), `links="http://127.0.0.1:8080/atur-sandi?token=abc123"`)
		if has != show || strings.Contains(buf.String(), "Abaikan") {
			t.Errorf("ShowLinks %v: logged %q", show, buf.String())
		}
	}
}
