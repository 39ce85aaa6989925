package main

import (
	"strings"
	"testing"
)

// pcns returns the PCN column of a claims list, and its last line.
func pcns(out string) ([]string, string) {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var got []string
	for _, l := range lines[1 : len(lines)-1] {
		got = append(got, strings.Fields(l)[1])
	}
	return got, lines[len(lines)-1]
}

func TestEveryListTakesTheSharedFlags(t *testing.T) {
	url, _ := seeded(t)
	lists := [][]string{
		{"claims", "list"}, {"batches", "list"}, {"files", "list"}, {"files", "unmatched"},
		{"remit", "list"}, {"worklist"}, {"access-log"}, {"users", "list"}, {"tokens", "list"},
	}
	for _, l := range lists {
		for _, window := range [][]string{{"--limit", "5", "--page", "2"},
			{"--limit", "1", "--offset", "1", "--json"}} {
			args := append(append(append([]string{}, l...), window...), "--db", url)
			if out, err := runCLI(t, "", args...); err != nil {
				t.Errorf("claimflow %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	for _, l := range [][]string{{"claims", "list"}, {"batches", "list"}, {"files", "list"},
		{"remit", "list"}, {"worklist"}} {
		args := append(append([]string{}, l...), "--connection", "mainclear", "--db", url)
		if out, err := runCLI(t, "", args...); err != nil {
			t.Errorf("claimflow %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestClaimsListWindowAndStatus(t *testing.T) {
	url, _ := seeded(t)
	got, last := pcns(mustRun(t, "claims", "list", "--limit", "2", "--page", "2", "--db", url))
	if strings.Join(got, ",") != "PCN1003,PCN1004" || last != "2 claims; more with --page 3" {
		t.Errorf("page 2: %v %q", got, last)
	}
	if _, last = pcns(mustRun(t, "claims", "list", "--limit", "2", "--offset", "2",
		"--db", url)); last != "2 claims; more with --offset 4" {
		t.Errorf("offset 2: %q", last)
	}
	got, last = pcns(mustRun(t, "claims", "list", "--offset", "5", "--db", url))
	if strings.Join(got, ",") != "PCN1006,PCN1007" || last != "2 claims" {
		t.Errorf("offset 5: %v %q", got, last)
	}
	got, last = pcns(mustRun(t, "claims", "list", "--status", "held", "--db", url))
	if strings.Join(got, ",") != "PCN1005" || last != "1 claims" {
		t.Errorf("held: %v %q", got, last)
	}
}

func TestListsRefuseUnknownValuesNamingTheKnownOnes(t *testing.T) {
	url, _ := seeded(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"claims", "list", "--status", "lost"}, `exit status 2: unknown claim status ` +
			`"lost"; give one of received, invalid (or held), ready, batched, submitted, ` +
			"accepted, rejected_clearinghouse, acknowledged, rejected_payer, paid, " +
			"partially_paid (or partly_paid), denied, forwarded, reversed, void"},
		{[]string{"worklist", "--status", "bogus"}, `--status "bogus": give one of ` +
			"rejected_clearinghouse, rejected_payer, denied, partially_paid, overpaid, stuck, " +
			"invalid (or held), unmatched, imbalance (or unbalanced), file"},
		{[]string{"access-log", "--action", "bogus"}, `--action "bogus": give one of ` +
			"login, login_failed, login_throttled, logout, view, export, import, attach"},
	}
	for _, c := range cases {
		_, err := runCLI(t, "", append(c.args, "--db", url)...)
		if err == nil || err.Error() != c.want {
			t.Errorf("claimflow %s: %v\nwant %s", strings.Join(c.args, " "), err, c.want)
		}
	}
	if a, b := mustRun(t, "worklist", "--status", "unbalanced", "--db", url),
		mustRun(t, "worklist", "--status", "imbalance", "--db", url); a != b {
		t.Errorf("unbalanced:\n%s\nimbalance:\n%s", a, b)
	}
}

func TestFilesUnmatchedSaysTheReasonInWords(t *testing.T) {
	url, _ := seeded(t)
	out := mustRun(t, "files", "unmatched", "--db", url)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], " 835   PCN9999    matches no claim  "+
		"2025-03-26 09:00Z  ") {
		t.Errorf("unmatched:\n%s", out)
	}
}
