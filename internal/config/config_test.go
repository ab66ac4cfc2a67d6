package config

import (
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestBridgeDefaults(t *testing.T) {
	c, err := BridgeFromEnv(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Session != DefaultSession || c.Port != 3002 || c.ConfirmationInterval != 300*time.Second || c.Redis.Configured() || !c.Log.JSON {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestBridgeErrorsNameTheVariable(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"OP_PORT": "http"}, "OP_PORT"},
		{map[string]string{"OP_PORT": "70000"}, "OP_PORT"},
		{map[string]string{"OP_CONFIRMATION_INTERVAL": "-1"}, "OP_CONFIRMATION_INTERVAL"},
		{map[string]string{"OP_DEBUG": "maybe"}, "OP_DEBUG"},
		{map[string]string{"OP_REDIS_URL": "http://x"}, "OP_REDIS_URL"},
		{map[string]string{"OP_REDIS_HOST": "r", "OP_REDIS_PORT": "x"}, "OP_REDIS_PORT"},
		{map[string]string{"OP_TLS_CERT_FILE": "/c.pem"}, "OP_TLS_CERT_FILE, OP_TLS_KEY_FILE"},
		{map[string]string{"OP_TLS_DOMAIN": "a.example.com", "OP_TLS_CERT_FILE": "c", "OP_TLS_KEY_FILE": "k"}, "OP_TLS_DOMAIN"},
		{map[string]string{"SCIMBRIDGE_ACCOUNT_URL": "ftp://x"}, "SCIMBRIDGE_ACCOUNT_URL"},
	} {
		_, err := BridgeFromEnv(envOf(tc.env))
		if err == nil || !strings.HasPrefix(err.Error(), tc.name+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %v, want one line starting %q", tc.env, err, tc.name)
		}
	}
}

func TestRedisURLFromParts(t *testing.T) {
	c, err := BridgeFromEnv(envOf(map[string]string{
		"OP_REDIS_HOST": "redis.internal", "OP_REDIS_PORT": "6380", "OP_REDIS_USERNAME": "u", "OP_REDIS_PASSWORD": "p@ss",
		"OP_REDIS_ENABLE_SSL": "true", "OP_REDIS_INSECURE_SSL": "1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Redis.URL != "rediss://u:p%40ss@redis.internal:6380" || !c.Redis.InsecureTLS {
		t.Fatalf("redis: %+v", c.Redis)
	}
}

func TestRedisURLNeverEchoed(t *testing.T) {
	_, err := BridgeFromEnv(envOf(map[string]string{"OP_REDIS_URL": "mysql://user:secretpass@h"}))
	if err == nil || strings.Contains(err.Error(), "secretpass") {
		t.Fatalf("error %v", err)
	}
}

func TestAccountDeletePolicy(t *testing.T) {
	c, err := AccountFromEnv(envOf(map[string]string{"SCIMBRIDGE_DELETE_BEHAVIOR": "Delete"}))
	if err != nil || c.DeletePolicy != account.DeleteDeletes {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := AccountFromEnv(envOf(map[string]string{"SCIMBRIDGE_DELETE_BEHAVIOR": "shred"})); err == nil || !strings.HasPrefix(err.Error(), "SCIMBRIDGE_DELETE_BEHAVIOR: ") {
		t.Fatalf("error %v", err)
	}
}
