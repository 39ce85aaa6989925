// Package migrations holds claimflow's database schema as numbered SQL files,
// embedded in the binary and applied by pipeline/store with goose.
//
// One file serves both PostgreSQL and SQLite. Writing the schema twice, once
// per dialect, would let the two drift apart, and the differences between
// the dialects are small enough to design around:
//
//   - Row IDs are TEXT, UUIDv7 made by the application. Neither PostgreSQL's
//     identity columns nor SQLite's INTEGER PRIMARY KEY exists in the other
//     dialect, and application IDs need no round trip to learn the key.
//   - Money is BIGINT cents. Timestamps are TEXT in UTC with a fixed width
//     (2006-01-02T15:04:05.000000Z), so text order is time order in both.
//   - JSON is TEXT, kept byte for byte as received (jsonb would reorder keys).
//   - Raw bytes are BYTEA, which SQLite stores as a BLOB unchanged.
//   - Statuses are not listed in CHECK constraints: pipeline/lifecycle owns
//     them, and widening a CHECK in SQLite means rebuilding the table.
//
// Files are append-only: a released file is never edited; a change is a new
// file with the next number. Each runs in one transaction. There are no down
// sections: a schema moves forward only.
package migrations

import "embed"

// FS holds the migration files, named NNNNN_description.sql.
//
//go:embed *.sql
var FS embed.FS
