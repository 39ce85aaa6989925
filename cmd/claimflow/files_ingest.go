package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
			out := cmd.OutOrStdout()
			if connection == "" {
				var err error
				if connection, err = ingestConnection(out, &db); err != nil {
					return err
				}
			}
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
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
		"the connection the files came through, to match them to its batches "+
			"(default: the configuration's only connection)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list warnings too, not only errors")
	return cmd
}

// ingestConnection picks the connection files came through when
// --connection is not given: the configuration's only one. With several it
// refuses, naming them; with no configuration the files are kept under no
// connection, and it says so.
func ingestConnection(out io.Writer, db *dbFlags) (string, error) {
	names, ok, err := db.connections()
	switch {
	case err != nil:
		return "", err
	case !ok || len(names) == 0:
		fmt.Fprintln(out, "no --connection and no configured connection: the files are "+
			"kept under none and matched to the claims of any connection")
		return "", nil
	case len(names) > 1:
		return "", &exitError{code: 2, msg: "give --connection, one of " +
			strings.Join(names, ", ")}
	}
	return names[0], nil
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
