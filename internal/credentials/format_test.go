package credentials

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMarshalFormat(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	b, err := p.session.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("{\n  \"version\": \"1\",\n")) {
		t.Errorf("file does not start with an indented version \"1\":\n%s", b)
	}
	var generic map[string]any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	want := map[string]any{
		"version":      "1",
		"accountURL":   "http://127.0.0.1:3003",
		"credentialId": p.unlocked.CredentialID,
		"createdAt":    "2025-03-14T14:09:26Z",
	}
	for k, v := range want {
		if generic[k] != v {
			t.Errorf("%s = %v, want %v", k, generic[k], v)
		}
	}
	verifier, _ := generic["verifier"].(map[string]any)
	creds, _ := generic["credentials"].(map[string]any)
	if verifier["alg"] != "HKDF-SHA256" || creds["alg"] != "A256GCM" || creds["kdf"] != "HKDF-SHA256" {
		t.Errorf("algorithms = %v, %v", verifier, creds)
	}
	for _, f := range []struct {
		obj  map[string]any
		name string
		size int
	}{{verifier, "salt", 16}, {verifier, "localHash", 32}, {creds, "nonce", 12}} {
		s, _ := f.obj[f.name].(string)
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != f.size {
			t.Errorf("%s: %d bytes (%v), want %d", f.name, len(raw), err, f.size)
		}
	}
	if len(generic) != 6 || len(verifier) != 3 || len(creds) != 4 {
		t.Errorf("unexpected fields: %d top-level, %d verifier, %d credentials", len(generic), len(verifier), len(creds))
	}
	assertNoSecrets(t, "scimsession JSON", string(b), p.secretsOf(t))
	// Nor is the plaintext credential id/key pair in there in any form.
	plaintext, _ := json.Marshal(p.unlocked)
	assertNoSecrets(t, "scimsession JSON", string(b), []string{string(plaintext),
		base64.StdEncoding.EncodeToString(plaintext)})
}

func TestMarshalUnmarshalRoundTrip(t *testing.T) {
	p := newSealed(t, "")
	for name, marshal := range map[string]func(any) ([]byte, error){
		"json.Marshal": json.Marshal,
		"json.MarshalIndent": func(v any) ([]byte, error) {
			return json.MarshalIndent(v, "\t", "\t")
		},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := marshal(p.session)
			if err != nil {
				t.Fatal(err)
			}
			var s Session
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			u, err := s.Open(p.token)
			if err != nil || u != p.unlocked {
				t.Fatalf("Open = %v, %v", u, err)
			}
			if s.AccountURL != "" || !s.Created.Equal(p.session.Created) {
				t.Errorf("clear text changed: %v", &s)
			}
		})
	}
}

// edit marshals s, lets change alter the generic JSON, and marshals it back.
func edit(t *testing.T, s *Session, change func(m map[string]any)) []byte {
	t.Helper()
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sub(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }

// flipBase64 changes one bit of byte i (from the end when negative) of a
// base64 byte field.
func flipBase64(m map[string]any, key string, i int) {
	raw, err := base64.StdEncoding.DecodeString(m[key].(string))
	if err != nil {
		panic(err)
	}
	if i < 0 {
		i += len(raw)
	}
	raw[i] ^= 1
	m[key] = base64.StdEncoding.EncodeToString(raw)
}

func TestTamperedFile(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   error // of Open, after a successful Load
	}{
		{"accountURL", func(m map[string]any) { m["accountURL"] = "http://evil.example:3003" }, ErrCorrupt},
		{"accountURL emptied", func(m map[string]any) { m["accountURL"] = "" }, ErrCorrupt},
		{"credentialId", func(m map[string]any) { m["credentialId"] = "another-credential" }, ErrCorrupt},
		{"createdAt", func(m map[string]any) { m["createdAt"] = "2025-03-14T14:09:27Z" }, ErrCorrupt},
		{"verifier.salt", func(m map[string]any) { flipBase64(sub(m, "verifier"), "salt", 3) }, ErrWrongToken},
		{"verifier.localHash", func(m map[string]any) { flipBase64(sub(m, "verifier"), "localHash", 0) }, ErrWrongToken},
		{"credentials.nonce", func(m map[string]any) { flipBase64(sub(m, "credentials"), "nonce", 11) }, ErrCorrupt},
		{"credentials.ciphertext", func(m map[string]any) { flipBase64(sub(m, "credentials"), "ciphertext", 7) }, ErrCorrupt},
		{"credentials.ciphertext tag", func(m map[string]any) { flipBase64(sub(m, "credentials"), "ciphertext", -1) }, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(string(edit(t, p.session, tt.change)))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			u, err := s.Open(p.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if u != (Unlocked{}) {
				t.Error("Open returned credentials with its error")
			}
			assertNoSecrets(t, "error", err.Error(), p.secretsOf(t))
		})
	}
}

func TestUnmarshalStrict(t *testing.T) {
	p := newSealed(t, "http://127.0.0.1:3003")
	good, err := p.session.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }
	type change = func(m map[string]any)
	tests := []struct {
		name   string
		change change
		raw    string // used instead of change when set
	}{
		{name: "empty", raw: " "},
		{name: "null", raw: "null"},
		{name: "array", raw: "[]"},
		{name: "string", raw: `"{}"`},
		{name: "empty object", raw: "{}"},
		{name: "truncated", raw: string(good[:len(good)/2])},
		{name: "trailing data", raw: string(good) + "{}"},
		{name: "trailing garbage", raw: string(good) + "x"},
		{name: "version 2", change: func(m map[string]any) { m["version"] = "2" }},
		{name: "numeric version", change: func(m map[string]any) { m["version"] = 1 }},
		{name: "unknown field", change: func(m map[string]any) { m["deviceUuid"] = "x" }},
		{name: "unknown verifier field", change: func(m map[string]any) { sub(m, "verifier")["iterations"] = 100000 }},
		{name: "no version", change: func(m map[string]any) { delete(m, "version") }},
		{name: "no accountURL", change: func(m map[string]any) { delete(m, "accountURL") }},
		{name: "null accountURL", change: func(m map[string]any) { m["accountURL"] = nil }},
		{name: "no credentialId", change: func(m map[string]any) { delete(m, "credentialId") }},
		{name: "empty credentialId", change: func(m map[string]any) { m["credentialId"] = "" }},
		{name: "no createdAt", change: func(m map[string]any) { delete(m, "createdAt") }},
		{name: "bad createdAt", change: func(m map[string]any) { m["createdAt"] = "yesterday" }},
		{name: "createdAt without zone", change: func(m map[string]any) { m["createdAt"] = "2025-03-14T14:09:26" }},
		{name: "no verifier", change: func(m map[string]any) { delete(m, "verifier") }},
		{name: "verifier not an object", change: func(m map[string]any) { m["verifier"] = "x" }},
		{name: "no credentials", change: func(m map[string]any) { delete(m, "credentials") }},
		{name: "no verifier.alg", change: func(m map[string]any) { delete(sub(m, "verifier"), "alg") }},
		{name: "no verifier.salt", change: func(m map[string]any) { delete(sub(m, "verifier"), "salt") }},
		{name: "no verifier.localHash", change: func(m map[string]any) { delete(sub(m, "verifier"), "localHash") }},
		{name: "no credentials.alg", change: func(m map[string]any) { delete(sub(m, "credentials"), "alg") }},
		{name: "no credentials.kdf", change: func(m map[string]any) { delete(sub(m, "credentials"), "kdf") }},
		{name: "no credentials.nonce", change: func(m map[string]any) { delete(sub(m, "credentials"), "nonce") }},
		{name: "no credentials.ciphertext", change: func(m map[string]any) { delete(sub(m, "credentials"), "ciphertext") }},
		{name: "verifier.alg PBKDF2", change: func(m map[string]any) { sub(m, "verifier")["alg"] = "PBES2g-HS256" }},
		{name: "credentials.alg", change: func(m map[string]any) { sub(m, "credentials")["alg"] = "A128GCM" }},
		{name: "credentials.kdf", change: func(m map[string]any) { sub(m, "credentials")["kdf"] = "none" }},
		{name: "salt 15 bytes", change: func(m map[string]any) { sub(m, "verifier")["salt"] = b64(15) }},
		{name: "salt 32 bytes", change: func(m map[string]any) { sub(m, "verifier")["salt"] = b64(32) }},
		{name: "localHash 31 bytes", change: func(m map[string]any) { sub(m, "verifier")["localHash"] = b64(31) }},
		{name: "nonce 16 bytes", change: func(m map[string]any) { sub(m, "credentials")["nonce"] = b64(16) }},
		{name: "ciphertext only a tag", change: func(m map[string]any) { sub(m, "credentials")["ciphertext"] = b64(16) }},
		{name: "ciphertext too large", change: func(m map[string]any) { sub(m, "credentials")["ciphertext"] = b64(5000) }},
		{name: "salt unpadded", change: func(m map[string]any) {
			v := sub(m, "verifier")
			v["salt"] = strings.TrimRight(v["salt"].(string), "=")
		}},
		{name: "salt URL alphabet", change: func(m map[string]any) { sub(m, "verifier")["salt"] = strings.Repeat("_", 22) + "==" }},
		{name: "salt with line break", change: func(m map[string]any) {
			v := sub(m, "verifier")
			s := v["salt"].(string)
			v["salt"] = s[:4] + "\n" + s[4:]
		}},
		{name: "salt non-canonical bits", change: func(m map[string]any) { sub(m, "verifier")["salt"] = "AAAAAAAAAAAAAAAAAAAAAB==" }},
		{name: "accountURL with password", change: func(m map[string]any) { m["accountURL"] = "https://u:p@example.com" }},
		{name: "accountURL relative", change: func(m map[string]any) { m["accountURL"] = "/account" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.raw)
			if tt.change != nil {
				in = edit(t, p.session, tt.change)
			}
			var s Session
			err := s.UnmarshalJSON(in)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("UnmarshalJSON error = %v, want ErrMalformed", err)
			}
			if s.Version != 0 || s.salt != nil {
				t.Error("a failed UnmarshalJSON changed the session")
			}
			assertNoSecrets(t, "error", err.Error(), p.secretsOf(t))
			// Errors never quote the file's contents.
			b, _ := p.session.MarshalJSON()
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			for _, v := range []string{sub(m, "verifier")["salt"].(string), sub(m, "verifier")["localHash"].(string),
				sub(m, "credentials")["ciphertext"].(string), "deviceUuid", "iterations", "yesterday", "u:p@"} {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error %q quotes the input", err)
				}
			}
		})
	}
}

// FuzzUnmarshal checks that UnmarshalJSON never panics and accepts only
// well-formed files: whatever it accepts writes back to a file it reads
// the same way, and opens with the seed's token to the seed's credentials
// or not at all.
func FuzzUnmarshal(f *testing.F) {
	p := newSealed(f, "http://127.0.0.1:3003")
	good, err := p.session.MarshalJSON()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	compact, _ := json.Marshal(p.session)
	f.Add(compact)
	f.Add([]byte(`{"version":"1"}`))
	f.Add([]byte(`{"version":"2","verifier":{"salt":"","localHash":""}}`))
	f.Add([]byte("null"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Session
		if err := s.UnmarshalJSON(data); err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error is not ErrMalformed: %v", err)
			}
			return
		}
		checkAccepted(t, &s, p)
	})
}

// checkAccepted holds for every session UnmarshalJSON or Load accepts.
func checkAccepted(t *testing.T, s *Session, p sealed) {
	t.Helper()
	again, err := s.MarshalJSON()
	if err != nil {
		t.Fatalf("accepted a session it cannot write: %v", err)
	}
	var s2 Session
	if err := s2.UnmarshalJSON(again); err != nil {
		t.Fatalf("cannot read back what it wrote: %v", err)
	}
	if again2, _ := s2.MarshalJSON(); !bytes.Equal(again, again2) {
		t.Fatalf("write/read is not stable:\n%s\n%s", again, again2)
	}
	u, err := s.Open(p.token)
	switch {
	case err == nil && u != p.unlocked:
		t.Fatalf("opened to different credentials: %v", u)
	case err != nil && !errors.Is(err, ErrWrongToken) && !errors.Is(err, ErrCorrupt):
		t.Fatalf("Open error = %v", err)
	}
}
