package main

import (
	"os"
	"path/filepath"
	"testing"
)

const inspectGolden = "../../edi/inspect/testdata/golden"

// TestX12Inspect checks that the command prints the package's golden
// output for both forms, and its exit statuses.
func TestX12Inspect(t *testing.T) {
	in := "../../edi/x835/testdata/claims.835"
	for _, c := range []struct {
		args   []string
		golden string
	}{
		{[]string{"x12", "inspect", in}, "claims.835.txt"},
		{[]string{"x12", "inspect", "--json", in}, "claims.835.json"},
		{[]string{"x12", "inspect", "../../edi/inspect/testdata/not-x12.txt"},
			"not-x12.txt.txt"},
	} {
		want, err := os.ReadFile(filepath.Join(inspectGolden, c.golden))
		if err != nil {
			t.Fatal(err)
		}
		out, code := run(t, c.args...)
		if code != 0 || out != string(want) {
			t.Errorf("%v: exit %d\n%s", c.args, code, out)
		}
	}

	out, code := run(t, "x12", "inspect", filepath.Join(t.TempDir(), "missing.835"))
	if code != 2 || out != "" {
		t.Errorf("missing file: exit %d\n%s", code, out)
	}
	out, code = run(t, "x12", "inspect", t.TempDir())
	if code != 2 || out != "" {
		t.Errorf("a folder: exit %d\n%s", code, out)
	}
}
