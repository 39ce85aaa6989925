package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TokenPrefix starts every API token, so that a leaked one is easy to spot.
const TokenPrefix = "cft_"

// APIToken is a bearer token for scripts. It acts with its user's role.
type APIToken struct {
	ID         string    `json:"id"`
	Username   string    `json:"username"`
	Role       Role      `json:"role"`
	UserID     string    `json:"user_id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"` // the first characters of the secret, to tell tokens apart
	CreatedAt  time.Time `json:"created_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"` // zero for no end
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// Active reports whether the token may be used at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

type tokenRow struct {
	ID         string `db:"id"`
	UserID     string `db:"user_id"`
	Username   string `db:"username"`
	Role       string `db:"role"`
	Name       string `db:"name"`
	Prefix     string `db:"prefix"`
	CreatedAt  dbTime `db:"created_at"`
	ExpiresAt  dbTime `db:"expires_at"`
	LastUsedAt dbTime `db:"last_used_at"`
	RevokedAt  dbTime `db:"revoked_at"`
	Disabled   dbTime `db:"disabled_at"`
}

const tokenSelect = "SELECT t.id, t.user_id, u.username, u.role, t.name, t.prefix, " +
	"t.created_at, t.expires_at, t.last_used_at, t.revoked_at, u.disabled_at " +
	"FROM api_tokens t JOIN users u ON u.id = t.user_id "

func (r tokenRow) token() APIToken {
	return APIToken{ID: r.ID, UserID: r.UserID, Username: r.Username, Role: Role(r.Role),
		Name: r.Name, Prefix: r.Prefix, CreatedAt: r.CreatedAt.Time,
		ExpiresAt: r.ExpiresAt.Time, LastUsedAt: r.LastUsedAt.Time,
		RevokedAt: r.RevokedAt.Time}
}

// CreateToken makes an API token for a user and returns its secret, which
// is shown once and kept only as a hash. ttl 0 means no end.
func (s *Store) CreateToken(ctx context.Context, username, name string,
	ttl time.Duration) (string, APIToken, error) {

	if name == "" {
		return "", APIToken{}, fmt.Errorf("%w: a token needs a name", ErrInvalidInput)
	}
	u, err := s.GetUser(ctx, username)
	if err != nil {
		return "", APIToken{}, err
	}
	if u.Disabled() {
		return "", APIToken{}, fmt.Errorf("%w: user %q is disabled", ErrInvalidInput, username)
	}
	secret := TokenPrefix + randomToken(32)
	now := s.clock()
	tok := APIToken{ID: newID(), UserID: u.ID, Username: u.Username, Role: u.Role,
		Name: name, Prefix: secret[:len(TokenPrefix)+6], CreatedAt: now}
	if ttl > 0 {
		tok.ExpiresAt = now.Add(ttl)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO api_tokens (id, user_id, name, prefix, hash, "+
			"created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", tok.ID, u.ID, name,
			tok.Prefix, hashSecret(secret), at(now), at(tok.ExpiresAt))
		return err
	})
	if err != nil {
		return "", APIToken{}, fmt.Errorf("create token: %w", err)
	}
	return secret, tok, nil
}

// TokenBySecret returns the active token whose secret is given, and notes
// its use. Unknown, revoked and expired tokens, and tokens of disabled
// users, all wrap ErrNotFound.
func (s *Store) TokenBySecret(ctx context.Context, secret string) (APIToken, error) {
	var r tokenRow
	err := s.get(ctx, &r, tokenSelect+"WHERE t.hash = ?", hashSecret(secret))
	if errors.Is(err, sql.ErrNoRows) {
		return APIToken{}, fmt.Errorf("token: %w", ErrNotFound)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("read token: %w", err)
	}
	now := s.clock()
	tok := r.token()
	if !tok.Active(now) || !r.Disabled.IsZero() {
		return APIToken{}, fmt.Errorf("token: %w", ErrNotFound)
	}
	if now.Sub(tok.LastUsedAt) >= time.Minute {
		err = s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
				at(now), tok.ID)
			return err
		})
		if err != nil {
			return APIToken{}, fmt.Errorf("note token use: %w", err)
		}
		tok.LastUsedAt = now
	}
	return tok, nil
}

// ListTokens returns the tokens of one user, or of every user when
// username is "", newest first.
func (s *Store) ListTokens(ctx context.Context, username string) ([]APIToken, error) {
	query, args := tokenSelect, []any{}
	if username != "" {
		query, args = query+"WHERE u.username = ? ", append(args, username)
	}
	var rows []tokenRow
	if err := s.selectAll(ctx, &rows, query+"ORDER BY t.id DESC", args...); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]APIToken, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.token())
	}
	return out, nil
}

// RevokeToken ends a token, named by its ID or its prefix. Revoking a
// revoked token changes nothing.
func (s *Store) RevokeToken(ctx context.Context, idOrPrefix string) (APIToken, error) {
	var r tokenRow
	err := s.get(ctx, &r, tokenSelect+"WHERE t.id = ? OR t.prefix = ?", idOrPrefix, idOrPrefix)
	if errors.Is(err, sql.ErrNoRows) {
		return APIToken{}, fmt.Errorf("token %q: %w", idOrPrefix, ErrNotFound)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("read token: %w", err)
	}
	now := s.clock()
	err = s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? "+
			"WHERE id = ? AND revoked_at IS NULL", at(now), r.ID)
		return err
	})
	if err != nil {
		return APIToken{}, fmt.Errorf("revoke token: %w", err)
	}
	tok := r.token()
	if tok.RevokedAt.IsZero() {
		tok.RevokedAt = now
	}
	return tok, nil
}
