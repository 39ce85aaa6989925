-- Claims, their versions and timeline; files; batches and control numbers.
-- Written once for PostgreSQL and SQLite: see doc comment of package migrations.

-- +goose Up

-- A claim as claimflow tracks it across every submission. The columns
-- repeat what the current version says, so that lists need no join.
CREATE TABLE claims (
    id                 TEXT    NOT NULL PRIMARY KEY,
    pcn                TEXT    NOT NULL,  -- CLM01 of the current version
    kind               TEXT    NOT NULL CHECK (kind IN ('837P', '837I')),
    payer_id           TEXT    NOT NULL,
    connection         TEXT,              -- NULL until a connection is chosen
    billing_npi        TEXT    NOT NULL,
    total_cents        BIGINT  NOT NULL,
    status             TEXT    NOT NULL,  -- derived from claim_events
    stuck_since        TEXT,              -- NULL when the claim is not stuck
    version            INTEGER NOT NULL CHECK (version >= 1),
    last_event         INTEGER NOT NULL DEFAULT 0,  -- seq of its newest event
    payer_claim_number TEXT,              -- REF*1K / CLP07, newest known
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);

-- Answers name a claim by its patient control number, so at most one claim
-- that is not void may hold it. To find a claim by any number it ever had
-- (void claims, earlier versions), use claim_versions_pcn.
CREATE UNIQUE INDEX claims_live_pcn ON claims (pcn) WHERE status <> 'void';
CREATE INDEX claims_status ON claims (status, id);
CREATE INDEX claims_stuck ON claims (stuck_since) WHERE stuck_since IS NOT NULL;
CREATE INDEX claims_payer_claim_number ON claims (payer_claim_number)
    WHERE payer_claim_number IS NOT NULL;

-- Every claim document as received. A correction is a new version, and each
-- version is one submission cycle.
CREATE TABLE claim_versions (
    claim_id           TEXT    NOT NULL REFERENCES claims (id),
    version            INTEGER NOT NULL CHECK (version >= 1),
    frequency_code     TEXT    NOT NULL,  -- CLM05-3: 1 original, 7 replace, 8 void
    pcn                TEXT    NOT NULL,
    payer_claim_number TEXT,              -- REF*F8, for replacements and voids
    total_cents        BIGINT  NOT NULL,
    document           TEXT    NOT NULL,  -- the JSON exactly as received
    received_at        TEXT    NOT NULL,
    PRIMARY KEY (claim_id, version)
);

CREATE INDEX claim_versions_pcn ON claim_versions (pcn);

-- Service lines (loop 2400) of one version.
CREATE TABLE claim_lines (
    claim_id         TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    line_number      INTEGER NOT NULL CHECK (line_number >= 1),  -- LX01
    control_number   TEXT,                        -- REF*6R
    procedure_code   TEXT,                        -- SV101-2 or SV202-2
    revenue_code     TEXT,                        -- SV201, 837I only
    modifiers        TEXT    NOT NULL DEFAULT '', -- up to four, joined by ':'
    charge_cents     BIGINT  NOT NULL,
    units            TEXT    NOT NULL,            -- decimal as written
    service_date     TEXT,                        -- YYYY-MM-DD
    service_date_end TEXT,                        -- last day of a range
    PRIMARY KEY (claim_id, version, line_number),
    FOREIGN KEY (claim_id, version) REFERENCES claim_versions (claim_id, version),
    CHECK (procedure_code IS NOT NULL OR revenue_code IS NOT NULL)
);

CREATE INDEX claim_lines_control_number ON claim_lines (control_number)
    WHERE control_number IS NOT NULL;

-- What the front-end checks said about one version.
CREATE TABLE claim_findings (
    claim_id TEXT    NOT NULL,
    version  INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    severity TEXT    NOT NULL CHECK (severity IN ('error', 'warning')),
    code     TEXT    NOT NULL,
    path     TEXT    NOT NULL,  -- JSON path into the document
    message  TEXT    NOT NULL,
    PRIMARY KEY (claim_id, version, seq),
    FOREIGN KEY (claim_id, version) REFERENCES claim_versions (claim_id, version)
);

-- Every file sent or received, with its bytes. The same content arriving
-- twice is one row.
CREATE TABLE files (
    id            TEXT   NOT NULL PRIMARY KEY,
    direction     TEXT   NOT NULL CHECK (direction IN ('in', 'out')),
    name          TEXT   NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT   NOT NULL,  -- lowercase hex
    content       BYTEA  NOT NULL,
    detected_type TEXT   NOT NULL DEFAULT 'unknown',
    state         TEXT   NOT NULL,
    findings      TEXT   NOT NULL DEFAULT '[]',
    connection    TEXT,
    remote_path   TEXT,
    received_at   TEXT   NOT NULL,  -- when it came (in) or was made (out)
    stored_at     TEXT   NOT NULL,
    UNIQUE (direction, sha256)
);

CREATE INDEX files_connection ON files (connection, stored_at);

-- The next free value of each control number, per connection. ISA13 and
-- GS06 must not repeat for a sender and receiver; ST02 is kept here too.
CREATE TABLE control_sequences (
    connection TEXT   NOT NULL,
    kind       TEXT   NOT NULL CHECK (kind IN ('ISA13', 'GS06', 'ST02')),
    next_value BIGINT NOT NULL CHECK (next_value BETWEEN 1 AND 999999999),
    updated_at TEXT   NOT NULL,
    PRIMARY KEY (connection, kind)
);

-- One outbound 837 file: its claims, control numbers and progress.
CREATE TABLE batches (
    id              TEXT    NOT NULL PRIMARY KEY,
    connection      TEXT    NOT NULL,
    state           TEXT    NOT NULL
        CHECK (state IN ('built', 'uploaded', 'acknowledged', 'rejected', 'abandoned')),
    claim_count     INTEGER NOT NULL,
    total_cents     BIGINT  NOT NULL,
    isa13           BIGINT  NOT NULL,
    gs06            BIGINT  NOT NULL,
    st02_first      BIGINT  NOT NULL,
    st02_last       BIGINT  NOT NULL,
    file_id         TEXT    NOT NULL REFERENCES files (id),
    built_at        TEXT    NOT NULL,
    uploaded_at     TEXT,
    acknowledged_at TEXT,
    error           TEXT
);

CREATE INDEX batches_isa13 ON batches (connection, isa13);
CREATE INDEX batches_state ON batches (state, built_at);

-- The claims of a batch. released_at stays NULL while the membership is
-- live: until the batch is abandoned or the claim gets a new version. The
-- partial unique index keeps a claim in at most one live batch.
CREATE TABLE batch_claims (
    batch_id    TEXT    NOT NULL REFERENCES batches (id),
    claim_id    TEXT    NOT NULL REFERENCES claims (id),
    version     INTEGER NOT NULL,
    st02        BIGINT  NOT NULL,  -- the transaction set that carries it
    position    INTEGER NOT NULL,  -- order in the file, from 1
    released_at TEXT,
    PRIMARY KEY (batch_id, claim_id),
    FOREIGN KEY (claim_id, version) REFERENCES claim_versions (claim_id, version)
);

CREATE UNIQUE INDEX batch_claims_live ON batch_claims (claim_id)
    WHERE released_at IS NULL;

-- A claim's timeline, append-only. status is what the event asserts (NULL
-- for events that assert none); status_after is what the lifecycle made of
-- it, which is status_before when the event came too late to move the claim.
CREATE TABLE claim_events (
    claim_id      TEXT    NOT NULL REFERENCES claims (id),
    seq           INTEGER NOT NULL,
    at            TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT,
    status_before TEXT,              -- NULL for a claim's first event
    status_after  TEXT    NOT NULL,
    file_id       TEXT REFERENCES files (id),
    batch_id      TEXT REFERENCES batches (id),
    detail        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (claim_id, seq)
);

CREATE INDEX claim_events_file ON claim_events (file_id) WHERE file_id IS NOT NULL;
CREATE INDEX claim_events_batch ON claim_events (batch_id) WHERE batch_id IS NOT NULL;
