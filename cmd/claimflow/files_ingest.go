package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

func newFilesIngestCmd() *cobra.Command {
	var db dbFlags
	var connection string
	var verbose bool
	cmd := &cobra.Command{
		Use:   "ingest FILE...",
		Short: "Store and apply answer files that arrived another way, as the poll job would",
		Long: "ingest stores each file and applies it to the claims exactly as if the poll job\n" +
			"had fetched it: TA1, 999, 277CA and 835 answers are posted, the same content\n" +
			"again is recorded and changes nothing, and files that are not answers are kept.\n" +
			"It exits 1 when a file cannot be read as X12.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			out := cmd.OutOrStdout()
			failed := 0
			for _, file := range args {
				content, err := os.ReadFile(file)
				if err != nil {
					fmt.Fprintf(out, "%s: %v\n", file, err)
					failed++
					continue
				}
				res, err := posting.Apply(cmd.Context(), s, posting.Input{
					Name: filepath.Base(file), Content: content, Connection: connection,
					RemotePath: file, ReceivedAt: time.Now().UTC()})
				if err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				fmt.Fprintf(out, "%s: %s\n", file, describeResult(res))
				if res.State == store.FileUnreadable || res.State == store.FileIncomplete {
					failed++
				}
				for _, f := range res.Findings {
					if verbose || f.Severity == edi.Error {
						fmt.Fprintf(out, "  %v\n", f)
					}
				}
			}
			if failed > 0 {
				return exitCode(1)
			}
			return nil
		},
	}
	db.add(cmd)
	cmd.Flags().StringVar(&connection, "connection", "",
		"the connection the files came through, to match them to its batches")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list warnings too, not only errors")
	return cmd
}

// describeResult says in one line what applying a file did.
func describeResult(r posting.Result) string {
	switch {
	case r.Duplicate:
		return fmt.Sprintf("%s, the same content as file %s (%s): nothing changed", r.Type,
			r.FileID, r.State)
	case r.AlreadyApplied:
		return fmt.Sprintf("%s, file %s was %s before: nothing changed", r.Type, r.FileID,
			r.State)
	case r.State == store.FileReport:
		return fmt.Sprintf("not X12: kept as a report, file %s", r.FileID)
	case r.State != store.FileApplied:
		return fmt.Sprintf("%s, %s: kept as file %s with %d findings", r.Type, r.State,
			r.FileID, len(r.Findings))
	}
	return fmt.Sprintf("%s applied as file %s: %d claims, %d events (%d moved a claim), "+
		"%d unmatched, %d findings", r.Type, r.FileID, r.Claims, r.Events, r.Moved,
		r.Unmatched, len(r.Findings))
}
