package sqlstore

import (
	"context"
	"database/sql"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// People live in the people table, their emails in person_emails (replaced
// as a whole on every write), read back with the person in one query.

const personColumns = "p.id, p.user_name, p.external_id, p.display_name, p.given_name, p.family_name, p.email," +
	" p.state, p.suspended_from, p.provisioned, p.schemas, p.attributes, p.created_us, p.modified_us, p.version"

func (r *reader) selectPeople() string {
	return "SELECT " + personColumns + ", " + r.d.emailsAgg("p.id") + " FROM people p"
}

// peopleConflicts names the people's unique keys for callers.
func peopleConflicts(p account.Person) map[string]string {
	return map[string]string{
		"user_name_key": "userName " + quote(p.UserName) + " is already taken",
		"id":            "person " + quote(p.ID) + " already exists",
	}
}

func scanPerson(row scanner) (account.Person, error) {
	var (
		p                                          account.Person
		ext, disp, given, family, email, suspended sql.NullString
		state                                      string
		schemas, attrs, emails                     []byte
		created, modified                          int64
	)
	err := row.Scan(&p.ID, &p.UserName, &ext, &disp, &given, &family, &email, &state, &suspended,
		&p.Provisioned, &schemas, &attrs, &created, &modified, &p.Version, &emails)
	if err != nil {
		return account.Person{}, err
	}
	p.ExternalID, p.DisplayName, p.GivenName, p.FamilyName, p.Email = ext.String, disp.String, given.String, family.String, email.String
	p.State, p.SuspendedFrom = account.State(state), account.State(suspended.String)
	p.Created, p.Modified = fromMicro(created), fromMicro(modified)
	if p.Schemas, err = decodeSchemas(schemas); err != nil {
		return account.Person{}, err
	}
	if p.Attributes, err = decodeAttributes(attrs); err != nil {
		return account.Person{}, err
	}
	if p.Emails, err = decodeEmails(emails); err != nil {
		return account.Person{}, err
	}
	return p, nil
}

// scanPersonRow is scanPerson for collect.
func scanPersonRow(rows *sql.Rows) (account.Person, error) { return scanPerson(rows) }

func (r *reader) getPerson(ctx context.Context, where string, lock bool, args ...any) (account.Person, error) {
	q := r.selectPeople() + " WHERE " + where
	if lock {
		q += r.d.forUpdate()
	}
	return scanPerson(r.queryRow(ctx, q, args...))
}

// GetPerson implements store.Reader.
func (r *reader) GetPerson(ctx context.Context, id string) (account.Person, error) {
	p, err := r.getPerson(ctx, "p.id = ?", false, id)
	if err != nil {
		return account.Person{}, notFound(ctx, r.d, err, "get person", "person %q not found", id)
	}
	return p, nil
}

// GetPersonByUserName implements store.Reader.
func (r *reader) GetPersonByUserName(ctx context.Context, userName string) (account.Person, error) {
	p, err := r.getPerson(ctx, "p.user_name_key = ?", false, foldString(userName))
	if err != nil {
		return account.Person{}, notFound(ctx, r.d, err, "get person", "no person has userName %q", userName)
	}
	return p, nil
}

// GetPeopleByEmail implements store.Reader.
func (r *reader) GetPeopleByEmail(ctx context.Context, email string) ([]account.Person, error) {
	return collect(ctx, r, "get people by email", scanPersonRow,
		r.selectPeople()+" WHERE p.email_key = ? ORDER BY p.seq", key(email))
}

// ExistingPeople implements store.Reader.
func (r *reader) ExistingPeople(ctx context.Context, ids []string, scope store.Scope) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := "SELECT p.id FROM people p WHERE " + r.d.inList("p.id")
	if scope == store.ScopeProvisioning {
		q += " AND " + peopleResource.provisioning
	}
	return collect(ctx, r, "find people", scanString, q, jsonList(ids))
}

// LockPerson implements store.Tx.
func (t *txn) LockPerson(ctx context.Context, id string) (account.Person, error) {
	p, err := t.getPerson(ctx, "p.id = ?", true, id)
	if err != nil {
		return account.Person{}, notFound(ctx, t.d, err, "lock person", "person %q not found", id)
	}
	return p, nil
}

// personArgs are the values of the people columns that CreatePerson and
// UpdatePerson write, in personWriteColumns order.
func personArgs(p account.Person) ([]any, error) {
	schemas, err := encodeSchemas(p.Schemas)
	if err != nil {
		return nil, err
	}
	attrs, err := encodeAttributes(p.Attributes)
	if err != nil {
		return nil, err
	}
	return []any{
		p.UserName, foldString(p.UserName), nullString(p.ExternalID), nullString(p.DisplayName), key(p.DisplayName),
		nullString(p.GivenName), nameKey(p.Attributes, "givenName"), nullString(p.FamilyName), nameKey(p.Attributes, "familyName"),
		nullString(p.Email), key(p.Email),
		string(p.State), nullString(string(p.SuspendedFrom)), p.Provisioned, schemas, attrs,
		micro(p.Created), micro(p.Modified), p.Version,
	}, nil
}

const personWriteColumns = "user_name, user_name_key, external_id, display_name, display_name_key," +
	" given_name, given_name_key, family_name, family_name_key," +
	" email, email_key, state, suspended_from, provisioned, schemas, attributes, created_us, modified_us, version"

// CreatePerson implements store.Tx.
func (t *txn) CreatePerson(ctx context.Context, p account.Person) error {
	args, err := personArgs(p)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "INSERT INTO people (id, "+personWriteColumns+") VALUES (?"+repeat(", ?", len(args))+")",
		append([]any{p.ID}, args...)...)
	if err != nil {
		return conflict(ctx, t.d, err, "create person", peopleConflicts(p))
	}
	return t.writeEmails(ctx, p.ID, p.Emails)
}

// UpdatePerson implements store.Tx.
func (t *txn) UpdatePerson(ctx context.Context, p account.Person) error {
	args, err := personArgs(p)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, "UPDATE people SET ("+personWriteColumns+") = (?"+repeat(", ?", len(args)-1)+") WHERE id = ?",
		append(args, p.ID)...)
	if err != nil {
		return conflict(ctx, t.d, err, "update person", peopleConflicts(p))
	}
	if ok, err := affected(res); err != nil || !ok {
		return notFound(ctx, t.d, orNoRows(err), "update person", "person %q not found", p.ID)
	}
	if _, err := t.exec(ctx, "DELETE FROM person_emails WHERE person_id = ?", p.ID); err != nil {
		return dbErr(ctx, t.d, err, "update person emails")
	}
	return t.writeEmails(ctx, p.ID, p.Emails)
}

// DeletePerson implements store.Tx. Memberships and invitations go with the
// person (ON DELETE CASCADE).
func (t *txn) DeletePerson(ctx context.Context, id string) error {
	res, err := t.exec(ctx, "DELETE FROM people WHERE id = ?", id)
	if err != nil {
		return dbErr(ctx, t.d, err, "delete person")
	}
	if ok, err := affected(res); err != nil || !ok {
		return notFound(ctx, t.d, orNoRows(err), "delete person", "person %q not found", id)
	}
	return nil
}
