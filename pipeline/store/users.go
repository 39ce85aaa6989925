package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Role decides what a user may see and do; docs/web.md lists it.
type Role string

// The roles.
const (
	RoleAdmin  Role = "admin"  // everything, users and the access log included
	RoleOps    Role = "ops"    // the pipeline: batches, files, raw bytes, claims
	RoleBiller Role = "biller" // claims, money and the work list; claim intake
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleOps || r == RoleBiller }

// MinPasswordLength is the shortest password CreateUser and SetPassword
// accept.
const MinPasswordLength = 12

// bcryptCost is the work factor of password hashes: bcrypt's default,
// about 50 ms a check on a current core.
const bcryptCost = bcrypt.DefaultCost

// ErrBadCredentials is returned by Authenticate for an unknown user, a
// wrong password or a disabled user alike, so that callers cannot tell
// which and neither can whoever they answer.
var ErrBadCredentials = errors.New("unknown user or wrong password")

// ErrDuplicateUser is returned when a username is taken.
var ErrDuplicateUser = errors.New("username already taken")

// User is a person who may log in.
type User struct {
	ID                string    `json:"id"`
	Username          string    `json:"username"`
	Role              Role      `json:"role"`
	CreatedAt         time.Time `json:"created_at,omitzero"`
	PasswordChangedAt time.Time `json:"password_changed_at,omitzero"`
	DisabledAt        time.Time `json:"disabled_at,omitzero"` // zero while the user may log in
}

// Disabled reports whether the user may no longer log in.
func (u User) Disabled() bool { return !u.DisabledAt.IsZero() }

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

type userRow struct {
	ID                string `db:"id"`
	Username          string `db:"username"`
	Role              string `db:"role"`
	PasswordHash      string `db:"password_hash"`
	CreatedAt         dbTime `db:"created_at"`
	PasswordChangedAt dbTime `db:"password_changed_at"`
	DisabledAt        dbTime `db:"disabled_at"`
}

const userColumns = "id, username, role, password_hash, created_at, password_changed_at, " +
	"disabled_at"

func (r userRow) user() User {
	return User{ID: r.ID, Username: r.Username, Role: Role(r.Role),
		CreatedAt: r.CreatedAt.Time, PasswordChangedAt: r.PasswordChangedAt.Time,
		DisabledAt: r.DisabledAt.Time}
}

// GeneratePassword returns a random password of 20 letters and digits
// (about 119 bits), for a user whose password is printed once.
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	rand.Read(b) //nolint:errcheck // never fails
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func hashPassword(password string) (string, error) {
	if len(password) < MinPasswordLength {
		return "", fmt.Errorf("%w: a password needs at least %d characters",
			ErrInvalidInput, MinPasswordLength)
	}
	if len(password) > 72 {
		return "", fmt.Errorf("%w: a password may have at most 72 bytes", ErrInvalidInput)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CreateUser adds a user with a bcrypt hash of password. Usernames are 2 to
// 64 lowercase letters, digits, dots, dashes and underscores.
func (s *Store) CreateUser(ctx context.Context, username string, role Role,
	password string) (User, error) {

	if !usernamePattern.MatchString(username) {
		return User{}, fmt.Errorf("%w: username %q: use 2 to 64 lowercase letters, "+
			"digits, '.', '-' or '_'", ErrInvalidInput, username)
	}
	if !role.Valid() {
		return User{}, fmt.Errorf("%w: role %q is not admin, ops or biller",
			ErrInvalidInput, role)
	}
	hash, err := hashPassword(password)
	if err != nil {
		return User{}, err
	}
	now := s.clock()
	u := User{ID: newID(), Username: username, Role: role, CreatedAt: now,
		PasswordChangedAt: now}
	err = s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO users ("+userColumns+") "+
			"VALUES (?, ?, ?, ?, ?, ?, NULL)", u.ID, u.Username, u.Role, hash, at(now), at(now))
		return err
	})
	if isUniqueViolation(err) {
		return User{}, fmt.Errorf("user %q: %w", username, ErrDuplicateUser)
	}
	if err != nil {
		return User{}, fmt.Errorf("insert user: %w", err)
	}
	return u, nil
}

// GetUser returns the user with the given username.
func (s *Store) GetUser(ctx context.Context, username string) (User, error) {
	var r userRow
	err := s.get(ctx, &r, "SELECT "+userColumns+" FROM users WHERE username = ?", username)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %q: %w", username, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("read user: %w", err)
	}
	return r.user(), nil
}

// ListUsers returns every user in username order.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	var rows []userRow
	if err := s.selectAll(ctx, &rows, "SELECT "+userColumns+
		" FROM users ORDER BY username"); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users := make([]User, 0, len(rows))
	for _, r := range rows {
		users = append(users, r.user())
	}
	return users, nil
}

// Authenticate checks a username and password. It returns
// ErrBadCredentials for an unknown user, a wrong password or a disabled
// user, and takes about as long for each.
func (s *Store) Authenticate(ctx context.Context, username, password string) (User, error) {
	var r userRow
	err := s.get(ctx, &r, "SELECT "+userColumns+" FROM users WHERE username = ?", username)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the time a real comparison would, so that timing does not
		// tell which usernames exist.
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("read user: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(r.PasswordHash), []byte(password)) != nil {
		return User{}, ErrBadCredentials
	}
	if !r.DisabledAt.IsZero() {
		return User{}, ErrBadCredentials
	}
	return r.user(), nil
}

var dummy struct {
	once sync.Once
	hash []byte
}

// dummyHash is a bcrypt hash of nothing anyone types, made once.
func dummyHash() []byte {
	dummy.once.Do(func() {
		dummy.hash, _ = bcrypt.GenerateFromPassword([]byte(GeneratePassword()), bcryptCost)
	})
	return dummy.hash
}

// SetPassword replaces a user's password and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, username, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	now := s.clock()
	return s.InTx(ctx, func(tx *Tx) error {
		id, err := tx.userID(ctx, username)
		if err != nil {
			return err
		}
		if err := tx.execOne(ctx, "UPDATE users SET password_hash = ?, "+
			"password_changed_at = ? WHERE id = ?", hash, at(now), id); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		_, err = tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		return err
	})
}

// DisableUser stops a user from logging in, ends their sessions and revokes
// their API tokens. Disabling a disabled user changes nothing.
func (s *Store) DisableUser(ctx context.Context, username string) (User, error) {
	now := s.clock()
	err := s.InTx(ctx, func(tx *Tx) error {
		id, err := tx.userID(ctx, username)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE users SET disabled_at = ? "+
			"WHERE id = ? AND disabled_at IS NULL", at(now), id); err != nil {
			return fmt.Errorf("disable user: %w", err)
		}
		if _, err := tx.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		_, err = tx.exec(ctx, "UPDATE api_tokens SET revoked_at = ? "+
			"WHERE user_id = ? AND revoked_at IS NULL", at(now), id)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return s.GetUser(ctx, username)
}

func (t *Tx) userID(ctx context.Context, username string) (string, error) {
	var id string
	err := t.get(ctx, &id, "SELECT id FROM users WHERE username = ?", username)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("user %q: %w", username, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read user: %w", err)
	}
	return id, nil
}
