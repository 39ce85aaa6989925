package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Session is a logged-in browser.
type Session struct {
	ID         string // SHA-256 of the secret; never the secret itself
	User       User
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RemoteAddr string
}

// SessionPolicy says how long sessions last.
type SessionPolicy struct {
	Lifetime time.Duration // from login; 0 means 12 hours
	Idle     time.Duration // without a request; 0 means 30 minutes
}

func (p SessionPolicy) withDefaults() SessionPolicy {
	if p.Lifetime <= 0 {
		p.Lifetime = 12 * time.Hour
	}
	if p.Idle <= 0 {
		p.Idle = 30 * time.Minute
	}
	return p
}

// randomToken returns n random bytes as unpadded URL-safe base64.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is how secrets (session cookies, API tokens) are kept.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateSession starts a session for a user and returns the secret for the
// cookie, which is not kept anywhere.
func (s *Store) CreateSession(ctx context.Context, user User, p SessionPolicy,
	remoteAddr string) (string, Session, error) {

	p = p.withDefaults()
	secret := randomToken(32)
	now := s.clock()
	sess := Session{ID: hashSecret(secret), User: user, CSRFToken: randomToken(32),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(p.Lifetime),
		RemoteAddr: remoteAddr}
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO sessions (id, user_id, csrf_token, created_at, "+
			"last_seen_at, expires_at, remote_addr) VALUES (?, ?, ?, ?, ?, ?, ?)",
			sess.ID, user.ID, sess.CSRFToken, at(now), at(now), at(sess.ExpiresAt), remoteAddr)
		return err
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("create session: %w", err)
	}
	return secret, sess, nil
}

// ErrSessionExpired is returned by Session for a session past its lifetime
// or idle for too long; such a session is deleted.
var ErrSessionExpired = errors.New("session expired")

// Session returns the live session whose cookie holds secret, with its
// user, and records the request. An unknown secret, or a session of a
// disabled user, wraps ErrNotFound; an expired one is ErrSessionExpired.
func (s *Store) Session(ctx context.Context, secret string, p SessionPolicy) (Session, error) {
	p = p.withDefaults()
	var r struct {
		userRow
		SessionID  string `db:"session_id"`
		CSRF       string `db:"csrf_token"`
		SCreated   dbTime `db:"s_created_at"`
		LastSeen   dbTime `db:"last_seen_at"`
		Expires    dbTime `db:"expires_at"`
		RemoteAddr string `db:"remote_addr"`
	}
	id := hashSecret(secret)
	err := s.get(ctx, &r, "SELECT s.id AS session_id, s.csrf_token, "+
		"s.created_at AS s_created_at, s.last_seen_at, s.expires_at, s.remote_addr, "+
		"u.id, u.username, u.role, u.password_hash, u.created_at, u.password_changed_at, "+
		"u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	now := s.clock()
	if !r.DisabledAt.IsZero() {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if !now.Before(r.Expires.Time) || now.Sub(r.LastSeen.Time) >= p.Idle {
		if err := s.DeleteSession(ctx, secret); err != nil {
			return Session{}, err
		}
		return Session{}, ErrSessionExpired
	}
	sess := Session{ID: r.SessionID, User: r.user(), CSRFToken: r.CSRF,
		CreatedAt: r.SCreated.Time, LastSeenAt: now, ExpiresAt: r.Expires.Time,
		RemoteAddr: r.RemoteAddr}
	// Recording every request would make every page a write; a minute's
	// precision is enough for an idle limit of many minutes.
	if now.Sub(r.LastSeen.Time) >= time.Minute {
		err := s.InTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
				at(now), id)
			return err
		})
		if err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
	} else {
		sess.LastSeenAt = r.LastSeen.Time
	}
	return sess, nil
}

// DeleteSession ends the session whose cookie holds secret (a logout).
// Ending a session that does not exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE id = ?",
			hashSecret(secret)); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// DeleteExpiredSessions removes sessions past their lifetime or idle
// longer than p allows, and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, p SessionPolicy) (int64, error) {
	p = p.withDefaults()
	now := s.clock()
	var n int64
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM sessions WHERE expires_at <= ? "+
			"OR last_seen_at <= ?", at(now), at(now.Add(-p.Idle)))
		if err != nil {
			return fmt.Errorf("delete expired sessions: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
