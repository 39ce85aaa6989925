package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/x837"
)

func newClaimsCheckCmd() *cobra.Command {
	var asJSON bool
	var kind string
	cmd := &cobra.Command{
		Use:   "check FILE [--json]",
		Short: "Run the front-end checks on a file of JSON claims and list every finding",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClaimsCheck(cmd.OutOrStdout(), args[0], kind, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per claim, for scripts")
	cmd.Flags().StringVar(&kind, "kind", "", "837p or 837i (detected per claim when absent)")
	return cmd
}

// checkResult is one line of `claims check --json`.
type checkResult struct {
	Index    int           `json:"index"`
	Line     int           `json:"line,omitempty"` // in JSON Lines, where the claim begins
	Kind     string        `json:"kind"`
	Held     bool          `json:"held"`
	Error    string        `json:"error,omitempty"`
	Findings x837.Findings `json:"findings"`
}

func runClaimsCheck(stdout io.Writer, file, kindFlag string, asJSON bool) error {
	kind := x837.UnknownKind
	if kindFlag != "" {
		k, err := x837.ParseKind(kindFlag)
		if err != nil {
			return &exitError{code: 2, msg: "--kind must be 837p or 837i"}
		}
		kind = k
	}
	f, err := os.Open(file)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer f.Close()

	opts := x837.Options{Today: time.Now().UTC(), Kind: kind}
	dec := x837.NewDecoder(f, kind)
	enc := json.NewEncoder(stdout)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if !asJSON {
		fmt.Fprintln(tw, "CLAIM\tSEVERITY\tCODE\tFIELD\tMESSAGE")
	}
	claims, held := 0, 0
	for {
		c, err := dec.Next()
		if err == io.EOF {
			break
		}
		res := checkResult{Findings: x837.Findings{}}
		var de *x837.DecodeError
		switch {
		case errors.As(err, &de):
			res.Index, res.Line, res.Held = de.Index, de.Line, true
			res.Error, res.Kind = de.Err.Error(), "unknown"
		case err != nil:
			tw.Flush()
			return &exitError{code: 2, msg: file + ": " + err.Error()}
		default:
			res.Index, res.Line, res.Kind = c.Index, c.Line, c.Kind.String()
			res.Findings = x837.Check(c, opts)
			res.Held = res.Findings.HasError()
		}
		claims++
		if res.Held {
			held++
		}
		if asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
			continue
		}
		if res.Error != "" {
			msg := res.Error
			if res.Line > 0 {
				msg = fmt.Sprintf("line %d: %s", res.Line, msg)
			}
			fmt.Fprintf(tw, "%d\terror\tclaim.decode\t\t%s\n", res.Index, msg)
		}
		for _, fd := range res.Findings {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", res.Index, fd.Severity, fd.Code, fd.Path,
				fd.Message)
		}
	}
	if !asJSON {
		tw.Flush()
		fmt.Fprintf(stdout, "%d claims checked, %d held\n", claims, held)
	}
	if held > 0 {
		return exitCode(1)
	}
	return nil
}
