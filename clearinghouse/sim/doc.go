// Package sim is a clearinghouse simulator: an SFTP server that takes
// claim files from its users and, after a while, puts answers in their
// download folders, the way a clearinghouse does. It lets anyone try
// claimflow without an account anywhere, and lets tests run from claim to
// remittance in one process.
//
// # Folders
//
// Everything lives in Config.Dir: the host key (ssh_host_ed25519_key,
// created on first start and kept, so clients can pin it), one folder per
// user under users/ that the user sees as "/", a spool for responses being
// written, and journal.jsonl, one JSON line per upload and response.
//
// # Users
//
// Users log in with a public key, or a password when one is set. Each one
// is confined to their own folder: paths are resolved against "/" before
// use, and the folder is reached only through an os.Root, which refuses
// symbolic links leading outside it. Files can be written only under the
// upload folder (default /inbound); responses appear in the download
// folder (default /outbound), where users may read, remove and move them.
//
// # When an upload is complete
//
// A file has landed when its bytes are all there and its name is final.
// A file written under a temporary name (Config.TempNames: a leading dot,
// .tmp, .part or .filepart by default) lands when it is renamed to a final
// name, and only then. A file written directly under a final name lands
// when the client closes it. A file whose connection ended while it was
// open never lands, whatever its name.
//
// # Answers
//
// Each upload that lands is handed to the Responder, one at a time. Each
// Response it returns is written, when its delay has passed on the
// simulator's Clock, into the user's download folder: to a hidden file in
// the spool first, then renamed into place, so that no client ever sees
// part of a response under its final name. Package
// clearinghouse/sim/respond is the Responder that answers 837s as a
// clearinghouse and its payers do.
//
// Logs and the journal name files and give their size and SHA-256; they
// never hold file content.
package sim
