package web_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium (apt-get install chromium).
const chromiumPath = "/usr/bin/chromium"

// browserT is a headless chromium with a fresh profile.
type browserT struct {
	t         *testing.T
	ctx       context.Context
	downloads string // the download directory
}

func newBrowser(t *testing.T) *browserT {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no chromium at %s (apt-get install chromium): skipping the browser test", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first action starts the browser; it lives as long as ctx, so
	// it runs without a timeout (later ones have theirs).
	if _, err := chromedp.Run(ctx, chromedp.Title()); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	br := &browserT{t: t, ctx: ctx, downloads: t.TempDir()}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: br.downloads,
	}); err != nil {
		t.Fatal(err)
	}
	return br
}

func (br *browserT) do(steps ...chromedp.Action[chromedp.Void]) {
	br.t.Helper()
	ctx, cancel := context.WithTimeout(br.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		br.t.Fatalf("browser: %v", err)
	}
}

func run[T any](br *browserT, a chromedp.Action[T]) T {
	br.t.Helper()
	ctx, cancel := context.WithTimeout(br.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		br.t.Fatalf("browser: %v", err)
	}
	return v
}

func (br *browserT) sessionCookie(t *testing.T) *network.Cookie {
	t.Helper()
	res, err := chromedp.Call(br.ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == "scimbridge_session" {
			return c
		}
	}
	return nil
}

// checkCookie: the session cookie as the browser keeps it (Chrome keeps
// Secure cookies on http://127.0.0.1), and nothing in the page's storage.
func (br *browserT) checkCookie(t *testing.T, token string) {
	t.Helper()
	c := br.sessionCookie(t)
	if c == nil {
		t.Fatal("no session cookie in the browser")
	}
	if !c.HTTPOnly || !c.Secure || c.SameSite != network.CookieSameSiteStrict || c.Path != "/app" || !c.Session || strings.Contains(c.Value, token) {
		t.Errorf("session cookie %+v", c)
	}
	storage := run(br, chromedp.Evaluate[string](
		`JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, sessionStorage)) + document.cookie`))
	if storage != "{}{}" {
		t.Errorf("the page's storage holds %q", storage)
	}
}

// checkAccessible checks what a script can: the language, labelled
// inputs, headings that start at h1 and skip no level, and named regions.
func (br *browserT) checkAccessible(t *testing.T) {
	t.Helper()
	problems := run(br, chromedp.Evaluate[[]string](`(() => {
		const p = [];
		if (document.documentElement.lang !== "en") p.push("no lang");
		for (const i of document.querySelectorAll("input:not([type=hidden])"))
			if (!i.labels || i.labels.length === 0) p.push("unlabelled input " + i.name);
		let last = 0;
		for (const h of document.querySelectorAll("h1,h2,h3,h4,h5,h6")) {
			const n = +h.tagName[1];
			if (n > last + 1) p.push("heading " + h.tagName + " after h" + last + ": " + h.textContent);
			last = n;
		}
		if (document.querySelectorAll("h1").length !== 1) p.push("not one h1");
		for (const r of document.querySelectorAll("[role=region]"))
			if (!r.getAttribute("aria-labelledby") && !r.getAttribute("aria-label")) p.push("unnamed region");
		if (!document.querySelector('meta[name=viewport]')) p.push("no viewport");
		return p;
	})()`))
	for _, p := range problems {
		t.Errorf("accessibility: %s", p)
	}
}

// download clicks a link and returns the file it saved.
func (br *browserT) download(t *testing.T, link chromedp.CSS, name string) string {
	t.Helper()
	br.do(chromedp.Click(link))
	path := filepath.Join(br.downloads, name)
	deadline := time.Now().Add(15 * time.Second)
	for {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(br.downloads)
			t.Fatalf("no %s downloaded (the directory holds %v)", name, entries)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// screenshot writes the whole page to docs/NAME when
// SCIMBRIDGE_SCREENSHOTS=1.
func (br *browserT) screenshot(t *testing.T, name string) {
	t.Helper()
	if os.Getenv("SCIMBRIDGE_SCREENSHOTS") == "1" {
		writeScreenshot(t, name, run(br, chromedp.FullScreenshot(100)))
	}
}

// screenshotViewport writes what the screen shows (a phone's first
// screen; the whole page would be very tall).
func (br *browserT) screenshotViewport(t *testing.T, name string) {
	t.Helper()
	if os.Getenv("SCIMBRIDGE_SCREENSHOTS") == "1" {
		writeScreenshot(t, name, run(br, chromedp.CaptureScreenshot()))
	}
}

func writeScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("%s is not a PNG", name)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
