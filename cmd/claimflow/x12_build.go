package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi/x837"
)

func newX12BuildCmd() *cobra.Command {
	var claimsFile, outFile, configFile, kind string
	cmd := &cobra.Command{
		Use:   "build --claims FILE --out FILE [--config FILE] [--kind 837p|837i]",
		Short: "Build an 837 from a file of JSON claims, leaving out claims that fail their checks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runX12Build(cmd.OutOrStdout(), claimsFile, outFile, configFile, kind)
		},
	}
	cmd.Flags().StringVar(&claimsFile, "claims", "", "JSON Lines or JSON array of claims")
	cmd.Flags().StringVar(&outFile, "out", "", "the 837 file to write")
	cmd.Flags().StringVar(&configFile, "config", "",
		"YAML interchange identifiers and control numbers (test identifiers when absent)")
	cmd.Flags().StringVar(&kind, "kind", "", "837p or 837i (detected from the claims when absent)")
	cmd.MarkFlagRequired("claims")
	cmd.MarkFlagRequired("out")
	return cmd
}

func runX12Build(stdout io.Writer, claimsFile, outFile, configFile, kindFlag string) error {
	kind := x837.UnknownKind
	if kindFlag != "" {
		k, err := x837.ParseKind(kindFlag)
		if err != nil {
			return &exitError{code: 2, msg: "--kind must be 837p or 837i"}
		}
		kind = k
	}
	cfg := x837.DefaultBuildConfig()
	if configFile != "" {
		f, err := os.Open(configFile)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		cfg, err = x837.LoadBuildConfig(f)
		f.Close()
		if err != nil {
			return &exitError{code: 2, msg: configFile + ": " + err.Error()}
		}
	}
	in, err := os.Open(claimsFile)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer in.Close()

	// Write beside the target and rename, so that no half file is left.
	tmp, err := os.CreateTemp(filepath.Dir(outFile), ".claimflow-build-*")
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	defer os.Remove(tmp.Name())
	now := time.Now().UTC()
	env := cfg.Envelope(now)
	rep, err := x837.BuildFile(in, tmp, kind, env, x837.Options{Today: now})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitError{code: 2, msg: claimsFile + ": " + err.Error()}
	}
	printHeld(stdout, rep.Held)
	if rep.Claims == 0 {
		fmt.Fprintf(stdout, "%d claims read, none written; %s not created\n", rep.Read, outFile)
		return exitCode(1)
	}
	if err := os.Rename(tmp.Name(), outFile); err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	fmt.Fprintf(stdout, "%d claims read, %d written as %s in %d transaction sets (ST02 %s to %s), "+
		"%d held; wrote %s\n", rep.Read, rep.Claims, rep.Kind, rep.Sets, rep.FirstSet,
		rep.LastSet, len(rep.Held), outFile)
	if len(rep.Held) > 0 {
		return exitCode(1)
	}
	return nil
}

// printHeld lists the claims left out, by their place in the file.
func printHeld(w io.Writer, held []x837.Held) {
	for _, h := range held {
		if h.Err != nil {
			fmt.Fprintf(w, "claim %d: not a claim: %v\n", h.Index, h.Err)
			continue
		}
		for _, f := range h.Findings {
			fmt.Fprintf(w, "claim %d: %s\n", h.Index, f)
		}
	}
}
