package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// Service is account.Service with a cache in front of its reads
// (design: "Redis in front of the account service"). It is a decorator:
// the same interface, checked by the same suite (servicetest).
//
// What is cached: people and groups by id, lists (filters, pages), a
// group's members and people's groups. For how long: TTL (30 s by
// default). How it is invalidated: every key includes two generation
// counters, one for people and one for groups, and every write through any
// replica bumps the counter it touches once the write is done, so the next
// read misses. A reader reads the counters before it reads the account, so
// a value it stores after a concurrent write lands under an old generation
// and is never read. Changes made behind the bridges' backs (the admin
// command line, the account's own invitation page) show after at most TTL.
//
// When the store fails (Redis down), reads go straight to the account —
// slower, still correct — and the store is tried again after a backoff
// (0.5 s doubling to 30 s). When it answers again, both generations are
// bumped before anything is read from it, since writes made meanwhile
// could not bump them; a failure during that bump (or any later failure
// before it is done) leaves the store down, so the next attempt bumps
// again.
type Service struct {
	account.Service // methods not listed here pass through uncached

	store   Store
	ns      string // the key prefix of this account
	ttl     time.Duration
	metrics *obs.Metrics
	log     *slog.Logger
	now     func() time.Time

	mu       sync.Mutex
	down     bool
	retryAt  time.Time
	backoff  time.Duration
	failures uint64 // how many times the store failed: a recovery that
	// saw a failure after it began must not mark the store healthy
}

// Options configure the cache.
type Options struct {
	TTL     time.Duration // 30 s when 0
	Metrics *obs.Metrics  // hits, misses and Redis errors, when set
	Logger  *slog.Logger
	// Namespace separates accounts that share one Redis (the account's
	// id): their lists must never mix.
	Namespace string
}

// Keys: everything lives under one prefix, versioned with the encoding,
// then the account's namespace.
const (
	prefix     = "scimbridge:cache:v1:"
	peopleGen  = "gen:people"
	groupsGen  = "gen:groups"
	minBackoff = 500 * time.Millisecond
	maxBackoff = 30 * time.Second
)

// Wrap puts a cache in front of inner.
func Wrap(inner account.Service, store Store, opts Options) *Service {
	if opts.TTL == 0 {
		opts.TTL = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{Service: inner, store: store, ns: prefix + opts.Namespace + ":", ttl: opts.TTL, metrics: opts.Metrics, log: opts.Logger, now: time.Now}
}

// page is a cached list.
type page[T any] struct {
	Items []T
	Total int
}

// cached returns the value under key, or fetches and stores it.
func cached[T any](s *Service, ctx context.Context, key string, fetch func() (T, error)) (T, error) {
	// After an outage, the generations are bumped before they are read:
	// a key built from generations read before the bump would find the
	// values cached before the outage, older than the writes made during
	// it.
	if !s.usable(ctx) {
		return fetch()
	}
	gens, err := s.store.Counters(ctx, s.ns+peopleGen, s.ns+groupsGen)
	if err != nil {
		s.failed(ctx, err)
		return fetch()
	}
	k := s.ns + strconv.FormatInt(gens[0], 10) + "." + strconv.FormatInt(gens[1], 10) + ":" + key
	if objs, ok := s.store.(objectStore); ok {
		if v, ok := objs.GetObject(ctx, k); ok {
			if v, ok := v.(T); ok {
				s.count("hit")
				return v, nil
			}
		}
		s.count("miss")
		v, err := fetch()
		if err == nil {
			objs.SetObject(ctx, k, v, sizeOf(v), s.ttl)
		}
		return v, err
	}
	if b, ok, err := s.store.Get(ctx, k); err != nil {
		s.failed(ctx, err)
		return fetch()
	} else if ok {
		var v T
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber() // SCIM attributes keep their exact numbers
		if d.Decode(&v) == nil {
			s.count("hit")
			return v, nil
		}
	}
	s.count("miss")
	v, err := fetch()
	if err != nil {
		return v, err
	}
	if b, err := json.Marshal(v); err == nil {
		if err := s.store.Set(ctx, k, b, s.ttl); err != nil {
			s.failed(ctx, err)
		}
	}
	return v, nil
}

// invalidate bumps the generations a write touched, after it is done
// (whether it succeeded or not: a failed call may still have written).
// When the store is down, the bump is left to usable(), which runs
// before the store is read again: the store stays down until then, and
// only a bump that began after the last failure ends that.
func (s *Service) invalidate(ctx context.Context, gens ...string) {
	if !s.available() {
		return
	}
	for _, g := range gens {
		if err := s.store.Incr(context.WithoutCancel(ctx), s.ns+g); err != nil {
			s.failed(ctx, err)
			return
		}
	}
}

func (s *Service) count(result string) {
	if s.metrics != nil {
		s.metrics.Cache.WithLabelValues(result).Inc()
	}
}

func (s *Service) available() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.down || !s.now().Before(s.retryAt)
}

func (s *Service) failed(ctx context.Context, err error) {
	if s.metrics != nil {
		s.metrics.RedisErrors.Inc()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures++
	if !s.down {
		s.log.WarnContext(ctx, "the cache store failed; reading the account directly until it answers again", "error", err)
		s.backoff = minBackoff
	} else {
		s.backoff = min(2*s.backoff, maxBackoff)
	}
	s.down, s.retryAt = true, s.now().Add(s.backoff)
}

// usable reports whether the store may be used now. When it is down and
// its backoff has passed, it tries to recover it: it bumps both
// generations (writes made while it was down could not) and only then
// marks it healthy, unless it failed again meanwhile.
//
// Ordering is what makes this safe. A write during the outage finished
// before its invalidate() found the store unavailable, and the store stays
// down until a recovery that began after the last failure's backoff has
// bumped, so after the write; every read builds its key from generations
// read after usable returns, hence newer than the write.
func (s *Service) usable(ctx context.Context) bool {
	s.mu.Lock()
	down, failures := s.down, s.failures
	waiting := down && s.now().Before(s.retryAt)
	s.mu.Unlock()
	if !down || waiting {
		return !down
	}
	for _, g := range []string{peopleGen, groupsGen} {
		if err := s.store.Incr(context.WithoutCancel(ctx), s.ns+g); err != nil {
			s.failed(ctx, err)
			return false
		}
	}
	s.mu.Lock()
	if s.failures != failures {
		s.mu.Unlock()
		return false // it failed again while we bumped: the next recovery bumps again
	}
	s.down = false
	s.mu.Unlock()
	s.log.InfoContext(ctx, "the cache store answers again; its earlier values are invalidated")
	return true
}

// sizeOf estimates what a cached value holds, for the in-process bound:
// roughly a kilobyte a person or group, less for references.
func sizeOf(v any) int {
	switch v := v.(type) {
	case page[account.Person]:
		return 256 + 1024*len(v.Items)
	case page[account.Group]:
		return 256 + 512*len(v.Items)
	case []account.Member:
		return 64 + 96*len(v)
	case map[string][]account.GroupRef:
		n := 64
		for _, refs := range v {
			n += 64 + 96*len(refs)
		}
		return n
	}
	return 1024
}

func queryKey(q account.Query) string {
	var b strings.Builder
	if q.Filter != nil {
		b.WriteString(q.Filter.String())
	}
	b.WriteString("|" + strconv.Itoa(q.StartIndex) + "|" + strconv.Itoa(q.Count) + "|")
	if q.SortBy != nil {
		b.WriteString(q.SortBy.String())
	}
	if q.Descending {
		b.WriteString("|desc")
	}
	return b.String()
}

// Reads.

func (s *Service) GetPerson(ctx context.Context, id string) (account.Person, error) {
	return cached(s, ctx, "person:"+id, func() (account.Person, error) { return s.Service.GetPerson(ctx, id) })
}

func (s *Service) ListPeople(ctx context.Context, q account.Query) ([]account.Person, int, error) {
	p, err := cached(s, ctx, "people:"+queryKey(q), func() (page[account.Person], error) {
		items, total, err := s.Service.ListPeople(ctx, q)
		return page[account.Person]{items, total}, err
	})
	return p.Items, p.Total, err
}

func (s *Service) GroupsOf(ctx context.Context, ids []string) (map[string][]account.GroupRef, error) {
	return cached(s, ctx, "groupsof:"+strings.Join(ids, ","), func() (map[string][]account.GroupRef, error) {
		return s.Service.GroupsOf(ctx, ids)
	})
}

func (s *Service) GetGroup(ctx context.Context, id string) (account.Group, error) {
	return cached(s, ctx, "group:"+id, func() (account.Group, error) { return s.Service.GetGroup(ctx, id) })
}

func (s *Service) Members(ctx context.Context, id string) ([]account.Member, error) {
	return cached(s, ctx, "members:"+id, func() ([]account.Member, error) { return s.Service.Members(ctx, id) })
}

func (s *Service) ListGroups(ctx context.Context, q account.Query) ([]account.Group, int, error) {
	p, err := cached(s, ctx, "groups:"+queryKey(q), func() (page[account.Group], error) {
		items, total, err := s.Service.ListGroups(ctx, q)
		return page[account.Group]{items, total}, err
	})
	return p.Items, p.Total, err
}

// Writes: through, then invalidate.

func (s *Service) CreatePerson(ctx context.Context, doc map[string]any) (account.Person, error) {
	defer s.invalidate(ctx, peopleGen)
	return s.Service.CreatePerson(ctx, doc)
}

func (s *Service) ReplacePerson(ctx context.Context, id string, doc map[string]any, v int64) (account.Person, error) {
	defer s.invalidate(ctx, peopleGen)
	return s.Service.ReplacePerson(ctx, id, doc, v)
}

func (s *Service) PatchPerson(ctx context.Context, id string, ops []patch.Operation, v int64) (account.Person, error) {
	defer s.invalidate(ctx, peopleGen)
	return s.Service.PatchPerson(ctx, id, ops, v)
}

func (s *Service) DeletePerson(ctx context.Context, id string, v int64) error {
	defer s.invalidate(ctx, peopleGen)
	return s.Service.DeletePerson(ctx, id, v)
}

func (s *Service) CreateGroup(ctx context.Context, doc map[string]any) (account.Group, error) {
	defer s.invalidate(ctx, groupsGen)
	return s.Service.CreateGroup(ctx, doc)
}

func (s *Service) ReplaceGroup(ctx context.Context, id string, doc map[string]any, v int64) (account.Group, error) {
	defer s.invalidate(ctx, groupsGen)
	return s.Service.ReplaceGroup(ctx, id, doc, v)
}

func (s *Service) PatchGroup(ctx context.Context, id string, ops []patch.Operation, v int64) (account.Group, error) {
	defer s.invalidate(ctx, groupsGen)
	return s.Service.PatchGroup(ctx, id, ops, v)
}

func (s *Service) DeleteGroup(ctx context.Context, id string, v int64) error {
	defer s.invalidate(ctx, groupsGen)
	return s.Service.DeleteGroup(ctx, id, v)
}

func (s *Service) ConfirmPending(ctx context.Context, limit int) (int, bool, error) {
	n, more, err := s.Service.ConfirmPending(ctx, limit)
	if n > 0 || err != nil {
		s.invalidate(ctx, peopleGen)
	}
	return n, more, err
}

var _ account.Service = (*Service)(nil)
