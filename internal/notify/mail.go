package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Mailer sends one message. A Send that returns an error wrapped by
// Permanent is not retried (the recipient was refused); any other error is
// retried after a backoff. Send must give up when ctx ends.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as a refusal that retrying cannot cure (an unknown
// recipient, a message the server rejects for good).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// SMTPMailer sends through an SMTP server with net/smtp: STARTTLS when the
// server offers it, AUTH PLAIN when Username is set (net/smtp refuses to
// send a password without TLS except to localhost), one connection per
// message.
type SMTPMailer struct {
	// Addr is the server's host:port, e.g. "smtp.palangkaraya.go.id:587".
	Addr string
	// From is the sender, e.g. "BKPSDM Kota Palangka Raya <noreply@bkpsdm.palangkaraya.go.id>".
	From               string
	Username, Password string
	// Timeout bounds one whole send, connection to QUIT (default 30 s).
	Timeout time.Duration
	// TLSConfig is used for STARTTLS (nil: verify the server's certificate
	// for the host of Addr against the system roots).
	TLSConfig *tls.Config
	// LocalName is the name given in EHLO (default "localhost").
	LocalName string
}

// Send delivers m. A 5xx answer to RCPT or to the message itself, or an
// unusable address, is returned as Permanent; everything else (connection
// failures, 4xx answers, a refused login) may pass and is retried.
func (s *SMTPMailer) Send(ctx context.Context, m Message) (err error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %w", s.Addr, err)
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("smtp sender %q: %w", s.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return Permanent(fmt.Errorf("recipient %q: %w", m.To, err))
	}
	body, err := Compose(from, to, m)
	if err != nil {
		return Permanent(err)
	}

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial %s: %w", s.Addr, err)
	}
	dl, _ := ctx.Deadline()
	_ = conn.SetDeadline(dl)
	// A cancelled ctx (shutdown, lost lease) interrupts a blocked read.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	step := func(name string, err error) error {
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%v)", err, ctx.Err())
		}
		return fmt.Errorf("smtp %s: %w", name, err)
	}
	name := s.LocalName
	if name == "" {
		name = "localhost"
	}
	if err := c.Hello(name); err != nil {
		return step("EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{ServerName: host}
		if s.TLSConfig != nil {
			cfg = s.TLSConfig.Clone()
			if cfg.ServerName == "" {
				cfg.ServerName = host
			}
		}
		if err := c.StartTLS(cfg); err != nil {
			return step("STARTTLS", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return step("AUTH", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return step("MAIL FROM", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return permanentIf5xx(step("RCPT TO", err))
	}
	w, err := c.Data()
	if err != nil {
		return step("DATA", err)
	}
	if _, err := w.Write(body); err != nil {
		return step("DATA", err)
	}
	if err := w.Close(); err != nil {
		return permanentIf5xx(step("DATA", err))
	}
	// The message is accepted; a failed QUIT does not undo that.
	_ = c.Quit()
	return nil
}

// permanentIf5xx marks an SMTP 5xx reply as permanent.
func permanentIf5xx(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && te.Code < 600 {
		return Permanent(err)
	}
	return err
}

// wib is the time zone of the Date header (Waktu Indonesia Barat, UTC+7):
// the offset is fixed, so no time-zone database is needed.
var wib = time.FixedZone("WIB", 7*3600)

// Compose renders m as an RFC 5322 message from from to to: Date (the
// moment it was enqueued, in WIB), a Message-ID stable for the outbox row
// (a resend after a crash carries the same one), From, To, Subject (RFC
// 2047 encoded when not plain ASCII), MIME-Version, Content-Type text/plain;
// charset=UTF-8 and a quoted-printable body with CRLF line ends.
func Compose(from, to *mail.Address, m Message) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("subject with a line break")
	}
	domain := "asnpro.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 && at < len(from.Address)-1 {
		domain = from.Address[at+1:]
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("Date", m.CreatedAt.In(wib).Format(time.RFC1123Z))
	header("Message-ID", "<"+messageID(m)+"@"+domain+">")
	header("From", from.String())
	header("To", to.String())
	header("Subject", encodeHeader(m.Subject, len("Subject: ")))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies, please
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\r", "\n")
	if _, err := qp.Write([]byte(strings.ReplaceAll(text, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// encodeHeader returns the unstructured header text s as it may follow a
// field name of prefix bytes: unchanged when it is printable ASCII, else as
// RFC 2047 Q encoded-words in UTF-8, each at most 75 characters, folded so
// that no line exceeds 76 (the space between adjacent encoded-words is not
// part of the text). A character's bytes are never split across words.
func encodeHeader(s string, prefix int) string {
	plain := !strings.Contains(s, "=?")
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= ' ' && s[i] <= '~'
	}
	if plain {
		return s
	}
	const open, end = "=?UTF-8?q?", "?="
	var b strings.Builder
	b.WriteString(open)
	room := min(76-prefix, 75) - len(open) - len(end) // encoded bytes that fit in this word
	used := 0
	for _, r := range s {
		var enc strings.Builder
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			switch {
			case c == ' ':
				enc.WriteByte('_')
			case c > ' ' && c <= '~' && c != '=' && c != '?' && c != '_':
				enc.WriteByte(c)
			default:
				fmt.Fprintf(&enc, "=%02X", c)
			}
		}
		if used > 0 && used+enc.Len() > room {
			b.WriteString(end + "\r\n " + open)
			room, used = 75-len(open)-len(end), 0
		}
		b.WriteString(enc.String())
		used += enc.Len()
	}
	b.WriteString(end)
	return b.String()
}

// messageID is the local part of the Message-ID: the outbox id and a digest
// of its creation time, so ids of different installations do not collide.
func messageID(m Message) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(m.ID, 10) + "|" + m.CreatedAt.UTC().Format(time.RFC3339Nano) + "|" + m.To))
	return "asnpro." + strconv.FormatInt(m.ID, 10) + "." + hex.EncodeToString(sum[:8])
}

// LogMailer only logs each message's kind, subject and recipient (never the
// body) and counts it as sent — for development without an SMTP server.
// With ShowLinks (the demo) it logs the links the message carries too, so
// that an e-mail confirmation or a password reset can be completed from
// the log; never on a real database, since a link is a secret.
type LogMailer struct {
	Log       *slog.Logger
	ShowLinks bool
}

// Send logs m and returns nil.
func (l LogMailer) Send(ctx context.Context, m Message) error {
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	args := []any{"id", m.ID, "kind", m.Kind, "to", m.To, "subject", m.Subject}
	if l.ShowLinks {
		if links := linksIn(m.Text); len(links) > 0 {
			args = append(args, "links", strings.Join(links, " "))
		}
	}
	log.InfoContext(ctx, "e-mail (not sent: log mailer)", args...)
	return nil
}

// linksIn returns the http(s) addresses in text, in order.
func linksIn(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		f = strings.TrimRight(f, ".,;:)>\"'")
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			out = append(out, f)
		}
	}
	return out
}
