package conformance

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func testBlobs(t *testing.T, s store.Store) {
	ctx := t.Context()
	if _, err := s.GetBlob(ctx, "certmagic/none"); err == nil {
		t.Fatal("GetBlob of nothing succeeded")
	} else {
		wantKind(t, err, account.ErrNotFound, "GetBlob(missing)")
	}
	put := func(key string, value []byte, at time.Time) {
		t.Helper()
		mustTx(t, s, func(tx store.Tx) error { return tx.PutBlob(ctx, account.Blob{Key: key, Value: value, Modified: at}) })
	}
	binary := []byte{0, 1, 2, 255, 'x'}
	put("certmagic/certificates/a.example.com/a.crt", binary, epoch)
	put("certmagic/certificates/a.example.com/a.key", []byte("key"), epoch)
	put("certmagic/locks/x", []byte("lock"), epoch)
	put("certmagic_other", []byte("not under the prefix"), epoch)
	put("certmagic/certificates/a.example.com/a.crt", append(binary, '!'), epoch.Add(time.Hour)) // replaces

	b, err := s.GetBlob(ctx, "certmagic/certificates/a.example.com/a.crt")
	if err != nil || !bytes.Equal(b.Value, append(binary, '!')) || !b.Modified.Equal(epoch.Add(time.Hour)) {
		t.Fatalf("GetBlob = %+v, %v", b, err)
	}
	list, err := s.ListBlobs(ctx, "certmagic/certificates/")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, i := range list {
		keys = append(keys, i.Key)
	}
	if !slices.Equal(keys, []string{"certmagic/certificates/a.example.com/a.crt", "certmagic/certificates/a.example.com/a.key"}) || list[0].Size != 6 {
		t.Fatalf("ListBlobs = %+v", list)
	}
	if all, _ := s.ListBlobs(ctx, "certmagic/"); len(all) != 3 {
		t.Fatalf("ListBlobs(certmagic/) = %+v", all)
	}
	mustTx(t, s, func(tx store.Tx) error { return tx.DeleteBlob(ctx, "certmagic/locks/x") })
	mustTx(t, s, func(tx store.Tx) error { return tx.DeleteBlob(ctx, "certmagic/locks/x") }) // again: no error
	if _, err := s.GetBlob(ctx, "certmagic/locks/x"); err == nil {
		t.Fatal("a deleted blob is still there")
	}
}

func testCounts(t *testing.T, s store.Store) {
	ctx := t.Context()
	loadFixture(t, s)
	all, err := s.CountPeople(ctx, store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := s.CountPeople(ctx, store.ScopeProvisioning)
	if err != nil {
		t.Fatal(err)
	}
	if all[account.StateSuspended] != 2 || all[account.StateInvited] != 1 || all[account.StateActive] != 9 || prov[account.StateInvited] != 0 || prov[account.StateActive] != 9 {
		t.Fatalf("CountPeople: all %v, provisioning %v", all, prov)
	}
	if n, err := s.CountGroups(ctx, store.ScopeAll); err != nil || n != 4 {
		t.Fatalf("CountGroups(all) = %d, %v", n, err)
	}
	if n, err := s.CountGroups(ctx, store.ScopeProvisioning); err != nil || n != 3 {
		t.Fatalf("CountGroups(provisioning) = %d, %v", n, err)
	}
}
