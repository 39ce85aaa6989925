// Package store keeps claimflow's state in PostgreSQL or SQLite through
// sqlx: claims with their versions and timelines, stored files, batches and
// the control numbers they use.
//
// Both databases run the same SQL and the same code paths. Queries are
// written with '?' placeholders and rebound for the driver. Writes happen in
// transactions (InTx): each Tx method does one step, and a caller that needs
// several steps to succeed or fail together runs them in one InTx.
//
// A claim's status moves only as pipeline/lifecycle allows: AppendEvent
// records the event and applies the lifecycle's verdict to the claim in the
// same transaction.
//
// Errors and logs name claims by claimflow's own ID and files by ID and
// hash; they never carry patient data.
package store
