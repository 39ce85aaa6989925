package inspect

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenInputs are one file of each type, taken from the readers' own
// testdata, and a text file that is not X12.
var goldenInputs = []struct {
	path, kind string
}{
	{"../ta1/testdata/rejected_notes.edi", "ta1"},
	{"../x999/testdata/rejected_errors.edi", "999"},
	{"../x999/testdata/ack997.edi", "997"},
	{"../x999/testdata/multi.edi", "999"},
	{"../x277/testdata/rejected.edi", "277ca"},
	{"../x277/testdata/x212.edi", "277"},
	{"../x835/testdata/claims.835", "835"},
	{"../x835/testdata/provider.835", "835"},
	{"../x835/testdata/lenient.835", "835"},
	{"../x837/testdata/golden/837p-batch.edi", "837p"},
	{"../x837/testdata/golden/837i-outpatient.edi", "837i"},
	{"testdata/not-x12.txt", "unknown"},
}

// TestGolden compares the JSON and the text of each input byte for byte
// with its golden file; -update rewrites them for review in the diff.
func TestGolden(t *testing.T) {
	for _, in := range goldenInputs {
		name := filepath.Base(in.path)
		t.Run(name, func(t *testing.T) {
			doc, err := InspectFile(context.Background(), in.path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Type != in.kind {
				t.Fatalf("type %q, want %q", doc.Type, in.kind)
			}
			var js, txt bytes.Buffer
			if err := doc.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			if err := doc.WriteText(&txt); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "golden", name+".json"), js.Bytes())
			golden(t, filepath.Join("testdata", "golden", name+".txt"), txt.Bytes())
		})
	}
}

// golden compares got with the file at path, or rewrites the file under
// -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run with -update and review the diff.\ngot:\n%s",
			path, got)
	}
}
