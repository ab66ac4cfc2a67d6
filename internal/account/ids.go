package account

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewID returns a time-ordered (version 7, RFC 9562) UUID: the ids of
// people, groups and credentials. The first 48 bits are the time in
// milliseconds, the rest (74 bits) random. Ids made at about the same time
// sort together, so the indexes keyed by them (people, memberships,
// emails, invitations, the audit log) take each new id at their end rather
// than at a random page: a create dirties fewer pages, and the people of
// one page of a list have their emails and groups on neighbouring pages.
// They reveal when a resource was made, which meta.created says anyway, and
// nothing about how many there are.
func NewID() string { return newID(time.Now()) }

func newID(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli()))
	copy(b[0:6], ms[2:8])
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
