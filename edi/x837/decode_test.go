package x837

import (
	"errors"
	"io"
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
		err.Error() != "claim 0 (ending at byte 23): field subscriber: wrong JSON type string" {
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
