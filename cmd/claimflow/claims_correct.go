package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/posting"
)

func newClaimsCorrectCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "correct ID|PCN FILE",
		Short: "Record a corrected version of a claim from a JSON file, checked again",
		Long: "correct stores FILE (one JSON claim) as the claim's next version. It is checked\n" +
			"like a new claim: ready when it passes, invalid with its findings otherwise.\n" +
			"A replacement (frequency 7) without the payer's claim number gets the one of\n" +
			"the claim's newest 277CA or 835. Earlier versions and their answers stay.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := oneDocument(args[1])
			if err != nil {
				return &exitError{code: 2, msg: args[1] + ": " + err.Error()}
			}
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := oneClaim(cmd, s, args[0])
			if err != nil {
				return err
			}
			r, err := posting.Correct(cmd.Context(), s, c.ID, doc, time.Now().UTC())
			printRevision(cmd, r)
			return err
		},
	}
	db.add(cmd)
	return cmd
}

// oneDocument reads the one JSON claim a file holds, as an object or as
// the only element of an array or of JSON Lines.
func oneDocument(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := x837.NewDecoder(f, x837.UnknownKind)
	c, err := dec.Next()
	if err != nil {
		return nil, err
	}
	if _, err := dec.Next(); !errors.Is(err, io.EOF) {
		return nil, errors.New("the file holds more than one claim")
	}
	return c.Raw, nil
}

// printRevision says what a correction or void made.
func printRevision(cmd *cobra.Command, r posting.Revision) {
	if r.Claim.ID == "" {
		return
	}
	out := cmd.OutOrStdout()
	for _, f := range r.Findings {
		fmt.Fprintf(out, "%s %s %s: %s\n", f.Severity, f.Code, f.Path, f.Message)
	}
	if r.Withdrawn {
		fmt.Fprintf(out, "claim %s withdrawn: void\n", r.Claim.ID)
		return
	}
	fmt.Fprintf(out, "claim %s version %d: %s\n", r.Claim.ID, r.Claim.Version, r.Claim.Status)
}
