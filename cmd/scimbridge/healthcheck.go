package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"
)

// defaultPingURL is where this container's bridge answers /ping: the plain
// listener on OP_PORT, or in TLS mode the ping server on 8080
// (OP_PING_SERVER) or else HTTPS on 8443.
func defaultPingURL() string {
	tlsMode := os.Getenv("OP_TLS_DOMAIN") != "" || os.Getenv("OP_TLS_CERT_FILE") != ""
	switch ping, _ := strconv.ParseBool(os.Getenv("OP_PING_SERVER")); {
	case tlsMode && ping:
		return "http://127.0.0.1:8080/ping"
	case tlsMode:
		return "https://127.0.0.1:8443/ping"
	}
	port := 3002
	if p, err := strconv.Atoi(os.Getenv("OP_PORT")); err == nil {
		port = p
	}
	return fmt.Sprintf("http://127.0.0.1:%d/ping", port)
}

// runHealthcheck is for images without a shell or curl: HEALTHCHECK
// ["/scimbridge", "healthcheck"].
func runHealthcheck(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("healthcheck", out)
	url := fs.String("url", defaultPingURL(), "the URL to check")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait")
	if err := parse(fs, args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return err
	}
	// In TLS mode the certificate names the public domain, not 127.0.0.1:
	// this checks that the bridge answers, not who it is.
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // a liveness probe of ourselves
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("the bridge does not answer: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the bridge answered %s", resp.Status)
	}
	return nil
}
