package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens a pool of connections to the database at dsn, a
// postgres:// URL (runtime parameters such as search_path may be given in
// the query). Transactions run at READ COMMITTED; read-modify-write is made
// safe by the row locks LockPerson and LockGroup take.
func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open PostgreSQL: %w", err)
	}
	// JIT compilation is for analytic queries. The planner turns it on by
	// estimated cost, and a page deep in a list, or any statement on tables
	// not yet analysed, is estimated dear: each then spent ~0.5 s of CPU
	// compiling (EXPLAIN ANALYZE: "JIT ... Total 479 ms" of an 890 ms page),
	// which under 32 concurrent requests took every core. A jit given in
	// the URL (?jit=on) still wins.
	if _, ok := cfg.RuntimeParams["jit"]; !ok {
		cfg.RuntimeParams["jit"] = "off"
	}
	db := stdlib.OpenDB(*cfg)
	// Keep every connection the pool may open: a PostgreSQL connection is a
	// process forked by the server, and a pool that keeps fewer than it
	// opens closes and reopens them under any burst of concurrent requests.
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	d := &pgDialect{foldFmt: "lower(%s)"}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, dbErr(ctx, d, err, "connect to PostgreSQL")
	}
	if err := migrate(ctx, db, d); err != nil {
		db.Close()
		return nil, err
	}
	if err := d.chooseFold(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return newStore(d, db, db, false, nil), nil
}

// migrationLockID is the advisory lock migrations of this database and
// schema take, so that two processes starting together migrate one at a
// time, while databases or schemas that share a server do not wait for each
// other.
func migrationLockID(ctx context.Context, db *sql.DB) (int64, error) {
	var dbName, schema sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT current_database(), current_schema()").Scan(&dbName, &schema); err != nil {
		return 0, err
	}
	h := fnv.New64a()
	io.WriteString(h, "scimbridge migrations\x00"+dbName.String+"\x00"+schema.String)
	return int64(h.Sum64() >> 1), nil
}

type pgDialect struct {
	// foldFmt is the format of the folding expression: lower() follows the
	// database's ctype, which in the "C" locale folds ASCII only; then an
	// ICU collation does it, when the server has one.
	foldFmt string
}

func (d *pgDialect) chooseFold(ctx context.Context, db *sql.DB) error {
	var unicode bool
	if err := db.QueryRowContext(ctx, "SELECT lower('ÄΣ') = 'äσ'").Scan(&unicode); err != nil {
		return dbErr(ctx, d, err, "probe lower()")
	}
	if unicode {
		return nil
	}
	var icu bool
	err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')`).Scan(&icu)
	if err != nil {
		return dbErr(ctx, d, err, "probe collations")
	}
	if icu {
		d.foldFmt = `lower((%s) COLLATE "und-x-icu")`
	}
	return nil
}

func (*pgDialect) name() string              { return "postgres" }
func (*pgDialect) rebind(q string) string    { return rebindDollar(q) }
func (*pgDialect) forUpdate() string         { return " FOR UPDATE" }
func (d *pgDialect) fold(expr string) string { return fmt.Sprintf(d.foldFmt, expr) }
func (*pgDialect) ordered(expr string) string {
	return "(" + expr + `) COLLATE "C"`
}
func (*pgDialect) readTx() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}
func (*pgDialect) limit(offset bool) string {
	if offset {
		return " LIMIT ? OFFSET ?"
	}
	return " LIMIT ?"
}

// inList compares with an array built once (an InitPlan), not with a
// set-returning subquery: the planner guesses 100 rows for that and joins
// it by hashing a whole table (GroupsOf read every membership, 15-45 ms a
// call), whereas = ANY(array) is an index condition.
func (*pgDialect) inList(expr string) string {
	return expr + " = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(? AS jsonb))))"
}

func (*pgDialect) emailsAgg(personID string) string {
	return "(SELECT COALESCE(jsonb_agg(jsonb_build_array(pe.value, pe.type, pe.is_primary) ORDER BY pe.ord), '[]')" +
		" FROM person_emails pe WHERE pe.person_id = " + personID + ")"
}

func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func (*pgDialect) uniqueViolation(err error) (string, bool) {
	var e *pgconn.PgError
	if !errors.As(err, &e) || e.Code != "23505" {
		return "", false
	}
	// The detail names the columns: "Key (user_name_key)=(x) already exists."
	cols, ok := strings.CutPrefix(e.Detail, "Key (")
	if !ok {
		return "", true
	}
	cols, _, _ = strings.Cut(cols, ")=")
	return cols, true
}

func (*pgDialect) foreignKeyViolation(err error) bool { return pgCode(err) == "23503" }

func (*pgDialect) retryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return true
	}
	return false
}

// cannotWrite: disk_full, or read_only_sql_transaction, which is what a hot
// standby, a database or role with default_transaction_read_only, and
// default_transaction_read_only in the connection's options answer a write.
// The other insufficient_resources errors (memory, connections) are
// unavailable: the disk is not the problem.
func (*pgDialect) cannotWrite(err error) bool {
	switch pgCode(err) {
	case "53100", "25006": // disk_full, read_only_sql_transaction
		return true
	}
	return false
}

func (*pgDialect) unavailable(err error) bool {
	code := pgCode(err)
	switch {
	case strings.HasPrefix(code, "08"), // connection exception
		code == "57P01", code == "57P02", code == "57P03", // shutting down, cannot connect now
		strings.HasPrefix(code, "53"): // insufficient resources: out of memory, too many connections, …
		return true
	case code != "":
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		pgconn.SafeToRetry(err)
}
