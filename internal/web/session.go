package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// cookieName names the session cookie. It carries a random session id,
// never the token: the token stays in this process's memory.
const cookieName = "scimbridge_session"

// sessionIDBytes is the session id's entropy: 256 bits.
const sessionIDBytes = 32

// session is one signed-in browser.
type session struct {
	token   string
	expires time.Time
	// notice is shown once on the next page (e.g. a sign-in that worked
	// but found the account unreachable).
	notice string
}

// sessionStore keeps the sessions in memory, bounded. It is keyed by the
// SHA-256 of the cookie value, so what the map holds cannot be replayed as
// a cookie and lookups do not compare secrets byte by byte.
type sessionStore struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu        sync.Mutex
	byKey     map[[sha256.Size]byte]*session
	lastPrune time.Time
}

func newSessionStore(ttl time.Duration, max int, now func() time.Time) *sessionStore {
	return &sessionStore{ttl: ttl, max: max, now: now, byKey: map[[sha256.Size]byte]*session{}}
}

// create starts a session for token and returns its id, the cookie value.
func (s *sessionStore) create(token, notice string) (string, error) {
	var raw [sessionIDBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.byKey) >= s.max || now.Sub(s.lastPrune) > time.Minute {
		s.prune(now)
	}
	if len(s.byKey) >= s.max {
		s.evictOldest()
	}
	s.byKey[sha256.Sum256([]byte(id))] = &session{token: token, expires: now.Add(s.ttl), notice: notice}
	return id, nil
}

// lookup returns the session for a cookie value and slides its expiry;
// ok is false when there is none or it has expired.
func (s *sessionStore) lookup(id string) (sess session, ok bool) {
	if !wellFormedID(id) {
		return session{}, false
	}
	key := sha256.Sum256([]byte(id))
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.byKey[key]
	if p == nil {
		return session{}, false
	}
	if !now.Before(p.expires) {
		delete(s.byKey, key)
		return session{}, false
	}
	p.expires = now.Add(s.ttl)
	sess = *p
	p.notice = ""
	return sess, true
}

// end forgets a session.
func (s *sessionStore) end(id string) {
	if !wellFormedID(id) {
		return
	}
	key := sha256.Sum256([]byte(id))
	s.mu.Lock()
	delete(s.byKey, key)
	s.mu.Unlock()
}

// count is the number of sessions kept (for tests).
func (s *sessionStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byKey)
}

// prune drops expired sessions; s.mu is held.
func (s *sessionStore) prune(now time.Time) {
	for k, p := range s.byKey {
		if !now.Before(p.expires) {
			delete(s.byKey, k)
		}
	}
	s.lastPrune = now
}

// evictOldest drops the session closest to expiry, the least recently
// used; s.mu is held. Only reached when max live sessions exist.
func (s *sessionStore) evictOldest() {
	var oldest [sha256.Size]byte
	var at time.Time
	first := true
	for k, p := range s.byKey {
		if first || p.expires.Before(at) {
			oldest, at, first = k, p.expires, false
		}
	}
	if !first {
		delete(s.byKey, oldest)
	}
}

// wellFormedID rejects cookie values that cannot be a session id, before
// any hashing or locking.
func wellFormedID(id string) bool {
	if len(id) != base64.RawURLEncoding.EncodedLen(sessionIDBytes) {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// sessionCookie is the cookie that carries a session id; an empty id with
// maxAge < 0 clears it. It is a browser-session cookie: the expiry that
// counts is the server's.
func (h *handler) sessionCookie(id string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: cookieName, Value: id, Path: pathHome, MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteStrictMode,
	}
}

// current returns the request's session and its id. A session whose token
// no longer opens the bridge (the credentials were regenerated) ends here;
// ended then says why, for the sign-in form, and the cookie is cleared.
func (h *handler) current(w http.ResponseWriter, r *http.Request) (sess session, id string, ended string) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return session{}, "", ""
	}
	sess, ok := h.sessions.lookup(c.Value)
	switch {
	case !ok:
		ended = "Your session has expired or the bridge has restarted. Sign in again."
	case !h.b.TokenValid(sess.token):
		h.sessions.end(c.Value)
		ended = "Your session ended because the bridge's credentials were replaced (scimbridge setup --regenerate). Sign in with the new bearer token."
	default:
		return sess, c.Value, ""
	}
	http.SetCookie(w, h.sessionCookie("", -1))
	return session{}, "", ended
}
