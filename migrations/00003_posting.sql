-- What posting answers onto claims needs beyond the answers themselves:
-- keys to find the submission an answer names, how each CLP was posted,
-- why an answer matched nothing, and every arrival of a file.

-- +goose Up

-- pcn_key is the patient control number in upper case with letters and
-- digits only, to find a claim whose number came back altered. payer_id and
-- responsibility (SBR01: P, S, T...) tell which submission a payer answers.
-- Rows written before these columns get what the other columns imply.
ALTER TABLE claim_versions ADD COLUMN pcn_key TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_versions ADD COLUMN payer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_versions ADD COLUMN responsibility TEXT NOT NULL DEFAULT '';
UPDATE claim_versions SET pcn_key = UPPER(pcn),
    payer_id = (SELECT payer_id FROM claims WHERE claims.id = claim_versions.claim_id);
CREATE INDEX claim_versions_pcn_key ON claim_versions (pcn_key);

-- A 999 names the batch by its GS06; a claim's submissions are its batch
-- memberships.
CREATE INDEX batches_gs06 ON batches (connection, gs06);
CREATE INDEX batch_claims_claim ON batch_claims (claim_id, version);

-- How a CLP was posted: payment, supplemental, split, correction,
-- reversal, forwarded, not_ours, predetermination or held. A reversal
-- names the posting it cancels. imbalance_cents is what the CLP leaves
-- unexplained: charge minus paid minus patient responsibility minus the
-- other adjustments, 0 when it adds up.
ALTER TABLE remit_claims ADD COLUMN posting TEXT NOT NULL DEFAULT '';
ALTER TABLE remit_claims ADD COLUMN reverses_id TEXT REFERENCES remit_claims (id);
ALTER TABLE remit_claims ADD COLUMN imbalance_cents BIGINT NOT NULL DEFAULT 0;
CREATE INDEX remit_claims_reverses ON remit_claims (reverses_id)
    WHERE reverses_id IS NOT NULL;

-- Recoupments booked against a claim, and forward balances by reference.
CREATE INDEX provider_adjustments_claim ON provider_adjustments (claim_id)
    WHERE claim_id IS NOT NULL;

-- Why an answer waits for a person: no_claim, ambiguous, not_submitted,
-- or reversal_not_posted.
ALTER TABLE unmatched_responses ADD COLUMN reason TEXT NOT NULL DEFAULT 'no_claim';

-- Every arrival of a file's content, the first and each repeat: the same
-- content under a new name changes nothing but is recorded here.
CREATE TABLE file_receipts (
    id          TEXT    NOT NULL PRIMARY KEY,
    file_id     TEXT    NOT NULL REFERENCES files (id),
    name        TEXT    NOT NULL,
    connection  TEXT,
    remote_path TEXT,
    duplicate   INTEGER NOT NULL CHECK (duplicate IN (0, 1)),
    received_at TEXT    NOT NULL
);

CREATE INDEX file_receipts_file ON file_receipts (file_id, received_at);
