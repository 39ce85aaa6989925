package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// exitError ends the command with a given status. An empty message prints
// nothing more, for commands that have already reported their findings.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d: %s", e.code, e.msg) }

// exitCode returns an error that makes claimflow exit with code, silently.
func exitCode(code int) error { return &exitError{code: code} }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "claimflow",
		Short:         "Send claims to a clearinghouse and follow every answer",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	x12 := &cobra.Command{Use: "x12", Short: "Build, validate and inspect X12 files"}
	claims := &cobra.Command{Use: "claims", Short: "Check and manage claims"}
	x12.AddCommand(newX12BuildCmd(), newX12ValidateCmd())
	x12.AddCommand(newX12InspectCmd())
	files := &cobra.Command{Use: "files",
		Short: "Files sent and received: the log, raw segments, answers applied by hand"}
	claims.AddCommand(newClaimsCheckCmd(), newClaimsImportCmd(), newClaimsListCmd(),
		newClaimsShowCmd(), newClaimsCorrectCmd(), newClaimsVoidCmd())
	files.AddCommand(newFilesIngestCmd(), newFilesUnmatchedCmd(), newFilesAttachCmd(),
		newFilesDismissCmd(), newFilesCloseCmd())
	files.AddCommand(newFilesViewCmds()...)
	root.AddCommand(x12, claims, files)
	root.AddCommand(newSimulateCmd(), newMigrateCmd())
	root.AddCommand(newServeCmd(), newSubmitCmd(), newPollCmd(), newFollowUpCmd(),
		newConfigCmd(), newDemoCmd())
	root.AddCommand(newBatchesCmd(), newRemitCmd(), newWorklistCmd(), newReportCmd(),
		newUsersCmd(), newTokensCmd(), newAccessLogCmd())
	for _, c := range root.Commands() {
		refuseUnknownSubcommands(c)
	}
	return root
}

// refuseUnknownSubcommands makes every command below c that only groups
// others (claims, files, report...) end with an error naming a mistyped
// subcommand, with suggestions, whatever flags follow it; without a
// subcommand it prints its help.
func refuseUnknownSubcommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownSubcommands(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.FParseErrWhitelist.UnknownFlags = true
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return &exitError{code: 2, msg: msg + " (see " + cmd.CommandPath() + " --help)"}
	}
}
