package api

import (
	"context"
	"testing"
)

func BenchmarkGetPersonOverHTTP(b *testing.B) {
	s := newTestServer(b)
	p, err := s.Client.CreatePerson(context.Background(), map[string]any{
		"userName": "bench@example.com", "displayName": "Bench Mark",
		"name":   map[string]any{"givenName": "Bench", "familyName": "Mark"},
		"emails": []any{map[string]any{"value": "bench@example.com", "type": "work", "primary": true}},
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Client.GetPerson(ctx, p.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetPersonOverHTTPParallel(b *testing.B) {
	s := newTestServer(b)
	p := mustCreate(b, s.Client, "bench@example.com")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Client.GetPerson(context.Background(), p.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
