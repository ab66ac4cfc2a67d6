package credentials

import (
	"strings"
	"testing"
	"time"
)

func TestMonitoringToken(t *testing.T) {
	token, _ := NewToken()
	s, err := Seal(token, "", Unlocked{CredentialID: "c1", APIKey: "k"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mon, err := NewMonitoringToken()
	if err != nil || !strings.HasPrefix(mon, MonitoringPrefix) {
		t.Fatalf("%q %v", mon, err)
	}
	if s.HasMonitoring() || s.VerifyMonitoring(mon) {
		t.Fatal("a session without a monitoring token accepts one")
	}
	if err := s.SetMonitoring(mon); err != nil {
		t.Fatal(err)
	}
	b, err := s.MarshalJSON()
	if err != nil || strings.Contains(string(b), mon) || !strings.Contains(string(b), `"monitoring"`) {
		t.Fatalf("file: %s %v", b, err)
	}
	var back Session
	if err := back.UnmarshalJSON(b); err != nil {
		t.Fatal(err)
	}
	other, _ := NewMonitoringToken()
	switch {
	case !back.VerifyMonitoring(mon):
		t.Fatal("the monitoring token does not verify after a round trip")
	case back.VerifyMonitoring(other), back.VerifyMonitoring(token), back.Verify(mon):
		t.Fatal("the tokens are interchangeable")
	}
	if _, err := back.Open(mon); err == nil {
		t.Fatal("the monitoring token opened the credentials")
	}
	// A file without the monitoring object still loads (older setups).
	var plain Session
	s2, _ := Seal(token, "", Unlocked{CredentialID: "c1", APIKey: "k"}, time.Now())
	b2, _ := s2.MarshalJSON()
	if err := plain.UnmarshalJSON(b2); err != nil || plain.HasMonitoring() {
		t.Fatalf("without monitoring: %v", err)
	}
	bad := strings.Replace(string(b), `"monitoring": {`, `"monitoring": {"extra": 1,`, 1)
	if err := plain.UnmarshalJSON([]byte(bad)); err == nil {
		t.Fatal("a malformed monitoring object was accepted")
	}
}
