package tlsconf

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ProblemKind names a kind of chain problem, so that callers and tests need
// not match on message text.
type ProblemKind int

// The chain problems CheckChain reports.
const (
	// MissingIntermediate: the leaf is not self-signed and the file has no
	// certificate that issued it. Browsers often fetch the intermediate by
	// themselves; identity providers (Okta) do not, and fail.
	MissingIntermediate ProblemKind = iota + 1
	// Misordered: the issuers are in the file but not each one right after
	// the certificate it issued. The served chain is put in order.
	Misordered
	// WrongIssuer: a certificate in the file carries the name of a
	// certificate's issuer but did not sign it (an intermediate from
	// another chain, or from before the CA renewed it).
	WrongIssuer
	// Unrelated: a certificate in the file is not part of the leaf's
	// chain. It is not served.
	Unrelated
	// Expired: a certificate of the chain is past its NotAfter.
	Expired
	// NotYetValid: a certificate of the chain is before its NotBefore.
	NotYetValid
	// ExpiresSoon: the leaf expires within ExpiryWarning.
	ExpiresSoon
	// Untrusted: the chain does not lead to a root the verifying pool
	// trusts, so clients that only trust public CAs will reject it.
	Untrusted
)

// ExpiryWarning is how close to its expiry a leaf gets an ExpiresSoon.
const ExpiryWarning = 14 * 24 * time.Hour

// Problem is something wrong with a certificate chain: a warning for the
// start-up log, written for the operator who has to fix the file.
type Problem struct {
	Kind    ProblemKind
	Message string
}

func (p Problem) String() string { return p.Message }

// ChainCheck is what CheckChain needs besides the certificates.
type ChainCheck struct {
	// Key is the public half of the private key; the leaf is the
	// certificate that matches it.
	Key crypto.PublicKey
	// Now is the time to check validity at.
	Now time.Time
	// Roots, when not nil, are the roots the chain should lead to; nil
	// means the system's roots. When the system has none, the Untrusted
	// check is skipped.
	Roots *x509.CertPool
}

// ErrKeyMismatch: the private key belongs to none of the certificates.
var ErrKeyMismatch = errors.New("the private key does not match any certificate in the file")

// CheckChain finds the leaf (the certificate matching the key), follows
// each certificate to the one in the file that signed it, and returns that
// chain in the order clients expect (leaf first, each certificate followed
// by its issuer) with the problems found. Only a key that matches no
// certificate is an error: everything else can still be served, and is
// reported so the operator can fix the file.
func CheckChain(certs []*x509.Certificate, c ChainCheck) ([]*x509.Certificate, []Problem, error) {
	if len(certs) == 0 {
		return nil, nil, errors.New("no certificates")
	}
	leafAt := -1
	for i, cert := range certs {
		if publicKeysEqual(cert.PublicKey, c.Key) {
			leafAt = i
			break
		}
	}
	if leafAt < 0 {
		return nil, nil, fmt.Errorf("%w (the first is %s)", ErrKeyMismatch, describe(certs[0]))
	}

	used := make([]bool, len(certs))
	wrong := make([]bool, len(certs))
	used[leafAt] = true
	chain := []*x509.Certificate{certs[leafAt]}
	var problems []Problem
	for cur := certs[leafAt]; !selfSigned(cur); {
		next := -1
		for i, cand := range certs {
			if used[i] || !bytes.Equal(cand.RawSubject, cur.RawIssuer) {
				continue
			}
			if cur.CheckSignatureFrom(cand) != nil {
				wrong[i] = true
				problems = append(problems, Problem{WrongIssuer, fmt.Sprintf(
					"certificate %d in the file, %s, has the name of the issuer of %s but did not sign it (an intermediate from another chain?); replace it with the issuer your CA gave you",
					i+1, describe(cand), describe(cur))})
				continue
			}
			next = i
			break
		}
		if next < 0 {
			if cur == chain[0] {
				problems = append(problems, Problem{MissingIntermediate, fmt.Sprintf(
					"the certificate file has the leaf %s but not the intermediate certificate that issued it (%s): add the intermediates after the leaf (your CA's \"full chain\" file); identity providers such as Okta reject a chain without them",
					describe(cur), cur.Issuer)})
			}
			break
		}
		used[next] = true
		cur = certs[next]
		chain = append(chain, cur)
	}

	if !inFileOrder(certs, chain) {
		problems = append(problems, Problem{Misordered, fmt.Sprintf(
			"the certificates in the file are out of order: found %s; expected the leaf first and each certificate followed by its issuer: %s; serving them in the expected order (fix the file for other tools)",
			list(certs), list(chain))})
	}
	for i, cert := range certs {
		if !used[i] && !wrong[i] {
			problems = append(problems, Problem{Unrelated, fmt.Sprintf(
				"certificate %d in the file, %s, is not part of the chain of %s and is not served",
				i+1, describe(cert), describe(chain[0]))})
		}
	}
	problems = append(problems, validity(chain, c.Now)...)
	if !hasKind(problems, MissingIntermediate) {
		if p, ok := trust(chain, c); !ok {
			problems = append(problems, p)
		}
	}
	return chain, problems, nil
}

// validity reports certificates of the chain outside their validity, and a
// leaf close to its end.
func validity(chain []*x509.Certificate, now time.Time) []Problem {
	var problems []Problem
	for i, cert := range chain {
		role := "intermediate"
		if i == 0 {
			role = "leaf"
		}
		switch {
		case now.After(cert.NotAfter):
			problems = append(problems, Problem{Expired, fmt.Sprintf(
				"the %s certificate %s expired on %s; clients refuse it", role, describe(cert), cert.NotAfter.UTC().Format(time.RFC3339))})
		case now.Before(cert.NotBefore):
			problems = append(problems, Problem{NotYetValid, fmt.Sprintf(
				"the %s certificate %s is not valid until %s (is the clock right?)", role, describe(cert), cert.NotBefore.UTC().Format(time.RFC3339))})
		case i == 0 && cert.NotAfter.Sub(now) < ExpiryWarning:
			problems = append(problems, Problem{ExpiresSoon, fmt.Sprintf(
				"the leaf certificate %s expires on %s; replace the files (the bridge reloads them without a restart)", describe(cert), cert.NotAfter.UTC().Format(time.RFC3339))})
		}
	}
	return problems
}

// trust verifies the chain against the roots, reporting only an unknown
// authority: expiry has its own problems, and a system without roots
// cannot tell.
func trust(chain []*x509.Certificate, c ChainCheck) (Problem, bool) {
	inter := x509.NewCertPool()
	for _, cert := range chain[1:] {
		inter.AddCert(cert)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{
		Intermediates: inter, Roots: c.Roots, CurrentTime: c.Now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	var unknown x509.UnknownAuthorityError
	if err == nil || !errors.As(err, &unknown) {
		return Problem{}, true
	}
	last := chain[len(chain)-1]
	if len(chain) == 1 && selfSigned(last) {
		return Problem{Untrusted, fmt.Sprintf(
			"the certificate %s is self-signed: identity providers in the cloud reject it unless they were told to trust it; use one from a public CA (or OP_TLS_DOMAIN for Let's Encrypt)", describe(last))}, false
	}
	if selfSigned(last) {
		return Problem{Untrusted, fmt.Sprintf(
			"the chain ends at %s, a root this system does not trust: identity providers in the cloud reject it unless they were told to trust it", describe(last))}, false
	}
	return Problem{Untrusted, fmt.Sprintf(
		"the chain ends at %s, issued by %s, which this system does not trust: an intermediate may be missing, or the CA is private (identity providers in the cloud then reject it)", describe(last), last.Issuer)}, false
}

// selfSigned: issued by itself and signed with its own key (whether or not
// it may act as a CA).
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawSubject, c.RawIssuer) &&
		c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && b != nil && k.Equal(b)
}

// inFileOrder: the file starts with the chain, in order.
func inFileOrder(certs, chain []*x509.Certificate) bool {
	for i, c := range chain {
		if certs[i] != c {
			return false
		}
	}
	return true
}

func hasKind(problems []Problem, k ProblemKind) bool {
	for _, p := range problems {
		if p.Kind == k {
			return true
		}
	}
	return false
}

// describe names a certificate for the operator: its subject.
func describe(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return fmt.Sprintf("%q", c.Subject.CommonName)
	}
	if len(c.DNSNames) > 0 {
		return fmt.Sprintf("%q", c.DNSNames[0])
	}
	return fmt.Sprintf("%q", c.Subject.String())
}

func list(certs []*x509.Certificate) string {
	parts := make([]string, len(certs))
	for i, c := range certs {
		parts[i] = fmt.Sprintf("%d. %s", i+1, describe(c))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
