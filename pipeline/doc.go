// Package pipeline is claimflow's daemon work: for each clearinghouse
// connection it submits ready claims as 837 batches, polls for answers and
// applies them, and flags claims whose answers are late. It ties the X12
// packages, the store and the SFTP transport together, and keeps the
// invariants every part relies on:
//
//   - a claim is in at most one live batch, and a batch's control numbers are
//     reserved and its 837 stored, in one transaction, before any upload;
//   - a batch caught mid-upload by a crash is reconciled at the next run: a
//     whole remote file counts as uploaded, anything else is uploaded again
//     under the same name and control numbers;
//   - a downloaded file is stored before it is acted on, and the remote file
//     is removed or archived only after that;
//   - each job of a connection runs in one process at a time, whatever the
//     number of daemons sharing the database.
//
// Logs carry counts, claimflow's IDs, file names, hashes and control
// numbers, never patient data.
package pipeline
