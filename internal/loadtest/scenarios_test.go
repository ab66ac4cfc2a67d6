package loadtest

import (
	"strconv"
	"strings"
	"testing"
)

func TestFamilyPrefix(t *testing.T) {
	for _, people := range []int{1, 5, 10, 11, 99, 100, 1000, 1500, 10_000, 100_000} {
		for range 50 {
			prefix := familyPrefix(people)
			want := 0
			for i := range people {
				if strings.HasPrefix(strconv.Itoa(i), prefix) {
					want++
				}
			}
			if got := withPrefix(prefix, people); got != want {
				t.Fatalf("withPrefix(%q, %d) = %d, want %d", prefix, people, got, want)
			}
			if want < 1 || want > 11 || (people%10 == 0 && people >= 100 && want != 11) {
				t.Errorf("familyPrefix(%d) = %q, which %d people have", people, prefix, want)
			}
		}
	}
	if got := withPrefix("123", 100_000); got != 111 {
		t.Errorf("withPrefix(123, 100000) = %d, want 111", got)
	}
}
