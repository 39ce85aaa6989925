-- Each claim's money as its postings add it up, kept on the claim so that
-- the pages and reports read it rather than add up every payment each
-- time: what payers paid (CLP04, reversals netted), their adjustments (CO,
-- OA, PI, CR; OA-23 left out, a later payer restating the earlier ones),
-- and what the patient owes: CLP05 of the last payer in line (primary,
-- secondary, tertiary by CLP02) whose posting stands, a reversal counting
-- in the place of the posting it cancels; and of the payer adjustments,
-- those no rule writes off (denied: the reasons below are those of
-- pipeline/store/data/writeoff.tsv). Estimates (predeterminations) and
-- answers held for a person move no money. The store updates the columns
-- whenever it records or attaches a payment.

-- +goose Up

ALTER TABLE claims ADD COLUMN paid_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN adjusted_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN patient_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN denied_cents BIGINT NOT NULL DEFAULT 0;

UPDATE claims AS c SET
    paid_cents = COALESCE((SELECT SUM(rc.paid_cents) FROM remit_claims rc
        WHERE rc.claim_id = c.id
        AND rc.posting NOT IN ('predetermination', 'held')), 0),
    adjusted_cents = COALESCE((SELECT SUM(a.amount_cents) FROM remit_adjustments a
        JOIN remit_claims rc ON rc.id = a.remit_claim_id
        WHERE rc.claim_id = c.id
        AND rc.posting NOT IN ('predetermination', 'held')
        AND a.group_code <> 'PR'
        AND NOT (a.group_code = 'OA' AND a.reason_code = '23')), 0),
    denied_cents = COALESCE((SELECT SUM(a.amount_cents) FROM remit_adjustments a
        JOIN remit_claims rc ON rc.id = a.remit_claim_id
        WHERE rc.claim_id = c.id
        AND rc.posting NOT IN ('predetermination', 'held')
        AND a.group_code <> 'PR'
        AND NOT (a.group_code = 'OA' AND a.reason_code = '23')
        AND a.reason_code NOT IN ('42', '45', '59', '94', '97', '131', '144', '237',
            '253')), 0);

-- The last payer in line whose posting stands, at least 1 (the primary).
CREATE TABLE migration_last_payer AS
SELECT sp.claim_id, MAX(CASE sp.status_code
        WHEN '1' THEN 1 WHEN '19' THEN 1 WHEN '2' THEN 2 WHEN '20' THEN 2
        WHEN '3' THEN 3 WHEN '21' THEN 3 ELSE 0 END) AS place
    FROM remit_claims sp
    WHERE sp.claim_id IS NOT NULL
    AND sp.posting NOT IN ('predetermination', 'held', 'reversal')
    AND NOT EXISTS (SELECT 1 FROM remit_claims rv WHERE rv.reverses_id = sp.id)
    GROUP BY sp.claim_id;

UPDATE claims AS c SET
    patient_cents = COALESCE((SELECT SUM(rc.patient_cents) FROM remit_claims rc
        LEFT JOIN remit_claims rvd ON rvd.id = rc.reverses_id
        WHERE rc.claim_id = c.id
        AND rc.posting NOT IN ('predetermination', 'held')
        AND (CASE COALESCE(rvd.status_code, rc.status_code)
                WHEN '1' THEN 1 WHEN '19' THEN 1 WHEN '2' THEN 2 WHEN '20' THEN 2
                WHEN '3' THEN 3 WHEN '21' THEN 3 ELSE 0 END)
            IN (COALESCE((SELECT CASE WHEN lp.place > 1 THEN lp.place ELSE 1 END
                    FROM migration_last_payer lp WHERE lp.claim_id = c.id), 1),
                CASE WHEN COALESCE((SELECT lp.place FROM migration_last_payer lp
                    WHERE lp.claim_id = c.id), 0) > 1 THEN -1 ELSE 0 END)), 0);

DROP TABLE migration_last_payer;
