package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/config"
)

func newX12BuildCmd() *cobra.Command {
	var claimsFile, outFile, configFile, connection, kind string
	cmd := &cobra.Command{
		Use:   "build --claims FILE --out FILE [--config FILE] [--kind 837p|837i]",
		Short: "Build an 837 from a file of JSON claims, leaving out claims that fail their checks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runX12Build(cmd.OutOrStdout(), claimsFile, outFile, configFile, connection,
				kind)
		},
	}
	cmd.Flags().StringVar(&claimsFile, "claims", "", "JSON Lines or JSON array of claims")
	cmd.Flags().StringVar(&outFile, "out", "", "the 837 file to write")
	cmd.Flags().StringVar(&configFile, "config", "",
		"a build configuration (interchange identifiers and control numbers) or the "+
			"daemon's configuration (test identifiers when absent)")
	cmd.Flags().StringVar(&connection, "connection", "",
		"with the daemon's configuration: the connection whose identifiers to use "+
			"(needed when it has several)")
	cmd.Flags().StringVar(&kind, "kind", "", "837p or 837i (detected from the claims when absent)")
	cmd.MarkFlagRequired("claims")
	cmd.MarkFlagRequired("out")
	return cmd
}

func runX12Build(stdout io.Writer, claimsFile, outFile, configFile, connection,
	kindFlag string) error {
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
		var err error
		if cfg, err = loadBuildConfig(configFile, connection); err != nil {
			return &exitError{code: 2, msg: configFile + ": " + err.Error()}
		}
	} else if connection != "" {
		return &exitError{code: 2, msg: "--connection needs the daemon's --config"}
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

// loadBuildConfig reads the file of --config: a build configuration
// (interchange, control, submitter_id, receiver_id), or the daemon's
// configuration, told by its connections key, whose connection named
// connection (or only connection) gives the interchange identifiers, the
// submitter's and the receiver's.
func loadBuildConfig(path, connection string) (x837.BuildConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return x837.BuildConfig{}, err
	}
	var keys map[string]any
	if yaml.Unmarshal(raw, &keys) != nil || keys["connections"] == nil {
		cfg, err := x837.LoadBuildConfig(bytes.NewReader(raw))
		if err != nil {
			return cfg, fmt.Errorf("%w (a build configuration has the keys interchange, "+
				"control, submitter_id and receiver_id; the daemon's configuration, with "+
				"its connections, is taken too: see docs/claims-format.md)", err)
		}
		return cfg, nil
	}
	base, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return x837.BuildConfig{}, err
	}
	daemon, err := config.ParseIdentifiers(raw, base)
	if err != nil {
		return x837.BuildConfig{}, err
	}
	var names []string
	var conn *config.Connection
	for i, c := range daemon.Connections {
		names = append(names, c.Name)
		if c.Name == connection || (connection == "" && len(daemon.Connections) == 1) {
			conn = &daemon.Connections[i]
		}
	}
	if conn == nil {
		return x837.BuildConfig{}, fmt.Errorf("give --connection, one of %s",
			strings.Join(names, ", "))
	}
	cfg := x837.DefaultBuildConfig()
	it := conn.Interchange
	cfg.Interchange.SenderQualifier, cfg.Interchange.SenderID = it.SenderQualifier, it.SenderID
	cfg.Interchange.ReceiverQualifier, cfg.Interchange.ReceiverID = it.ReceiverQualifier,
		it.ReceiverID
	cfg.Interchange.GroupSender, cfg.Interchange.GroupReceiver = it.GroupSender,
		it.GroupReceiver
	cfg.Interchange.Usage, cfg.Interchange.AckRequested = it.Usage, it.AckRequested
	cfg.SubmitterID, cfg.ReceiverID = daemon.Submitter.ID, conn.Receiver.ID
	return cfg, cfg.Validate()
}
