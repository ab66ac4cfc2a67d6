package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scimbridge/scimbridge/internal/setup"
)

// TestBrowser drives the status page of a real bridge in chromium: the
// redirect from /, a wrong token, the right one, what the page shows, the
// cookie, the logs download, a phone-sized screen, and signing out. With
// SCIMBRIDGE_SCREENSHOTS=1 it writes the screenshots in docs/.
func TestBrowser(t *testing.T) {
	lb := startBridge(t, true)
	lb.provision(t)
	br := newBrowser(t)

	// / lands on /app, the sign-in form.
	br.do(chromedp.Navigate(lb.url + "/"))
	if loc := run(br, chromedp.Location()); loc != lb.url+"/app" {
		t.Fatalf("/ led to %s, want %s/app", loc, lb.url)
	}
	br.do(chromedp.WaitVisible(chromedp.ID("token")))
	if h1 := run(br, chromedp.Text(chromedp.CSS("h1"))); h1 != "Sign in" {
		t.Fatalf("h1 %q", h1)
	}
	br.checkAccessible(t)
	br.screenshot(t, "status-page-signin.png")

	// A wrong token: a clear message, and the field comes back empty.
	br.do(chromedp.SendKeys(chromedp.ID("token"), "sbt1_not-the-right-token"),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(".alert")))
	if msg := run(br, chromedp.Text(chromedp.CSS(".alert"))); !strings.Contains(msg, "not this bridge's bearer token") {
		t.Fatalf("wrong token message %q", msg)
	}
	if v := run(br, chromedp.Value(chromedp.ID("token"))); v != "" {
		t.Fatalf("the form came back with the token typed: %q", v)
	}

	// The right token: the status.
	br.do(chromedp.SendKeys(chromedp.ID("token"), lb.token),
		chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(".overall")))
	main := run(br, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{
		"Bridge status", "Healthy", "9.9.9-test", "browser-build",
		"SCIM server", "Credentials", "Account connection", "Confirmation watcher", "Redis cache",
		"not configured", "confirmed in the last run",
		"Browser Test Team", setup.IntegrationName, "member",
		"Invited", "Awaiting confirmation", "Active", "Suspended",
		"group managed by provisioning",
		"person.invite", "ada@example.com", "group.create", "Engineering", "Okta", "Invited → Suspended", "Awaiting confirmation → Active",
		"Download recent logs", lb.url + "/scim/v2",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("the status does not show %q:\n%s", want, main)
		}
	}
	people := run(br, chromedp.Text(chromedp.CSS(".count-table")))
	for _, want := range []string{"Invited\t1", "Active\t1", "Suspended\t1", "Total\t3"} {
		if !strings.Contains(people, want) {
			t.Errorf("people by state: no %q in %q", want, people)
		}
	}
	if strings.Contains(main, lb.token) {
		t.Fatal("the page shows the token")
	}
	br.checkCookie(t, lb.token)
	br.checkAccessible(t)
	br.screenshot(t, "status-page.png")

	// A phone: no sideways scrolling of the page; the tables reflow.
	br.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(".overall")))
	if wide := run(br, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
		t.Error("on a phone the page scrolls sideways")
	}
	br.screenshotViewport(t, "status-page-phone.png")
	br.do(chromedp.EmulateReset(), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".overall")))

	// The logs download: a file, with the bridge's lines and no token.
	logs := br.download(t, chromedp.CSS(`a[href="/app/logs"]`), "scimbridge-logs.txt")
	if !strings.Contains(logs, `"msg":"request"`) || strings.Contains(logs, lb.token) {
		t.Errorf("the downloaded logs:\n%s", logs)
	}

	// Signing out goes back to the form, and the logs are closed again.
	br.do(chromedp.Click(chromedp.CSS("form.signout button")), chromedp.WaitVisible(chromedp.ID("token")))
	if h1 := run(br, chromedp.Text(chromedp.CSS("h1"))); h1 != "Sign in" {
		t.Fatalf("after sign-out h1 %q", h1)
	}
	if c := br.sessionCookie(t); c != nil {
		t.Errorf("the session cookie outlived the sign-out: %+v", c)
	}
	br.do(chromedp.Navigate(lb.url + "/app/logs"))
	if msg := run(br, chromedp.Text(chromedp.CSS(".alert"))); !strings.Contains(msg, "Sign in to download the logs") {
		t.Errorf("logs after sign-out: %q", msg)
	}

	lb.checkBrowserTraffic(t)
}

// TestBrowserInstallGuide: with no scimsession the page explains how to
// install one, and nothing asks for a token it could not check.
func TestBrowserInstallGuide(t *testing.T) {
	lb := startBridge(t, false)
	br := newBrowser(t)
	br.do(chromedp.Navigate(lb.url+"/"), chromedp.WaitVisible(chromedp.CSS("ol.steps")))
	if h1 := run(br, chromedp.Text(chromedp.CSS("h1"))); h1 != "Install a scimsession" {
		t.Fatalf("h1 %q", h1)
	}
	main := run(br, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{
		"go run ./cmd/scimbridge quickstart", "scimbridge account init", "scimbridge account serve",
		"scimbridge setup --account-url", "OP_SESSION", "/home/opuser/.op/scimsession", "base64",
		"without a restart", "Sign in here", "docs/operations.md", lb.url + "/scim/v2",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("the install guide does not say %q", want)
		}
	}
	if n := run(br, chromedp.Evaluate[int](`document.querySelectorAll("input").length`)); n != 0 {
		t.Errorf("the install guide has %d inputs", n)
	}
	br.checkAccessible(t)
	br.screenshot(t, "status-page-install.png")
}

// TestBrowserInstallThenSignIn: installing the scimsession file while the
// bridge runs turns the guide into the sign-in form, without a restart, as
// the guide promises.
func TestBrowserInstallThenSignIn(t *testing.T) {
	lb := startBridge(t, false)
	br := newBrowser(t)
	br.do(chromedp.Navigate(lb.url+"/app"), chromedp.WaitVisible(chromedp.CSS("ol.steps")))
	token := lb.install(t)
	time.Sleep(1100 * time.Millisecond) // reloads are limited to one a second
	br.do(chromedp.Click(chromedp.CSS(`p.actions a[href="/app"]`)), chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), token), chromedp.Click(chromedp.CSS("form.signin button")),
		chromedp.WaitVisible(chromedp.CSS(".overall")))
}
