package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/posting"
)

func newClaimsVoidCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "void ID|PCN",
		Short: "Withdraw a claim, or make the frequency 8 version that voids it at the payer",
		Long: "void withdraws a claim the payer never had (held, ready, or rejected). A claim\n" +
			"the payer has gets a new version with frequency 8 and the payer's claim number\n" +
			"of its newest 277CA or 835, ready for the next batch.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := oneClaim(cmd, s, args[0])
			if err != nil {
				return err
			}
			r, err := posting.Void(cmd.Context(), s, c.ID, time.Now().UTC())
			printRevision(cmd, r)
			return err
		},
	}
	db.add(cmd)
	return cmd
}
