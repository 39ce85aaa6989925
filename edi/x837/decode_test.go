package x837

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestDecoderShapes(t *testing.T) {
	a := `{"claimInformation":{"serviceLines":[{"professionalService":{}}]}}`
	b := `{"claimInformation":{"claimCodeInformation":{}},"extra":{"kept":[1,2]}}`
	for _, tc := range []struct {
		name, in string
	}{
		{"lines", a + "\n" + b + "\n"},
		{"lines with blanks and CRLF", "\r\n" + a + "\r\n\r\n" + b},
		{"array", "[" + a + ",\n " + b + "]"},
		{"array with BOM", "\xef\xbb\xbf  [" + a + "," + b + "]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tc.in), UnknownKind)
			var got []*Claim
			for {
				c, err := d.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			if len(got) != 2 || string(got[0].Raw) != a || string(got[1].Raw) != b ||
				got[0].Index != 0 || got[1].Index != 1 ||
				got[0].Kind != Professional || got[1].Kind != Institutional {
				t.Fatalf("%+v", got)
			}
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	// A claim of the wrong shape is reported and the next one is read.
	in := `{"subscriber":"nobody"}` + "\n" + `{"tradingPartnerServiceId":"60054"}`
	d := NewDecoder(strings.NewReader(in), Professional)
	_, err := d.Next()
	var de *DecodeError
	if !errors.As(err, &de) || de.Index != 0 || !errors.Is(err, ErrDecode) ||
		err.Error() != "claim 0 (line 1, ending at byte 23): field subscriber: wrong JSON type string" {
		t.Fatalf("err = %v", err)
	}
	c, err := d.Next()
	if err != nil || c.Index != 1 || c.TradingPartnerServiceID != "60054" || c.Kind != Professional {
		t.Fatalf("%v %+v", err, c)
	}
	if _, err := d.Next(); err != io.EOF {
		t.Fatalf("end: %v", err)
	}

	// Broken JSON stops the file, without quoting it.
	for _, in := range []string{`{"subscriber":{"lastName":"Hale"`, `x`, `[{"a":1} {"b":2}]`,
		`[{"a":1}] {}`} {
		d := NewDecoder(strings.NewReader(in), UnknownKind)
		var err error
		for err == nil {
			_, err = d.Next()
		}
		if !errors.Is(err, ErrDecode) || strings.Contains(err.Error(), "Hale") {
			t.Errorf("%q: err = %v", in, err)
		}
	}
}

// A broken line of JSON Lines is reported with its line number and the
// lines after it are still read.
func TestDecoderBrokenLine(t *testing.T) {
	good1 := `{"tradingPartnerServiceId":"60054"}`
	broken := `{"tradingPartnerServiceId":"60054", "subscriber":{"lastName":"Hale"`
	bad := `{"subscriber": oops}`
	good2 := `{"tradingPartnerServiceId":"87726"}`
	in := good1 + "\n\n" + broken + "\n" + bad + "\r\n" + good2 + "\n"
	d := NewDecoder(strings.NewReader(in), Professional)
	var got []string
	for {
		c, err := d.Next()
		if err == io.EOF {
			break
		}
		var de *DecodeError
		switch {
		case errors.As(err, &de):
			if !errors.Is(err, ErrDecode) || strings.Contains(err.Error(), "Hale") ||
				strings.Contains(err.Error(), "oops") {
				t.Errorf("err = %v", err)
			}
			got = append(got, err.Error())
		case err != nil:
			t.Fatalf("stopped: %v", err)
		default:
			got = append(got, fmt.Sprintf("claim %d (line %d): %s", c.Index, c.Line,
				c.TradingPartnerServiceID))
		}
	}
	want := []string{
		"claim 0 (line 1): 60054",
		"claim 1 (line 3, ending at byte 104): incomplete JSON: the claim ends " +
			"before its object closes",
		"claim 2 (line 4, ending at byte 125): invalid JSON at byte 120",
		"claim 3 (line 5): 87726",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A claim written over several lines, alone or one after another, is
// still one claim; a broken one among them does not swallow the next.
func TestDecoderMultilineObjects(t *testing.T) {
	in := "{\n  \"tradingPartnerServiceId\": \"60054\",\n  \"x\": {\"y\": [1,\n 2]}\n}\n" +
		"{\n  \"tradingPartnerServiceId\": \"1\",\n" +
		"{\"tradingPartnerServiceId\": \"2\"}\n" +
		"{\"a\": \"}{\\\"\"}\n"
	d := NewDecoder(strings.NewReader(in), Professional)
	var got []string
	for {
		c, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("stopped: %v", err)
			}
			got = append(got, fmt.Sprintf("error %d line %d", de.Index, de.Line))
			continue
		}
		got = append(got, fmt.Sprintf("claim %d line %d %q", c.Index, c.Line,
			c.TradingPartnerServiceID))
	}
	want := []string{`claim 0 line 1 "60054"`, "error 1 line 6", `claim 2 line 8 "2"`,
		`claim 3 line 9 ""`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// A malformed array fails as a whole, naming the byte in the file.
func TestDecoderBrokenArray(t *testing.T) {
	in := "\xef\xbb\xbf\n[{\"a\":1},\n {\"b\" 2}]"
	d := NewDecoder(strings.NewReader(in), UnknownKind)
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	_, err := d.Next()
	if !errors.Is(err, ErrDecode) || err.Error() !=
		"cannot decode claims: claim 1: invalid JSON near byte 19 (line 3)" {
		t.Fatalf("err = %v", err)
	}
}
