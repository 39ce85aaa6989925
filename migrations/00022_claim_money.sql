-- Each claim's money as its postings add it up, kept on the claim so that
-- the pages and reports read it rather than add up every payment each
-- time: what payers paid (CLP04, reversals netted), their adjustments (CO,
-- OA, PI, CR; OA-23 left out, a later payer restating the earlier ones),
-- and patient responsibility (PR). Estimates (predeterminations) and
-- answers held for a person move no money. The store updates the columns
-- whenever it records or attaches a payment.

-- +goose Up

ALTER TABLE claims ADD COLUMN paid_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN adjusted_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN patient_cents BIGINT NOT NULL DEFAULT 0;

UPDATE claims SET
    paid_cents = COALESCE((SELECT SUM(rc.paid_cents) FROM remit_claims rc
        WHERE rc.claim_id = claims.id
        AND rc.posting NOT IN ('predetermination', 'held')), 0),
    adjusted_cents = COALESCE((SELECT SUM(a.amount_cents) FROM remit_adjustments a
        JOIN remit_claims rc ON rc.id = a.remit_claim_id
        WHERE rc.claim_id = claims.id
        AND rc.posting NOT IN ('predetermination', 'held')
        AND a.group_code <> 'PR'
        AND NOT (a.group_code = 'OA' AND a.reason_code = '23')), 0),
    patient_cents = COALESCE((SELECT SUM(a.amount_cents) FROM remit_adjustments a
        JOIN remit_claims rc ON rc.id = a.remit_claim_id
        WHERE rc.claim_id = claims.id
        AND rc.posting NOT IN ('predetermination', 'held')
        AND a.group_code = 'PR'), 0);
