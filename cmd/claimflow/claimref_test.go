package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandsTakeAClaimByIDOrNumber(t *testing.T) {
	url, fx := seeded(t)
	notFound := "exit status 1: no claim has that ID or patient control number"
	for _, args := range [][]string{
		{"claims", "show", "NOPE"},
		{"claims", "void", "NOPE"},
		{"claims", "correct", "NOPE", filepath.Join(claimsDir, "837p-simple.json")},
		{"files", "attach", fx.Unmatched, "NOPE"},
	} {
		_, err := runCLI(t, "", append(args, "--db", url)...)
		if err == nil || err.Error() != notFound {
			t.Errorf("claimflow %s: %v, want %q", strings.Join(args, " "), err, notFound)
		}
	}

	// PCN1006 is ready: never sent, so no answer can be attached to it.
	_, err := runCLI(t, "", "files", "attach", fx.Unmatched, "PCN1006", "--db", url)
	want := "attach answer " + fx.Unmatched + " to claim " + fx.Claims["PCN1006"] +
		": the claim was never sent"
	if err == nil || err.Error() != want {
		t.Errorf("attach to an unsent claim: %v, want %q", err, want)
	}
	_, err = runCLI(t, "", "files", "attach", "NOSUCHANSWER", "PCN1001", "--db", url)
	want = "exit status 1: no unmatched answer has the ID NOSUCHANSWER (files unmatched lists them)"
	if err == nil || err.Error() != want {
		t.Errorf("attach of no answer: %v, want %q", err, want)
	}

	// By patient control number: a correction of the held claim, a void
	// of the ready one, and the answer attached to a claim that was paid.
	id := fx.Claims["PCN1005"]
	out := mustRun(t, "claims", "correct", "PCN1005",
		filepath.Join(claimsDir, "837p-simple.json"), "--db", url)
	if !strings.HasSuffix(out, "claim "+id+" version 2: ready\n") {
		t.Errorf("correct by number:\n%s", out)
	}
	id = fx.Claims["PCN1006"]
	if out := mustRun(t, "claims", "void", "PCN1006", "--db", url); out !=
		"claim "+id+" withdrawn: void\n" {
		t.Errorf("void by number:\n%s", out)
	}
	out = mustRun(t, "files", "attach", fx.Unmatched, "PCN1001", "--db", url)
	if out != "attached: 1 events (0 moved the claim)\n" {
		t.Errorf("attach by number:\n%s", out)
	}
}
