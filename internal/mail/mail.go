// Package mail sends the account's invitation emails through an SMTP
// server named by SCIMBRIDGE_SMTP_URL:
//
//	smtp://[user[:password]@]host[:port][?from=address]   (port 587; STARTTLS when offered)
//	smtps://[user[:password]@]host[:port][?from=address]  (port 465; TLS from the start)
//
// It uses only the standard library's net/smtp.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Mailer sends invitations.
type Mailer struct {
	host     string // host:port
	implicit bool   // TLS from the first byte (smtps)
	auth     smtp.Auth
	from     mail.Address
	tls      *tls.Config
}

// New reads an SMTP URL. Errors never repeat the URL: it may hold a
// password.
func New(raw string) (*Mailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, errors.New("must be smtp://[user[:password]@]host[:port][?from=address] or smtps://…")
	}
	m := &Mailer{implicit: u.Scheme == "smtps"}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "587"
		if m.implicit {
			port = "465"
		}
	}
	m.host = net.JoinHostPort(host, port)
	m.tls = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if u.User != nil {
		pass, _ := u.User.Password()
		m.auth = smtp.PlainAuth("", u.User.Username(), pass, host)
	}
	from := u.Query().Get("from")
	if from == "" {
		from = "scimbridge@" + host
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, errors.New("the from= address is not an email address")
	}
	m.from = *a
	return m, nil
}

// SendInvitation mails a person their invitation link.
func (m *Mailer) SendInvitation(ctx context.Context, inv account.Invitation, accountName string) error {
	to, err := mail.ParseAddress(inv.Email)
	if err != nil {
		return fmt.Errorf("cannot mail %q: not an email address", inv.Email)
	}
	msg := invitationMessage(m.from, *to, accountName, inv)
	return m.send(ctx, to.Address, msg)
}

// invitationMessage writes the email. Header values are encoded, so a
// name cannot inject headers.
func invitationMessage(from, to mail.Address, accountName string, inv account.Invitation) []byte {
	var b bytes.Buffer
	subject := "You are invited to join " + oneLine(accountName)
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id[:]), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	fmt.Fprintf(&b, "Hello,\r\n\r\nYou have been invited to join %s.\r\n\r\nAccept the invitation here:\r\n\r\n  %s\r\n\r\n"+
		"The link works once and expires on %s.\r\n", oneLine(accountName), inv.Link, inv.Expires.UTC().Format("2 January 2006, 15:04 MST"))
	return b.Bytes()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// send delivers one message, honouring the context's deadline.
func (m *Mailer) send(ctx context.Context, to string, msg []byte) error {
	d := net.Dialer{Timeout: 30 * time.Second}
	var conn net.Conn
	var err error
	if m.implicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: m.tls}).DialContext(ctx, "tcp", m.host)
	} else {
		conn, err = d.DialContext(ctx, "tcp", m.host)
	}
	if err != nil {
		return fmt.Errorf("connecting to the mail server: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	host, _, _ := net.SplitHostPort(m.host)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("talking to the mail server: %w", err)
	}
	defer c.Close()
	if !m.implicit {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(m.tls); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		}
	}
	if m.auth != nil {
		if err := c.Auth(m.auth); err != nil {
			return fmt.Errorf("authenticating to the mail server: %w", err)
		}
	}
	if err := c.Mail(m.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
