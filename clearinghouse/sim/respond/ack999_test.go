package respond_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// position returns the position, counted from its ST, of the first
// segment that starts with prefix, in a file written one segment a line.
func position(t testing.TB, data []byte, prefix string) int {
	t.Helper()
	pos := 0
	for _, seg := range strings.Split(string(data), "~\n") {
		if strings.HasPrefix(seg, "ST*") {
			pos = 0
		}
		pos++
		if strings.HasPrefix(seg, prefix) {
			return pos
		}
	}
	t.Fatalf("no segment starts with %q", prefix)
	return 0
}

// recount sets every SE01 to the count of its set, for files edited by
// adding or removing segments.
func recount(data []byte) []byte {
	segs := strings.Split(string(data), "~\n")
	n := 0
	for i, seg := range segs {
		if strings.HasPrefix(seg, "ST*") {
			n = 0
		}
		n++
		if f := strings.Split(seg, "*"); f[0] == "SE" {
			segs[i] = "SE*" + strconv.Itoa(n) + "*" + f[2]
		}
	}
	return []byte(strings.Join(segs, "~\n"))
}

// summary renders a 999 as one line per set: "0002 R I5 | CLM@17/2300/8
// [2:7] CLM01=SYN000003", then the group's verdict.
func summary(a *x999.Ack) string {
	var out []string
	for _, s := range a.Sets {
		line := fmt.Sprintf("%s %s %s", s.Control, s.Code, strings.Join(s.Errors, ","))
		for _, se := range s.Segments {
			line += fmt.Sprintf(" | %s@%d/%s/%s", se.SegmentID, se.SetPosition, se.Loop, se.Code)
			for _, e := range se.Elements {
				line += fmt.Sprintf(" [%d:%s]", e.Element.Element, e.Code)
			}
			for _, c := range se.Contexts {
				if name, v, ok := c.BusinessUnit(); ok {
					line += " " + name + "=" + v
				}
			}
		}
		out = append(out, strings.TrimSpace(line))
	}
	g := a.Result
	out = append(out, strings.TrimSpace(fmt.Sprintf("AK9 %s %d %d %d %s", g.Code,
		g.Included, g.Received, g.Accepted, strings.Join(g.Errors, ","))))
	return strings.Join(out, "\n")
}

// Three sets of two, two and one claims. Each case breaks the file in one
// way; the 999 names the set, the segment, its position from ST, its loop
// and its claim, and only the claims of accepted sets go on.
func TestImplementationAck(t *testing.T) {
	claims := synthetic(t, people(5))
	for _, tc := range []struct {
		name   string
		edit   func(t testing.TB, d []byte) []byte
		want   func(t testing.TB, d []byte) string
		passed []string // claims in the 277CA
	}{
		{"clean", nil, func(testing.TB, []byte) string {
			return "0001 A\n0002 A\n0003 A\nAK9 A 3 3 3"
		}, []string{"SYN000001", "SYN000002", "SYN000003", "SYN000004", "SYN000005"}},
		{"claim total", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "CLM*SYN000003*", "CLM*SYN000003*1")
		}, func(t testing.TB, d []byte) string {
			return fmt.Sprintf("0001 A\n0002 R I5 | CLM@%d/2300/8 [2:7] CLM01=SYN000003\n"+
				"0003 A\nAK9 P 3 3 2", position(t, d, "CLM*SYN000003*"))
		}, []string{"SYN000001", "SYN000002", "SYN000005"}},
		{"service date missing", func(t testing.TB, d []byte) []byte {
			i := bytes.Index(d, []byte("CLM*SYN000005*"))
			j := i + bytes.Index(d[i:], []byte("DTP*472*"))
			k := j + bytes.Index(d[j:], []byte("~\n")) + 2
			return recount(append(d[:j:j], d[k:]...))
		}, func(t testing.TB, d []byte) string {
			i := bytes.Index(d, []byte("CLM*SYN000005*"))
			return fmt.Sprintf("0001 A\n0002 A\n0003 R I5 | LX@%d/2400/3 CLM01=SYN000005\n"+
				"AK9 P 3 3 2", position(t, d[i:], "LX*1")+position(t, d, "CLM*SYN000005*")-1)
		}, []string{"SYN000001", "SYN000002", "SYN000003", "SYN000004"}},
		{"no claim number", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "CLM*SYN000004*", "CLM**")
		}, func(t testing.TB, d []byte) string {
			return fmt.Sprintf("0001 A\n0002 R I5 | CLM@%d/2300/8 [1:1]\n0003 A\nAK9 P 3 3 2",
				position(t, d, "CLM**"))
		}, []string{"SYN000001", "SYN000002", "SYN000005"}},
		{"segment ID", func(t testing.TB, d []byte) []byte {
			return recount(replace(t, d, "CLM*SYN000002*", "Ab1*X~\nCLM*SYN000002*"))
		}, func(t testing.TB, d []byte) string {
			return fmt.Sprintf("0001 R 5 | AB1@%d/2010BB/1\n0002 A\n0003 A\nAK9 P 3 3 2",
				position(t, d, "Ab1*"))
		}, []string{"SYN000003", "SYN000004", "SYN000005"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := buildSets(t, x837.Professional, claims, 2)
			if tc.edit != nil {
				data = tc.edit(t, data)
			}
			a := respondTo(t, newResponder(t, respond.DefaultScenario()), "b.837", data)
			acks := read999(t, a["b.999"].Data)
			if len(acks) != 1 {
				t.Fatalf("%d 999 sets", len(acks))
			}
			if got, want := summary(acks[0]), tc.want(t, data); got != want {
				t.Errorf("999\n%s\nwant\n%s", got, want)
			}
			var passed []string
			for _, c := range read277(t, a["b.277"].Data) {
				passed = append(passed, c.Trace)
			}
			if strings.Join(passed, " ") != strings.Join(tc.passed, " ") {
				t.Errorf("277CA claims %q, want %q", passed, tc.passed)
			}
		})
	}
}

// Faults of the set envelope are IK502 codes without an IK3; faults of the
// group envelope reject the group whole, with AK905 codes and no AK2, and
// nothing of it goes on.
func TestEnvelopeFaults(t *testing.T) {
	claims := synthetic(t, people(3))
	for _, tc := range []struct {
		name, old, new, want string
		claims               int
	}{
		{"SE count", "~\nSE*", "~\nSE*9", "0001 R 4\n0002 A\nAK9 P 2 2 1", 1},
		{"SE control", "*0001~\nST*837*0002", "*0009~\nST*837*0002",
			"0001 R 3\n0002 A\nAK9 P 2 2 1", 1},
		{"ST control repeated", "ST*837*0002", "ST*837*0001",
			"0001 A\n0001 R 23,3\nAK9 P 2 2 1", 2},
		{"no SE", "~\nSE*", "~\nXSE*", "0001 R 2\n0002 A\nAK9 P 2 2 1", 1},
		{"GE count", "GE*2*4711", "GE*3*4711", "AK9 R 3 2 0 5", 0},
		{"GE control", "GE*2*4711", "GE*2*4712", "AK9 R 2 2 0 4", 0},
		{"GS version", "*005010X222A1~\nST", "*005010X222~\nST", "AK9 R 2 2 0 2", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := replace(t, buildSets(t, x837.Professional, claims, 2), tc.old, tc.new)
			a := respondTo(t, newResponder(t, respond.DefaultScenario()), "e.837", data)
			acks := read999(t, a["e.999"].Data)
			if got := summary(acks[0]); got != tc.want {
				t.Errorf("999\n%s\nwant\n%s", got, tc.want)
			}
			n := 0
			if r, ok := a["e.277"]; ok {
				n = len(read277(t, r.Data))
			}
			if n != tc.claims {
				t.Errorf("277CA has %d claims, want %d", n, tc.claims)
			}
		})
	}
}
