package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// client sends SCIM requests over kept-alive connections, as a provider's
// connection pool does; with several base URLs (bridge replicas) it takes
// them in turn, as a load balancer would.
type client struct {
	bases []string // the SCIM base URLs
	next  atomic.Uint64
	token string
	hc    *http.Client
}

func newClient(base, token string, conns int) *client {
	t := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		MaxConnsPerHost:     conns * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	c := &client{token: token, hc: &http.Client{Transport: t, Timeout: 60 * time.Second}}
	for _, b := range strings.Split(base, ",") {
		c.bases = append(c.bases, strings.TrimRight(strings.TrimSpace(b), "/"))
	}
	return c
}

// do sends a request and checks its status; out, when not nil, receives
// the JSON body.
func (c *client) do(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(j)
	}
	url := path
	if !strings.HasPrefix(path, "http") {
		url = c.bases[c.next.Add(1)%uint64(len(c.bases))] + path
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	req.Header.Set("User-Agent", "scimbridge-bench")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusTooManyRequests && want != http.StatusTooManyRequests {
		return fmt.Errorf("%s %s: 429: the bridge rate-limits this client; benchmark a bridge started with SCIMBRIDGE_RATE_LIMIT=0", method, path)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d, want %d: %.200s", method, path, resp.StatusCode, want, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}
