package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the schema, one directory per dialect; the few steps
// SQL cannot take are Go migrations (nameKeysMigration) numbered among them.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// migrate brings the schema up to date. On PostgreSQL a session advisory lock
// keeps two processes from migrating at once; on SQLite the migrations run in
// transactions that take the database's write lock.
func migrate(ctx context.Context, db *sql.DB, d dialect) error {
	var (
		gd   goose.Dialect
		opts = []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(nameKeysMigration(d))}
	)
	switch d.name() {
	case "postgres":
		gd = goose.DialectPostgres
		id, err := migrationLockID(ctx, db)
		if err != nil {
			return dbErr(ctx, d, err, "migrate")
		}
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	default:
		gd = goose.DialectSQLite3
	}
	dir, err := fs.Sub(migrations, "migrations/"+d.name())
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	p, err := goose.NewProvider(gd, db, dir, opts...)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return dbErr(ctx, d, err, "migrate")
	}
	return nil
}
