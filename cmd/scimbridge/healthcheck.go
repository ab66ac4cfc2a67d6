package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"
)

// runHealthcheck is for images without a shell or curl: HEALTHCHECK
// ["/scimbridge", "healthcheck"].
func runHealthcheck(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("healthcheck", out)
	port := 3002
	if p, err := strconv.Atoi(os.Getenv("OP_PORT")); err == nil {
		port = p
	}
	url := fs.String("url", fmt.Sprintf("http://127.0.0.1:%d/ping", port), "the URL to check")
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
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the bridge does not answer: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the bridge answered %s", resp.Status)
	}
	return nil
}
