package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The SQL functions every SQLite connection gets. SQLite's own lower() folds
// ASCII only, so case-insensitive comparisons of JSON-held values use
// scim_fold, which is the same strings.ToLower that fills the *_key columns.
// scim_time_key turns a dateTime into text that sorts chronologically (UTC,
// nanoseconds: timeKey), or NULL when it is not one, so JSON-held dateTimes
// compare exactly as filter.Match compares them.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("scim_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		if s, ok := args[0].(string); ok {
			return strings.ToLower(s), nil
		}
		return args[0], nil
	})
	sqlite.MustRegisterDeterministicScalarFunction("scim_time_key", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, nil
		}
		t, ok := parseDateTime(s)
		if !ok {
			return nil, nil
		}
		return timeKey(t), nil
	})
}

// walSizeLimit is the size the WAL file is cut back to when it starts over.
const walSizeLimit = 64 << 20

// busyTimeout is how long a SQLite connection waits for another writer
// (possibly another process, such as the admin CLI) before giving up.
const busyTimeout = 10 * time.Second

// openSQLite opens the database file at path: one writer connection for
// transactions, which takes the write lock when it begins (_txlock=immediate)
// so writers queue instead of failing to upgrade, and a pool of read-only
// connections for reads outside transactions, which WAL lets run while a
// writer works.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.HasPrefix(path, "file:") || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlstore: %q is not a SQLite file path (give a plain path, or a postgres:// URL)", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlstore: create the database directory: %w", err)
	}
	params := url.Values{
		"_busy_timeout": {fmt.Sprint(busyTimeout.Milliseconds())},
		"_foreign_keys": {"1"},
		"_journal_mode": {"WAL"},
		"_synchronous":  {"NORMAL"},
	}
	d := sqliteDialect{}
	writerParams := cloneValues(params)
	writerParams.Set("_txlock", "immediate")
	// Group commit (batch.go) gives each transaction a savepoint, whose
	// journal of the pages it changes would otherwise be a temporary file
	// written page by page.
	writerParams.Add("_pragma", "temp_store(memory)")
	// The WAL file keeps the size it grew to (884 MB was seen after
	// loading 100,000 people while readers kept a checkpoint from
	// finishing) unless it is cut back when it is reset.
	writerParams.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walSizeLimit))
	// The checkpointer copies the WAL into the database instead (checkpoint.go).
	writerParams.Add("_pragma", "wal_autocheckpoint(0)")

	// Two processes opening a new database at once race to convert it to
	// WAL and to create the schema; the loser fails (database is locked,
	// table already exists) and tries again, when it finds the work done.
	var (
		writer *sql.DB
		err    error
	)
	for attempt := 1; ; attempt++ {
		writer, err = openSQLiteWriter(ctx, d, path, writerParams.Encode())
		if err == nil || attempt == 5 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt) * 20 * time.Millisecond)
	}
	if err != nil {
		return nil, err
	}

	readerParams := cloneValues(params)
	readerParams.Set("_query_only", "1")
	readers, err := sql.Open("sqlite", path+"?"+readerParams.Encode())
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	readers.SetMaxOpenConns(n)
	readers.SetMaxIdleConns(n)
	ckpt, err := sql.Open("sqlite", path+"?"+params.Encode())
	if err != nil {
		writer.Close()
		readers.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	ckpt.SetMaxIdleConns(1)
	return newStore(d, writer, readers, true, newCheckpointer(ckpt)), nil
}

// openSQLiteWriter opens the writer's connection and migrates the schema.
func openSQLiteWriter(ctx context.Context, d sqliteDialect, path, params string) (*sql.DB, error) {
	writer, err := sql.Open("sqlite", path+"?"+params)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, dbErr(ctx, d, err, "open "+path)
	}
	if err := migrate(ctx, writer, d); err != nil {
		writer.Close()
		return nil, err
	}
	return writer, nil
}

func cloneValues(v url.Values) url.Values {
	c := make(url.Values, len(v))
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

type sqliteDialect struct{}

func (sqliteDialect) name() string               { return "sqlite" }
func (sqliteDialect) rebind(q string) string     { return q }
func (sqliteDialect) readTx() *sql.TxOptions     { return &sql.TxOptions{ReadOnly: true} }
func (sqliteDialect) forUpdate() string          { return "" } // the transaction holds the write lock already
func (sqliteDialect) fold(expr string) string    { return "scim_fold(" + expr + ")" }
func (sqliteDialect) ordered(expr string) string { return expr } // BINARY collation: UTF-8 byte order
// limit casts its placeholders: SQLite reads a bare "LIMIT ?" at prepare
// time, so that every new binding re-prepares the statement, which costs
// more than the query itself; an expression it evaluates when it runs.
func (sqliteDialect) limit(offset bool) string {
	if offset {
		return " LIMIT CAST(? AS INTEGER) OFFSET CAST(? AS INTEGER)"
	}
	return " LIMIT CAST(? AS INTEGER)"
}

func (sqliteDialect) inList(expr string) string {
	return expr + " IN (SELECT value FROM json_each(?))"
}

func (sqliteDialect) emailsAgg(personID string) string {
	return "(SELECT json_group_array(json_array(pe.value, pe.type, pe.is_primary) ORDER BY pe.ord)" +
		" FROM person_emails pe WHERE pe.person_id = " + personID + ")"
}

// errCode is the extended result code of a SQLite error.
func errCode(err error) (int, bool) {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code(), true
	}
	return 0, false
}

func (sqliteDialect) uniqueViolation(err error) (string, bool) {
	code, ok := errCode(err)
	if !ok || (code != sqlite3.SQLITE_CONSTRAINT_UNIQUE && code != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return "", false
	}
	// The message names the columns: "UNIQUE constraint failed: people.user_name_key".
	msg := err.Error()
	const marker = "constraint failed: "
	i := strings.LastIndex(msg, marker)
	if i < 0 {
		return "", true
	}
	cols := msg[i+len(marker):]
	if j := strings.IndexAny(cols, ", ("); j >= 0 {
		cols = cols[:j]
	}
	if j := strings.LastIndexByte(cols, '.'); j >= 0 {
		cols = cols[j+1:]
	}
	return cols, true
}

func (sqliteDialect) foreignKeyViolation(err error) bool {
	code, ok := errCode(err)
	return ok && code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

func (sqliteDialect) retryable(err error) bool {
	code, ok := errCode(err)
	return ok && (code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED)
}

// cannotWrite: SQLITE_FULL is a full disk (and the max_page_count limit);
// SQLITE_READONLY and its extended codes a read-only file, directory or
// connection; and a failed write or sync of the file (EROFS, EIO, EFBIG) is
// one of the SQLITE_IOERR codes below. Other I/O errors are unavailable.
func (sqliteDialect) cannotWrite(err error) bool {
	code, ok := errCode(err)
	if !ok {
		return false
	}
	switch code {
	case sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_FSYNC, sqlite3.SQLITE_IOERR_DIR_FSYNC, sqlite3.SQLITE_IOERR_TRUNCATE:
		return true
	}
	return code&0xff == sqlite3.SQLITE_FULL || code&0xff == sqlite3.SQLITE_READONLY
}

func (d sqliteDialect) unavailable(err error) bool {
	code, ok := errCode(err)
	if !ok {
		return errors.Is(err, driver.ErrBadConn)
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR,
		sqlite3.SQLITE_FULL, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_NOMEM:
		return true
	}
	return false
}
