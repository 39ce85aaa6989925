package web

import (
	"context"
	"errors"

	"github.com/claimflow/claimflow/pipeline/store"
)

// CreateDemoUser makes a user for a demonstration, or gives an existing
// one a new password, and returns the generated password, for the caller
// to print once. Nothing keeps it but its bcrypt hash.
func CreateDemoUser(ctx context.Context, s *store.Store, username string,
	role store.Role) (string, error) {

	pw := store.GeneratePassword()
	_, err := s.CreateUser(ctx, username, role, pw)
	if errors.Is(err, store.ErrDuplicateUser) {
		err = s.SetPassword(ctx, username, pw)
	}
	if err != nil {
		return "", err
	}
	return pw, nil
}
