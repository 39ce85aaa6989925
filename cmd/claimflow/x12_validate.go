package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/x837"
)

func newX12ValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "Check an 837's envelopes, counts and structure; exit 0 clean, 1 findings, 2 unreadable",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runX12Validate(cmd.OutOrStdout(), args[0])
		},
	}
}

func runX12Validate(stdout io.Writer, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer f.Close()
	fs, st, err := x837.Validate(f, filepath.Base(file))
	for _, fd := range fs {
		fmt.Fprintf(stdout, "%s %s\n", fd.Severity, fd.Error())
	}
	fmt.Fprintf(stdout, "%d segments, %d interchanges, %d groups, %d transaction sets, "+
		"%d claims, %d service lines, %d findings\n", st.Segments, st.Interchanges, st.Groups,
		st.Sets, st.Claims, st.Lines, len(fs))
	switch {
	case err != nil:
		return &exitError{code: 2, msg: file + " cannot be read to its end"}
	case len(fs) > 0:
		return exitCode(1)
	}
	return nil
}
