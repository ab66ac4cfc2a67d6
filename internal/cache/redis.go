package cache

import (
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// NewRedisClient connects to Redis at a redis:// or rediss:// URL (with
// user and password in it when needed). insecureTLS skips certificate
// checks for rediss:// (OP_REDIS_INSECURE_SSL), for self-signed servers.
// It does not wait for Redis to be up: callers keep working without it.
func NewRedisClient(url string, insecureTLS bool) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("the Redis URL is not valid") // never echo it: it may hold a password
	}
	if opts.TLSConfig != nil {
		opts.TLSConfig.MinVersion = tls.VersionTLS12
		opts.TLSConfig.InsecureSkipVerify = insecureTLS //nolint:gosec // the operator asked for it
	}
	opts.DialTimeout = 2 * time.Second
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	opts.MaxRetries = 1
	return redis.NewClient(opts), nil
}

// RedisLocker is a Locker in Redis, shared by every replica that uses the
// same Redis.
type RedisLocker struct {
	client *redis.Client
	prefix string
}

// NewRedisLocker returns a Locker whose keys start with "scimbridge:lock:".
func NewRedisLocker(c *redis.Client) *RedisLocker {
	return &RedisLocker{client: c, prefix: "scimbridge:lock:"}
}

// release deletes the key only if it still holds this holder's token.
var release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// TryLock implements Locker with SET NX PX.
func (l *RedisLocker) TryLock(ctx context.Context, name string, ttl time.Duration) (func(context.Context) error, bool, error) {
	key, token := l.prefix+name, newToken()
	ok, err := l.client.SetNX(ctx, key, token, ttl).Result()
	if err != nil {
		return nil, false, fmt.Errorf("taking the %s lock in Redis: %w", name, err)
	}
	if !ok {
		return nil, false, nil
	}
	return func(ctx context.Context) error {
		return release.Run(ctx, l.client, []string{key}, token).Err()
	}, true, nil
}

// RedisHealth answers the bridge's health check for a Redis client.
type RedisHealth struct{ Client *redis.Client }

// Ping reports whether Redis answers.
func (h RedisHealth) Ping(ctx context.Context) error { return h.Client.Ping(ctx).Err() }
