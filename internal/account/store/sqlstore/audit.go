package sqlstore

import (
	"cmp"
	"context"
	"database/sql"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// defaultAuditLimit is how many events ListAudit returns when the query
// gives no limit.
const defaultAuditLimit = 100

// ListAudit implements store.Reader: newest first.
func (r *reader) ListAudit(ctx context.Context, q store.AuditQuery) ([]account.AuditEvent, error) {
	query := "SELECT id, time_us, actor_kind, actor_id, request_id, provider, action, target_kind, target_id," +
		" target_name, before_state, after_state, detail FROM audit WHERE TRUE"
	var args []any
	if !q.Since.IsZero() {
		query += " AND time_us >= ?"
		args = append(args, micro(q.Since))
	}
	if q.TargetID != "" {
		query += " AND target_id = ?"
		args = append(args, q.TargetID)
	}
	query += " ORDER BY time_us DESC, id DESC" + r.d.limit(false)
	args = append(args, cmp.Or(max(q.Limit, 0), defaultAuditLimit))
	return collect(ctx, r, "list audit", func(rows *sql.Rows) (account.AuditEvent, error) {
		var (
			e         account.AuditEvent
			us        int64
			actorKind string
		)
		err := rows.Scan(&e.ID, &us, &actorKind, &e.Actor.ID, &e.Actor.RequestID, &e.Actor.Provider, &e.Action,
			&e.TargetKind, &e.TargetID, &e.TargetName, &e.BeforeState, &e.AfterState, &e.Detail)
		e.Time, e.Actor.Kind = fromMicro(us), account.ActorKind(actorKind)
		return e, err
	}, query, args...)
}

// AppendAudit implements store.Tx.
func (t *txn) AppendAudit(ctx context.Context, e account.AuditEvent) error {
	_, err := t.exec(ctx, "INSERT INTO audit (time_us, actor_kind, actor_id, request_id, provider, action, target_kind,"+
		" target_id, target_name, before_state, after_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		micro(e.Time), string(e.Actor.Kind), e.Actor.ID, e.Actor.RequestID, e.Actor.Provider, e.Action, e.TargetKind,
		e.TargetID, e.TargetName, e.BeforeState, e.AfterState, e.Detail)
	return dbErr(ctx, t.d, err, "append audit event")
}
