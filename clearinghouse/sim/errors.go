package sim

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/pkg/sftp"
)

// Errors the handlers return. The request server turns each into the SFTP
// status code it wraps, and sends the text; none names a local path.
var (
	errDenied      = fmt.Errorf("not allowed here: %w", sftp.ErrSSHFxPermissionDenied)
	errNotFound    = fmt.Errorf("no such file or folder: %w", sftp.ErrSSHFxNoSuchFile)
	errExists      = fmt.Errorf("already exists: %w", sftp.ErrSSHFxFailure)
	errNotEmpty    = fmt.Errorf("folder not empty: %w", sftp.ErrSSHFxFailure)
	errIsDir       = fmt.Errorf("is a folder: %w", sftp.ErrSSHFxFailure)
	errNotDir      = fmt.Errorf("not a folder: %w", sftp.ErrSSHFxFailure)
	errTooLarge    = fmt.Errorf("file too large: %w", sftp.ErrSSHFxFailure)
	errUnsupported = fmt.Errorf("not supported: %w", sftp.ErrSSHFxOpUnsupported)
	errFailed      = fmt.Errorf("operation failed: %w", sftp.ErrSSHFxFailure)
)

// status maps an error from the local file system to one of the handler
// errors above. An os.Root refusing a path that leads outside the user's
// folder (through a symbolic link) is a permission error.
func status(err error) error {
	var errno syscall.Errno
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return errNotFound
	case errors.Is(err, fs.ErrPermission):
		return errDenied
	case errors.Is(err, fs.ErrExist):
		return errExists
	case errors.Is(err, syscall.ENOTEMPTY):
		return errNotEmpty
	case errors.Is(err, syscall.EISDIR):
		return errIsDir
	case errors.Is(err, syscall.ENOTDIR):
		return errNotDir
	case !errors.As(err, &errno) && isPathError(err):
		// os.Root reports an escape as a path error without an errno.
		return errDenied
	}
	return errFailed
}

func isPathError(err error) bool {
	var pe *os.PathError
	var le *os.LinkError
	return errors.As(err, &pe) || errors.As(err, &le)
}
