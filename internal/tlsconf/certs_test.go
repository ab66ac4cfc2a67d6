package tlsconf

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// testNow is the clock of the chain tests.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// issued is a generated certificate with its key.
type issued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// certSpec describes a certificate to generate.
type certSpec struct {
	cn        string
	ca        bool
	dnsNames  []string
	notBefore time.Time
	notAfter  time.Time
	key       crypto.Signer // nil: a new P-256 key
}

// newCert makes a certificate signed by parent (self-signed when nil).
func newCert(t testing.TB, s certSpec, parent *issued) *issued {
	t.Helper()
	key := s.key
	if key == nil {
		var err error
		if key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			t.Fatal(err)
		}
	}
	if s.notBefore.IsZero() {
		s.notBefore = testNow.Add(-30 * 24 * time.Hour)
	}
	if s.notAfter.IsZero() {
		s.notAfter = testNow.Add(60 * 24 * time.Hour)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: s.cn},
		NotBefore:             s.notBefore,
		NotAfter:              s.notAfter,
		DNSNames:              s.dnsNames,
		BasicConstraintsValid: true,
		IsCA:                  s.ca,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if s.ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	signerCert, signerKey := tmpl, key
	if parent != nil {
		signerCert, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signerKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &issued{cert: cert, key: key}
}

// pki is a root, an intermediate it signed, and a leaf for
// bridge.example.com the intermediate signed.
type pki struct {
	root, inter, leaf *issued
}

func newPKI(t testing.TB) pki {
	root := newCert(t, certSpec{cn: "Test Root", ca: true, notAfter: testNow.Add(10 * 365 * 24 * time.Hour)}, nil)
	inter := newCert(t, certSpec{cn: "Test Intermediate", ca: true, notAfter: testNow.Add(5 * 365 * 24 * time.Hour)}, root)
	leaf := newCert(t, certSpec{cn: "bridge.example.com", dnsNames: []string{"bridge.example.com"}}, inter)
	return pki{root, inter, leaf}
}

func (p pki) roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.root.cert)
	return pool
}

func certsPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

func keyPEM(t testing.TB, key crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
