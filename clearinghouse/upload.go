package clearinghouse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/pkg/sftp"
)

// RemoteFile is a file on the server as a listing or Stat shows it. ModTime
// has the one-second resolution of SFTP version 3.
type RemoteFile struct {
	Path    string // remote path, Dir joined with Name
	Name    string
	Size    int64
	ModTime time.Time
}

// Uploaded describes a file that reached its final remote name.
type Uploaded struct {
	Path     string // remote path
	Size     int64
	SHA256   string // lowercase hex digest of the bytes sent
	Attempts int    // 1 unless transient failures were retried
}

// Upload sends content to the upload folder under name, in the configured
// mode, retrying transient failures. It never replaces an existing file:
// a file already under name fails with fs.ErrExist. A failed upload leaves
// no file under name in temp-rename mode; it removes its temporary file
// unless the connection was lost, and the next upload of the same name
// overwrites it.
func (c *Client) Upload(ctx context.Context, name string, content []byte) (Uploaded, error) {
	r := bytes.NewReader(content)
	return c.upload(ctx, name, r, func() error {
		_, err := r.Seek(0, io.SeekStart)
		return err
	})
}

// UploadFrom is Upload reading the content from r. A failed attempt is
// retried only when r is an io.Seeker, from r's position at the call;
// otherwise the error says whether a new call may succeed (IsRetryable).
func (c *Client) UploadFrom(ctx context.Context, name string, r io.Reader) (Uploaded, error) {
	rs, ok := r.(io.Seeker)
	if !ok {
		return c.upload(ctx, name, r, nil)
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return c.upload(ctx, name, r, nil)
	}
	return c.upload(ctx, name, r, func() error {
		_, err := rs.Seek(start, io.SeekStart)
		return err
	})
}

// uploadJob is the state of one upload across its attempts.
type uploadJob struct {
	final, temp string
	src         io.Reader
	rewind      func() error // nil when src cannot be read again

	renameSent bool // a rename was sent and its answer lost
	created    bool // direct mode: a partial file of ours may be under final
	done       Uploaded
}

func (c *Client) upload(ctx context.Context, name string, src io.Reader,
	rewind func() error) (Uploaded, error) {
	dir := c.cfg.Upload.Dir
	if err := checkName(name); err != nil {
		return Uploaded{}, &Error{Op: "upload", Path: path.Join(dir, name), Err: err}
	}
	j := &uploadJob{
		final:  path.Join(dir, name),
		temp:   path.Join(dir, c.cfg.Upload.tempName(name)),
		src:    src,
		rewind: rewind,
	}
	attempts := c.cfg.Retry.Attempts
	if rewind == nil {
		attempts = 1
	}

	n, err := c.retry(ctx, "upload", j.final, attempts, func(n int) error {
		if n > 1 {
			if err := j.rewind(); err != nil {
				return &Error{Op: "upload", Path: j.final, Err: err}
			}
		}
		return c.attempt(ctx, "upload", j.final, func(s *session, p *progress) error {
			if c.cfg.Upload.Mode == UploadDirect {
				return c.putDirect(s, p, j)
			}
			return c.putViaTemp(s, p, j)
		})
	})
	if err != nil {
		return Uploaded{}, err
	}
	j.done.Attempts = n
	return j.done, nil
}

// putViaTemp is one attempt of a temp-then-rename upload.
func (c *Client) putViaTemp(s *session, p *progress, j *uploadJob) error {
	if j.renameSent {
		// An earlier attempt sent the rename and lost the answer. The
		// temporary file is gone if and only if the rename happened; the
		// server may then have taken the final file already.
		_, err := s.sftp.Stat(j.temp)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		j.renameSent = false
	}
	if err := absent(s, j.final); err != nil {
		return err
	}

	f, err := s.sftp.OpenFile(j.temp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return err
	}
	if err := c.send(s, p, f, j); err != nil {
		removeQuietly(s, j.temp)
		return err
	}
	fi, err := s.sftp.Stat(j.temp)
	if err == nil && fi.Size() != j.done.Size {
		err = shortWrite(fi.Size(), j.done.Size)
	}
	if err != nil {
		removeQuietly(s, j.temp)
		return err
	}

	// posix-rename replaces an existing file, so look once more just before.
	if s.posixRename {
		if err := absent(s, j.final); err != nil {
			removeQuietly(s, j.temp)
			return err
		}
	}
	j.renameSent = true
	if s.posixRename {
		err = s.sftp.PosixRename(j.temp, j.final)
	} else {
		err = s.sftp.Rename(j.temp, j.final)
	}
	if err != nil && isServerAnswer(err) {
		j.renameSent = false
		if absent(s, j.final) != nil {
			err = fmt.Errorf("rename over an existing file: %w", fs.ErrExist)
		}
		removeQuietly(s, j.temp)
	}
	if err != nil {
		return err
	}
	j.renameSent = false
	return nil
}

// putDirect is one attempt of an upload straight to the final name.
func (c *Client) putDirect(s *session, p *progress, j *uploadJob) error {
	if j.created {
		// A partial file left by an earlier attempt of this upload.
		if err := s.sftp.Remove(j.final); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		j.created = false
	}

	f, err := s.sftp.OpenFile(j.final, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		if isServerAnswer(err) && absent(s, j.final) != nil {
			return fmt.Errorf("create: %w", fs.ErrExist)
		}
		return err
	}
	j.created = true
	if err := c.send(s, p, f, j); err != nil {
		j.created = !removeQuietly(s, j.final)
		return err
	}
	j.created = false
	return nil
}

// send writes the job's source into f, checks the size the server holds,
// flushes and closes f. The server may take the file once closed, so the
// size is checked on the open handle, where the server can tell it.
func (c *Client) send(s *session, p *progress, f *sftp.File, j *uploadJob) error {
	h := sha256.New()
	src := &sourceReader{r: j.src, h: h, p: p}
	n, err := f.ReadFromWithConcurrency(src, c.cfg.Upload.Concurrency)
	if err == nil && src.n != n {
		err = shortWrite(n, src.n)
	}
	if err == nil {
		err = checkHandleSize(f, n)
	}
	if err == nil && s.fsync {
		if err = f.Sync(); err != nil {
			err = fmt.Errorf("sync: %w", err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close: %w", cerr)
	}
	if err != nil {
		return err
	}
	j.done = Uploaded{Path: j.final, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	return nil
}

// checkHandleSize compares the size of an open file with what was sent.
// A server that cannot tell the size of an open file is not asked again.
func checkHandleSize(f *sftp.File, sent int64) error {
	fi, err := f.Stat()
	var st *sftp.StatusError
	if errors.As(err, &st) && st.FxCode() == sftp.ErrSSHFxOpUnsupported {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Size() != sent {
		return shortWrite(fi.Size(), sent)
	}
	return nil
}

// sourceReader feeds an upload: it hashes and counts what it reads, marks
// progress, and tells read failures of the source from network failures.
type sourceReader struct {
	r io.Reader
	h hash.Hash
	p *progress
	n int64
}

func (r *sourceReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.h.Write(b[:n])
	r.n += int64(n)
	r.p.touch()
	if err != nil && err != io.EOF {
		return n, &localError{fmt.Errorf("read source: %w", err)}
	}
	return n, err
}

// shortWrite reports a remote size that is not the size sent.
func shortWrite(have, sent int64) error {
	return fmt.Errorf("%w: server holds %d bytes, %d sent", io.ErrShortWrite, have, sent)
}

// absent returns nil when nothing is under p, fs.ErrExist when something is.
func absent(s *session, p string) error {
	_, err := s.sftp.Stat(p)
	switch {
	case err == nil:
		return fmt.Errorf("name taken: %w", fs.ErrExist)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	}
	return err
}

// removeQuietly removes a file of ours after a failure and reports whether
// it is gone; the failure, not the removal, is what the caller hears about.
func removeQuietly(s *session, p string) bool {
	if s.isLost() {
		return false
	}
	err := s.sftp.Remove(p)
	return err == nil || errors.Is(err, fs.ErrNotExist)
}

// checkName accepts a plain file name: no folders, nothing hidden in it.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." ||
		strings.ContainsAny(name, "/\x00") {
		return fmt.Errorf("file name %q: %w", name, fs.ErrInvalid)
	}
	return nil
}

// Stat describes the file called name in the upload folder. It fails with
// fs.ErrNotExist when there is none. Together with the size recorded before
// an upload, it tells whether an upload cut short by a crash arrived whole;
// a clearinghouse that takes files quickly may have removed it already.
func (c *Client) Stat(ctx context.Context, name string) (RemoteFile, error) {
	p := path.Join(c.cfg.Upload.Dir, name)
	if err := checkName(name); err != nil {
		return RemoteFile{}, &Error{Op: "stat", Path: p, Err: err}
	}
	var rf RemoteFile
	err := c.do(ctx, "stat", p, func(s *session, _ *progress) error {
		fi, err := s.sftp.Stat(p)
		if err != nil {
			return err
		}
		rf = RemoteFile{Path: p, Name: name, Size: fi.Size(), ModTime: fi.ModTime()}
		return nil
	})
	return rf, err
}

// Exists reports whether a file called name is in the upload folder.
func (c *Client) Exists(ctx context.Context, name string) (bool, error) {
	_, err := c.Stat(ctx, name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
