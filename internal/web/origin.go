package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// sameOrigin is the CSRF check of the page's forms, beside the
// SameSite=Strict cookie: when the browser says where a POST comes from
// (Origin, else Referer), that must be this host. A request naming neither
// (curl, a script) passes; browsers always send one with form posts.
//
// The host may match the Host header or X-Forwarded-Host: a reverse proxy
// may rewrite Host, and a cross-site form cannot set either header.
func sameOrigin(r *http.Request) bool {
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
		if from == "" {
			return true
		}
	}
	host, ok := originHost(from)
	if !ok {
		return false // "null" (a sandboxed or privacy-stripped origin) or garbage
	}
	if host == normalHost(r.Host, "") {
		return true
	}
	fwd, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Host"), ",")
	fwd = strings.TrimSpace(fwd)
	return fwd != "" && host == normalHost(fwd, "")
}

// originHost returns the host (and port, unless it is the scheme's
// default) of an Origin or Referer value.
func originHost(v string) (string, bool) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	return normalHost(u.Host, u.Scheme), true
}

// normalHost lower-cases a host[:port] and drops a default port, so
// "Example.com:443" from https and "example.com" compare equal. With no
// scheme known (a Host header), both default ports are dropped.
func normalHost(hostport, scheme string) string {
	h := strings.ToLower(hostport)
	if scheme != "https" {
		h = strings.TrimSuffix(h, ":80")
	}
	if scheme != "http" {
		h = strings.TrimSuffix(h, ":443")
	}
	return h
}

// clientAddr is the client's address as the connection shows it: what
// the bridge rate-limits sign-ins by.
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return strings.Trim(r.RemoteAddr, "[]")
}

// dropsSecureCookie reports whether the browser that sent r will refuse a
// Secure cookie: its Origin says it is on plain http at an address that is
// not loopback. Signing such a browser in would loop back to the form, so
// the page explains instead.
func dropsSecureCookie(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if !strings.HasPrefix(o, "http://") {
		return false
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	return !loopback(u.Hostname())
}

// loopback reports whether browsers treat host as a secure context over
// plain http: localhost, *.localhost and loopback addresses.
func loopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// baseURL is the bridge's address as the browser sees it, for the SCIM
// base URL the page shows.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
