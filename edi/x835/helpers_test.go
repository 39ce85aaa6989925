package x835

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// corpusFiles returns the shared sample 835s, none when the corpus is
// absent.
func corpusFiles() []string {
	d := corpus.Dir()
	if d == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(d, "835*"))
	return files
}

// readItems reads every item of in.
func readItems(t testing.TB, in []byte) ([]Item, edi.Findings) {
	t.Helper()
	r := NewReader(bytes.NewReader(in))
	var items []Item
	for {
		it, err := r.Next()
		if err == io.EOF {
			return items, r.Findings()
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		items = append(items, it)
	}
}

// readFile reads a file of testdata or of the corpus.
func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// findingLines renders findings one a line as "severity message".
func findingLines(fs edi.Findings) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity.String()+" "+f.Error())
	}
	return out
}

// checkGolden compares got with the golden file, or rewrites it.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, diff(string(want), got))
	}
}

// diff shows the first lines where want and got part.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(same lines)"
}

// split sorts items into payments, claims and summaries.
func split(items []Item) (pays []*Payment, claims []*Claim, sums []*Summary) {
	for _, it := range items {
		switch v := it.(type) {
		case *Payment:
			pays = append(pays, v)
		case *Claim:
			claims = append(claims, v)
		case *Summary:
			sums = append(sums, v)
		}
	}
	return pays, claims, sums
}

// testISA is a 106-character ISA declaring '*', '^', ':' and '~'.
const testISA = "ISA*00*          *00*          *ZZ*INVENTPAYER    *ZZ*NORTHWIND      " +
	"*260501*0900*^*00501*000000009*0*T*:~"

// wrap returns an interchange with one group holding one 835 set whose
// segments are the given lines, written without terminators. SE01 is
// counted.
func wrap(segs ...string) []byte {
	var b strings.Builder
	b.WriteString(testISA + "\nGS*HP*INVENTPAYER*NORTHWIND*20260501*0900*9*X*005010X221A1~\n")
	b.WriteString("ST*835*0001*005010X221A1~\n")
	for _, s := range segs {
		b.WriteString(s + "~\n")
	}
	b.WriteString("SE*" + strconv.Itoa(len(segs)+2) + "*0001~\nGE*1*9~\nIEA*1*000000009~\n")
	return []byte(b.String())
}

// header is a minimal, complete 835 header paying amount by check.
func header(amount string) []string {
	return []string{"BPR*I*" + amount + "*C*CHK************20260501", "TRN*1*CHK1*1512345678",
		"N1*PR*INVENTED HEALTH PLAN", "N1*PE*NORTHWIND CLINIC*XX*1234567893"}
}

// body returns header(amount) followed by segs.
func body(amount string, segs ...string) []byte {
	return wrap(append(header(amount), segs...)...)
}
