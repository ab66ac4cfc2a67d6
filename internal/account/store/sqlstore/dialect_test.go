package sqlstore

import "testing"

func TestRebindDollar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{`"we?ird" = ? AND 'it''s?' = ?`, `"we?ird" = $1 AND 'it''s?' = $2`},
		{"to_char(x, 'YYYY\"T\"') || ?", "to_char(x, 'YYYY\"T\"') || $1"},
	}
	for _, tc := range tests {
		if got := rebindDollar(tc.in); got != tc.want {
			t.Errorf("rebindDollar(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSQLiteJSONPath(t *testing.T) {
	got := sqliteJSONPath([]string{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "it's"})
	want := `'$."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"."manager"."it''s"'`
	if got != want {
		t.Errorf("sqliteJSONPath = %s, want %s", got, want)
	}
}
