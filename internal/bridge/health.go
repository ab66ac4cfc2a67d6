package bridge

import (
	"context"
	"net/http"
	"time"
)

// ping answers load balancers: no authentication, no work.
func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("pong\n"))
}

// report is one component's health (design §3).
type report struct {
	Source  string `json:"source"`
	State   string `json:"state"`
	Time    string `json:"time"`
	Expires string `json:"expires"`
	Detail  string `json:"detail,omitempty"`
}

// health reports the bridge's components: 200 when all are healthy, 503
// otherwise. It needs the bearer token, so it also unlocks the credentials.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now().UTC()
	at := func(source, state, detail string) report {
		return report{Source: source, State: state, Time: timestamp(now), Expires: timestamp(now.Add(time.Minute)), Detail: detail}
	}
	reports := []report{at("SCIMServer", "healthy", ""), at("CredentialsUnlocked", "healthy", "")}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	status := http.StatusOK
	if _, err := service(r).Info(ctx); err != nil {
		reports = append(reports, at("AccountConnection", "unhealthy", toSCIM(err).Detail))
	} else {
		reports = append(reports, at("AccountConnection", "healthy", ""))
	}
	reports = append(reports, s.watcher.report(now))
	switch {
	case s.cfg.Redis == nil:
		reports = append(reports, at("RedisCache", "healthy", "not configured: locks are kept in this process (one replica)"))
	default:
		if err := s.cfg.Redis.Ping(ctx); err != nil {
			reports = append(reports, at("RedisCache", "unhealthy", "Redis does not answer; the bridge keeps serving without it"))
		} else {
			reports = append(reports, at("RedisCache", "healthy", ""))
		}
	}
	for _, rep := range reports {
		if rep.State != "healthy" {
			status = http.StatusServiceUnavailable
		}
	}
	writeJSON(w, status, map[string]any{
		"version": s.cfg.Version, "build": s.cfg.Build, "reports": reports, "retrievedAt": timestamp(now),
	})
}
