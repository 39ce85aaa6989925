-- Indexes for the pages, the API and the CLI views: the newest-first lists
-- of batches, files and payments, claims by payer and connection, and the
-- rejections of claims' versions.

-- +goose Up

CREATE INDEX batches_built ON batches (built_at, id);
CREATE INDEX batches_connection_built ON batches (connection, built_at, id);
CREATE INDEX files_stored ON files (stored_at, id);
CREATE INDEX claims_payer_status ON claims (payer_id, status, version);
CREATE INDEX claims_connection_status ON claims (connection, status);
CREATE INDEX remittances_received ON remittances (received_at, id);

-- The rejections of a claim's versions, for the first-pass acceptance rate.
CREATE INDEX claim_events_rejections ON claim_events (claim_id, version)
    WHERE status IN ('rejected_clearinghouse', 'rejected_payer');
