package x837

import (
	"errors"
	"strings"
	"testing"
)

func TestLoadBuildConfig(t *testing.T) {
	c, err := LoadBuildConfig(strings.NewReader("interchange:\n  sender_id: BRIGHTWATER\n" +
		"  usage: P\n  ack_requested: false\ncontrol:\n  interchange: 1207\n" +
		"submitter_id: BWB0042\n"))
	if err != nil {
		t.Fatal(err)
	}
	env := c.Envelope(testTime)
	want := Envelope{SenderQualifier: "ZZ", SenderID: "BRIGHTWATER", ReceiverQualifier: "ZZ",
		ReceiverID: "CLEARINGHOUSE", Usage: 'P', AckRequested: false, Interchange: 1207,
		Group: 1, FirstSet: 1, Time: testTime, SubmitterID: "BWB0042"}
	if env != want {
		t.Fatalf("got %+v", env)
	}
	for in, msg := range map[string]string{
		"interchange:\n  usage: X\n": `invalid build configuration: interchange.usage "X" ` +
			`must be T or P`,
		"interchange:\n  sender_id: ABCDEFGHIJKLMNOP\n": `invalid build configuration: ` +
			`interchange.sender_id "ABCDEFGHIJKLMNOP" must be 1 to 15 characters`,
		"control:\n  group: 0\n": "invalid build configuration: control.group 0 must be " +
			"1 to 999999999",
		"sender: x\n": "invalid build configuration: yaml: unmarshal errors:\n  line 1: " +
			"field sender not found in type x837.BuildConfig",
	} {
		_, err := LoadBuildConfig(strings.NewReader(in))
		if !errors.Is(err, ErrConfig) || err.Error() != msg {
			t.Errorf("%q: %v", in, err)
		}
	}
}
