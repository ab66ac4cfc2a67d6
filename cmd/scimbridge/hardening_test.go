package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSlowClients: a client that sends its headers or its body too slowly
// loses the connection when the limits run out; headers over the limit get
// 431; a normal client is served meanwhile.
func TestSlowClients(t *testing.T) {
	saved := limits
	t.Cleanup(func() { limits = saved })
	limits.header, limits.read = 300*time.Millisecond, 800*time.Millisecond

	addr := freeAddr(t)
	start(t, "quickstart", "--data-dir", t.TempDir(), "--addr", addr)
	waitFor(t, "http://"+addr+"/ping")

	// trickle writes first, then a line every 100 ms, and returns how long
	// the server kept the connection open.
	trickle := func(first, line string) time.Duration {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		begin := time.Now()
		closed := make(chan struct{})
		go func() { _, _ = io.Copy(io.Discard, c); close(closed) }()
		if _, err := io.WriteString(c, first); err != nil {
			t.Fatal(err)
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-closed:
				return time.Since(begin)
			case <-tick.C:
				if _, err := io.WriteString(c, line); err != nil {
					return time.Since(begin)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a slow client kept its connection for 5 s")
			}
		}
	}
	if d := trickle("GET /ping HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n"); d < 250*time.Millisecond || d > 2*time.Second {
		t.Errorf("slow headers: the connection lasted %v; the header limit is %v", d, limits.header)
	}
	if d := trickle("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\nContent-Length: 100000\r\n\r\n{", " "); d > 3*time.Second {
		t.Errorf("slow body: the connection lasted %v; the read limit is %v", d, limits.read)
	}

	// A normal client meanwhile.
	if resp, err := http.Get("http://" + addr + "/ping"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("a normal client: %v %v", resp, err)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/ping", nil)
	req.Header.Set("X-Huge", strings.Repeat("a", limits.headerBytes+8<<10)) // net/http allows 4 KiB over the limit
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("headers over %d bytes: %d, want 431", limits.headerBytes, resp.StatusCode)
	}
}

// TestSecurityHeaders: every SCIM answer says no-store, the status page
// sends its Content-Security-Policy, and under TLS every answer carries
// HSTS (and a plain HTTP one does not).
func TestSecurityHeaders(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	start(t, "quickstart", "--data-dir", dir, "--addr", addr)
	waitFor(t, "http://"+addr+"/ping")
	token, _ := os.ReadFile(filepath.Join(dir, "bearer-token"))
	get := func(c *http.Client, url, token string) http.Header {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}
	base := "http://" + addr
	for _, path := range []string{"/scim/v2/Users", "/scim/v2/ServiceProviderConfig", "/scim/v2/Users/nobody", "/health"} {
		for _, tok := range []string{strings.TrimSpace(string(token)), "wrong"} {
			if h := get(http.DefaultClient, base+path, tok); h.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
			}
		}
	}
	h := get(http.DefaultClient, base+"/app", "")
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") && !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("/app: Content-Security-Policy %q", csp)
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP")
	}

	// TLS mode with certificate files; no scimsession (the status page
	// explains how to install one).
	cert, key := selfSigned(t)
	saved := httpsAddr
	t.Cleanup(func() { httpsAddr = saved })
	httpsAddr = freeAddr(t)
	t.Setenv("OP_SESSION", filepath.Join(t.TempDir(), "none"))
	t.Setenv("OP_TLS_CERT_FILE", cert)
	t.Setenv("OP_TLS_KEY_FILE", key)
	start(t, "serve")
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	tlsBase := "https://" + httpsAddr
	eventually(t, "the HTTPS listener answers", func() bool {
		resp, err := c.Get(tlsBase + "/ping")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
	for _, path := range []string{"/ping", "/app", "/scim/v2/Users"} {
		if h := get(c, tlsBase+path, ""); !strings.HasPrefix(h.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("%s over TLS: Strict-Transport-Security %q", path, h.Get("Strict-Transport-Security"))
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(k)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(path, typ string, b []byte) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		_ = pem.Encode(w, &pem.Block{Type: typ, Bytes: b})
		_ = w.Flush()
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "EC PRIVATE KEY", kd)
	return certFile, keyFile
}

// TestShutdownDrains: SIGTERM (here, the end of run's context) lets a
// request in flight finish and be answered, refuses new connections, stops
// the watchers and exits 0.
func TestShutdownDrains(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, []string{"quickstart", "--data-dir", dir, "--addr", addr}, out, out) }()
	waitFor(t, "http://"+addr+"/ping")
	token, _ := os.ReadFile(filepath.Join(dir, "bearer-token"))

	// A create whose body takes a second to arrive.
	body, send := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+addr+"/scim/v2/Users", body)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	req.Header.Set("Content-Type", "application/scim+json")
	answered := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("the request in flight failed: %v", err)
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	_, _ = io.WriteString(send, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],`)
	time.Sleep(200 * time.Millisecond)
	cancel() // SIGTERM
	time.Sleep(300 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted during shutdown")
	}
	_, _ = io.WriteString(send, `"userName":"late@example.com"}`)
	send.Close()
	if status := <-answered; status != http.StatusCreated {
		t.Errorf("the request in flight got %d, want 201", status)
	}
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("exit %d:\n%s", code, out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("quickstart did not stop")
	}
	if !strings.Contains(out.String(), "scimbridge stopped") {
		t.Errorf("no stop line:\n%s", out)
	}
	var people []personJSON
	_ = json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--data-dir", dir)), &people)
	if len(people) != 1 || people[0].UserName != "late@example.com" {
		t.Errorf("after the drain the account holds %+v", people)
	}
}

// TestLooseScimsessionWarns: serve warns at start-up when others can read
// the scimsession file, and says nothing when only its owner can.
func TestLooseScimsessionWarns(t *testing.T) {
	dir := t.TempDir()
	func() { // a scimsession, as setup writes it (0600)
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"quickstart", "--data-dir", dir, "--addr", addr}, io.Discard, io.Discard)
		}()
		waitFor(t, "http://"+addr+"/ping")
		cancel()
		<-done
	}()
	session := filepath.Join(dir, "scimsession")
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o644, true}} {
		if err := os.Chmod(session, tc.mode); err != nil {
			t.Fatal(err)
		}
		_, port, _ := net.SplitHostPort(freeAddr(t))
		t.Setenv("OP_SESSION", session)
		t.Setenv("OP_PORT", port)
		ctx, cancel := context.WithCancel(context.Background())
		out := &syncBuffer{}
		done := make(chan int, 1)
		go func() { done <- run(ctx, []string{"serve"}, out, out) }()
		waitFor(t, "http://127.0.0.1:"+port+"/ping")
		cancel()
		<-done
		if warned := strings.Contains(out.String(), "can be read by other users"); warned != tc.warn {
			t.Errorf("scimsession mode %v: warned %v, want %v:\n%s", tc.mode, warned, tc.warn, out)
		}
	}
}
