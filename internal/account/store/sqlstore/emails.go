package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/scimbridge/scimbridge/internal/account"
)

// A person's emails are rows of person_emails in their order (ord), so that
// filters on emails.value use an index and a value filter's conditions hold
// on one email.

func (t *txn) writeEmails(ctx context.Context, personID string, emails []account.Email) error {
	for i, e := range emails {
		_, err := t.exec(ctx, "INSERT INTO person_emails (person_id, ord, value, value_key, type, type_key, is_primary)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?)",
			personID, i, e.Value, foldString(e.Value), nullString(e.Type), key(e.Type), e.Primary)
		if err != nil {
			return dbErr(ctx, t.d, err, "write person emails")
		}
	}
	return nil
}

// decodeEmails reads dialect.emailsAgg: [[value, type, primary], …], where
// primary is a JSON boolean (PostgreSQL) or 0/1 (SQLite) and type may be
// null.
func decodeEmails(raw []byte) ([]account.Email, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var rows [][3]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("sqlstore: decode emails: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	emails := make([]account.Email, len(rows))
	for i, r := range rows {
		emails[i].Value, _ = r[0].(string)
		emails[i].Type, _ = r[1].(string)
		switch v := r[2].(type) {
		case bool:
			emails[i].Primary = v
		case float64:
			emails[i].Primary = v != 0
		}
	}
	return emails, nil
}
