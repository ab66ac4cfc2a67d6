package sqlstore

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

func quote(s string) string { return strconv.Quote(s) }

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// foldString is the folded form of s for NOT NULL key columns.
func foldString(s string) string { return strings.ToLower(s) }

// orNoRows is err, or sql.ErrNoRows when a statement succeeded but changed
// nothing.
func orNoRows(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}

// parseNumber reads a JSON number as a float64. Numbers beyond its range
// become ±Inf or 0, which still compare right with any stored number a
// float64 can hold.
func parseNumber(lit string) (float64, error) {
	f, err := strconv.ParseFloat(lit, 64)
	if errors.Is(err, strconv.ErrRange) {
		return f, nil
	}
	return f, err
}
