package main

import "testing"

func TestDefaultPingURL(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "http://127.0.0.1:3002/ping"},
		{map[string]string{"OP_PORT": "4000"}, "http://127.0.0.1:4000/ping"},
		{map[string]string{"OP_TLS_DOMAIN": "scim.example.com"}, "https://127.0.0.1:8443/ping"},
		{map[string]string{"OP_TLS_CERT_FILE": "c", "OP_PING_SERVER": "1"}, "http://127.0.0.1:8080/ping"},
	} {
		for _, k := range []string{"OP_PORT", "OP_TLS_DOMAIN", "OP_TLS_CERT_FILE", "OP_PING_SERVER"} {
			t.Setenv(k, c.env[k])
		}
		if got := defaultPingURL(); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}
