package filter

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// maxEcho is how many bytes of the client's input an error detail repeats
// (quoted).
// Details end up in responses and logs; a 4 KB filter should not.
const maxEcho = 40

// syntaxError is a problem found while lexing or parsing, kept apart from
// its scimType so one parser serves filters (invalidFilter) and PATCH paths
// (invalidPath).
type syntaxError struct {
	msg string
	pos int // byte offset in the input, or posEnd or posNone
}

// Positions that are not byte offsets.
const (
	posEnd  = -1 // at the end of the input
	posNone = -2 // the problem has no position (the input is empty or too long)
)

func errAt(pos int, format string, args ...any) *syntaxError {
	return &syntaxError{msg: fmt.Sprintf(format, args...), pos: pos}
}

func errAtEnd(format string, args ...any) *syntaxError {
	return &syntaxError{msg: fmt.Sprintf(format, args...), pos: posEnd}
}

func errWhole(format string, args ...any) *syntaxError {
	return &syntaxError{msg: fmt.Sprintf(format, args...), pos: posNone}
}

// scimError renders e as a 400 with the given scimType; what names the input
// ("filter" or "path").
func (e *syntaxError) scimError(scimType, what string) *scim.Error {
	switch e.pos {
	case posEnd:
		return scim.BadRequest(scimType, "%s at end of %s", e.msg, what)
	case posNone:
		return scim.BadRequest(scimType, "%s %s", what, e.msg)
	}
	return scim.BadRequest(scimType, "%s at position %d of %s", e.msg, e.pos, what)
}

// echo quotes s for an error detail, cut on a rune boundary so that the
// quoted text stays within maxEcho bytes (escapes count: "\xff" is four).
func echo(s string) string {
	q := strconv.Quote(s)
	if len(q) <= maxEcho {
		return q
	}
	cut := min(len(s), maxEcho)
	for ; cut > 0; cut-- {
		if cut < len(s) && !utf8.RuneStart(s[cut]) {
			continue
		}
		if q = strconv.Quote(s[:cut]); len(q) <= maxEcho {
			return q + "…"
		}
	}
	return `""…`
}

// filterError builds the invalidFilter error of a semantic check.
func filterError(format string, args ...any) *scim.Error {
	return scim.BadRequest(scim.ErrInvalidFilter, format, args...)
}
