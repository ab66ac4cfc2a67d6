package cache

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store keeps cached values: in Redis, shared by the replicas, or in the
// process. Values expire; counters (the generations that invalidate
// values) do not.
type Store interface {
	// Get returns a value, or false when there is none.
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Set stores a value for ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Counters reads counters (0 when missing), in one round trip.
	Counters(ctx context.Context, keys ...string) ([]int64, error)
	// Incr adds one to a counter.
	Incr(ctx context.Context, key string) error
}

// MemoryStore is a Store in the process, bounded in bytes.
type MemoryStore struct {
	mu       sync.Mutex
	max      int // bytes of keys and values
	size     int
	values   map[string]memoryValue
	counters map[string]int64
	now      func() time.Time
}

type memoryValue struct {
	value   []byte
	object  any // a value kept as is (SetObject), not serialised
	size    int // of key and value, for the bound
	expires time.Time
}

// objectStore is a store that can keep Go values as they are, which spares
// the in-process cache encoding and decoding JSON on every hit. The values
// are shared between readers, who must not change them (the bridge only
// reads what the account returns).
type objectStore interface {
	GetObject(ctx context.Context, key string) (any, bool)
	SetObject(ctx context.Context, key string, v any, size int, ttl time.Duration)
}

// GetObject implements objectStore.
func (m *MemoryStore) GetObject(_ context.Context, key string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if !ok || v.object == nil || !m.now().Before(v.expires) {
		return nil, false
	}
	return v.object, true
}

// SetObject implements objectStore; size is an estimate of v's bytes, for
// the bound.
func (m *MemoryStore) SetObject(ctx context.Context, key string, v any, size int, ttl time.Duration) {
	m.set(key, memoryValue{object: v, expires: m.now().Add(ttl)}, len(key)+size)
}

// NewMemoryStore keeps at most about max bytes.
func NewMemoryStore(max int) *MemoryStore {
	return &MemoryStore{max: max, values: map[string]memoryValue{}, counters: map[string]int64{}, now: time.Now}
}

// Get implements Store.
func (m *MemoryStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if !ok || !m.now().Before(v.expires) {
		return nil, false, nil
	}
	return v.value, true, nil
}

// Set implements Store. When full, it drops expired values, then
// everything: values are generation-keyed, so old ones are garbage anyway.
func (m *MemoryStore) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.set(key, memoryValue{value: value, expires: m.now().Add(ttl)}, len(key)+len(value))
	return nil
}

func (m *MemoryStore) set(key string, mv memoryValue, n int) {
	if n > m.max/8 {
		return // too big to be worth keeping
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.values[key]; ok {
		m.size -= old.size
	}
	mv.size = n
	if m.size+n > m.max {
		now := m.now()
		for k, v := range m.values {
			if !now.Before(v.expires) {
				delete(m.values, k)
				m.size -= v.size
			}
		}
		if m.size+n > m.max {
			clear(m.values)
			m.size = 0
		}
	}
	m.values[key] = mv
	m.size += n
}

// Counters implements Store.
func (m *MemoryStore) Counters(_ context.Context, keys ...string) ([]int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]int64, len(keys))
	for i, k := range keys {
		out[i] = m.counters[k]
	}
	return out, nil
}

// Incr implements Store.
func (m *MemoryStore) Incr(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counters[key]++
	return nil
}

// RedisStore is a Store in Redis.
type RedisStore struct{ c *redis.Client }

// NewRedisStore returns a Store over a Redis client.
func NewRedisStore(c *redis.Client) *RedisStore { return &RedisStore{c: c} }

// Get implements Store.
func (r *RedisStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	b, err := r.c.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Set implements Store.
func (r *RedisStore) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return r.c.Set(ctx, key, value, ttl).Err()
}

// Counters implements Store with one MGET.
func (r *RedisStore) Counters(ctx context.Context, keys ...string) ([]int64, error) {
	vals, err := r.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(keys))
	for i, v := range vals {
		if s, ok := v.(string); ok {
			var n int64
			for _, c := range s {
				if c < '0' || c > '9' {
					n = 0
					break
				}
				n = n*10 + int64(c-'0')
			}
			out[i] = n
		}
	}
	return out, nil
}

// Incr implements Store.
func (r *RedisStore) Incr(ctx context.Context, key string) error { return r.c.Incr(ctx, key).Err() }
