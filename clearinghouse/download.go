package clearinghouse

import (
	"cmp"
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
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fetched is a downloaded file handed to the caller. The caller stores the
// file at LocalPath (it may move it away), then calls Done, or Release if
// it could not. Until then the remote file is left alone and not fetched
// again.
type Fetched struct {
	RemoteFile
	LocalPath string // in the spool folder, named by the hash and a unique suffix
	SHA256    string // lowercase hex digest of the content
}

// spoolPrefix starts the names of downloads in progress in the spool folder.
const spoolPrefix = ".fetch-"

// errChanged reports a remote file that changed while it was downloaded.
var errChanged = errors.New("file changed during download")

// observation is a file's size and time as one listing showed them.
type observation struct {
	size  int64
	mtime time.Time
	at    time.Time // when the listing was taken
}

// fileKey identifies one version of a remote file: names are reused, so
// the size and modification time are part of it.
type fileKey struct {
	path  string
	size  int64
	mtime int64
}

func keyOf(f RemoteFile) fileKey { return fileKey{f.Path, f.Size, f.ModTime.Unix()} }

// heldContent is content handed to the caller and not yet acknowledged,
// with the remote files found to hold the same bytes meanwhile.
type heldContent struct {
	fetched Fetched
	copies  []RemoteFile
}

// storedLimit bounds how many stored contents a client remembers, the
// oldest forgotten first: beyond it, a copy arriving much later is handed
// over again, and the store recognises it.
const storedLimit = 10000

// downloads is what the client remembers between calls to Fetch.
type downloads struct {
	mu          sync.Mutex
	seen        map[string]observation  // remote path -> last listing
	held        map[string]*heldContent // hash -> content handed over
	stored      map[string]bool         // hash -> content the caller stored
	storedOrder []string                // stored hashes, oldest first
	known       map[fileKey]string      // remote file version -> hash
}

// markStored records that the caller stored the content with hash sum.
func (d *downloads) markStored(sum string) {
	if d.stored[sum] {
		return
	}
	d.stored[sum] = true
	d.storedOrder = append(d.storedOrder, sum)
	if len(d.storedOrder) > storedLimit {
		delete(d.stored, d.storedOrder[0])
		d.storedOrder = d.storedOrder[1:]
	}
}

func (d *downloads) init() {
	d.seen = map[string]observation{}
	d.held = map[string]*heldContent{}
	d.stored = map[string]bool{}
	d.known = map[fileKey]string{}
}

// Fetch lists the download folders and downloads into the spool folder
// every file that matches the patterns and has stopped changing: its size
// and modification time are the same in two listings StableInterval apart
// (one may be from an earlier call), or it is older than MinAge. It waits
// for the second listing when a file needs one.
//
// Content is handed over once: a file whose bytes equal those of a file
// handed over earlier by this client is not returned. If that content was
// acknowledged, the file is settled (deleted or archived) as a copy of it;
// if not, it is settled along with it on Done.
//
// A file is known by its path, size and modification time, which SFTP
// gives to the second: a file rewritten within the same second at the same
// size looks unchanged.
//
// Fetch returns the files it fetched even when some folder or file failed;
// the error joins those failures. Files are ordered by modification time.
func (c *Client) Fetch(ctx context.Context) ([]Fetched, error) {
	opts := c.cfg.Download
	if len(opts.Dirs) == 0 {
		return nil, &Error{Op: "list", Err: errors.New("no download folders configured")}
	}
	select {
	case c.fetching <- struct{}{}:
		defer func() { <-c.fetching }()
	case <-ctx.Done():
		return nil, &Error{Op: "list", Err: ctx.Err()}
	}
	if err := os.MkdirAll(opts.SpoolDir, 0o700); err != nil {
		return nil, &Error{Op: "list", Err: fmt.Errorf("spool folder: %w", err)}
	}

	var errs []error
	listed, err := c.listAll(ctx, opts.Dirs)
	errs = append(errs, err)
	ready, waiting, settle := c.dl.sort(listed, time.Now(), opts)

	if len(waiting) > 0 && ctx.Err() == nil {
		if err := sleep(ctx, opts.StableInterval); err != nil {
			return nil, &Error{Op: "list", Err: err}
		}
		again, err := c.listAll(ctx, dirsOf(waiting))
		errs = append(errs, err)
		ready = append(ready, c.dl.recheck(waiting, again, time.Now())...)
	}
	slices.SortFunc(ready, func(a, b RemoteFile) int {
		return cmp.Or(a.ModTime.Compare(b.ModTime), cmp.Compare(a.Path, b.Path))
	})

	var out []Fetched
	for _, f := range ready {
		got, err := c.fetchOne(ctx, f)
		if err != nil {
			errs = append(errs, err)
			if final(ctx, err) {
				break
			}
			continue
		}
		if got != nil {
			out = append(out, *got)
		}
	}
	for _, s := range settle {
		err := c.settle(ctx, s.file, s.hash)
		errs = append(errs, err)
		if final(ctx, err) {
			break
		}
	}
	return out, errors.Join(errs...)
}

// listing is one successful listing of a folder.
type listing struct {
	dir   string
	files []RemoteFile
}

// listAll lists dirs and keeps the regular files whose names match.
func (c *Client) listAll(ctx context.Context, dirs []string) ([]listing, error) {
	var out []listing
	var errs []error
	for _, dir := range dirs {
		var files []RemoteFile
		err := c.do(ctx, "list", dir, func(s *session, _ *progress) error {
			files = files[:0]
			entries, err := s.sftp.ReadDir(dir)
			if err != nil {
				return err
			}
			for _, fi := range entries {
				if fi.Mode().IsRegular() && c.matches(fi.Name()) {
					files = append(files, RemoteFile{Path: path.Join(dir, fi.Name()),
						Name: fi.Name(), Size: fi.Size(), ModTime: fi.ModTime()})
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
			if final(ctx, err) {
				break
			}
			continue
		}
		out = append(out, listing{dir: dir, files: files})
	}
	return out, errors.Join(errs...)
}

// matches reports whether a file name matches the download patterns.
func (c *Client) matches(name string) bool {
	if len(c.cfg.Download.Patterns) == 0 {
		return true
	}
	for _, p := range c.cfg.Download.Patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// dirsOf returns the folders holding files, each once, in order.
func dirsOf(files []RemoteFile) []string {
	var dirs []string
	for _, f := range files {
		if d := path.Dir(f.Path); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// settleJob is a remote file whose content is stored but that is still
// there to be deleted or archived.
type settleJob struct {
	file RemoteFile
	hash string
}

// sort splits listed files into those stable now, those that need a second
// listing, and stored copies still to settle. It records what it saw and
// forgets files that left their folder.
func (d *downloads) sort(listed []listing, now time.Time,
	opts DownloadOptions) (ready, waiting []RemoteFile, settle []settleJob) {
	d.mu.Lock()
	defer d.mu.Unlock()

	for _, l := range listed {
		present := map[string]bool{}
		for _, f := range l.files {
			present[f.Path] = true
			if h, ok := d.known[keyOf(f)]; ok {
				if d.stored[h] && opts.After != AfterLeave {
					settle = append(settle, settleJob{f, h})
				}
				continue
			}
			if d.stable(f, now, opts) {
				ready = append(ready, f)
			} else {
				waiting = append(waiting, f)
			}
		}
		d.forget(path.Clean(l.dir), present)
	}
	return ready, waiting, settle
}

// stable reports whether f can be fetched without another listing, and
// records this listing of it otherwise.
func (d *downloads) stable(f RemoteFile, now time.Time, opts DownloadOptions) bool {
	if opts.MinAge > 0 && now.Sub(f.ModTime) >= opts.MinAge {
		return true
	}
	o, ok := d.seen[f.Path]
	if ok && o.size == f.Size && o.mtime.Equal(f.ModTime) {
		return now.Sub(o.at) >= opts.StableInterval
	}
	d.seen[f.Path] = observation{size: f.Size, mtime: f.ModTime, at: now}
	return false
}

// recheck returns the waiting files that the second listing shows
// unchanged, and records the new state of the others.
func (d *downloads) recheck(waiting []RemoteFile, again []listing, now time.Time) []RemoteFile {
	d.mu.Lock()
	defer d.mu.Unlock()

	current := map[string]RemoteFile{}
	for _, l := range again {
		for _, f := range l.files {
			current[f.Path] = f
		}
	}
	var ready []RemoteFile
	for _, f := range waiting {
		g, ok := current[f.Path]
		switch {
		case !ok:
		case g.Size == f.Size && g.ModTime.Equal(f.ModTime):
			ready = append(ready, g)
		default:
			d.seen[g.Path] = observation{size: g.Size, mtime: g.ModTime, at: now}
		}
	}
	return ready
}

// forget drops what is remembered of files in dir that are not present.
func (d *downloads) forget(dir string, present map[string]bool) {
	for p := range d.seen {
		if path.Dir(p) == dir && !present[p] {
			delete(d.seen, p)
		}
	}
	for k := range d.known {
		if path.Dir(k.path) == dir && !present[k.path] {
			delete(d.known, k)
		}
	}
}

// fetchOne downloads f into the spool folder and hands it over unless its
// content was handed over already. It returns nil, nil for a file that
// changed or vanished meanwhile, or that is a copy.
func (c *Client) fetchOne(ctx context.Context, f RemoteFile) (*Fetched, error) {
	var tmp, sum string
	err := c.do(ctx, "download", f.Path, func(s *session, p *progress) error {
		var err error
		tmp, sum, err = c.download(s, p, f)
		return err
	})
	switch {
	case errors.Is(err, errChanged), errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	}

	got, copyOfStored, err := c.dl.handOver(f, tmp, sum, c.cfg.Download.SpoolDir)
	if err != nil {
		return nil, &Error{Op: "download", Path: f.Path, Err: err}
	}
	if copyOfStored {
		return nil, c.settle(ctx, f, sum)
	}
	return got, nil
}

// handOver decides what becomes of a downloaded file: a copy of content
// held or stored is dropped (and reported when stored, to be settled);
// new content moves to its place in the spool folder and is held.
func (d *downloads) handOver(f RemoteFile, tmp, sum, spool string) (*Fetched, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()

	delete(d.seen, f.Path)
	if h, ok := d.held[sum]; ok {
		d.known[keyOf(f)] = sum
		h.copies = append(h.copies, f)
		return nil, false, os.Remove(tmp)
	}
	if d.stored[sum] {
		d.known[keyOf(f)] = sum
		return nil, true, os.Remove(tmp)
	}

	// Named by the content, and unique should two clients share the folder.
	local := filepath.Join(spool, sum+"-"+strings.TrimPrefix(filepath.Base(tmp), spoolPrefix))
	if err := os.Rename(tmp, local); err != nil {
		_ = os.Remove(tmp)
		return nil, false, err
	}
	got := Fetched{RemoteFile: f, LocalPath: local, SHA256: sum}
	d.known[keyOf(f)] = sum
	d.held[sum] = &heldContent{fetched: got}
	return &got, false, nil
}

// download copies a remote file into a temporary spool file, hashing it on
// the way, and checks that the file did not change meanwhile.
func (c *Client) download(s *session, p *progress, f RemoteFile) (tmp, sum string, err error) {
	out, err := os.CreateTemp(c.cfg.Download.SpoolDir, spoolPrefix+"*")
	if err != nil {
		return "", "", &localError{err}
	}
	defer func() {
		if err != nil {
			_ = out.Close()
			_ = os.Remove(out.Name())
		}
	}()

	in, err := s.sftp.Open(f.Path)
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	n, err := in.WriteTo(&spoolWriter{w: out, h: h, p: p})
	_ = in.Close()
	if err != nil {
		return "", "", err
	}
	fi, err := s.sftp.Stat(f.Path)
	if err != nil {
		return "", "", err
	}
	if n != f.Size || fi.Size() != f.Size || !fi.ModTime().Equal(f.ModTime) {
		return "", "", &localError{errChanged}
	}

	if err := out.Sync(); err != nil {
		return "", "", &localError{err}
	}
	if err := out.Close(); err != nil {
		return "", "", &localError{err}
	}
	return out.Name(), hex.EncodeToString(h.Sum(nil)), nil
}

// spoolWriter receives a download: it writes to the spool file, hashes,
// marks progress, and tells local write failures from network failures.
type spoolWriter struct {
	w io.Writer
	h hash.Hash
	p *progress
}

func (w *spoolWriter) Write(b []byte) (int, error) {
	n, err := w.w.Write(b)
	w.h.Write(b[:n])
	w.p.touch()
	if err != nil {
		return n, &localError{fmt.Errorf("write spool: %w", err)}
	}
	return n, nil
}

// Done acknowledges a fetched file: its content is stored. The remote file,
// and any copy of it found meanwhile, is deleted, archived or left as the
// connection says, unless it changed since it was fetched; the local file
// is removed if still there. Later copies of the same content are settled
// without being handed over again.
func (c *Client) Done(ctx context.Context, f Fetched) error {
	d := &c.dl
	d.mu.Lock()
	h, ok := d.held[f.SHA256]
	if !ok || h.fetched.Path != f.Path {
		d.mu.Unlock()
		return &Error{Op: "done", Path: f.Path,
			Err: fmt.Errorf("not a file handed over and pending: %w", fs.ErrInvalid)}
	}
	delete(d.held, f.SHA256)
	d.markStored(f.SHA256)
	files := append([]RemoteFile{h.fetched.RemoteFile}, h.copies...)
	d.mu.Unlock()

	errs := []error{removeLocal(f.LocalPath)}
	for _, rf := range files {
		err := c.settle(ctx, rf, f.SHA256)
		errs = append(errs, err)
		if final(ctx, err) {
			break
		}
	}
	return errors.Join(errs...)
}

// Release gives a fetched file back without acknowledging it, for a caller
// that could not store it: the local file is removed, and the remote file
// is fetched again by a later Fetch.
func (c *Client) Release(f Fetched) error {
	d := &c.dl
	d.mu.Lock()
	h, ok := d.held[f.SHA256]
	if ok && h.fetched.Path == f.Path {
		delete(d.held, f.SHA256)
		for _, rf := range append([]RemoteFile{h.fetched.RemoteFile}, h.copies...) {
			delete(d.known, keyOf(rf))
		}
	}
	d.mu.Unlock()
	return removeLocal(f.LocalPath)
}

// removeLocal removes a spool file the caller may have moved already.
func removeLocal(p string) error {
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &Error{Op: "done", Err: err}
	}
	return nil
}

// settle deletes or archives a remote file whose content is stored, if it
// still holds that content.
func (c *Client) settle(ctx context.Context, f RemoteFile, sum string) error {
	after := c.cfg.Download.After
	if after == AfterLeave {
		return nil
	}
	op := string(after)
	err := c.do(ctx, op, f.Path, func(s *session, _ *progress) error {
		fi, err := s.sftp.Stat(f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case fi.Size() != f.Size || !fi.ModTime().Equal(f.ModTime):
			return nil // new content under the same name, for a later Fetch
		case after == AfterDelete:
			return s.sftp.Remove(f.Path)
		}
		return c.archive(s, f, sum)
	})
	if err == nil {
		c.dl.mu.Lock()
		delete(c.dl.known, keyOf(f))
		c.dl.mu.Unlock()
	}
	return err
}

// archive moves f into the archive folder. A name taken there by an
// earlier file gets the start of the hash appended; nothing is replaced.
func (c *Client) archive(s *session, f RemoteFile, sum string) error {
	dir := c.cfg.Download.ArchiveDir
	// The archive folder is made on first use; an existing one is fine.
	if err := s.sftp.MkdirAll(dir); err != nil {
		return err
	}
	for _, name := range []string{f.Name, f.Name + "." + sum[:12]} {
		target := path.Join(dir, name)
		if err := absent(s, target); errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return err
		}
		return s.sftp.Rename(f.Path, target)
	}
	return fmt.Errorf("archive names taken: %w", fs.ErrExist)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
