package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Client is the account API's client: account.Service over HTTP, for a
// bridge whose account runs elsewhere. It is safe for concurrent use and
// keeps its connections alive.
type Client struct {
	base      string // the service's root URL, without a trailing '/'
	display   string // the root URL as errors show it: no user info, no query
	key       string
	hc        *http.Client
	timeout   time.Duration
	userAgent string
}

var _ account.Service = (*Client)(nil)

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests through hc (its
// transport, proxies, TLS settings). By default the client has its own
// transport and does not follow redirects.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithTimeout bounds each request, from sending it to reading the whole
// answer; DefaultTimeout when not given.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithVersion sets the version the User-Agent names ("scimbridge/<version>");
// "dev" when not given.
func WithVersion(v string) Option { return func(c *Client) { c.userAgent = "scimbridge/" + v } }

// DefaultTimeout bounds each request of a client without WithTimeout.
const DefaultTimeout = 30 * time.Second

// NewClient returns a client for the account service at baseURL (its root,
// such as "https://account.example.com"; the client adds "/v1/...") that
// authenticates with apiKey, the integration's key. apiKey may be empty for
// a client that only calls Health or the integration routes, which take an
// owner's key per call.
func NewClient(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		base:      strings.TrimRight(baseURL, "/"),
		display:   displayURL(baseURL),
		key:       apiKey,
		timeout:   DefaultTimeout,
		userAgent: "scimbridge/dev",
	}
	for _, o := range opts {
		o(c)
	}
	if c.hc == nil {
		c.hc = &http.Client{
			Transport: newTransport(),
			// A redirect would replay the request, and its key, somewhere
			// else; the account API never redirects.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	return c
}

// newTransport is the default transport with room to keep the connections
// of a busy bridge open.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 128
	t.MaxIdleConnsPerHost = 64
	return t
}

// displayURL is the URL without user info, query or fragment.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	return u.Scheme + "://" + u.Host + strings.TrimRight(u.EscapedPath(), "/")
}

// call is one request of the client.
type call struct {
	method    string
	path      string // under the base URL, escaped
	query     url.Values
	key       *string // the bearer key; the client's own when nil, none when ""
	body      any     // sent as JSON when not nil
	ifVersion int64   // sent as If-Match when not 0
	out       any     // a 2xx answer's body is decoded into it when not nil
}

// do sends the call and maps every failure to the error the account would
// have returned in-process; transport failures, timeouts and unreadable
// answers are ErrUnavailable.
func (c *Client) do(ctx context.Context, k call) error {
	var body io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return fmt.Errorf("account API: encoding the request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	u := c.base + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, k.method, u, body)
	if err != nil {
		return fmt.Errorf("account API: the account service URL is not usable: %w", err)
	}
	c.setHeaders(ctx, req, k)

	resp, err := c.hc.Do(req)
	if err != nil {
		return c.transportError(ctx, k, err)
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return c.transportError(ctx, k, err)
	}
	if len(raw) > maxResponseBytes {
		return c.unavailable(fmt.Sprintf("%s %s: the answer is larger than %d bytes", k.method, k.path, maxResponseBytes))
	}
	if v := resp.Header.Get(VersionHeader); v != "" && v != Version {
		return c.unavailable(fmt.Sprintf("it speaks account API version %q; this bridge speaks %q", clipShort(v), Version))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.errorFromBody(resp.StatusCode, parseErrorBody(raw))
	}
	if k.out == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(k.out); err != nil {
		return c.unavailable(fmt.Sprintf("%s %s: the answer is not what the API describes: %v", k.method, k.path, err))
	}
	return nil
}

func (c *Client) setHeaders(ctx context.Context, req *http.Request, k call) {
	h := req.Header
	key := c.key
	if k.key != nil {
		key = *k.key
	}
	if key != "" {
		h.Set("Authorization", "Bearer "+key)
	}
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if k.body != nil {
		h.Set("Content-Type", "application/json")
	}
	if k.ifVersion != 0 {
		h.Set("If-Match", etag(k.ifVersion))
	}
	actor := account.ActorFrom(ctx)
	if actor.RequestID != "" {
		h.Set(RequestIDHeader, cleanHeader(actor.RequestID))
	}
	if actor.Provider != "" {
		h.Set(ProviderHeader, cleanHeader(actor.Provider))
	}
	if account.UnknownMembersIgnored(ctx) {
		h.Set(UnknownMembersHeader, "ignore")
	}
}

// transportError describes a request that got no (whole) answer. A caller
// that gave up gets its own context's error back; everything else is the
// account being unavailable.
func (c *Client) transportError(ctx context.Context, k call, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("account service at %s: %s %s: %w", c.display, k.method, k.path, ctx.Err())
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return c.unavailable(fmt.Sprintf("%s %s: no answer in time", k.method, k.path))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its message repeats the URL
	}
	return c.unavailable(fmt.Sprintf("%s %s: %v", k.method, k.path, err))
}

// parseErrorBody reads an error body, or returns nil when raw is not one.
func parseErrorBody(raw []byte) *errorBody {
	var b errorBody
	if json.Unmarshal(raw, &b) != nil || b.Error == "" {
		return nil
	}
	return &b
}

// pathOf joins escaped path segments under /v1.
func pathOf(segments ...string) string {
	var b strings.Builder
	b.WriteString("/v1")
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// listParams encodes a query for the list routes.
func listParams(q account.Query) url.Values {
	v := url.Values{}
	if q.Filter != nil {
		v.Set("filter", q.Filter.String())
	}
	v.Set("startIndex", strconv.Itoa(max(q.StartIndex, 1)))
	v.Set("count", strconv.Itoa(max(q.Count, 0)))
	if q.SortBy != nil {
		v.Set("sortBy", q.SortBy.String())
		if q.Descending {
			v.Set("sortOrder", "descending")
		} else {
			v.Set("sortOrder", "ascending")
		}
	} else if q.Descending {
		v.Set("sortOrder", "descending")
	}
	return v
}
