package codes

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEveryFileParses proves that each embedded file is well formed: it
// parses, has a complete header, no duplicate codes and no empty
// descriptions (the parser rejects both), and that every file belongs to a
// list.
func TestEveryFileParses(t *testing.T) {
	files := map[string]bool{}
	for _, l := range All() {
		if files[l.file] {
			t.Errorf("%s: file %s used by two lists", l.Name(), l.file)
		}
		files[l.file] = true

		if err := l.Err(); err != nil {
			t.Errorf("%s: %v", l.Name(), err)
			continue
		}
		if l.Len() == 0 {
			t.Errorf("%s: no codes", l.Name())
		}
		if l.Title() == "" || l.Version() == "" || l.Source() == "" || l.Element() == "" {
			t.Errorf("%s: header incomplete: title %q, version %q, source %q, element %q",
				l.Name(), l.Title(), l.Version(), l.Source(), l.Element())
		}
		if l.AsOf().Before(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: as-of %v is implausible", l.Name(), l.AsOf())
		}
	}

	embedded, err := fs.Glob(dataFS, "data/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range embedded {
		if !files[path.Base(f)] {
			t.Errorf("%s is embedded but no list reads it", f)
		}
	}
}

// TestDataFilesAreTidy keeps the files pleasant to edit and review: short
// one-line descriptions, no trailing spaces, a final newline, and the
// header's "list" naming the same list as the Go value.
func TestDataFilesAreTidy(t *testing.T) {
	for _, l := range All() {
		b, err := dataFS.ReadFile("data/" + l.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(b, []byte("\n")) {
			t.Errorf("%s: no final newline", l.file)
		}
		if !bytes.Contains(b, []byte("# list: "+l.Name()+"\n")) {
			t.Errorf("%s: header does not say \"list: %s\"", l.file, l.Name())
		}
		for i, line := range strings.Split(string(b), "\n") {
			if line != strings.TrimRight(line, " \t") {
				t.Errorf("%s line %d: trailing space", l.file, i+1)
			}
		}
		for _, c := range l.Codes() {
			e, _ := l.Lookup(c)
			if n := len([]rune(e.Description)); n > 100 {
				t.Errorf("%s %s: description has %d characters, keep it under 100",
					l.Name(), c, n)
			}
			if strings.HasSuffix(e.Description, ".") {
				t.Errorf("%s %s: description ends with a period", l.Name(), c)
			}
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		list *List
		code string
		want string
	}{
		{CARC, "1", "Deductible the patient owes"},
		{CARC, "45", "Charge is above the fee schedule, maximum allowed or contracted rate"},
		{CARC, "197", "Prior authorization, precertification or notification is missing"},
		{CARC, " co ", `unknown CARC code "co"`},
		{CARC, "b13", "Previously paid: payment may have gone out with an earlier remittance"},
		{CARC, "W1", "Workers' comp jurisdictional fee schedule adjustment (retired)"},
		{RARC, "N290", "Missing, incomplete or invalid rendering provider primary identifier"},
		{RARC, "MA130",
			"Claim incomplete or invalid and unprocessable; no appeal rights; send a new, correct claim"},
		{RARC, "M15",
			"Separately billed services were bundled as parts of one procedure; no separate payment"},
		{RARC, "N386", "Decision based on a national coverage determination (NCD)"},
		{RARC, "n130", "See the plan's benefit documents for restrictions on this service"},
		{RARC, "M58", `unknown RARC code "M58"`},
		{CASGroup, "PR", "Patient responsibility: may be billed to the patient or to a secondary payer"},
		{CASGroup, "CO",
			"Contractual obligation: the provider writes this off and may not bill the patient"},
		{ClaimStatus, "22", "Reversal of an earlier payment"},
		{ClaimStatus, "4", "Denied"},
		{PLBReason, "WO", "Overpayment recovery: money taken back for an earlier overpayment"},
		{PLBReason, "L6", "Interest owed by the payer (paid to the provider)"},
		{TransactionHandling, "I", "Remittance information only; no money moves with this 835"},
		{PaymentMethod, "ACH", "Automated Clearing House (ACH) transfer (EFT)"},
		{StatusCategory, "A7", "Rejected for invalid information; the status code says what"},
		{StatusCategory, "A2", "Acknowledged: accepted into the payer's adjudication system"},
		{ClaimStatusCode, "562", "Entity's National Provider Identifier (NPI)"},
		{ClaimStatusCode, "33", "Subscriber and subscriber ID not found"},
		{ClaimStatusCode, "21", "Missing or invalid information; another status code says which"},
		{ClaimStatusCode, "116", "Claim sent to the wrong payer"},
		{ClaimStatusCode, "20", "Accepted for processing"},
		{Entity, "85", "Billing provider"},
		{Entity, "QC", "Patient"},
		{IK3Error, "3", "Required segment is missing"},
		{IK3Error, "I4", `Segment the guide marks "not used" is present`},
		{IK4Error, "7", "Code value is not valid for this element"},
		{IK4Error, "I12", "Value does not match the pattern the guide requires"},
		{AckCode, "R", "Rejected"},
		{AckCode, "P", "Partly accepted: at least one transaction set in the group was rejected"},
		{SetSyntaxError, "5", "One or more segments are in error"},
		{SetSyntaxError, "I5", "One or more segments break the implementation guide"},
		{GroupSyntaxError, "4", "Control numbers in GS06 and GE02 do not match"},
		{TA1Ack, "R", "Interchange rejected: nothing in it will be processed"},
		{TA1Note, "025", "Interchange control number (ISA13) was already received: a duplicate"},
		{TA1Note, "000", "No error"},
		{TA1Note, "0", `unknown TA105 code "0"`},
		{TA1Note, "", "no TA105 code given"},
	}
	for _, tt := range tests {
		if got := tt.list.Describe(tt.code); got != tt.want {
			t.Errorf("%s.Describe(%q) = %q, want %q", tt.list.Name(), tt.code, got, tt.want)
		}
	}
}

func TestLookup(t *testing.T) {
	e, ok := CARC.Lookup("42")
	if !ok {
		t.Fatal("CARC 42 not found")
	}
	want := Entry{
		Code:        "42",
		Description: "Charges exceed the fee schedule or maximum allowed",
		Stop:        time.Date(2007, 6, 1, 0, 0, 0, 0, time.UTC),
		Retired:     true,
		Note:        "use 45",
	}
	if e != want {
		t.Errorf("CARC 42 = %+v, want %+v", e, want)
	}

	e, ok = CARC.Lookup("138")
	if !ok || !e.Retired || !e.Stop.IsZero() {
		t.Errorf("CARC 138 = %+v, %v; want retired without a date", e, ok)
	}
	if e, ok := CARC.Lookup("23"); !ok || e.Note != "group OA only" || e.Retired {
		t.Errorf("CARC 23 = %+v, %v", e, ok)
	}
	for _, c := range []string{"", "999", "N290", "1 2"} {
		if e, ok := CARC.Lookup(c); ok {
			t.Errorf("CARC.Lookup(%q) = %+v, want not found", c, e)
		}
	}
}

func TestActiveOn(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	w1, _ := CARC.Lookup("W1")
	p12, _ := CARC.Lookup("P12")
	retired, _ := CARC.Lookup("165")
	tests := []struct {
		name string
		e    Entry
		t    time.Time
		want bool
	}{
		{"before its stop date", w1, day(2014, 6, 30), true},
		{"on its stop date", w1, day(2014, 7, 1), false},
		{"current code", p12, day(2026, 1, 1), true},
		{"retired without a date", retired, day(2026, 1, 1), false},
		{"before its start date", Entry{Start: day(2020, 3, 1)}, day(2020, 2, 29), false},
		{"on its start date", Entry{Start: day(2020, 3, 1)}, day(2020, 3, 1), true},
	}
	for _, tt := range tests {
		if got := tt.e.ActiveOn(tt.t); got != tt.want {
			t.Errorf("%s: ActiveOn = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCARCCoversCommonCodes(t *testing.T) {
	for n := 1; n <= 308; n++ {
		c := strconv.Itoa(n)
		if _, ok := CARC.Lookup(c); !ok {
			t.Errorf("CARC %s missing", c)
		}
	}
	for _, c := range []string{"A0", "A1", "A8", "B1", "B23", "P1", "P32", "W1", "Y3", "D23"} {
		if _, ok := CARC.Lookup(c); !ok {
			t.Errorf("CARC %s missing", c)
		}
	}
}

func TestRARCCoversCommonRanges(t *testing.T) {
	// The remark codes most often seen on remittances; a few numbers in
	// these ranges were retired long ago and are not listed.
	for _, r := range []struct {
		prefix    string
		from, to  int
		width     int
		minListed int
	}{
		{"M", 1, 144, 0, 120},
		{"MA", 1, 134, 2, 105},
		{"N", 1, 500, 0, 470},
	} {
		n := 0
		for i := r.from; i <= r.to; i++ {
			c := strconv.Itoa(i)
			if len(c) < r.width {
				c = strings.Repeat("0", r.width-len(c)) + c
			}
			if _, ok := RARC.Lookup(r.prefix + c); ok {
				n++
			}
		}
		if n < r.minListed {
			t.Errorf("RARC %s%d-%d: %d codes listed, want at least %d",
				r.prefix, r.from, r.to, n, r.minListed)
		}
	}
}

func TestListsHoldTheirCodes(t *testing.T) {
	tests := []struct {
		list  *List
		codes string
	}{
		{CASGroup, "CO CR OA PI PR"},
		{ClaimStatus, "1 2 3 4 5 10 13 15 16 17 19 20 21 22 23 25 27"},
		{PLBReason, "50 51 72 90 AH AM AP B2 B3 BD BN C5 CR CS CT CV CW DM E3 FB FC GO HM " +
			"IP IR IS J1 L3 L6 LE LS OA OB PI PL RA RE SL TL WO WU"},
		{TransactionHandling, "C D H I P U X"},
		{PaymentMethod, "ACH BOP CHK FWT NON"},
		{StatusCategory, "A0 A1 A2 A3 A4 A5 A6 A7 A8 D0 E0 E1 E2 E3 E4 F0 F1 F2 F3 F4 " +
			"P0 P1 P2 P3 P4 P5 R0 R1 R3 R4 R5 R6 R7 R8 R9 R10 R11 R12 R13 R14 R15 R16"},
		{ClaimStatusCode, "0 1 3 16 19 20 21 29 30 31 32 33 34 35 54 65 85 88 97 116 " +
			"125 126 128 145 153 158 163 164 187 247 254 255 454 455 474 475 476 477 " +
			"481 496 507 510 511 538 555 562 583 718"},
		{Entity, "40 41 85 87 82 77 71 72 DN DK IL QC PR PE TT 74 GB FA 1P 2B"},
		{IK3Error, "1 2 3 4 5 6 7 8 I4 I6 I7 I8 I9"},
		{IK4Error, "1 2 3 4 5 6 7 8 9 10 12 13 I6 I9 I10 I11 I12 I13"},
		{AckCode, "A E M P R W X"},
		{SetSyntaxError, "1 2 3 4 5 6 23 24 25 26 27 I5 I6"},
		{GroupSyntaxError, "1 2 3 4 5 6 16 17 18 19 23 24 25 26"},
		{TA1Ack, "A E R"},
	}
	for _, tt := range tests {
		for _, c := range strings.Fields(tt.codes) {
			if _, ok := tt.list.Lookup(c); !ok {
				t.Errorf("%s %s missing", tt.list.Name(), c)
			}
		}
	}
	for n := 0; n <= 31; n++ {
		c := strconv.Itoa(n)
		c = strings.Repeat("0", 3-len(c)) + c
		if _, ok := TA1Note.Lookup(c); !ok {
			t.Errorf("TA105 %s missing", c)
		}
	}
}

func TestParseRejectsMalformedFiles(t *testing.T) {
	head := "# list: X\n# title: T\n# element: E\n# version: V\n# as-of: 2026-01-01\n" +
		"# source: S\n" + header + "\n"
	tests := []struct {
		name string
		data string
		want string
	}{
		{"duplicate code", head + "1\tOne\n2\tTwo\n1\tAgain\n", `line 10: code "1" listed twice`},
		{"empty description", head + "1\t\n", "line 8: code 1 has no description"},
		{"one field", head + "1\n", "line 8: want 2 to 5"},
		{"too many fields", head + "1\ta\t\t\tn\textra\n", "line 8: want 2 to 5"},
		{"lower-case code", head + "co\tContractual\n", `code "co" is not upper-case`},
		{"bad stop", head + "1\tOne\t\tsoon\n", `stop "soon" is neither a date`},
		{"bad start", head + "1\tOne\t2020-13-01\n", `start "2020-13-01" is not`},
		{"stop before start", head + "1\tOne\t2020-01-01\t2019-01-01\n", "stops before it starts"},
		{"spaces", head + "1\t One\n", "field 2 has surrounding spaces"},
		{"no column row", "# list: X\n# title: T\n# version: V\n# as-of: 2026-01-01\n" +
			"# source: S\n1\tOne\n", "want the column row"},
		{"no as-of", "# list: X\n# title: T\n# version: V\n# source: S\n" + header + "\n1\tOne\n",
			"no as-of date"},
		{"bad as-of", strings.Replace(head, "2026-01-01", "Jan 2026", 1) + "1\tOne\n",
			`as-of "Jan 2026"`},
		{"header twice", "# title: T\n" + head + "1\tOne\n", `header "title" given twice`},
		{"no codes", head, "no codes"},
		{"empty file", "", "no column row"},
	}
	for _, tt := range tests {
		_, _, _, err := parse("x.tsv", []byte(tt.data))
		if err == nil {
			t.Errorf("%s: parse succeeded, want an error", tt.name)
			continue
		}
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v does not unwrap to ErrFormat", tt.name, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestParseAcceptsOptionalFields(t *testing.T) {
	data := "# list: X\n# title: T\n# version: V\n# as-of: 2026-01-01\n# source: S\n" +
		"# A free comment: with a colon.\n\n" + header + "\n" +
		"# a comment between rows\n" +
		"A\tOne\n" +
		"B\tTwo\t2020-01-01\n" +
		"C\tThree\t\t2027-01-01\tstill in use on the as-of date\n" +
		"D\tFour\t\tretired\r\n"
	m, entries, order, err := parse("x.tsv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if m.title != "T" || strings.Join(order, ",") != "A,B,C,D" {
		t.Fatalf("title %q, order %v", m.title, order)
	}
	if entries["C"].Retired || !entries["D"].Retired || entries["B"].Start.Year() != 2020 {
		t.Errorf("entries %+v", entries)
	}
}

func TestBrokenListNeverPanics(t *testing.T) {
	l := newList("XX", "missing.tsv")
	if l.Err() == nil {
		t.Fatal("want an error for a missing file")
	}
	if _, ok := l.Lookup("1"); ok {
		t.Error("lookup in a broken list found a code")
	}
	if got, want := l.Describe("1"), `unknown XX code "1"`; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	if l.Len() != 0 || len(l.Codes()) != 0 {
		t.Error("broken list is not empty")
	}
}

func BenchmarkLookup(b *testing.B) {
	CARC.Lookup("1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		CARC.Lookup("45")
	}
}
