package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

func newClaimsImportCmd() *cobra.Command {
	var db dbFlags
	var kind string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Check and store files of JSON claims: ready ones wait for the next batch",
		Long: "import reads JSON claims (JSON Lines or one array), checks each and stores it:\n" +
			"ready when the checks find no error, invalid with its findings otherwise.\n" +
			"A claim whose patient control number a live claim holds is refused, and the\n" +
			"others go on. It prints each claim's findings and a summary, per file when\n" +
			"several are given; it exits 1 when any claim is invalid or refused.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k := x837.UnknownKind
			if kind != "" {
				var err error
				if k, err = x837.ParseKind(kind); err != nil {
					return &exitError{code: 2, msg: "--kind must be 837p or 837i"}
				}
			}
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			var failed error
			for _, file := range args {
				prefix := ""
				if len(args) > 1 {
					prefix = file + ": "
				}
				err := runImport(cmd, s, file, prefix, k)
				var ee *exitError
				switch {
				case errors.As(err, &ee) && ee.code == 1:
					failed = err // some claims held or refused: go on
				case err != nil:
					return err
				}
			}
			return failed
		},
	}
	db.add(cmd)
	cmd.Flags().StringVar(&kind, "kind", "", "837p or 837i (told per claim when absent)")
	return cmd
}

// runImport imports one file, starting each line it prints with prefix.
func runImport(cmd *cobra.Command, s *store.Store, file, prefix string,
	kind x837.Kind) error {
	f, err := os.Open(file)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer f.Close()
	out := cmd.OutOrStdout()

	// A bar of the bytes read, on a terminal only; scripts get the lines.
	var src io.Reader = f
	var bar *progressbar.ProgressBar
	if st, err := f.Stat(); err == nil && out == os.Stdout && isatty.IsTerminal(os.Stdout.Fd()) {
		bar = progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("importing"), progressbar.OptionShowBytes(true),
			progressbar.OptionClearOnFinish())
		r := progressbar.NewReader(f, bar)
		src = &r
	}
	report := func(r posting.ClaimResult) {
		if r.Err == nil && len(r.Findings) == 0 {
			return
		}
		if bar != nil {
			bar.Clear()
		}
		name := fmt.Sprintf("%sclaim %d", prefix, r.Index)
		switch {
		case r.PCN != "":
			name += " (" + r.PCN + ")"
		case r.Line > 0:
			name += fmt.Sprintf(" (line %d)", r.Line)
		}
		var de *x837.DecodeError
		switch {
		case errors.As(r.Err, &de):
			fmt.Fprintf(out, "%s: refused: %v\n", name, de.Err)
		case r.Err != nil:
			fmt.Fprintf(out, "%s: refused: %v\n", name, r.Err)
		}
		for _, fd := range r.Findings {
			fmt.Fprintf(out, "%s: %s %s %s: %s\n", name, fd.Severity, fd.Code, fd.Path,
				fd.Message)
		}
	}
	sum, err := posting.Import(cmd.Context(), s, src, posting.ImportOptions{
		Today: time.Now().UTC(), Kind: kind, OnClaim: report})
	if bar != nil {
		bar.Finish()
	}
	fmt.Fprintf(out, "%s%d claims read: %d ready, %d invalid, %d duplicates refused, "+
		"%d refused\n", prefix, sum.Read, sum.Ready, sum.Invalid, sum.Duplicates, sum.Refused)
	if err != nil {
		return err
	}
	if sum.Read != sum.Ready {
		return exitCode(1)
	}
	return nil
}
