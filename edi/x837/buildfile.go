package x837

import (
	"errors"
	"fmt"
	"io"

	"github.com/claimflow/claimflow/edi"
)

// Held is a claim left out of a file: its findings, or the error that kept
// it from being decoded.
type Held struct {
	Index    int
	Findings Findings
	Err      error
}

// BuildReport tells what BuildFile did.
type BuildReport struct {
	Summary
	Kind Kind
	Read int    // claims read from the file
	Held []Held // claims left out, in file order
}

// BuildFile reads a claim file, checks each claim and writes those without
// errors into one 837 of the given kind; UnknownKind takes the kind of the
// first claim whose kind can be told. Claims of the other kind are held
// with the finding "claim.kind_mismatch". The error is non-nil only when
// the claim file cannot be read on or the 837 cannot be written.
func BuildFile(src io.Reader, dst io.Writer, kind Kind, env Envelope,
	opts Options) (BuildReport, error) {
	rep := BuildReport{Kind: kind}
	dec := NewDecoder(src, kind)
	var b *Builder
	for {
		c, err := dec.Next()
		if err == io.EOF {
			break
		}
		var de *DecodeError
		if errors.As(err, &de) {
			rep.Read++
			rep.Held = append(rep.Held, Held{Index: de.Index, Err: de})
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("build: %w", err)
		}
		rep.Read++
		if rep.Kind == UnknownKind {
			rep.Kind = c.Kind
		}
		if c.Kind != UnknownKind && c.Kind != rep.Kind {
			rep.Held = append(rep.Held, Held{Index: c.Index, Findings: Findings{{
				Code: "claim.kind_mismatch", Severity: edi.Error,
				Message: "The claim is " + c.Kind.String() + " but the file being built is " +
					rep.Kind.String() + "; build it in a file of its own kind."}}})
			continue
		}
		if b == nil && rep.Kind != UnknownKind {
			if b, err = NewBuilder(dst, rep.Kind, env, opts, ""); err != nil {
				return rep, fmt.Errorf("build: %w", err)
			}
		}
		if b == nil {
			rep.Held = append(rep.Held, Held{Index: c.Index, Findings: Check(c, opts)})
			continue
		}
		fs, err := b.Add(c)
		if errors.Is(err, ErrHeld) {
			rep.Held = append(rep.Held, Held{Index: c.Index, Findings: fs})
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("build: %w", err)
		}
	}
	if b == nil {
		return rep, nil
	}
	sum, err := b.Close()
	rep.Summary = sum
	if err != nil {
		return rep, fmt.Errorf("build: %w", err)
	}
	return rep, nil
}
