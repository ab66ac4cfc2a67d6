package credentials

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wrap76 breaks s into lines of 76 characters, as base64(1) does.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

func TestLoadForms(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	dir := t.TempDir()
	path := filepath.Join(dir, "scimsession")
	if err := WriteFile(path, p.session); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b64Path := filepath.Join(dir, "scimsession.b64")
	if err := os.WriteFile(b64Path, []byte(wrap76(base64.StdEncoding.EncodeToString(data))), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		value string
	}{
		{"path", path},
		{"path with trailing newline", path + "\n"},
		{"file holding base64", b64Path},
		{"raw JSON", string(data)},
		{"raw JSON with surrounding space", "\n  " + string(data) + "  \n"},
		{"base64 std", base64.StdEncoding.EncodeToString(data)},
		{"base64 std unpadded", base64.RawStdEncoding.EncodeToString(data)},
		{"base64 URL", base64.URLEncoding.EncodeToString(data)},
		{"base64 URL unpadded", base64.RawURLEncoding.EncodeToString(data)},
		{"base64 wrapped at 76 columns", wrap76(base64.StdEncoding.EncodeToString(data))},
		{"base64 with CRLF", strings.ReplaceAll(wrap76(base64.StdEncoding.EncodeToString(data)), "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.value)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !s.Verify(p.token) {
				t.Fatal("Verify rejected the right token")
			}
			u, err := s.Open(p.token)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if u != p.unlocked {
				t.Errorf("Open = %v, want %v", u, p.unlocked)
			}
			if s.AccountURL != p.session.AccountURL || s.CredentialID != p.session.CredentialID ||
				!s.Created.Equal(p.session.Created) {
				t.Errorf("clear text = %v, want %v", s, p.session)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	data, err := p.session.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, contents string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(contents), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	version2 := strings.Replace(string(data), `"version": "1"`, `"version": "2"`, 1)
	good64 := base64.StdEncoding.EncodeToString(data)
	damaged64 := good64[:40] + "!!" + good64[42:]
	missing := filepath.Join(dir, "nope", "scimsession")

	tests := []struct {
		name    string
		value   string
		mention []string // the error must say these
	}{
		{"empty", "  \n", []string{"empty"}},
		{"missing file", missing, []string{"no such file", "nor base64"}},
		{"directory", dir, []string{"file " + dir, "directory"}},
		{"empty file", write("empty", ""), []string{"file ", "empty"}},
		{"file with garbage", write("garbage", "hello, world"), []string{"file ", "neither JSON nor base64"}},
		{"file with version 2", write("v2", version2), []string{"file ", "unsupported version"}},
		{"file with base64 of version 2", write("v2.b64", base64.StdEncoding.EncodeToString([]byte(version2))),
			[]string{"file ", "base64", "unsupported version"}},
		{"file too large", write("large", "{"+strings.Repeat(" ", 70<<10)+"}"), []string{"larger than"}},
		{"raw JSON, version 2", version2, []string{"given as JSON", "unsupported version"}},
		{"raw JSON, truncated", string(data[:100]), []string{"given as JSON"}},
		{"base64 of version 2", base64.StdEncoding.EncodeToString([]byte(version2)), []string{"given as base64", "unsupported version"}},
		{"damaged base64", damaged64, []string{"not a readable file", "it is not base64"}},
		{"base64 of something else", base64.StdEncoding.EncodeToString([]byte("not a session")), []string{"decodes to something else"}},
		{"relative name of a missing file", "scimsession", []string{"no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.value)
			if err == nil {
				t.Fatalf("Load accepted it: %v", s)
			}
			msg := err.Error()
			for _, m := range tt.mention {
				if !strings.Contains(msg, m) {
					t.Errorf("error %q does not say %q", msg, m)
				}
			}
			assertNoSecrets(t, "error", msg, p.secretsOf(t))
			// Never the contents, in any of their forms.
			for _, c := range []string{good64[:40], damaged64[:40], strings.TrimSpace(tt.value)} {
				if len(c) > 20 && !strings.HasPrefix(c, "/") && strings.Contains(msg, c) {
					t.Errorf("error %q quotes the value", msg)
				}
			}
		})
	}
}

func TestWriteFileMode(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	dir := t.TempDir()
	path := filepath.Join(dir, "scimsession")
	// An existing, world-readable file is replaced by a private one.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if loose, mode, err := CheckFileMode(path); err != nil || !loose {
		t.Fatalf("CheckFileMode(0644) = %v, %v, %v; want loose", loose, mode, err)
	}
	if err := WriteFile(path, p.session); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	if loose, _, err := CheckFileMode(path); err != nil || loose {
		t.Errorf("CheckFileMode(0600) = %v, %v; want not loose", loose, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the scimsession (temporary file left?)", len(entries))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(data), "}\n") {
		t.Error("file does not end in a newline")
	}
	assertNoSecrets(t, "scimsession file", string(data), p.secretsOf(t))
	if _, err := Load(path); err != nil {
		t.Errorf("Load after WriteFile: %v", err)
	}
}

func TestWriteFileFails(t *testing.T) {
	p := newSealed(t, "")
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "missing", "scimsession"), p.session); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
	if err := WriteFile(filepath.Join(dir, "scimsession"), &Session{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("WriteFile of an unsealed session = %v, want ErrMalformed", err)
	}
	// A directory in the way: the rename fails and no temporary file stays.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "child"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(blocked, p.session); err == nil {
		t.Error("WriteFile over a non-empty directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestCheckFileMode(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		mode  os.FileMode
		loose bool
	}{
		{0o600, false},
		{0o400, false},
		{0o700, false},
		{0o640, true},
		{0o604, true},
		{0o644, true},
		{0o660, true},
		{0o620, false}, // group may write but not read
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			path := filepath.Join(dir, tt.mode.String())
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			loose, mode, err := CheckFileMode(path)
			if err != nil {
				t.Fatal(err)
			}
			if loose != tt.loose || mode.Perm() != tt.mode {
				t.Errorf("CheckFileMode = %v, %v; want %v, %v", loose, mode.Perm(), tt.loose, tt.mode)
			}
		})
	}
	// Through a symbolic link, as Kubernetes mounts secrets.
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "-rw-r--r--"), link); err != nil {
		t.Fatal(err)
	}
	if loose, _, err := CheckFileMode(link); err != nil || !loose {
		t.Errorf("CheckFileMode(link to 0644) = %v, %v; want loose", loose, err)
	}
	if _, _, err := CheckFileMode(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckFileMode(missing) error = %v, want ErrNotExist", err)
	}
}

// FuzzLoad checks that Load never panics and accepts only well-formed
// sessions, whatever form the value takes.
func FuzzLoad(f *testing.F) {
	p := newSealed(f, "http://127.0.0.1:3003")
	data, err := p.session.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data))
	f.Add(base64.StdEncoding.EncodeToString(data))
	f.Add(base64.RawURLEncoding.EncodeToString(data))
	f.Add(wrap76(base64.StdEncoding.EncodeToString(data)))
	f.Add("/nonexistent/scimsession")
	f.Add("eyJ2ZXJzaW9uIjoiMSJ9")
	f.Add("{")
	f.Fuzz(func(t *testing.T, value string) {
		s, err := Load(value)
		if err != nil {
			return
		}
		checkAccepted(t, s, p)
	})
}
