package respond_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// replace returns data with the first old replaced by new; old must be
// there.
func replace(t testing.TB, data []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%q is not in the file", old)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

// simple is the 837 of 837p-simple.json with ISA13 000004711.
func simple(t testing.TB) []byte {
	return build(t, x837.Professional, loadClaims(t, "837p-simple.json"))
}

// The interchange is answered by a TA1 A when ISA14 asks for one, by a
// TA1 R with the note of its first fault whatever ISA14 says, and only an
// accepted interchange gets the other answers.
func TestInterchangeAcknowledgment(t *testing.T) {
	const isaHead = "ISA*00*          *00*          *ZZ*CLAIMFLOW      *ZZ*CLEARINGHOUSE  *"
	for _, tc := range []struct {
		name  string
		edit  func(t testing.TB, data []byte) []byte
		code  ta1.Code // "" when no TA1 is expected
		note  string
		ctl   string
		later bool // 999, 277CA and 835 follow
	}{
		{"accepted", nil, ta1.Accepted, "000", "000004711", true},
		{"not asked", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*000004711*1*T*", "*000004711*0*T*")
		}, "", "", "", true},
		{"another receiver", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*ZZ*CLEARINGHOUSE  *", "*ZZ*OTHERHOUSE     *")
		}, ta1.Rejected, "009", "000004711", false},
		{"receiver qualifier", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*ZZ*CLEARINGHOUSE  *", "*01*CLEARINGHOUSE  *")
		}, ta1.Rejected, "007", "000004711", false},
		{"not fixed width", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*CLAIMFLOW      *", "*CLAIMFLOW     *")
		}, ta1.Rejected, "006", "000004711", false},
		{"no date", func(t testing.TB, d []byte) []byte {
			return replace(t, d, isaHead+"260309*", isaHead+"261309*")
		}, ta1.Rejected, "014", "000004711", false},
		{"version", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*^*00501*", "*^*00401*")
		}, ta1.Rejected, "003", "000004711", false},
		{"usage", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*000004711*1*T*", "*000004711*1*X*")
		}, ta1.Rejected, "020", "000004711", false},
		{"no group control", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*4711*X*005010X222A1", "**X*005010X222A1")
		}, ta1.Rejected, "024", "000004711", false},
		{"IEA control", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "IEA*1*000004711", "IEA*1*000004712")
		}, ta1.Rejected, "001", "000004711", false},
		{"IEA count", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "IEA*1*000004711", "IEA*2*000004711")
		}, ta1.Rejected, "021", "000004711", false},
		{"cut short", func(t testing.TB, d []byte) []byte {
			return d[:bytes.Index(d, []byte("\nSE*"))+1]
		}, ta1.Rejected, "023", "000004711", false},
		{"component separator", func(t testing.TB, d []byte) []byte {
			return replace(t, d, "*1*T*:~", "*1*T**~")
		}, ta1.Rejected, "027", "000004711", false},
		{"ISA cut short", func(t testing.TB, d []byte) []byte {
			return d[:102]
		}, ta1.Rejected, "023", "000004711", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := simple(t)
			if tc.edit != nil {
				data = tc.edit(t, data)
			}
			a := respondTo(t, newResponder(t, respond.DefaultScenario()), "x.837", data)
			if r, ok := a["x.ta1"]; ok != (tc.code != "") {
				t.Fatalf("TA1 sent %v, want %v", ok, tc.code != "")
			} else if ok {
				acks := readTA1(t, r.Data)
				if len(acks) != 1 || acks[0].Code != tc.code || acks[0].Note != tc.note ||
					acks[0].Control != tc.ctl {
					t.Fatalf("TA1 %+v, want %s %s %s", acks[0], tc.code, tc.note, tc.ctl)
				}
				isa := acks[0].Interchange
				if isa.SenderID != "CLEARINGHOUSE" || isa.ReceiverID != "CLAIMFLOW" ||
					!isa.Time.Equal(arrived.Add(2*time.Minute)) {
					t.Errorf("TA1 envelope %+v", isa)
				}
			}
			_, got999 := a["x.999"]
			_, got277 := a["x.277"]
			if got999 != tc.later || got277 != tc.later || len(a.remits()) > 0 != tc.later {
				t.Errorf("answers %q", a.names())
			}
		})
	}
}

// A file that is not X12 gets no answer, nor does an ISA too broken to
// name the interchange and its sender; an X12 file that holds no claims,
// such as a 999 sent back by mistake, gets a TA1 R with note 024.
func TestNotAClaimFile(t *testing.T) {
	r := newResponder(t, respond.DefaultScenario())
	for _, junk := range [][]byte{nil, []byte("hello"), []byte("ISA"), simple(t)[:60],
		[]byte("%PDF-1.7\n...binary..."), bytes.Repeat([]byte{0xff, 0}, 500)} {
		if a := respondTo(t, r, "junk.837", junk); len(a) != 0 {
			t.Errorf("%q answered with %q", junk, a.names())
		}
	}

	var buf bytes.Buffer
	w := x999.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	isa := edi.Interchange{SenderQualifier: "ZZ", SenderID: "CLAIMFLOW", ReceiverQualifier: "ZZ",
		ReceiverID: "CLEARINGHOUSE", Time: arrived, Control: 42, Usage: 'T'}
	err := w.Write(&x999.Ack{Interchange: isa, Group: edi.Group{FunctionalID: "FA",
		SenderCode: "CLAIMFLOW", ReceiverCode: "CLEARINGHOUSE", Time: arrived, Control: 42,
		Version: "005010X231A1"}, SetID: "999", Control: "0001", FunctionalID: "HC",
		GroupControl: "1", Result: x999.GroupResult{Code: x999.Accepted}})
	if err != nil || w.Close() != nil {
		t.Fatal(err)
	}
	a := respondTo(t, r, "back.999", buf.Bytes())
	if got := a.names(); !slices.Equal(got, []string{"back.ta1"}) {
		t.Fatalf("answers %q", got)
	}
	acks := readTA1(t, a["back.ta1"].Data)
	if len(acks) != 1 || acks[0].Code != ta1.Rejected || acks[0].Note != "024" ||
		acks[0].Control != "000000042" {
		t.Errorf("TA1 %+v", acks)
	}
}

// Each interchange of a file is judged on its own: the second, addressed
// elsewhere, is rejected; the first is answered in full.
func TestTwoInterchanges(t *testing.T) {
	first := simple(t)
	second := replace(t, bytes.ReplaceAll(simple(t), []byte("000004711"),
		[]byte("000004712")), "*ZZ*CLEARINGHOUSE  *", "*ZZ*ELSEWHERE      *")
	a := respondTo(t, newResponder(t, respond.DefaultScenario()), "two.837",
		append(first, second...))
	var got []string
	for _, ack := range readTA1(t, a["two.ta1"].Data) {
		got = append(got, fmt.Sprintf("%s %s %s", ack.Control, ack.Code, ack.Note))
	}
	if want := "000004711 A 000,000004712 R 009"; strings.Join(got, ",") != want {
		t.Errorf("TA1s %q, want %s", got, want)
	}
	if sets := read999(t, a["two.999"].Data); len(sets) != 1 || sets[0].GroupControl != "4711" {
		t.Errorf("999 %+v", sets)
	}
	if claims := read277(t, a["two.277"].Data); len(claims) != 1 {
		t.Errorf("277CA has %d claims, want 1", len(claims))
	}
}
