package sqlstore

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/account/store/conformance"
)

func TestConformance(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			conformance.RunTests(t, func(t *testing.T) store.Store { return b.open(t) })
		})
	}
}

// FuzzFilters compares SQLite's filters with filter.Match on random filters
// (SQLite only: PostgreSQL's lower() may fold some letters differently from
// Go, which the differential check would report).
func FuzzFilters(f *testing.F) {
	conformance.FuzzFilters(f, func(tb testing.TB) store.Store { return openTestSQLite(tb) })
}
