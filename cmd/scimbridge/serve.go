package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/buildinfo"
	"github.com/scimbridge/scimbridge/internal/cache"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// runServe runs the bridge against a remote account service, configured
// like the 1Password bridge (design §4).
func runServe(ctx context.Context, args []string, out, logOut io.Writer) error {
	cfg, err := config.BridgeFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	fs := newFlags("serve", out)
	fs.StringVar(&cfg.Session, "session", cfg.Session, "the scimsession file, or its base64 (OP_SESSION)")
	fs.IntVar(&cfg.Port, "port", cfg.Port, "the port to listen on (OP_PORT)")
	if err := parse(fs, args); err != nil {
		return err
	}
	log := obs.NewLogger(out, cfg.Log)
	version, build := buildinfo.Get()

	if cfg.TLSDomain != "" {
		return errors.New("OP_TLS_DOMAIN: Let's Encrypt certificates are not supported by this version yet; use OP_TLS_CERT_FILE and OP_TLS_KEY_FILE, or terminate TLS in front of the bridge")
	}
	warnShortInterval(log, cfg)
	var locker cache.Locker
	var redisHealth interface{ Ping(context.Context) error }
	if cfg.Redis.Configured() {
		rc, err := cache.NewRedisClient(cfg.Redis.URL, cfg.Redis.InsecureTLS)
		if err != nil {
			return fmt.Errorf("OP_REDIS_URL: %w", err)
		}
		defer rc.Close()
		locker, redisHealth = cache.NewRedisLocker(rc), cache.RedisHealth{Client: rc}
		if err := rc.Ping(ctx).Err(); err != nil {
			log.Warn("Redis does not answer yet; the bridge serves without it and keeps trying", "error", err)
		}
	} else {
		log.Info("no Redis configured: the confirmation watcher's lock is kept in this process, which suits one replica")
	}
	sessions, err := sessionSource(cfg.Session)
	if err != nil {
		return err
	}
	if _, err := sessions.Session(); err != nil {
		log.Warn("no scimsession installed yet: SCIM requests get 503 until one is (run scimbridge setup)", "OP_SESSION", sessionHint(cfg.Session))
	} else if loose, mode, err := credentials.CheckFileMode(cfg.Session); err == nil && loose {
		log.Warn("the scimsession file can be read by other users; make it mode 0600", "mode", mode.String())
	}

	b := bridge.New(bridge.Config{
		Session: sessions,
		Connect: func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error) {
			if cfg.AccountURL != "" {
				accountURL = cfg.AccountURL
			}
			if accountURL == "" {
				return nil, errors.New("the scimsession names no account service URL; set SCIMBRIDGE_ACCOUNT_URL")
			}
			c := api.NewClient(accountURL, u.APIKey, api.WithVersion(version))
			if _, err := c.Info(ctx); err != nil {
				return nil, err
			}
			return c, nil
		},
		Logger: log, Version: version, Build: build, MaxBodyBytes: cfg.MaxBodyBytes,
		ConfirmationInterval: cfg.ConfirmationInterval, Locker: locker, Redis: redisHealth,
	})
	go b.Run(ctx)
	srv := newHTTPServer(b, log)
	if cfg.TLSCertFile != "" {
		ln, err := net.Listen("tcp", ":8443")
		if err != nil {
			return err
		}
		log.Info("bridge listening with TLS", "addr", ln.Addr().String(), "version", version)
		return serve(ctx, srv, ln, func(l net.Listener) error { return srv.ServeTLS(l, cfg.TLSCertFile, cfg.TLSKeyFile) })
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		return fmt.Errorf("OP_PORT: %w", err)
	}
	log.Info("bridge listening", "addr", ln.Addr().String(), "version", version, "build", build)
	return serve(ctx, srv, ln, srv.Serve)
}

// sessionSource reads OP_SESSION: a file path (watched for changes), or the
// file's contents in base64.
func sessionSource(value string) (bridge.SessionSource, error) {
	if _, err := os.Stat(value); err == nil || strings.HasPrefix(value, "/") || strings.HasPrefix(value, ".") {
		return bridge.NewFileSession(value)
	}
	s, err := credentials.Load(value)
	if err != nil {
		return nil, fmt.Errorf("OP_SESSION: %w", err)
	}
	return bridge.StaticSession{S: s}, nil
}

// sessionHint names a session without showing base64 contents.
func sessionHint(value string) string {
	if len(value) > 200 {
		return "(base64 value)"
	}
	return value
}
