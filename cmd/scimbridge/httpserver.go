package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// newHTTPServer builds a server with timeouts that slow clients cannot
// abuse: headers must arrive within 10 s and be at most 64 KiB.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
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
