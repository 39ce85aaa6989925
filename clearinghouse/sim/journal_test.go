package sim

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestJournalRecordsNamesAndHashesOnly(t *testing.T) {
	const phi = "NM1*IL*1*DOE*JANE****MI*W123456789~DMG*D8*19700101*F~"
	e := newEnv(t, func(c *Config) {
		c.Responder = &stubResponder{replies: []stubReply{
			{suffix: ".277", data: "STC*A7:21*JANE DOE~", delay: time.Hour},
		}}
	})
	c := e.client("bob")
	put(t, c, "/inbound/.claims.837", []byte(phi))
	if err := c.Rename("/inbound/.claims.837", "/inbound/claims.837"); err != nil {
		t.Fatal(err)
	}
	e.advance(t0.Add(time.Hour))

	want := []Entry{
		{Kind: KindUpload, Seq: 1, Time: t0, User: "bob", Name: "/inbound/claims.837",
			Size: int64(len(phi)), SHA256: sha(phi)},
		{Kind: KindResponse, Seq: 1, Time: t0.Add(time.Hour), User: "bob",
			Name: "/outbound/claims.837.277", Size: 19, SHA256: sha("STC*A7:21*JANE DOE~"),
			Upload: 1},
	}
	if got := e.s.Journal(); !slices.EqualFunc(got, want, entryEqual) {
		t.Fatalf("journal = %+v\nwant %+v", got, want)
	}
	if got := e.s.Responses(); !slices.EqualFunc(got, want[1:], entryEqual) {
		t.Fatalf("responses = %+v", got)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := os.Open(filepath.Join(e.cfg.Dir, "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var fromFile []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var en Entry
		if err := json.Unmarshal(sc.Bytes(), &en); err != nil {
			t.Fatalf("journal line %q: %v", sc.Text(), err)
		}
		fromFile = append(fromFile, en)
	}
	if !slices.EqualFunc(fromFile, want, entryEqual) {
		t.Fatalf("journal file = %+v", fromFile)
	}

	raw, err := os.ReadFile(filepath.Join(e.cfg.Dir, "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"journal": string(raw), "log": e.logs.String()} {
		for _, secret := range []string{"DOE", "W123456789", "19700101", "bob-secret"} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s contains %q", what, secret)
			}
		}
	}
	for _, line := range []string{
		`msg="upload landed" upload=1 user=bob file=/inbound/claims.837 size=53 sha256=` +
			sha(phi),
		`msg="response written" upload=1 user=bob file=/outbound/claims.837.277 size=19 ` +
			`sha256=` + sha("STC*A7:21*JANE DOE~") + ` due=2026-03-02T10:00:00.000Z`,
	} {
		if !strings.Contains(e.logs.String(), line) {
			t.Errorf("log lacks %s", line)
		}
	}
}

func entryEqual(a, b Entry) bool {
	at, bt := a.Time, b.Time
	a.Time, b.Time = time.Time{}, time.Time{}
	return a == b && at.Equal(bt)
}

func TestJournalFileAppendsAcrossRuns(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Responder = nil })
	put(t, e.client("alice"), "/inbound/one.837", []byte("1"))
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Start(t.Context(), e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e.s = s
	put(t, e.client("alice"), "/inbound/two.837", []byte("2"))
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/two.837"}) {
		t.Errorf("uploads of the second run = %q", got)
	}
	raw, err := os.ReadFile(filepath.Join(e.cfg.Dir, "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"name":"/inbound/one.837"`) ||
		!strings.Contains(lines[1], `"name":"/inbound/two.837"`) {
		t.Errorf("journal file = %q", lines)
	}
}
