package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

func TestStoreFileTwice(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		// Bytes that text columns would mangle: NUL, invalid UTF-8, CR LF.
		content := []byte("ISA*00*\x00\xff\xfe~\r\nIEA*1*000000001~")
		in := NewFile{Direction: Inbound, Name: "r1.999", Content: content, Type: "999",
			State: FileReceived, Findings: []byte(`[{"code":"X"}]`), Connection: "availity",
			RemotePath: "/outbox/r1.999", ReceivedAt: testEpoch}
		first, dup, err := s.StoreFile(ctx, in)
		if err != nil || dup {
			t.Fatalf("first StoreFile = %+v, %v, %v", first, dup, err)
		}
		want := File{
			ID:         first.ID,
			Direction:  Inbound,
			Name:       "r1.999",
			Size:       int64(len(content)),
			SHA256:     "559ebb765ba842bd6d635e4205a71a7e9927b4b882614c99ca600164345e9a09",
			Type:       "999",
			State:      FileReceived,
			Findings:   []byte(`[{"code":"X"}]`),
			Connection: "availity",
			RemotePath: "/outbox/r1.999",
			ReceivedAt: truncate(testEpoch),
			StoredAt:   truncate(testEpoch),
		}
		if !equalFile(first, want) {
			t.Errorf("stored = %+v\nwant %+v", first, want)
		}

		// The same bytes under another name: the stored row, flagged.
		in.Name, in.RemotePath = "r1-again.999", "/outbox/r1-again.999"
		second, dup, err := s.StoreFile(ctx, in)
		if err != nil || !dup || !equalFile(second, want) {
			t.Errorf("second StoreFile = %+v, %v, %v; want the first row, duplicate", second,
				dup, err)
		}
		if n := count(t, s, "files"); n != 1 {
			t.Errorf("%d files, want 1", n)
		}
		got, err := s.FileContent(ctx, first.ID)
		if err != nil || !bytes.Equal(got, content) {
			t.Errorf("FileContent = %q, %v; want %q", got, err, content)
		}

		// The same bytes sent out are another file.
		out, dup, err := s.StoreFile(ctx, NewFile{Direction: Outbound, Name: "o.837",
			Content: content, State: FileBuilt})
		if err != nil || dup || out.ID == first.ID || out.Type != "unknown" ||
			string(out.Findings) != "[]" {
			t.Errorf("outbound copy = %+v, %v, %v", out, dup, err)
		}

		// An empty file is a file.
		empty, dup, err := s.StoreFile(ctx, NewFile{Direction: Inbound, Name: "empty.txt",
			State: FileFailed})
		if err != nil || dup || empty.Size != 0 ||
			empty.SHA256 != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
			t.Errorf("empty file = %+v, %v, %v", empty, dup, err)
		}
		got, err = s.FileContent(ctx, empty.ID)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("empty FileContent = %#v, %v", got, err)
		}

		_, err = s.GetFile(ctx, "missing")
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("GetFile(missing) = %v", err)
		}
	})
}

func equalFile(a, b File) bool {
	return a.ID == b.ID && a.Direction == b.Direction && a.Name == b.Name && a.Size == b.Size &&
		a.SHA256 == b.SHA256 && a.Type == b.Type && a.State == b.State &&
		bytes.Equal(a.Findings, b.Findings) && a.Connection == b.Connection &&
		a.RemotePath == b.RemotePath && a.ReceivedAt.Equal(b.ReceivedAt) &&
		a.StoredAt.Equal(b.StoredAt) && a.ReceivedAt.Location() == time.UTC
}
