package sim

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// writeHandle is a file a client opened for writing. It knows the file's
// current name (a rename while the file is open moves it) and whether the
// transfer broke off, so that closing it can tell a complete upload from a
// partial one.
type writeHandle struct {
	s    *Server
	acct *account
	f    *os.File
	max  int64

	// name is the path as the user sees it, guarded by acct.mu. It is
	// empty once the file has been removed while open.
	name string

	broken atomic.Bool
	once   sync.Once
}

// WriteAt writes p at off, refusing to grow the file past the size cap.
func (h *writeHandle) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > h.max {
		return 0, errTooLarge
	}
	n, err := h.f.WriteAt(p, off)
	return n, status(err)
}

// ReadAt reads from the file being written, for clients that check what
// they wrote through the same handle.
func (h *writeHandle) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.f.ReadAt(p, off)
	if err == io.EOF {
		return n, err
	}
	return n, status(err)
}

// TransferError is called by the request server when the connection ends
// with the file still open: the upload is incomplete, whatever its name.
func (h *writeHandle) TransferError(error) {
	h.broken.Store(true)
}

// Close closes the file and, when this completes an upload, hands it on.
func (h *writeHandle) Close() error {
	err := os.ErrClosed
	h.once.Do(func() { err = h.s.closeWriter(h) })
	return err
}

// readAll reads a whole open file from its start.
func readAll(f *os.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	data := make([]byte, info.Size())
	n, err := f.ReadAt(data, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return data[:n], nil
}
