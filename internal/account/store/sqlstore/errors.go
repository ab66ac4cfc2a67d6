package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scimbridge/scimbridge/internal/account"
)

// errUnavailable is what callers see when the database cannot answer; the
// driver's error stays in the chain for the logs.
var errUnavailable = account.Errorf(account.ErrUnavailable, "the account database is unavailable")

// errCannotWrite is what callers see when the database refuses writes: its
// disk is full or it is read-only. It is ErrUnavailable too, since the write
// can succeed once someone frees space or makes the database writable, and
// the transaction that failed has written nothing.
var errCannotWrite = account.Errorf(account.ErrUnavailable, "the account database cannot be written (disk full or read-only)")

// dbErr wraps a database error with what the store was doing. Cancellation
// reports the context's error; a database that cannot be written (disk
// full, read-only) and connection failures wrap account.ErrUnavailable.
// Unique and foreign-key violations are translated by the callers, which
// know what the keys mean.
func dbErr(ctx context.Context, d dialect, err error, doing string) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("sqlstore: %s: %w", doing, ctx.Err())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("sqlstore: %s: %w", doing, err)
	case d.cannotWrite(err): // before unavailable, which may match too
		return fmt.Errorf("sqlstore: %s: %w: %w", doing, errCannotWrite, err)
	case d.unavailable(err):
		return fmt.Errorf("sqlstore: %s: %w: %w", doing, errUnavailable, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", doing, err)
}

// notFound turns sql.ErrNoRows into account.ErrNotFound with the detail, and
// anything else into dbErr.
func notFound(ctx context.Context, d dialect, err error, doing, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return account.Errorf(account.ErrNotFound, format, args...)
	}
	return dbErr(ctx, d, err, doing)
}

// conflict turns a unique violation into account.ErrAlreadyExists, with the
// detail details gives for the violated column, and anything else into
// dbErr.
func conflict(ctx context.Context, d dialect, err error, doing string, details map[string]string) error {
	if col, ok := d.uniqueViolation(err); ok {
		if detail, ok := details[col]; ok {
			return account.Errorf(account.ErrAlreadyExists, "%s", detail)
		}
		return fmt.Errorf("sqlstore: %s: %w: %w", doing, account.ErrAlreadyExists, err)
	}
	return dbErr(ctx, d, err, doing)
}
