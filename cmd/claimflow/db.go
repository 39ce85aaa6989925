package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/store"
)

// databaseEnv names the variable that gives the database URL when no flag
// does.
const databaseEnv = "CLAIMFLOW_DATABASE_URL"

// dbFlags are the flags with which a command names its database.
type dbFlags struct {
	url    string
	config string
}

// add declares the flags on cmd.
func (f *dbFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.url, "db", "", "database URL: postgres://... or sqlite:FILE")
	cmd.Flags().StringVar(&f.config, "config", "",
		"the daemon's configuration file, whose database to use")
}

// resolve returns the database URL: --db, else the --config file's
// database, else $CLAIMFLOW_DATABASE_URL, else the default SQLite file.
func (f *dbFlags) resolve() (string, error) {
	switch {
	case f.url != "":
		return f.url, nil
	case f.config != "":
		c, err := config.Load(f.config)
		if err != nil {
			return "", err
		}
		return c.Database, nil
	case os.Getenv(databaseEnv) != "":
		return os.Getenv(databaseEnv), nil
	}
	return store.DefaultURL, nil
}

// open opens the store and refuses a schema this binary does not know
// exactly, older or newer; the caller closes it.
func (f *dbFlags) open(ctx context.Context) (*store.Store, error) {
	s, err := f.openAnySchema(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.CheckSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openAnySchema opens the store without checking its schema: for migrate.
func (f *dbFlags) openAnySchema(ctx context.Context) (*store.Store, error) {
	url, err := f.resolve()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, url)
}
