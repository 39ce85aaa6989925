package main

import (
	"errors"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

func newFilesUnmatchedCmd() *cobra.Command {
	var f listFlags
	var all bool
	cmd := &cobra.Command{
		Use:   "unmatched [--all]",
		Short: "List the answers that matched no claim and wait for a person",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runFilesUnmatched(cmd, &f, all)
		},
	}
	f.add(cmd, "", flagConnection)
	cmd.Flags().BoolVar(&all, "all", false, "attached answers too")
	return cmd
}

func runFilesUnmatched(cmd *cobra.Command, f *listFlags, all bool) error {
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return err
	}
	s, err := f.open(cmd.Context())
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.ListUnmatched(cmd.Context(), !all)
	if err != nil {
		return err
	}
	list = slices.DeleteFunc(list, func(u store.Unmatched) bool {
		return u.ReceivedAt.Before(since)
	})
	list = pageOf(list, offset, limit)
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, list)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tREFERENCE\tREASON\tRECEIVED\tFILE\tATTACHED TO")
	for _, u := range list {
		to := u.AttachedClaimID
		if to == "" && !u.AttachedAt.IsZero() {
			to = "(dismissed)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Kind, u.Reference,
			store.UnmatchedWords(u.Reason), u.ReceivedAt.Format("2006-01-02 15:04Z"), u.FileID,
			to)
	}
	return tw.Flush()
}

func newFilesAttachCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "attach ANSWER-ID CLAIM-ID|PCN",
		Short: "Attach an unmatched answer to a claim and post it as if it had matched",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := oneClaim(cmd, s, args[1])
			if err != nil {
				return err
			}
			res, err := posting.AttachUnmatched(cmd.Context(), s, args[0], c.ID)
			if errors.Is(err, store.ErrNotFound) {
				return &exitError{code: 1, msg: "no unmatched answer has the ID " + args[0] +
					" (files unmatched lists them)"}
			}
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

func newFilesCloseCmd() *cobra.Command {
	var db dbFlags
	var reason string
	cmd := &cobra.Command{
		Use:   "close FILE-ID --reason TEXT",
		Short: "Close an unreadable or cut-short answer file once it has been dealt with",
		Long: "close takes an answer file that cannot be applied (unreadable, or cut short)\n" +
			"off the work list, for instance when the clearinghouse sent it again and the\n" +
			"copy was applied. The file is kept with the reason among its findings;\n" +
			"nothing in it is applied.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			err = posting.CloseFile(cmd.Context(), s, args[0], reason)
			switch {
			case errors.Is(err, store.ErrNotFound):
				return &exitError{code: 1, msg: "no file has the ID " + args[0] +
					" (files list shows them)"}
			case errors.Is(err, posting.ErrNotClosable), errors.Is(err, store.ErrInvalidInput):
				return &exitError{code: 1, msg: err.Error()}
			case err != nil:
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "closed: kept, and off the work list")
			return err
		},
	}
	db.add(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why the file is closed (required)")
	return cmd
}
