// Package posting takes claims in and applies what clearinghouses and
// payers answer to them: TA1, 999 and 997, 277CA and 835 files.
//
// Import checks and stores JSON claims. Apply stores a received file,
// reads it whole and writes everything it says in one transaction: the
// answer rows, each claim's events (through pipeline/lifecycle, so that
// answers out of order never move a claim backwards) and the file's
// state; applying the same content again changes nothing. AttachUnmatched
// posts an answer that matched no claim once a person names its claim.
// Correct and Void make new versions of a claim; ClaimBalance says where
// its money stands.
//
// Matching goes by patient control number, then by the submission an
// answer names: the 837 (ISA13, GS06, ST02), the clearinghouse trace
// number, the payer's claim number, the payer and its order. Names and
// member IDs are never a key. Event details carry codes, amounts and
// claimflow's own numbers, never patient data.
package posting
