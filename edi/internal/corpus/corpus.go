// Package corpus finds the public sample X12 files that tests may read.
// They live outside the repository, in ../shared/corpus beside the
// module's root, or wherever CLAIMFLOW_CORPUS points; tests skip the files
// when neither exists.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus folder, or "" when there is none.
func Dir() string {
	if d := os.Getenv("CLAIMFLOW_CORPUS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(filepath.Dir(d), "shared", "corpus")
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return c
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Files returns the corpus files matching pattern (e.g. "835*.edi"), or
// skips the test with a message when the corpus is absent.
func Files(t testing.TB, pattern string) []string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skip("no sample corpus: set CLAIMFLOW_CORPUS or place it in ../shared/corpus")
	}
	files, err := filepath.Glob(filepath.Join(d, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no corpus files match %s in %s", pattern, d)
	}
	return files
}

// Path returns the path of one corpus file, skipping the test when the
// corpus is absent.
func Path(t testing.TB, name string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skip("no sample corpus: set CLAIMFLOW_CORPUS or place it in ../shared/corpus")
	}
	return filepath.Join(d, name)
}
