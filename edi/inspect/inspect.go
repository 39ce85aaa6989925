package inspect

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/claimflow/claimflow/edi"
)

// Options adjust an inspection. The zero value is ready to use.
type Options struct {
	// Name is the file's name as the document and its findings carry it.
	Name string
	// MaxFindings bounds the findings a Document keeps; 0 means
	// DefaultMaxFindings.
	MaxFindings int
}

// copyChunk is how much of the file is handed to the readers at a time.
const copyChunk = 64 << 10

// ErrRead is what every error of Inspect and InspectFile unwraps to: the
// file could not be opened or read to its end, or the context ended
// first, so there is no document. The cause is wrapped beside it.
var ErrRead = errors.New("cannot read the file")

// part is one reader of an inspection. Each part reads its own copy of the
// file's bytes in its own goroutine, keeps what it needs, and afterwards
// gives the sets it understands their content.
type part interface {
	// read consumes src to its end or until the X12 cannot be read further.
	read(src io.Reader)
	// reads reports whether the part gives content to sets with ST01 id.
	reads(id string) bool
	// attach hands the part's content to the sets and interchanges of x.
	attach(x index)
	// findings returns what the part found.
	findings() edi.Findings
}

// InspectFile inspects the file at path under its base name. The error is
// the opening's, or Inspect's.
func InspectFile(ctx context.Context, path string, opt Options) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRead, err)
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = filepath.Base(path)
	}
	return Inspect(ctx, f, opt)
}

// Inspect reads src once, to its end, and returns what it says. Whatever
// the content, even nothing, the answer is a Document; the error is
// non-nil only when src itself fails or ctx ends, and then there is no
// Document.
func Inspect(ctx context.Context, src io.Reader, opt Options) (*Document, error) {
	br := bufio.NewReaderSize(ctxReader{ctx: ctx, r: src}, copyChunk)
	head, err := br.Peek(edi.DetectLimit)
	if err != nil && err != io.EOF {
		return nil, readError(opt.Name, err)
	}
	det := edi.DetectBytes(head)
	doc := &Document{SchemaVersion: SchemaVersion, Type: string(det.Kind),
		File: File{Name: opt.Name}, Interchanges: []Interchange{}, Findings: []Finding{}}

	var env *envelopes
	var parts []part
	if det.Kind != edi.KindUnknown {
		env = &envelopes{name: opt.Name}
		parts = partsFor(det.Kind, opt.Name)
	}
	all := parts
	if env != nil {
		all = append([]part{env}, parts...)
	}
	sum := sha256.New()
	n, err := fanOut(br, sum, all)
	if err != nil {
		return nil, readError(opt.Name, err)
	}
	doc.File.Size, doc.File.SHA256 = n, hex.EncodeToString(sum.Sum(nil))

	if env == nil {
		describeUnknown(doc, head, n)
		return doc, nil
	}
	doc.Interchanges = env.list
	doc.Findings = assemble(env, parts, opt.MaxFindings)
	return doc, nil
}

func readError(name string, err error) error {
	if name == "" {
		name = "input"
	}
	return fmt.Errorf("inspect: reading %s: %w: %w", name, ErrRead, err)
}

// partsFor returns the readers that give content to a file of kind k.
// Acknowledgment files often mix TA1s, 999s and 277s, so all three read
// them; remittances and claims, which can be large, get one reader.
func partsFor(k edi.Kind, name string) []part {
	switch k {
	case edi.KindTA1, edi.Kind999, edi.Kind997, edi.Kind277CA, edi.Kind277:
		return []part{&ta1Part{name: name}, &ackPart{name: name}, &statusPart{name: name}}
	case edi.Kind835:
		return []part{&remitPart{name: name}}
	case edi.Kind837P, edi.Kind837I:
		return []part{&claimsPart{name: name}}
	}
	return nil
}

// fanOut copies src into sink and into one pipe per part, each read by
// its part in a goroutine, and returns when every part is done.
func fanOut(src io.Reader, sink io.Writer, parts []part) (int64, error) {
	var wg sync.WaitGroup
	ws := []io.Writer{sink}
	pws := make([]*io.PipeWriter, 0, len(parts))
	for _, p := range parts {
		pr, pw := io.Pipe()
		ws, pws = append(ws, pw), append(pws, pw)
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.read(pr)
			// The part may stop early; the copy must not wait for it.
			_, _ = io.Copy(io.Discard, pr)
		}()
	}
	n, err := io.Copy(io.MultiWriter(ws...), src)
	for _, pw := range pws {
		pw.CloseWithError(err)
	}
	wg.Wait()
	return n, err
}

// assemble gives the sets their content and merges the findings: the
// envelope's first, then each part's, without the notes a part makes about
// sets it passes over because another part reads them.
func assemble(env *envelopes, parts []part, max int) []Finding {
	x := indexOf(env.list)
	lists := []edi.Findings{env.findings()}
	for _, p := range parts {
		p.attach(x)
		var own edi.Findings
		for _, f := range p.findings() {
			if !passedOver(f, p, x) {
				own = append(own, f)
			}
		}
		lists = append(lists, own)
	}
	lists = append(lists, unread(x, parts, env.name))
	return merge(lists, max)
}

// passedOver reports a part's note that a set is not of its type.
func passedOver(f edi.Finding, p part, x index) bool {
	if f.Segment != "ST" || f.Element != 1 || f.Severity != edi.Warning {
		return false
	}
	s := x.set(f.Pos.Ordinal)
	return s != nil && !p.reads(s.ID)
}

// errUnread is what the note on a set that no part reads unwraps to.
var errUnread = errors.New("transaction set not read")

// unread notes each set that no part gives content to.
func unread(x index, parts []part, name string) edi.Findings {
	var fs edi.Findings
	for _, ic := range x.ics {
		for _, g := range ic.Groups {
			for _, s := range g.Sets {
				if readBy(parts, s.ID) {
					continue
				}
				fs = append(fs, edi.Finding{Severity: edi.Info, File: name,
					Pos: edi.Position{Ordinal: s.ordinal, SetPosition: 1,
						Interchange: ic.ControlNumber, Group: g.ControlNumber,
						Set: s.ControlNumber},
					Segment: "ST", Element: 1, Err: errUnread,
					Message: "inspect shows this transaction set's envelope only"})
			}
		}
	}
	return fs
}

func readBy(parts []part, id string) bool {
	for _, p := range parts {
		if p.reads(id) {
			return true
		}
	}
	return false
}

// ctxReader stops reading once its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
