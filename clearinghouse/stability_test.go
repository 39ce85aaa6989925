package clearinghouse

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// paths returns the paths of files.
func paths(files []RemoteFile) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

func TestStabilityAcrossListings(t *testing.T) {
	var d downloads
	d.init()
	opts := DownloadOptions{StableInterval: time.Second}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	list := func(files ...RemoteFile) []listing { return []listing{{dir: "inbox", files: files}} }
	v1 := RemoteFile{Path: "inbox/a.835", Name: "a.835", Size: 100, ModTime: t0}
	v2 := v1
	v2.Size, v2.ModTime = 180, at(1)

	// First sight: wait for a second listing, which shows the file grown.
	ready, waiting, _ := d.sort(list(v1), at(0), opts)
	if len(ready) != 0 || !slices.Equal(paths(waiting), []string{v1.Path}) {
		t.Fatalf("first listing: ready %q, waiting %q", paths(ready), paths(waiting))
	}
	if got := d.recheck(waiting, list(v2), at(1)); len(got) != 0 {
		t.Fatalf("a grown file is ready: %q", paths(got))
	}

	// A later call lists it unchanged, but too soon after the last listing:
	// it waits again, and a file that grows again is still not taken.
	ready, waiting, _ = d.sort(list(v2), at(1.2), opts)
	if len(ready) != 0 || len(waiting) != 1 {
		t.Fatalf("listing 0.2s after the last: ready %q, waiting %q", paths(ready), paths(waiting))
	}
	v3 := v2
	v3.Size = 200
	if got := d.recheck(waiting, list(v3), at(2.2)); len(got) != 0 {
		t.Fatalf("a file growing between calls is ready: %q", paths(got))
	}

	// Unchanged a full interval after the last listing, it is ready at once.
	ready, waiting, _ = d.sort(list(v3), at(3.3), opts)
	if !slices.Equal(paths(ready), []string{v3.Path}) || len(waiting) != 0 {
		t.Fatalf("unchanged for an interval: ready %q, waiting %q", paths(ready), paths(waiting))
	}
}

func TestStabilityByAge(t *testing.T) {
	var d downloads
	d.init()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	opts := DownloadOptions{StableInterval: time.Second, MinAge: 10 * time.Minute}
	old := RemoteFile{Path: "inbox/old.999", Size: 1, ModTime: now.Add(-11 * time.Minute)}
	recent := RemoteFile{Path: "inbox/new.999", Size: 1, ModTime: now.Add(-9 * time.Minute)}

	ready, waiting, _ := d.sort([]listing{{dir: "inbox", files: []RemoteFile{old, recent}}},
		now, opts)
	if !slices.Equal(paths(ready), []string{old.Path}) ||
		!slices.Equal(paths(waiting), []string{recent.Path}) {
		t.Fatalf("ready %q, waiting %q", paths(ready), paths(waiting))
	}
}

func TestStabilityForgetsVanishedFiles(t *testing.T) {
	var d downloads
	d.init()
	opts := DownloadOptions{StableInterval: time.Second}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f := RemoteFile{Path: "inbox/a.999", Size: 5, ModTime: now}
	d.sort([]listing{{dir: "inbox", files: []RemoteFile{f}}}, now, opts)
	d.known[keyOf(f)] = "hash"
	d.sort([]listing{{dir: "inbox"}}, now.Add(time.Second), opts)
	if len(d.seen) != 0 || len(d.known) != 0 {
		t.Errorf("after the file left: seen %v, known %v", d.seen, d.known)
	}
}

func TestStoredContentsAreBounded(t *testing.T) {
	var d downloads
	d.init()
	for i := range storedLimit + 5 {
		d.markStored(fmt.Sprintf("%064x", i))
	}
	d.markStored(fmt.Sprintf("%064x", storedLimit+4)) // again: no effect
	if len(d.stored) != storedLimit || len(d.storedOrder) != storedLimit {
		t.Fatalf("%d stored, %d in order; want %d", len(d.stored), len(d.storedOrder), storedLimit)
	}
	if d.stored[fmt.Sprintf("%064x", 4)] || !d.stored[fmt.Sprintf("%064x", 5)] {
		t.Error("the oldest five were not the ones forgotten")
	}
}
