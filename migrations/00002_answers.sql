-- What clearinghouses and payers answer: TA1, 999, 277CA and 835 content,
-- and answers that matched no claim. Rows point at the stored file they were
-- read from; a claim_id stays NULL until the answer is matched.

-- +goose Up

-- TA1 (one per interchange) and 999 (one row per transaction set answered,
-- plus one for the group verdict). Control numbers are kept as received.
CREATE TABLE acknowledgments (
    id          TEXT    NOT NULL PRIMARY KEY,
    file_id     TEXT    NOT NULL REFERENCES files (id),
    seq         INTEGER NOT NULL,             -- order within the file
    kind        TEXT    NOT NULL CHECK (kind IN ('TA1', '999')),
    batch_id    TEXT    REFERENCES batches (id),
    isa13       TEXT,                         -- TA101
    gs06        TEXT,                         -- AK102
    st02        TEXT,                         -- AK202; NULL for a group verdict
    status      TEXT    NOT NULL,             -- TA104, IK501 or AK901
    note_code   TEXT,                         -- TA105
    errors      TEXT    NOT NULL DEFAULT '[]', -- IK3/IK4 details as JSON
    received_at TEXT    NOT NULL,
    UNIQUE (file_id, seq)
);

CREATE INDEX acknowledgments_batch ON acknowledgments (batch_id);

-- 277CA claim-level status, one row per claim answered.
CREATE TABLE claim_acks (
    id                  TEXT    NOT NULL PRIMARY KEY,
    file_id             TEXT    NOT NULL REFERENCES files (id),
    seq                 INTEGER NOT NULL,
    claim_id            TEXT    REFERENCES claims (id),
    version             INTEGER,
    pcn                 TEXT    NOT NULL,             -- TRN02 as received
    verdict             TEXT    NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
    statuses            TEXT    NOT NULL DEFAULT '[]', -- every STC, as JSON
    payer_claim_number  TEXT,                         -- REF*1K
    clearinghouse_trace TEXT,                         -- REF*D9
    status_date         TEXT,
    received_at         TEXT    NOT NULL,
    UNIQUE (file_id, seq)
);

CREATE INDEX claim_acks_claim ON claim_acks (claim_id, version);
CREATE INDEX claim_acks_pcn ON claim_acks (pcn);
CREATE INDEX claim_acks_payer_claim_number ON claim_acks (payer_claim_number)
    WHERE payer_claim_number IS NOT NULL;

-- One 835 transaction set: the payment and who made it to whom.
CREATE TABLE remittances (
    id               TEXT   NOT NULL PRIMARY KEY,
    file_id          TEXT   NOT NULL REFERENCES files (id),
    st02             TEXT   NOT NULL,
    handling         TEXT   NOT NULL,  -- BPR01: I payment, H notification
    amount_cents     BIGINT NOT NULL,  -- BPR02
    credit_debit     TEXT   NOT NULL,  -- BPR03
    method           TEXT   NOT NULL,  -- BPR04: ACH, CHK, NON...
    payment_date     TEXT,             -- BPR16, YYYY-MM-DD
    trace_number     TEXT   NOT NULL,  -- TRN02: check or EFT number
    trace_originator TEXT,             -- TRN03
    payer_id         TEXT,
    payer_name       TEXT,
    payee_npi        TEXT,
    payee_name       TEXT,
    imbalance_cents  BIGINT NOT NULL DEFAULT 0,  -- 0 when the set balances
    received_at      TEXT   NOT NULL,
    UNIQUE (file_id, st02)
);

CREATE INDEX remittances_trace ON remittances (trace_number);

-- One CLP: how the payer adjudicated one claim.
CREATE TABLE remit_claims (
    id                 TEXT    NOT NULL PRIMARY KEY,
    remittance_id      TEXT    NOT NULL REFERENCES remittances (id),
    seq                INTEGER NOT NULL,
    claim_id           TEXT    REFERENCES claims (id),
    version            INTEGER,
    pcn                TEXT    NOT NULL,  -- CLP01 as received
    status_code        TEXT    NOT NULL,  -- CLP02
    charge_cents       BIGINT  NOT NULL,  -- CLP03
    paid_cents         BIGINT  NOT NULL,  -- CLP04
    patient_cents      BIGINT  NOT NULL,  -- CLP05
    payer_claim_number TEXT,              -- CLP07
    interest_cents     BIGINT  NOT NULL DEFAULT 0,  -- AMT*I
    UNIQUE (remittance_id, seq)
);

CREATE INDEX remit_claims_claim ON remit_claims (claim_id, version);
CREATE INDEX remit_claims_pcn ON remit_claims (pcn);
CREATE INDEX remit_claims_payer_claim_number ON remit_claims (payer_claim_number)
    WHERE payer_claim_number IS NOT NULL;

-- One SVC of a CLP, matched to a submitted line when it can be.
CREATE TABLE remit_lines (
    id             TEXT    NOT NULL PRIMARY KEY,
    remit_claim_id TEXT    NOT NULL REFERENCES remit_claims (id),
    seq            INTEGER NOT NULL,
    line_number    INTEGER,                      -- the claim line it pays
    control_number TEXT,                         -- REF*6R
    procedure_code TEXT    NOT NULL,             -- SVC01 as adjudicated
    modifiers      TEXT    NOT NULL DEFAULT '',
    billed_code    TEXT,                         -- SVC06 when it differs
    charge_cents   BIGINT  NOT NULL,
    paid_cents     BIGINT  NOT NULL,
    units          TEXT,
    service_date   TEXT,
    UNIQUE (remit_claim_id, seq)
);

-- CAS adjustments, one row per reason triplet; remit_line_id is NULL for
-- claim-level adjustments.
CREATE TABLE remit_adjustments (
    id             TEXT   NOT NULL PRIMARY KEY,
    remit_claim_id TEXT   NOT NULL REFERENCES remit_claims (id),
    remit_line_id  TEXT   REFERENCES remit_lines (id),
    group_code     TEXT   NOT NULL CHECK (group_code IN ('CO', 'PR', 'OA', 'PI', 'CR')),
    reason_code    TEXT   NOT NULL,
    amount_cents   BIGINT NOT NULL,
    quantity       TEXT
);

CREATE INDEX remit_adjustments_claim ON remit_adjustments (remit_claim_id);

-- Remark codes (RARC) from MIA, MOA and LQ*HE.
CREATE TABLE remit_remarks (
    id             TEXT NOT NULL PRIMARY KEY,
    remit_claim_id TEXT NOT NULL REFERENCES remit_claims (id),
    remit_line_id  TEXT REFERENCES remit_lines (id),
    source         TEXT NOT NULL CHECK (source IN ('MIA', 'MOA', 'LQ')),
    code           TEXT NOT NULL
);

CREATE INDEX remit_remarks_claim ON remit_remarks (remit_claim_id);

-- PLB: provider-level adjustments, tied to no claim of the file. claim_id
-- is set when a recoupment could be booked against an earlier claim.
CREATE TABLE provider_adjustments (
    id            TEXT    NOT NULL PRIMARY KEY,
    remittance_id TEXT    NOT NULL REFERENCES remittances (id),
    seq           INTEGER NOT NULL,
    provider_id   TEXT    NOT NULL,  -- PLB01
    fiscal_date   TEXT    NOT NULL,  -- PLB02
    reason_code   TEXT    NOT NULL,  -- PLB03-1: WO, 72, L6, FB...
    reference     TEXT,              -- PLB03-2
    amount_cents  BIGINT  NOT NULL,
    claim_id      TEXT    REFERENCES claims (id),
    UNIQUE (remittance_id, seq)
);

CREATE INDEX provider_adjustments_reference ON provider_adjustments (reference)
    WHERE reference IS NOT NULL;

-- Answers that matched no claim: a work list for a person. source_id names
-- the acknowledgments, claim_acks or remit_claims row that holds the answer.
CREATE TABLE unmatched_responses (
    id                TEXT NOT NULL PRIMARY KEY,
    file_id           TEXT NOT NULL REFERENCES files (id),
    kind              TEXT NOT NULL CHECK (kind IN ('TA1', '999', '277CA', '835')),
    source_id         TEXT NOT NULL,
    reference         TEXT NOT NULL,  -- the key that matched nothing
    received_at       TEXT NOT NULL,
    attached_claim_id TEXT REFERENCES claims (id),
    attached_at       TEXT,
    UNIQUE (kind, source_id)
);

CREATE INDEX unmatched_responses_open ON unmatched_responses (received_at)
    WHERE attached_at IS NULL;
