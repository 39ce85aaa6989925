package main

import (
	"errors"
	"strings"
	"testing"
)

func TestMistypedSubcommandsAreRefused(t *testing.T) {
	cases := map[string]string{
		"claims lst --config x": `unknown command "lst" for "claimflow claims"; ` +
			"did you mean list? (see claimflow claims --help)",
		"report agin --config x": `unknown command "agin" for "claimflow report"; ` +
			"did you mean aging? (see claimflow report --help)",
		"files raww": `unknown command "raww" for "claimflow files"; ` +
			"did you mean raw? (see claimflow files --help)",
		"x12 zzz --json": `unknown command "zzz" for "claimflow x12" ` +
			"(see claimflow x12 --help)",
	}
	for line, want := range cases {
		_, err := runCLI(t, "", strings.Fields(line)...)
		var ex *exitError
		if !errors.As(err, &ex) || ex.code != 2 || ex.msg != want {
			t.Errorf("claimflow %s: %v\nwant exit 2: %s", line, err, want)
		}
	}
	out, err := runCLI(t, "", "claims")
	if err != nil || !strings.HasPrefix(out, "Check and manage claims\n") {
		t.Errorf("claimflow claims: %v\n%s", err, out)
	}
}
