package schema

import (
	"slices"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestCheckSchemas(t *testing.T) {
	const groupURN = scim.GroupSchema
	tests := []struct {
		name     string
		rt       *ResourceType
		doc      string
		wantType string
		wantErr  string
	}{
		{"core", Users, `{"schemas":["` + coreURN + `"]}`, "", ""},
		{"core and extension", Users, `{"schemas":["` + coreURN + `","` + entURN + `"]}`, "", ""},
		{"any case", Users, `{"Schemas":["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER","urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"]}`, "", ""},
		{"group", Groups, `{"schemas":["` + groupURN + `"]}`, "", ""},
		{"missing", Users, `{"userName":"b"}`, scim.ErrInvalidSyntax, `needs "schemas"`},
		{"null", Users, `{"schemas":null}`, scim.ErrInvalidSyntax, `needs "schemas"`},
		{"a string", Users, `{"schemas":"` + coreURN + `"}`, scim.ErrInvalidSyntax, `"schemas" must be an array`},
		{"not strings", Users, `{"schemas":["` + coreURN + `",5]}`, scim.ErrInvalidSyntax, `"schemas" must be an array`},
		{"empty", Users, `{"schemas":[]}`, scim.ErrInvalidValue, `"schemas" must contain "` + coreURN + `"`},
		{"extension only", Users, `{"schemas":["` + entURN + `"]}`, scim.ErrInvalidValue, `"schemas" must contain "` + coreURN + `"`},
		{"wrong core", Users, `{"schemas":["` + groupURN + `"]}`, scim.ErrInvalidValue, `schema "` + groupURN + `"`},
		{"unknown extension", Users, `{"schemas":["` + coreURN + `","urn:example:ext"]}`, scim.ErrInvalidValue, `schema "urn:example:ext" in "schemas" is not`},
		{"extension of another type", Groups, `{"schemas":["` + groupURN + `","` + entURN + `"]}`, scim.ErrInvalidValue, `schema "` + entURN + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.rt.CheckSchemas(decode(t, tt.doc)), tt.wantType, tt.wantErr)
		})
	}
}

func TestSchemasFor(t *testing.T) {
	tests := []struct {
		rt   *ResourceType
		doc  string
		want []string
	}{
		{Users, `{"userName":"b"}`, []string{coreURN}},
		{Users, `{"userName":"b","` + entURN + `":{"department":"d"}}`, []string{coreURN, entURN}},
		{Groups, `{"displayName":"G","` + entURN + `":{}}`, []string{scim.GroupSchema}},
	}
	for _, tt := range tests {
		if got := tt.rt.SchemasFor(decode(t, tt.doc)); !slices.Equal(got, tt.want) {
			t.Errorf("SchemasFor(%s) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}
