-- Who may use the pages and the API, their sessions and tokens, and the
-- record of who saw what. Written once for PostgreSQL and SQLite: see the
-- doc comment of package migrations.

-- +goose Up

-- A person who logs in to the pages. role decides what they may see and
-- do (docs/web.md); a disabled user keeps their rows in the access log.
CREATE TABLE users (
    id                  TEXT NOT NULL PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'ops', 'biller')),
    password_hash       TEXT NOT NULL,  -- bcrypt
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    disabled_at         TEXT             -- NULL while the user may log in
);

-- A logged-in browser. id is the SHA-256 (hex) of the cookie's secret, so
-- that the table alone does not let anyone take a session over.
CREATE TABLE sessions (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,  -- the absolute end; idleness ends it sooner
    remote_addr  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- A bearer token for scripts, acting with its user's role. Only the
-- SHA-256 of the secret is kept; prefix is shown to tell tokens apart.
CREATE TABLE api_tokens (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,             -- NULL for no end
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Every login, successful or not, and every view of protected health
-- information: who, when, through what, and which object. Append-only; id
-- is a UUIDv7, so its order is the order of the entries.
CREATE TABLE access_log (
    id          TEXT NOT NULL PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     TEXT,                     -- NULL when the name matched no user
    username    TEXT NOT NULL,            -- as given
    via         TEXT NOT NULL,            -- web, api or cli
    action      TEXT NOT NULL,            -- login, login_failed, view, export...
    object_kind TEXT NOT NULL DEFAULT '', -- claim, remittance, file...
    object_id   TEXT NOT NULL DEFAULT '',
    remote_addr TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''  -- never patient data
);

CREATE INDEX access_log_user ON access_log (username, id);
CREATE INDEX access_log_object ON access_log (object_kind, object_id, id);
