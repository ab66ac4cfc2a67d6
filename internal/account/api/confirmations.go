package api

import (
	"context"
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
)

// confirmRequest and confirmResult are the bodies of POST /v1/confirmations.
type confirmRequest struct {
	Limit int `json:"limit"`
}

type confirmResult struct {
	Confirmed int  `json:"confirmed"`
	More      bool `json:"more"`
}

// confirm serves POST /v1/confirmations: the confirmation watcher's batch.
func (s *server) confirm(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	var req confirmRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	n, more, err := svc.ConfirmPending(r.Context(), req.Limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, confirmResult{Confirmed: n, More: more})
	return nil
}

// ConfirmPending confirms up to limit people awaiting confirmation
// (POST /v1/confirmations).
func (c *Client) ConfirmPending(ctx context.Context, limit int) (int, bool, error) {
	var out confirmResult
	err := c.do(ctx, call{method: http.MethodPost, path: pathOf("confirmations"), body: confirmRequest{Limit: limit}, out: &out})
	return out.Confirmed, out.More, err
}
