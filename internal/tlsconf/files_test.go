package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeFile replaces path by renaming a new file over it, as rotation
// tools and Kubernetes secret mounts do.
func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// pairFiles writes a certificate file and a key file in a new directory.
func pairFiles(t *testing.T, certPEM, keyPEM []byte) (string, string) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeFile(t, certFile, certPEM)
	writeFile(t, keyFile, keyPEM)
	return certFile, keyFile
}

// handshake connects to a TLS server using cfg and returns the chain the
// server sent, verified against roots for bridge.example.com at testNow.
func handshake(t *testing.T, cfg *tls.Config, roots *x509.CertPool, version uint16) ([]*x509.Certificate, error) {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		_ = conn.(*tls.Conn).Handshake()
	}()
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", ln.Addr().String(), &tls.Config{
		ServerName: "bridge.example.com", RootCAs: roots, MinVersion: version, MaxVersion: version,
		Time: func() time.Time { return testNow },
	})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates, nil
}

func TestLoadFilesServesTheChainInOrder(t *testing.T) {
	p := newPKI(t)
	for _, tc := range []struct {
		name      string
		file      []*x509.Certificate
		wantKinds []ProblemKind
	}{
		{"in order", []*x509.Certificate{p.leaf.cert, p.inter.cert}, nil},
		{"misordered", []*x509.Certificate{p.inter.cert, p.leaf.cert}, []ProblemKind{Misordered}},
		{"missing intermediate", []*x509.Certificate{p.leaf.cert}, []ProblemKind{MissingIntermediate}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			certFile, keyFile := pairFiles(t, certsPEM(tc.file...), keyPEM(t, p.leaf.key))
			f, problems, err := LoadFiles(FilesOptions{CertFile: certFile, KeyFile: keyFile, Roots: p.roots(), Now: func() time.Time { return testNow }})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []ProblemKind
			for _, pr := range problems {
				kinds = append(kinds, pr.Kind)
			}
			if len(kinds) != len(tc.wantKinds) || (len(kinds) > 0 && kinds[0] != tc.wantKinds[0]) {
				t.Errorf("problems %v, want %v", problems, tc.wantKinds)
			}
			roots := p.roots()
			if len(tc.file) == 1 {
				// The client has to know the intermediate by itself.
				roots.AddCert(p.inter.cert)
			}
			chain, err := handshake(t, f.TLSConfig(), roots, tls.VersionTLS12)
			if err != nil {
				t.Fatal(err)
			}
			if !chain[0].Equal(p.leaf.cert) || (len(tc.file) == 2 && (len(chain) != 2 || !chain[1].Equal(p.inter.cert))) {
				t.Errorf("served %s", list(chain))
			}
		})
	}
}

func TestFilesRefuseOldTLS(t *testing.T) {
	p := newPKI(t)
	certFile, keyFile := pairFiles(t, certsPEM(p.leaf.cert, p.inter.cert), keyPEM(t, p.leaf.key))
	f, _, err := LoadFiles(FilesOptions{CertFile: certFile, KeyFile: keyFile, Roots: p.roots()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		version uint16
		ok      bool
	}{
		{tls.VersionTLS10, false}, {tls.VersionTLS11, false}, {tls.VersionTLS12, true}, {tls.VersionTLS13, true},
	} {
		_, err := handshake(t, f.TLSConfig(), p.roots(), tc.version)
		if (err == nil) != tc.ok {
			t.Errorf("%s: handshake error %v, want success %v", tls.VersionName(tc.version), err, tc.ok)
		}
	}
}

func TestFilesReloadWhenChanged(t *testing.T) {
	p := newPKI(t)
	certFile, keyFile := pairFiles(t, certsPEM(p.leaf.cert, p.inter.cert), keyPEM(t, p.leaf.key))
	log, logs := testLogger(t)
	f, _, err := LoadFiles(FilesOptions{CertFile: certFile, KeyFile: keyFile, Roots: p.roots(), Logger: log,
		CheckInterval: time.Millisecond, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	served := func() *x509.Certificate {
		t.Helper()
		time.Sleep(3 * time.Millisecond)
		c, err := f.GetCertificate(&tls.ClientHelloInfo{ServerName: "bridge.example.com"})
		if err != nil {
			t.Fatal(err)
		}
		return c.Leaf
	}
	if !served().Equal(p.leaf.cert) {
		t.Fatal("not serving the first certificate")
	}

	// Rotation: a new leaf and key.
	next := newCert(t, certSpec{cn: "bridge.example.com", dnsNames: []string{"bridge.example.com"}}, p.inter)
	writeFile(t, certFile, certsPEM(next.cert, p.inter.cert))
	writeFile(t, keyFile, keyPEM(t, next.key))
	if !served().Equal(next.cert) {
		t.Fatal("the rotated certificate is not served")
	}
	if !strings.Contains(logs.String(), "TLS certificate files reloaded") {
		t.Error("the reload is not logged")
	}

	// A half-done rotation: the new certificate, the old key. Keep serving.
	third := newCert(t, certSpec{cn: "bridge.example.com", dnsNames: []string{"bridge.example.com"}}, p.inter)
	writeFile(t, certFile, certsPEM(third.cert, p.inter.cert))
	if !served().Equal(next.cert) {
		t.Fatal("a pair that does not match replaced the working certificate")
	}
	if n := strings.Count(logs.String(), "do not load"); n != 1 {
		t.Errorf("the bad pair is logged %d times, want once", n)
	}
	served()
	if n := strings.Count(logs.String(), "do not load"); n != 1 {
		t.Errorf("the bad pair is logged again (%d times) though nothing changed", n)
	}
	writeFile(t, keyFile, keyPEM(t, third.key))
	if !served().Equal(third.cert) {
		t.Fatal("the completed rotation is not served")
	}

	// Files gone: keep the certificate in memory.
	if err := os.Remove(certFile); err != nil {
		t.Fatal(err)
	}
	if !served().Equal(third.cert) || !strings.Contains(logs.String(), "unreadable") {
		t.Error("a missing file is not survived or not logged")
	}
}

func TestLoadFilesErrors(t *testing.T) {
	p := newPKI(t)
	other := newCert(t, certSpec{cn: "other"}, nil)
	encrypted := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1, 2, 3}})
	for _, tc := range []struct {
		name      string
		cert, key []byte
		want      string
	}{
		{"wrong key", certsPEM(p.leaf.cert, p.inter.cert), keyPEM(t, other.key), "does not match"},
		{"encrypted key", certsPEM(p.leaf.cert), encrypted, "encrypted"},
		{"DER certificate", p.leaf.cert.Raw, keyPEM(t, p.leaf.key), "no PEM CERTIFICATE"},
		{"no key", certsPEM(p.leaf.cert), certsPEM(p.leaf.cert), "no PEM PRIVATE KEY"},
		{"broken certificate", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("junk")}), keyPEM(t, p.leaf.key), "PEM block 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			certFile, keyFile := pairFiles(t, tc.cert, tc.key)
			_, _, err := LoadFiles(FilesOptions{CertFile: certFile, KeyFile: keyFile})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, _, err := LoadFiles(FilesOptions{CertFile: filepath.Join(t.TempDir(), "nope.pem"), KeyFile: "nope.key"})
		if !os.IsNotExist(err) {
			t.Fatalf("error %v, want not exist", err)
		}
	})
}
