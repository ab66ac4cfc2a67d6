package tlsconf

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
)

func TestParsePrivateKeyFormats(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := x509.MarshalECPrivateKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"PKCS #8 EC", keyPEM(t, ec)},
		{"SEC 1 EC", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})},
		{"PKCS #1 RSA", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rk)})},
		{"PKCS #8 Ed25519", keyPEM(t, ed)},
		{"after a certificate", append(certsPEM(newCert(t, certSpec{cn: "x"}, nil).cert), keyPEM(t, ec)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParsePrivateKey(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if k.Public() == nil {
				t.Error("no public key")
			}
		})
	}
	if _, err := ParsePrivateKey(pem.EncodeToMemory(&pem.Block{Type: "DSA PRIVATE KEY", Bytes: []byte{1}})); err == nil || !strings.Contains(err.Error(), "unsupported") {
		t.Errorf("DSA: %v", err)
	}
}

func TestLoadCertPool(t *testing.T) {
	p := newPKI(t)
	pool, err := LoadCertPool(certsPEM(p.root.cert))
	if err != nil {
		t.Fatal(err)
	}
	inter := x509.NewCertPool()
	inter.AddCert(p.inter.cert)
	if _, err := p.leaf.cert.Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter, CurrentTime: testNow}); err != nil {
		t.Error(err)
	}
	if _, err := LoadCertPool([]byte("nothing")); err == nil {
		t.Error("no error for a file without certificates")
	}
}

// FuzzParseCertificates: any input gives certificates or an error, never
// a panic or an empty success.
func FuzzParseCertificates(f *testing.F) {
	p := newPKI(f)
	f.Add(certsPEM(p.leaf.cert, p.inter.cert))
	f.Add(append(keyPEM(f, p.leaf.key), certsPEM(p.leaf.cert)...))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		certs, err := ParseCertificates(data)
		if err == nil && len(certs) == 0 {
			t.Fatal("success without certificates")
		}
	})
}

// FuzzParsePrivateKey: any input gives a usable key or an error that does
// not echo the input.
func FuzzParsePrivateKey(f *testing.F) {
	p := newPKI(f)
	f.Add(keyPEM(f, p.leaf.key))
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte("secretsecretsecret")}))
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x00}}))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParsePrivateKey(data)
		if err != nil {
			if len(data) >= 12 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("the error echoes the input: %v", err)
			}
			return
		}
		if k.Public() == nil {
			t.Fatal("a key without a public half")
		}
	})
}

// FuzzCheckChain: whatever certificates a file holds, in any order, the
// chain starts with the certificate matching the key, each certificate is
// signed by the next, and nothing panics.
func FuzzCheckChain(f *testing.F) {
	p := newPKI(f)
	all := []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert, newCert(f, certSpec{cn: "stray"}, p.inter).cert}
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{1, 0})
	f.Add([]byte{3, 2, 2, 0})
	f.Fuzz(func(t *testing.T, order []byte) {
		var certs []*x509.Certificate
		for _, b := range order {
			certs = append(certs, all[int(b)%len(all)])
		}
		chain, _, err := CheckChain(certs, ChainCheck{Key: p.leaf.key.Public(), Now: testNow, Roots: p.roots()})
		if err != nil {
			return
		}
		if !chain[0].Equal(p.leaf.cert) {
			t.Fatalf("chain starts with %s", describe(chain[0]))
		}
		for i := 0; i+1 < len(chain); i++ {
			if err := chain[i].CheckSignatureFrom(chain[i+1]); err != nil {
				t.Fatalf("%s not signed by %s", describe(chain[i]), describe(chain[i+1]))
			}
		}
	})
}
