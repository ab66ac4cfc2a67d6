package tlsconf

import (
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckChain(t *testing.T) {
	p := newPKI(t)
	day := 24 * time.Hour
	expiredLeaf := newCert(t, certSpec{cn: "bridge.example.com", notBefore: testNow.Add(-100 * day), notAfter: testNow.Add(-day)}, p.inter)
	futureLeaf := newCert(t, certSpec{cn: "bridge.example.com", notBefore: testNow.Add(day)}, p.inter)
	soonLeaf := newCert(t, certSpec{cn: "bridge.example.com", notAfter: testNow.Add(3 * day)}, p.inter)
	expiredInter := newCert(t, certSpec{cn: "Old Intermediate", ca: true, notBefore: testNow.Add(-400 * day), notAfter: testNow.Add(-day)}, p.root)
	leafOfExpired := newCert(t, certSpec{cn: "bridge.example.com"}, expiredInter)
	// Same name as the real intermediate, another key: it did not sign the leaf.
	impostor := newCert(t, certSpec{cn: "Test Intermediate", ca: true}, p.root)
	stranger := newCert(t, certSpec{cn: "other.example.com"}, p.inter)
	selfSigned := newCert(t, certSpec{cn: "bridge.example.com"}, nil)
	otherPKI := newPKI(t)

	for _, tc := range []struct {
		name      string
		certs     []*x509.Certificate
		key       *issued // whose public key; default the first cert's
		roots     *x509.CertPool
		wantChain []*x509.Certificate
		wantKinds []ProblemKind
		wantText  []string // substrings of the messages
		wantErr   error
	}{
		{name: "good chain", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert},
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert}},
		{name: "good chain with the root", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert},
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert}},
		{name: "missing intermediate", certs: []*x509.Certificate{p.leaf.cert},
			wantChain: []*x509.Certificate{p.leaf.cert}, wantKinds: []ProblemKind{MissingIntermediate},
			wantText: []string{`leaf "bridge.example.com"`, "CN=Test Intermediate", "Okta"}},
		{name: "misordered", certs: []*x509.Certificate{p.inter.cert, p.leaf.cert}, key: p.leaf,
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert}, wantKinds: []ProblemKind{Misordered},
			wantText: []string{`found [1. "Test Intermediate", 2. "bridge.example.com"]`, `[1. "bridge.example.com", 2. "Test Intermediate"]`}},
		{name: "misordered with the root first", certs: []*x509.Certificate{p.root.cert, p.leaf.cert, p.inter.cert}, key: p.leaf,
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert}, wantKinds: []ProblemKind{Misordered}},
		{name: "wrong key", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert}, key: stranger,
			wantErr: ErrKeyMismatch},
		{name: "key of the intermediate", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert}, key: p.inter,
			// The intermediate is then the leaf, and its issuer is missing.
			wantChain: []*x509.Certificate{p.inter.cert}, wantKinds: []ProblemKind{MissingIntermediate, Misordered, Unrelated}},
		{name: "expired leaf", certs: []*x509.Certificate{expiredLeaf.cert, p.inter.cert},
			wantChain: []*x509.Certificate{expiredLeaf.cert, p.inter.cert}, wantKinds: []ProblemKind{Expired},
			wantText: []string{"leaf certificate", "expired on"}},
		{name: "expired intermediate", certs: []*x509.Certificate{leafOfExpired.cert, expiredInter.cert},
			wantChain: []*x509.Certificate{leafOfExpired.cert, expiredInter.cert}, wantKinds: []ProblemKind{Expired},
			wantText: []string{`intermediate certificate "Old Intermediate" expired`}},
		{name: "not yet valid", certs: []*x509.Certificate{futureLeaf.cert, p.inter.cert},
			wantChain: []*x509.Certificate{futureLeaf.cert, p.inter.cert}, wantKinds: []ProblemKind{NotYetValid}},
		{name: "expires soon", certs: []*x509.Certificate{soonLeaf.cert, p.inter.cert},
			wantChain: []*x509.Certificate{soonLeaf.cert, p.inter.cert}, wantKinds: []ProblemKind{ExpiresSoon}},
		{name: "unrelated certificate", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert, stranger.cert},
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert}, wantKinds: []ProblemKind{Unrelated},
			wantText: []string{`certificate 3 in the file, "other.example.com"`}},
		{name: "intermediate of another chain", certs: []*x509.Certificate{p.leaf.cert, impostor.cert},
			wantChain: []*x509.Certificate{p.leaf.cert}, wantKinds: []ProblemKind{WrongIssuer, MissingIntermediate}},
		{name: "private root", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert}, roots: otherPKI.roots(),
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert}, wantKinds: []ProblemKind{Untrusted},
			wantText: []string{`ends at "Test Intermediate"`}},
		{name: "private root included", certs: []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert}, roots: otherPKI.roots(),
			wantChain: []*x509.Certificate{p.leaf.cert, p.inter.cert, p.root.cert}, wantKinds: []ProblemKind{Untrusted},
			wantText: []string{`ends at "Test Root", a root this system does not trust`}},
		{name: "self-signed", certs: []*x509.Certificate{selfSigned.cert},
			wantChain: []*x509.Certificate{selfSigned.cert}, wantKinds: []ProblemKind{Untrusted},
			wantText: []string{"self-signed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := tc.key
			if key == nil {
				key = map[*x509.Certificate]*issued{p.leaf.cert: p.leaf, expiredLeaf.cert: expiredLeaf, futureLeaf.cert: futureLeaf,
					soonLeaf.cert: soonLeaf, leafOfExpired.cert: leafOfExpired, selfSigned.cert: selfSigned}[tc.certs[0]]
			}
			roots := tc.roots
			if roots == nil {
				roots = p.roots()
			}
			chain, problems, err := CheckChain(tc.certs, ChainCheck{Key: key.key.Public(), Now: testNow, Roots: roots})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(chain, tc.wantChain) {
				t.Errorf("chain %s, want %s", list(chain), list(tc.wantChain))
			}
			var kinds []ProblemKind
			var text strings.Builder
			for _, pr := range problems {
				kinds = append(kinds, pr.Kind)
				text.WriteString(pr.String() + "\n")
			}
			if !slices.Equal(kinds, tc.wantKinds) {
				t.Errorf("problems %v, want kinds %v:\n%s", kinds, tc.wantKinds, text.String())
			}
			for _, want := range tc.wantText {
				if !strings.Contains(text.String(), want) {
					t.Errorf("no problem mentions %q:\n%s", want, text.String())
				}
			}
		})
	}
}

func TestCheckChainEmpty(t *testing.T) {
	if _, _, err := CheckChain(nil, ChainCheck{Now: testNow}); err == nil {
		t.Error("no error for no certificates")
	}
}
