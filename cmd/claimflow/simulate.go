package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
)

// simulateOptions are the flags of claimflow simulate.
type simulateOptions struct {
	listen         string
	dir            string
	user           string
	authorizedKeys string
	key            string
	passwordFile   string
	scenario       string
	seed           uint64
	seedSet        bool // --seed was given: it overrides the scenario's
	delayScale     float64
}

func newSimulateCmd() *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Run a clearinghouse simulator: an SFTP server that takes claim files",
		Long: "simulate runs a clearinghouse simulator on this machine, with one SFTP user.\n" +
			"Without --authorized-keys it creates a key pair for the user and prints where\n" +
			"the private key is, so that claimflow can log in with it. Every 837 uploaded\n" +
			"is answered with a TA1, a 999, a 277CA and 835s, after the delays and by the\n" +
			"rules of the scenario (--scenario, or the built-in one). It runs until\n" +
			"interrupted.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.seedSet = cmd.Flags().Changed("seed")
			return runSimulate(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:2222", "address to listen on")
	f.StringVar(&o.dir, "dir", "simulator-data",
		"simulator folder: host key, users' folders, journal")
	f.StringVar(&o.user, "user", "claimflow", "the SFTP user's login name")
	f.StringVar(&o.authorizedKeys, "authorized-keys", "",
		"authorized_keys file for the user (default: generate a key pair)")
	f.StringVar(&o.key, "key", "",
		"where the generated private key goes (default: <dir>/<user>_ed25519)")
	f.StringVar(&o.passwordFile, "password-file", "",
		"file holding a password the user may also log in with")
	f.StringVar(&o.scenario, "scenario", "",
		"YAML scenario: identity, delays, rejection and payment rules (default: built in)")
	f.Uint64Var(&o.seed, "seed", 1,
		"seed for the random parts of the answers (default: the scenario's)")
	f.Float64Var(&o.delayScale, "delay-scale", 1,
		"multiply every answer's delay by this (0.001 turns hours into seconds)")
	return cmd
}

func runSimulate(ctx context.Context, stdout, stderr io.Writer, o simulateOptions) error {
	if o.user == "" || strings.ContainsAny(o.user, `/\`) {
		return fmt.Errorf("--user %q: not a login name", o.user)
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	user := sim.User{Name: o.user}
	keyNote, err := userKeys(&user, o)
	if err != nil {
		return err
	}
	if o.passwordFile != "" {
		pw, err := os.ReadFile(o.passwordFile)
		if err != nil {
			return fmt.Errorf("read password: %w", err)
		}
		user.Password = strings.TrimRight(string(pw), "\r\n")
	}

	sc, err := simulateScenario(o)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	responder, err := respond.New(sc, log)
	if err != nil {
		return err
	}
	s, err := sim.Start(ctx, sim.Config{
		Addr:      o.listen,
		Dir:       o.dir,
		Users:     []sim.User{user},
		Seed:      sc.Seed,
		Delays:    sim.Delays{Scale: o.delayScale},
		Responder: responder,
		Logger:    log,
	})
	if err != nil {
		return err
	}
	defer s.Close()

	fmt.Fprintf(stdout, "claimflow clearinghouse simulator\n")
	for _, row := range [][2]string{
		{"address", s.Addr()},
		{"host key", s.HostKeyFingerprint()},
		{"user", o.user},
		{"key", keyNote},
		{"upload", sim.DefaultUploadDir},
		{"download", sim.DefaultDownloadDir},
		{"folder", absolute(s.UserRoot(o.user))},
		{"scenario", scenarioNote(o.scenario)},
		{"receiver", sc.Clearinghouse.Qualifier + "/" + sc.Clearinghouse.ID},
	} {
		fmt.Fprintf(stdout, "  %-9s %s\n", row[0], row[1])
	}
	writeConnection(stdout, s.Addr(), s.HostKeyFingerprint(), o, keyNote,
		sc.Clearinghouse.Qualifier, sc.Clearinghouse.ID)
	fmt.Fprintf(stdout, "Stop with Ctrl-C.\n")

	<-ctx.Done()
	return s.Close()
}

// simulateScenario returns the scenario of --scenario, or the built-in
// one, with --seed over its seed when given.
func simulateScenario(o simulateOptions) (respond.Scenario, error) {
	sc := respond.DefaultScenario()
	if o.scenario != "" {
		f, err := os.Open(o.scenario)
		if err != nil {
			return sc, fmt.Errorf("read scenario: %w", err)
		}
		defer f.Close()
		if sc, err = respond.LoadScenario(f); err != nil {
			return sc, fmt.Errorf("%s: %w", o.scenario, err)
		}
	}
	if o.seedSet {
		sc.Seed = o.seed
	}
	return sc, nil
}

func scenarioNote(path string) string {
	if path == "" {
		return "built in"
	}
	return absolute(path)
}

// userKeys sets the user's authorized keys from the given file, or from a
// key pair it creates (or finds from an earlier run), and says which.
// writeConnection prints the simulator as a connection of claimflow's
// configuration, ready to paste under connections:.
func writeConnection(w io.Writer, addr, fingerprint string, o simulateOptions, keyNote,
	qualifier, id string) {

	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return
	}
	auth := "private_key_file: " + keyNote
	switch {
	case o.passwordFile != "":
		auth = "password_file: " + absolute(o.passwordFile)
	case o.authorizedKeys != "":
		auth = "private_key_file: (the private key of one of those keys)"
	}
	fmt.Fprintf(w, "As a connection of claimflow's configuration (under connections:):\n"+
		"  - name: simulator\n"+
		"    payers: [\"*\"]\n"+
		"    sftp:\n"+
		"      host: %s\n"+
		"      port: %s\n"+
		"      user: %s\n"+
		"      %s\n"+
		"      host_key_fingerprint: %s\n"+
		"    upload: {dir: %s}\n"+
		"    download: {dirs: [%s]}\n"+
		"    interchange: {receiver_qualifier: %s, receiver_id: %s, usage: T}\n",
		host, port, o.user, auth, fingerprint, sim.DefaultUploadDir, sim.DefaultDownloadDir,
		qualifier, id)
}

func userKeys(u *sim.User, o simulateOptions) (string, error) {
	if o.authorizedKeys != "" {
		data, err := os.ReadFile(o.authorizedKeys)
		if err != nil {
			return "", fmt.Errorf("read authorized keys: %w", err)
		}
		keys, err := sim.ParseAuthorizedKeys(data)
		if err != nil {
			return "", err
		}
		u.AuthorizedKeys = keys
		return "keys from " + absolute(o.authorizedKeys), nil
	}
	path := o.key
	if path == "" {
		path = filepath.Join(o.dir, o.user+"_ed25519")
	}
	signer, err := sim.LoadOrCreateKey(path)
	if err != nil {
		return "", err
	}
	u.AuthorizedKeys = []ssh.PublicKey{signer.PublicKey()}
	return absolute(path), nil
}

func absolute(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
