package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/app.css
var stylesheet []byte

// cssVersion changes with the stylesheet, so its URL can be cached long.
var cssVersion = func() string {
	sum := sha256.Sum256(stylesheet)
	return hex.EncodeToString(sum[:6])
}()

// The pages; each is the layout around its own "content".
const (
	pageSignIn   = "signin"
	pageStatus   = "status"
	pageInstall  = "install"
	pageProblem  = "problem" // 404, 405 and other dead-end requests, with a way back
	pageTemplate = "layout"
)

var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{pageSignIn, pageStatus, pageInstall, pageProblem} {
		m[name] = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return m
}()

// render writes a page. It renders into a buffer first, so a template
// error becomes a plain 500 instead of half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	v.CSSHref = pathCSS + "?v=" + cssVersion
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, pageTemplate, v); err != nil {
		slog.ErrorContext(r.Context(), "rendering the status page", "page", page, "error", err)
		http.Error(w, "the status page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// serveCSS serves the embedded stylesheet. Pages link it with its hash in
// the query, so browsers may keep it a day without going stale.
func serveCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("ETag", `"`+cssVersion+`"`)
	http.ServeContent(w, r, "app.css", time.Time{}, bytes.NewReader(stylesheet))
}
