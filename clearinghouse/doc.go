// Package clearinghouse is claimflow's SFTP transport: it uploads 837
// files to a clearinghouse and fetches the answers (TA1, 999, 277CA, 835)
// back, one Client per connection.
//
// # Trust
//
// The server's host key is always pinned, by a known_hosts file or by
// SHA-256 fingerprints; a key that does not match is refused with both
// fingerprints in the error, and there is no setting that accepts any key.
// Credentials are a private key (ed25519, ECDSA, or RSA signing with
// SHA-2), optionally with a passphrase, or a password, handed over as
// values the configuration layer has read. They never appear in errors or
// logs, and a refused login is never tried again by the same Client.
//
// # Failures
//
// Every method takes a context. Dialling, the handshake and each request
// have their own timeout; a transfer fails when it makes no progress for
// the operation timeout, however long it runs in all. Network failures,
// lost connections and timeouts are retried with exponential backoff and
// jitter; what the server refused is not. Errors are *Error values that
// unwrap to fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, ErrAuth,
// ErrHostKeyMismatch or ErrConnection, and IsRetryable tells whether
// calling again may help.
//
// # Uploads
//
// Upload writes a file under a temporary name in the upload folder
// (".{name}.part" unless configured), checks the size the server holds,
// asks the server to flush it where the server offers that, and renames it
// to its final name: the clearinghouse never sees half a batch. Servers
// that take any file once it is closed, and cannot rename, get the direct
// mode instead. An existing file is never replaced. Stat tells, after a
// crash, whether a batch reached the server whole.
//
// # Downloads
//
// Fetch lists the download folders, keeps the files whose names match the
// patterns, waits until each has stopped changing, and downloads it into a
// local spool folder with its SHA-256. Names are not identities: a name
// can come back with new content, and the same content under two names is
// handed over once. Nothing is removed remotely until the caller has
// stored the file and calls Done, which deletes the remote file, moves it
// into an archive folder, or leaves it, as the connection says.
package clearinghouse
