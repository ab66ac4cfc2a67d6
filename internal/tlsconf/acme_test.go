package tlsconf

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

const testDomain = "bridge.scimbridge.test"

// TestACMEWithPebble obtains a certificate from Pebble by TLS-ALPN-01,
// serves HTTPS with it, and starts again on the same storage: the second
// start must serve the stored certificate without a new order or account.
func TestACMEWithPebble(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	p := startPebble(t, testDomain, ln.Addr().(*net.TCPAddr).Port)
	storage := t.TempDir()
	log, logs := testLogger(t)
	opts := ACMEOptions{
		Domain: testDomain, Email: "ops@scimbridge.test", StorageDir: storage,
		CA: p.dirURL, TrustedRoots: p.acmeRoots, ListenAddr: addr, Logger: log,
	}

	first := serveACME(t, ln, opts)
	leaf := fetch(t, addr, p.issuer)
	if got := p.orders.Load(); got != 1 {
		t.Errorf("first start: %d orders reached Pebble, want 1", got)
	}
	if !strings.Contains(logs.String(), "no stored TLS certificate") {
		t.Error("first start: no line saying a certificate is being ordered")
	}
	if got := first.a.Certificate(); got == nil || got.SerialNumber.Cmp(leaf.SerialNumber) != 0 {
		t.Errorf("Certificate() = %v, want the served leaf", got)
	}
	refusesOldTLS(t, addr)
	first.stop()

	// A restart: a new cache and config, the same storage directory.
	ln2, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	logs.mu.Lock()
	logs.buf.Reset()
	logs.mu.Unlock()
	second := serveACME(t, ln2, opts)
	defer second.stop()
	again := fetch(t, addr, p.issuer)
	if again.SerialNumber.Cmp(leaf.SerialNumber) != 0 {
		t.Errorf("second start serves serial %x, want the stored %x", again.SerialNumber, leaf.SerialNumber)
	}
	if got := p.orders.Load(); got != 1 {
		t.Errorf("after the second start %d orders reached Pebble, want still 1", got)
	}
	if got := p.accounts.Load(); got != 1 {
		t.Errorf("%d ACME accounts were created, want 1 (the stored one reused)", got)
	}
	if strings.Contains(logs.String(), "no stored TLS certificate") {
		t.Error("second start claims there is no stored certificate")
	}
}

type acmeServer struct {
	a    *ACME
	srv  *http.Server
	done chan struct{}
}

func (s *acmeServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
	<-s.done
	s.a.Close()
}

// serveACME starts ACME on opts and serves HTTPS on ln with it, the way
// serve.go does, and waits until the certificate is served.
func serveACME(t *testing.T, ln net.Listener, opts ACMEOptions) *acmeServer {
	t.Helper()
	a, err := StartACME(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	s := &acmeServer{a: a, done: make(chan struct{}), srv: &http.Server{
		TLSConfig:         a.TLSConfig(),
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, "hello over "+tls.VersionName(r.TLS.Version))
		}),
	}}
	go func() {
		defer close(s.done)
		if err := s.srv.ServeTLS(ln, "", ""); !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("ServeTLS: %v", err)
		}
	}()
	select {
	case <-a.Ready():
	case <-time.After(20 * time.Second):
		s.stop()
		t.Fatal("no certificate after 20 s")
	}
	return s
}

// fetch makes an HTTPS request to the test domain at addr, verifying the
// server against Pebble's root, and returns the leaf served.
func fetch(t *testing.T, addr string, root *x509.Certificate) *x509.Certificate {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(root)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	defer client.CloseIdleConnections()
	resp, err := client.Get("https://" + testDomain + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "hello over TLS 1.") {
		t.Fatalf("GET: %d %q", resp.StatusCode, body)
	}
	if resp.TLS.Version < tls.VersionTLS12 {
		t.Errorf("negotiated %s", tls.VersionName(resp.TLS.Version))
	}
	leaf := resp.TLS.PeerCertificates[0]
	if len(leaf.DNSNames) != 1 || leaf.DNSNames[0] != testDomain {
		t.Errorf("leaf names %v, want [%s]", leaf.DNSNames, testDomain)
	}
	chain := resp.TLS.VerifiedChains[0]
	if !chain[len(chain)-1].Equal(root) {
		t.Errorf("verified chain ends at %s, not Pebble's root", chain[len(chain)-1].Subject)
	}
	return leaf
}

// refusesOldTLS: a client offering at most TLS 1.1 gets no handshake.
func refusesOldTLS(t *testing.T, addr string) {
	t.Helper()
	for _, v := range []uint16{tls.VersionTLS10, tls.VersionTLS11} {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, &tls.Config{
			ServerName: testDomain, MinVersion: v, MaxVersion: v, InsecureSkipVerify: true,
		})
		if err == nil {
			conn.Close()
			t.Errorf("%s handshake succeeded", tls.VersionName(v))
		}
	}
}

func TestStartACMERejects(t *testing.T) {
	file := t.TempDir() + "/file"
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts ACMEOptions
		want string
	}{
		{"no domain", ACMEOptions{StorageDir: t.TempDir()}, "no domain"},
		{"localhost", ACMEOptions{Domain: "localhost", StorageDir: t.TempDir()}, "public DNS name"},
		{"internal", ACMEOptions{Domain: "bridge.corp.internal", StorageDir: t.TempDir()}, "public DNS name"},
		{"wildcard", ACMEOptions{Domain: "*.example.com", StorageDir: t.TempDir()}, "wildcards"},
		{"storage is a file", ACMEOptions{Domain: "example.com", StorageDir: file}, "storage"},
		{"bad listen address", ACMEOptions{Domain: "example.com", StorageDir: t.TempDir(), ListenAddr: "8443"}, "listen address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := StartACME(t.Context(), tc.opts)
			if err == nil {
				a.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}
