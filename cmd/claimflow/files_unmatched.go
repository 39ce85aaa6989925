package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/posting"
)

func newFilesUnmatchedCmd() *cobra.Command {
	var db dbFlags
	var all bool
	cmd := &cobra.Command{
		Use:   "unmatched [--all]",
		Short: "List the answers that matched no claim and wait for a person",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := s.ListUnmatched(cmd.Context(), !all)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tKIND\tREFERENCE\tREASON\tRECEIVED\tFILE\tATTACHED TO")
			for _, u := range list {
				to := u.AttachedClaimID
				if to == "" && !u.AttachedAt.IsZero() {
					to = "(dismissed)"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Kind, u.Reference,
					u.Reason, u.ReceivedAt.Format("2006-01-02 15:04Z"), u.FileID, to)
			}
			return tw.Flush()
		},
	}
	db.add(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "attached answers too")
	return cmd
}

func newFilesAttachCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "attach ANSWER-ID CLAIM-ID",
		Short: "Attach an unmatched answer to a claim and post it as if it had matched",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := posting.AttachUnmatched(cmd.Context(), s, args[0], args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "attached: %d events (%d moved the claim)\n",
				res.Events, res.Moved)
			return nil
		},
	}
	db.add(cmd)
	return cmd
}

func newFilesDismissCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "dismiss ANSWER-ID",
		Short: "Close an unmatched answer without posting it, when it restates a payment",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			if err := posting.DismissUnmatched(cmd.Context(), s, args[0]); err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "dismissed: nothing posted")
			return err
		},
	}
	db.add(cmd)
	return cmd
}
