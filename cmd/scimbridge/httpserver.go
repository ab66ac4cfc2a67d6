package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// limits are what a client gets to send a request and read the answer:
// headers within 10 s and at most 64 KiB, the whole request within 60 s,
// the answer within 90 s. A slow client (on purpose or not) holds a
// connection no longer than that. Tests shorten them.
var limits = struct {
	header, read, write, idle time.Duration
	headerBytes               int
}{10 * time.Second, 60 * time.Second, 90 * time.Second, 120 * time.Second, 64 << 10}

// newHTTPServer builds a server that slow clients cannot hold up.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: limits.header,
		ReadTimeout:       limits.read,
		WriteTimeout:      limits.write,
		IdleTimeout:       limits.idle,
		MaxHeaderBytes:    limits.headerBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve runs srv on ln until ctx ends, then shuts down gracefully, giving
// requests in flight up to 20 s.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, serveFn func(net.Listener) error) error {
	errc := make(chan error, 1)
	go func() { errc <- serveFn(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}
