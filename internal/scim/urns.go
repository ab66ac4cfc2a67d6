package scim

// Schema and message URNs (RFC 7643 §8.7, RFC 7644 §3).
const (
	UserSchema           = "urn:ietf:params:scim:schemas:core:2.0:User"
	GroupSchema          = "urn:ietf:params:scim:schemas:core:2.0:Group"
	EnterpriseUserSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

	SchemaSchema                = "urn:ietf:params:scim:schemas:core:2.0:Schema"
	ResourceTypeSchema          = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	ServiceProviderConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"

	ListResponseMessage  = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	ErrorMessage         = "urn:ietf:params:scim:api:messages:2.0:Error"
	PatchOpMessage       = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SearchRequestMessage = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
	BulkRequestMessage   = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
	BulkResponseMessage  = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
)
