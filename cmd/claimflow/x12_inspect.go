package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/inspect"
)

func newX12InspectCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "inspect FILE",
		Short: "Show what any X12 file says, for people or with --json for scripts",
		Long: "Show what any X12 file says: its type (from the content), envelopes, what each " +
			"transaction set says in words, and every finding with its segment position.\n" +
			"Exit 0 when the file was read, findings or not, and also for a file that is not " +
			"X12 (type unknown); 2 when it cannot be read at all.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runX12Inspect(cmd.Context(), cmd.OutOrStdout(), args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false,
		"write the document as JSON (docs/inspect.md describes it)")
	return cmd
}

func runX12Inspect(ctx context.Context, stdout io.Writer, file string, asJSON bool) error {
	doc, err := inspect.InspectFile(ctx, file, inspect.Options{})
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	if asJSON {
		err = doc.WriteJSON(stdout)
	} else {
		err = doc.WriteText(stdout)
	}
	if err != nil {
		return &exitError{code: 2, msg: "writing the inspection: " + err.Error()}
	}
	return nil
}
