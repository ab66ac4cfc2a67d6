package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSameOrigin: the Origin/Referer check never panics, and never lets
// through a request whose stated origin names another host.
func FuzzSameOrigin(f *testing.F) {
	f.Add("https://bridge.test", "", "bridge.test", "")
	f.Add("", "https://bridge.test/app", "bridge.test", "")
	f.Add("null", "", "bridge.test", "")
	f.Add("https://evil.example", "", "bridge.test", "evil.example, bridge.test")
	f.Add("http://[::1]:3002", "", "[::1]:3002", "")
	f.Add("https://a.test:443", "", "A.TEST", "")
	f.Add("http://%zz", "https://bridge.test", "bridge.test", "")
	f.Fuzz(func(t *testing.T, origin, referer, host, forwarded string) {
		r := httptest.NewRequest(http.MethodPost, "https://x.test/app/signin", nil)
		r.Host = host
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if referer != "" {
			r.Header.Set("Referer", referer)
		}
		if forwarded != "" {
			r.Header.Set("X-Forwarded-Host", forwarded)
		}
		ok := sameOrigin(r)
		stated := r.Header.Get("Origin")
		if stated == "" {
			stated = r.Header.Get("Referer")
		}
		if stated == "" {
			if !ok {
				t.Fatal("a request stating no origin was refused")
			}
			return
		}
		if !ok {
			return
		}
		got, parsed := originHost(stated)
		fwd, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ",")
		if !parsed || (got != normalHost(r.Host, "") && got != normalHost(strings.TrimSpace(fwd), "")) {
			t.Fatalf("origin %q allowed for host %q (forwarded %q)", stated, host, forwarded)
		}
	})
}

// FuzzRequests: whatever a browser sends (method, path, form, cookie),
// the page answers with its security headers, a known status, and never
// with the token.
func FuzzRequests(f *testing.F) {
	f.Add("GET", "/app", "", "")
	f.Add("POST", "/app/signin", "token="+goodToken, "")
	f.Add("POST", "/app/signin", "token=%zz&token=x", "")
	f.Add("POST", "/app/signout", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("GET", "/app/logs", "", "garbage")
	f.Add("GET", "/app/status.json", "", "")
	f.Add("PATCH", "/app/assets/app.css", "x", "")
	f.Fuzz(func(t *testing.T, method, path, body, cookie string) {
		if !validMethod(method) || !strings.HasPrefix(path, "/app") {
			t.Skip() // the server rejects such methods; the bridge routes only /app here
		}
		p := newPage(t, newFake(), Options{})
		p.cookie = cookie
		if !validCookie(cookie) {
			p.cookie = ""
		}
		// Sign in first half the time, so the signed-in pages are reached.
		if len(body)%2 == 0 {
			p.signIn(goodToken)
		}
		// The path is set after parsing, so any bytes reach the handler.
		r := httptest.NewRequest(method, "https://"+testHost+"/", strings.NewReader(body))
		r.URL.Path = path
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "https://"+testHost)
		if p.cookie != "" {
			r.AddCookie(&http.Cookie{Name: cookieName, Value: p.cookie})
		}
		w := httptest.NewRecorder()
		p.h.ServeHTTP(w, r)
		checkEveryResponse(t, w)
		switch w.Code {
		case 200, 303, 304, 400, 403, 404, 405, 413, 429, 503:
		default:
			t.Fatalf("%s %s: status %d", method, path, w.Code)
		}
	})
}

func validMethod(m string) bool {
	if m == "" || len(m) > 10 {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

func validCookie(v string) bool {
	for _, c := range v {
		if c <= ' ' || c >= 0x7f || c == ';' || c == '"' || c == ',' || c == '\\' {
			return false
		}
	}
	return true
}
