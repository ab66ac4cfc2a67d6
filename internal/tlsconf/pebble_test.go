package tlsconf

import (
	"bytes"
	"crypto/x509"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"github.com/miekg/dns"
)

// pebble is Let's Encrypt's ACME test server, run in the test process on
// loopback: its validation authority resolves names through our DNS
// server (which answers 127.0.0.1 for the test domain) and connects for
// TLS-ALPN-01 to the port the test serves HTTPS on.
type pebble struct {
	dirURL    string         // the ACME directory
	acmeRoots *x509.CertPool // trusts Pebble's own HTTPS
	issuer    *x509.Certificate
	orders    atomic.Int64 // new-order requests received
	accounts  atomic.Int64 // new-account requests received
}

// startPebble runs Pebble for domain, validating TLS-ALPN-01 on tlsPort.
func startPebble(t *testing.T, domain string, tlsPort int) *pebble {
	t.Helper()
	// Read by Pebble's constructors: no random 0-15 s validation delay,
	// no deliberately rejected nonces.
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0")

	logs := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pebble log:\n%s", logs.String())
		}
	})
	logger := log.New(logs, "pebble ", log.Lmicroseconds)
	store := db.NewMemoryStore()
	authority := ca.New(logger, store, "", "ecdsa", 0, 1, map[string]ca.Profile{
		"default": {Description: "the default profile"},
	})
	validator := va.New(logger, 0, tlsPort, false, startDNS(t, domain), store)
	frontEnd := wfe.New(logger, store, validator, authority, []string{"pebble.letsencrypt.org"}, false, false, 0, 0)

	p := &pebble{issuer: authority.GetRootCert(0).Cert}
	handler := frontEnd.Handler()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			switch r.URL.Path {
			case "/order-plz":
				p.orders.Add(1)
			case "/sign-me-up":
				p.accounts.Add(1)
			}
		}
		handler.ServeHTTP(w, r)
	}))
	srv.Config.ErrorLog = logger
	srv.StartTLS()
	t.Cleanup(srv.Close)
	p.dirURL = srv.URL + wfe.DirectoryPath
	p.acmeRoots = x509.NewCertPool()
	p.acmeRoots.AddCert(srv.Certificate())
	return p
}

// startDNS serves DNS over TCP (Pebble's custom resolver speaks TCP) on
// loopback: A 127.0.0.1 for domain, no AAAA, NXDOMAIN for anything else.
func startDNS(t *testing.T, domain string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fqdn := dns.Fqdn(domain)
	srv := &dns.Server{Listener: ln, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		for _, q := range req.Question {
			if !strings.EqualFold(q.Name, fqdn) {
				m.Rcode = dns.RcodeNameError
				continue
			}
			if q.Qtype == dns.TypeA {
				m.Answer = append(m.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET},
					A:   net.IPv4(127, 0, 0, 1),
				})
			}
		}
		_ = w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for the goroutines of the servers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testLogger logs at debug into a buffer that the test prints if it fails
// (goroutines of the libraries may still log after the test ends, when
// t.Log would panic).
func testLogger(t *testing.T) (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("bridge log:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}
