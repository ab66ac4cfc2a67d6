package tlsconf

import "net/http"

// HSTS tells browsers (the status page's users) to come back only over
// HTTPS for a year. It is sent on HTTPS responses only, as RFC 6797 §7.2
// requires; subdomains are left alone, since the bridge's name says nothing
// of its parent domain's.
func HSTS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}
