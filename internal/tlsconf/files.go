package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// FilesOptions says where the operator's certificate and key are
// (OP_TLS_CERT_FILE, OP_TLS_KEY_FILE) and how to check them.
type FilesOptions struct {
	CertFile string // PEM: the leaf, then its intermediates
	KeyFile  string // PEM: the leaf's private key
	// Logger receives reloads and the problems of reloaded files.
	Logger *slog.Logger
	// Roots the chain should lead to; nil means the system's.
	Roots *x509.CertPool
	// CheckInterval is how often, at most, a handshake stats the files
	// for a change; 0 means every second.
	CheckInterval time.Duration
	// Now is the clock for validity checks; nil means time.Now.
	Now func() time.Time
}

// Files serves the certificate in the operator's files and picks up a
// rotated certificate without a restart: a handshake at most every
// CheckInterval stats both files and, when either changed, loads them
// again. A new pair that does not load (the key not written yet, say) is
// logged and the previous certificate stays in service.
type Files struct {
	opts FilesOptions

	cert      atomic.Pointer[tls.Certificate]
	nextCheck atomic.Int64 // unix nanoseconds

	mu      sync.Mutex // serializes reloads and guards the fields below
	stamps  [2]os.FileInfo
	lastErr string
}

// LoadFiles loads and checks the files. The problems are warnings to log
// at start-up: the certificate is served anyway (in the right order when
// the file had it wrong). Unreadable files, a key matching no certificate
// and unparsable PEM are errors.
func LoadFiles(opts FilesOptions) (*Files, []Problem, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.CheckInterval <= 0 {
		opts.CheckInterval = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	f := &Files{opts: opts}
	stamps, err := f.stat()
	if err != nil {
		return nil, nil, err
	}
	cert, problems, err := f.load()
	if err != nil {
		return nil, nil, err
	}
	f.cert.Store(cert)
	f.stamps = stamps
	f.nextCheck.Store(time.Now().Add(opts.CheckInterval).UnixNano())
	return f, problems, nil
}

// TLSConfig serves the files' certificate over TLS 1.2 or later, for
// HTTP/2 and HTTP/1.1.
func (f *Files) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     MinVersion,
		NextProtos:     append([]string(nil), httpProtos...),
		GetCertificate: f.GetCertificate,
	}
}

// Certificate is the certificate being served.
func (f *Files) Certificate() *tls.Certificate { return f.cert.Load() }

// GetCertificate is tls.Config.GetCertificate: the current certificate,
// after reloading the files if they changed.
func (f *Files) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	f.maybeReload()
	return f.cert.Load(), nil
}

// maybeReload stats the files once per interval; a handshake that finds
// another one checking does not wait for it.
func (f *Files) maybeReload() {
	now := time.Now()
	next := f.nextCheck.Load()
	if now.UnixNano() < next || !f.nextCheck.CompareAndSwap(next, now.Add(f.opts.CheckInterval).UnixNano()) {
		return
	}
	if !f.mu.TryLock() {
		return
	}
	defer f.mu.Unlock()
	stamps, err := f.stat()
	if err != nil {
		f.warnOnce("TLS certificate files are unreadable; still serving the certificate loaded before", err)
		return
	}
	if sameFile(f.stamps[0], stamps[0]) && sameFile(f.stamps[1], stamps[1]) {
		return
	}
	// Remember these files whether or not they load, so that a bad pair
	// is reported once and tried again only when a file changes again.
	f.stamps = stamps
	cert, problems, err := f.load()
	if err != nil {
		f.warnOnce("TLS certificate files changed but do not load; still serving the certificate loaded before", err)
		return
	}
	f.lastErr = ""
	f.cert.Store(cert)
	f.opts.Logger.Info("TLS certificate files reloaded", "cert_file", f.opts.CertFile, "subject", cert.Leaf.Subject.String(), "not_after", cert.Leaf.NotAfter.UTC().Format(time.RFC3339))
	for _, p := range problems {
		f.opts.Logger.Warn("TLS certificate: "+p.Message, "cert_file", f.opts.CertFile)
	}
}

func (f *Files) warnOnce(msg string, err error) {
	if err.Error() == f.lastErr {
		return
	}
	f.lastErr = err.Error()
	f.opts.Logger.Warn(msg, "cert_file", f.opts.CertFile, "key_file", f.opts.KeyFile, "error", err)
}

func (f *Files) stat() ([2]os.FileInfo, error) {
	var st [2]os.FileInfo
	for i, name := range []string{f.opts.CertFile, f.opts.KeyFile} {
		fi, err := os.Stat(name)
		if err != nil {
			return st, err
		}
		st[i] = fi
	}
	return st, nil
}

// load reads, parses and checks the pair; the certificate it returns has
// the chain in the order clients expect.
func (f *Files) load() (*tls.Certificate, []Problem, error) {
	certPEM, err := os.ReadFile(f.opts.CertFile)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err := os.ReadFile(f.opts.KeyFile)
	if err != nil {
		return nil, nil, err
	}
	certs, err := ParseCertificates(certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.opts.CertFile, err)
	}
	key, err := ParsePrivateKey(keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.opts.KeyFile, err)
	}
	chain, problems, err := CheckChain(certs, ChainCheck{Key: key.Public(), Now: f.opts.Now(), Roots: f.opts.Roots})
	if err != nil {
		return nil, nil, fmt.Errorf("%s and %s: %w", f.opts.CertFile, f.opts.KeyFile, err)
	}
	cert := &tls.Certificate{PrivateKey: key, Leaf: chain[0]}
	for _, c := range chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	return cert, problems, nil
}

// sameFile: the same file, not modified since (a rotation that renames a
// new file into place, as Kubernetes secrets do, changes the identity).
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}
