package filter

import (
	"encoding/json"
	"testing"
)

func TestQuoteString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"bjensen", `"bjensen"`},
		{`O'Malley`, `"O'Malley"`},
		{`a"b\c/d`, `"a\"b\\c/d"`},
		{"\b\f\n\r\t\x00\x1f", `"\b\f\n\r\t\u0000\u001f"`},
		{"héllo 😀 <&>", `"héllo 😀 <&>"`},
		{"bad \xff byte", "\"bad \uFFFD byte\""},
	}
	for _, tt := range tests {
		got := QuoteString(tt.in)
		if got != tt.want {
			t.Errorf("QuoteString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// The output is JSON and means the input (up to invalid UTF-8).
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("QuoteString(%q) = %s is not JSON: %v", tt.in, got, err)
		}
		if u, err := unquote(got, 0); err != nil || u != back {
			t.Errorf("unquote(%s) = %q, %v; encoding/json says %q", got, u, err, back)
		}
	}
}

func TestUnquote(t *testing.T) {
	tests := []struct{ in, want string }{
		{`""`, ""},
		{`"plain"`, "plain"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"\u0041\u00e9\u20AC"`, "Aé€"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\uD83D\uDE00!"`, "😀!"},
		{`"lone \ud800 high"`, "lone \uFFFD high"},
		{`"lone \udc00 low"`, "lone \uFFFD low"},
		{`"\ud800\u0041"`, "\uFFFDA"},
		{`"\ud800\ud800\udc00"`, "\uFFFD𐀀"},
		{`"\u0000"`, "\x00"},
	}
	for _, tt := range tests {
		got, err := unquote(tt.in, 0)
		if err != nil || got != tt.want {
			t.Errorf("unquote(%s) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
		// encoding/json decodes these the same way.
		var back string
		if err := json.Unmarshal([]byte(tt.in), &back); err != nil || back != tt.want {
			t.Errorf("encoding/json disagrees on %s: %q, %v", tt.in, back, err)
		}
	}
	for _, bad := range []string{``, `"`, `x`, `"abc`, `"a"b"`, `"\x"`, "\"\x01\""} {
		if got, err := unquote(bad, 7); err == nil {
			t.Errorf("unquote(%q) = %q, want an error", bad, got)
		}
	}
}
