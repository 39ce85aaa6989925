package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newMigrateCmd() *cobra.Command {
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "migrate [up|status]",
		Short: "Bring the database schema up to this binary's, or show where it stands",
		Long: "migrate up (the default) applies every pending migration, each in its own\n" +
			"transaction; it refuses a database that a newer claimflow has migrated.\n" +
			"migrate status lists every migration, applied or not.",
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"up", "status"},
		RunE: func(cmd *cobra.Command, args []string) error {
			what := "up"
			if len(args) == 1 {
				what = args[0]
			}
			if what != "up" && what != "status" {
				return &exitError{code: 2, msg: "migrate takes up or status"}
			}
			s, err := db.openAnySchema(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			out := cmd.OutOrStdout()
			if what == "up" {
				done, err := s.Migrate(cmd.Context())
				if err != nil {
					return err
				}
				for _, m := range done {
					fmt.Fprintf(out, "applied %05d %s\n", m.Version, m.Name)
				}
				if len(done) == 0 {
					fmt.Fprintln(out, "the schema is up to date")
				}
				return nil
			}
			list, err := s.Status(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED")
			for _, m := range list {
				applied := "pending"
				switch {
				case m.Applied && m.AppliedAt.IsZero():
					applied = "yes"
				case m.Applied:
					applied = m.AppliedAt.Format("2006-01-02 15:04:05Z")
				}
				name := m.Name
				if name == "" {
					name = "(unknown to this binary)"
				}
				fmt.Fprintf(tw, "%05d\t%s\t%s\n", m.Version, name, applied)
			}
			return tw.Flush()
		},
	}
	db.add(cmd)
	return cmd
}
