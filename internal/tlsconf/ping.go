package tlsconf

import (
	"log/slog"
	"net/http"
	"time"
)

// PingAddr is where OP_PING_SERVER listens, as in the 1Password bridge.
const PingAddr = ":8080"

// PingHandler answers GET (and HEAD) /ping with 200 "pong" and nothing
// else: 405 for another method on /ping, 404 for every other path. It
// serves load balancers that cannot speak TLS to the bridge, so it must
// expose nothing but liveness.
func PingHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ping" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("pong\n"))
	})
}

// NewPingServer is the plain-HTTP server for PingHandler, with tight
// limits: it answers one tiny request and nothing more.
func NewPingServer(log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              PingAddr,
		Handler:           PingHandler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
