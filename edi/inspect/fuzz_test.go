package inspect

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/corpus"
)

// FuzzInspect checks that any input gives a document, never a panic or an
// error, and that the document describes the input: its size and hash,
// the type Detect gives, JSON that parses, text, and findings in order.
func FuzzInspect(f *testing.F) {
	for _, in := range goldenInputs {
		if b, err := os.ReadFile(in.path); err == nil {
			f.Add(b)
		}
	}
	if d := corpus.Dir(); d != "" {
		files, _ := filepath.Glob(filepath.Join(d, "*.edi"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("ISA"))
	f.Add([]byte("%PDF-1.7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Inspect(context.Background(), bytes.NewReader(data), Options{Name: "fuzz"})
		if err != nil {
			t.Fatalf("error from a reader that cannot fail: %v", err)
		}
		sum := sha256.Sum256(data)
		if doc.File.Size != int64(len(data)) || doc.File.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("file %+v describes other bytes", doc.File)
		}
		if want := string(edi.DetectBytes(data).Kind); doc.Type != want {
			t.Fatalf("type %s, Detect says %s", doc.Type, want)
		}
		if doc.Type == string(edi.KindUnknown) && len(doc.Findings) != 1 {
			t.Fatalf("%d findings for a file that is not X12", len(doc.Findings))
		}
		if !utf8.ValidString(doc.Preview) || len(doc.Preview) > previewBytes {
			t.Fatalf("preview %q", doc.Preview)
		}
		var js, txt bytes.Buffer
		if err := doc.WriteJSON(&js); err != nil || !json.Valid(js.Bytes()) {
			t.Fatalf("JSON: %v", err)
		}
		if err := doc.WriteText(&txt); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(doc.Findings); i++ {
			if doc.Findings[i].SegmentPosition < doc.Findings[i-1].SegmentPosition {
				t.Fatalf("findings out of order: %v", doc.Findings)
			}
		}
		if len(doc.Findings) > DefaultMaxFindings {
			t.Fatalf("%d findings kept", len(doc.Findings))
		}
	})
}
