package clearinghouse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"strings"
	"syscall"

	"github.com/pkg/sftp"
)

var (
	// ErrAuth means the server refused our credentials. It is never retried:
	// clearinghouses lock accounts after a few failed logins.
	ErrAuth = errors.New("authentication failed")

	// ErrHostKeyMismatch means the server's host key is not the pinned one,
	// is unknown to the known_hosts file, or is revoked there. It is never
	// retried. The error in the chain is a *HostKeyError.
	ErrHostKeyMismatch = errors.New("host key mismatch")

	// ErrConnection marks a failure of the transport rather than of the
	// request: the server could not be reached, the connection was lost,
	// or the server stopped answering within the timeout.
	ErrConnection = errors.New("connection failed")
)

// Error is the error every Client method returns. Op names what was being
// done ("connect", "upload", "stat", "list", "download", "done", "delete",
// "archive") and Path the remote file or folder, or for "connect" the user
// and address of the account. Err
// unwraps to fs.ErrNotExist, fs.ErrPermission, fs.ErrExist,
// errors.ErrUnsupported, io.ErrShortWrite, ErrAuth, ErrHostKeyMismatch,
// ErrConnection or a context error, as the case may be.
type Error struct {
	Op   string
	Path string
	Err  error

	retryable bool
}

// Error describes the failure by operation, remote path and cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("clearinghouse: ")
	b.WriteString(e.Op)
	if e.Path != "" {
		b.WriteString(" ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether trying again later may succeed: true for
// transport failures, false for refusals by the server, authentication and
// host key failures, and cancellation by the caller.
func (e *Error) Temporary() bool { return e.retryable }

// IsRetryable reports whether err comes from a Client and trying the same
// call again may succeed. The Client has already retried per its
// RetryPolicy when it returns.
func IsRetryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.retryable
}

// HostKeyError reports a host key that was refused. Fingerprints are
// SHA-256, as ssh-keygen -l prints them.
type HostKeyError struct {
	Addr          string   // the host and port dialled
	PresentedType string   // the key type the server presented
	Presented     string   // its fingerprint
	Expected      []string // the pinned fingerprints, with key types when known
	Revoked       bool     // the known_hosts file marks the key @revoked
}

// Error names the host, the presented fingerprint and the expected ones.
func (e *HostKeyError) Error() string {
	presented := e.PresentedType + " " + e.Presented
	switch {
	case e.Revoked:
		return fmt.Sprintf("host key of %s is revoked: presented %s", e.Addr, presented)
	case len(e.Expected) == 0:
		return fmt.Sprintf("host key of %s is unknown: presented %s, expected none on file",
			e.Addr, presented)
	}
	return fmt.Sprintf("host key mismatch for %s: presented %s, expected %s",
		e.Addr, presented, strings.Join(e.Expected, " or "))
}

// Is makes errors.Is(err, ErrHostKeyMismatch) hold.
func (e *HostKeyError) Is(target error) bool { return target == ErrHostKeyMismatch }

// errTransient wraps cause as a transport failure.
func errTransient(cause error) error {
	return fmt.Errorf("%w: %w", ErrConnection, cause)
}

// isNetworkError reports whether err is a failure of the network or of the
// byte stream under SSH, as opposed to an answer from the server.
func isNetworkError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, sftp.ErrSSHFxConnectionLost) ||
		errors.Is(err, sftp.ErrSSHFxNoConnection)
}

// isServerAnswer reports whether err is a status the SFTP server sent in
// reply to a request, after which the connection is still usable.
func isServerAnswer(err error) bool {
	var st *sftp.StatusError
	if errors.As(err, &st) {
		code := st.FxCode()
		return code != sftp.ErrSSHFxConnectionLost && code != sftp.ErrSSHFxNoConnection
	}
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.Is(err, fs.ErrExist) || errors.Is(err, errors.ErrUnsupported) ||
		errors.Is(err, io.ErrShortWrite)
}

// mapStatus turns an SFTP status the standard library has no name for into
// one it has, where one fits; other errors pass unchanged.
func mapStatus(err error) error {
	var st *sftp.StatusError
	if errors.As(err, &st) && st.FxCode() == sftp.ErrSSHFxOpUnsupported {
		return fmt.Errorf("%w: %w", errors.ErrUnsupported, err)
	}
	return err
}
