package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// attachAnswer attaches an answer that matched no claim to the claim a
// person names, by claimflow ID or patient control number, and posts it as
// if it had matched. The browser then goes to the claim.
func (s *Server) attachAnswer(w http.ResponseWriter, r *http.Request, p *who) {
	answer := r.PostFormValue("answer")
	claimID, problem, err := s.findClaim(r, strings.TrimSpace(r.PostFormValue("claim")))
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	if problem != "" {
		s.errorPage(w, r, p, http.StatusBadRequest, problem)
		return
	}
	_, err = posting.AttachUnmatched(r.Context(), s.store, answer, claimID)
	switch {
	case errors.Is(err, posting.ErrAttached):
		s.errorPage(w, r, p, http.StatusConflict, "That answer is attached to a claim already.")
		return
	case errors.Is(err, posting.ErrNotSent):
		s.errorPage(w, r, p, http.StatusBadRequest, "That claim was never sent, so no "+
			"answer can concern it. Choose the claim the payer answered.")
		return
	case err != nil:
		s.fail(w, r, p, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionAttach, "unmatched", answer,
		"claim "+claimID); err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/claims/"+claimID, http.StatusSeeOther)
}

// findClaim turns what a person typed, a claim's ID or its patient control
// number, into a claim ID. When it cannot, problem says why, for the
// person; err is for what went wrong on the server.
func (s *Server) findClaim(r *http.Request, typed string) (id, problem string, err error) {
	if typed == "" {
		return "", "Say which claim: its claim number or claimflow ID.", nil
	}
	if _, err := uuid.Parse(typed); err == nil {
		return typed, "", nil
	}
	res, err := s.store.Search(r.Context(), typed)
	if err != nil {
		return "", "", err
	}
	var ids []string
	for _, c := range res.Claims {
		if strings.EqualFold(c.PCN, typed) {
			ids = append(ids, c.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Sprintf("No claim has the number %q.", typed), nil
	case 1:
		return ids[0], "", nil
	}
	return "", fmt.Sprintf("%d claims have the number %q: give the claimflow ID instead.",
		len(ids), typed), nil
}
