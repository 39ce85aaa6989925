package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/store"
)

// databaseEnv names the variable that gives the database URL when no flag
// does.
const databaseEnv = "CLAIMFLOW_DATABASE_URL"

// defaultConfig is the configuration file serve and the job commands read
// when --config is not given; the other commands use its database too.
const defaultConfig = "claimflow.yaml"

// dbFlags are the flags with which a command names its database.
type dbFlags struct {
	url    string
	config string
}

// add declares the flags on cmd.
func (f *dbFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.url, "db", "", "database URL: postgres://... or sqlite:FILE")
	cmd.Flags().StringVar(&f.config, "config", "",
		"the daemon's configuration file, whose database to use (default "+defaultConfig+
			" when it exists)")
}

// resolve returns the database URL and where it came from: --db, else the
// --config file's database, else $CLAIMFLOW_DATABASE_URL, else the
// database of claimflow.yaml in the working directory (the file serve
// reads), else the default SQLite file.
func (f *dbFlags) resolve() (url, from string, err error) {
	switch {
	case f.url != "":
		return f.url, "--db", nil
	case f.config != "":
		c, err := config.Load(f.config)
		if err != nil {
			return "", "", err
		}
		return c.Database, "--config " + f.config, nil
	case os.Getenv(databaseEnv) != "":
		return os.Getenv(databaseEnv), "$" + databaseEnv, nil
	}
	if _, err := os.Stat(defaultConfig); err == nil {
		c, err := config.Load(defaultConfig)
		if err != nil {
			return "", "", err
		}
		return c.Database, defaultConfig + ", the configuration serve reads", nil
	}
	return store.DefaultURL, "the default, as no --db, --config, $" + databaseEnv +
		" or " + defaultConfig + " names one", nil
}

// connections returns the names of the connections of the configuration
// the database comes from (--config, else claimflow.yaml in the working
// directory), and whether there is such a configuration: none when --db
// or $CLAIMFLOW_DATABASE_URL names the database.
func (f *dbFlags) connections() ([]string, bool, error) {
	file := f.config
	if file == "" {
		if f.url != "" || os.Getenv(databaseEnv) != "" {
			return nil, false, nil
		}
		if _, err := os.Stat(defaultConfig); err != nil {
			return nil, false, nil
		}
		file = defaultConfig
	}
	c, err := config.Load(file)
	if err != nil {
		return nil, false, err
	}
	var names []string
	for _, conn := range c.Connections {
		names = append(names, conn.Name)
	}
	return names, true, nil
}

// open opens the store and refuses a schema this binary does not know
// exactly, older or newer; the caller closes it. It never makes an SQLite
// file: a database that does not exist is a wrong name, not a new one.
func (f *dbFlags) open(ctx context.Context) (*store.Store, error) {
	url, from, err := f.resolve()
	if err != nil {
		return nil, err
	}
	if path, ok := store.SQLiteFile(url); ok {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("database %s (from %s) does not exist: name the daemon's "+
				"with --config or --db (the demo's is --config demo-data/claimflow.yaml), "+
				"or create it with claimflow migrate", path, from)
		}
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := s.CheckSchema(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openAnySchema opens the store without checking its schema, making an
// SQLite file that does not exist yet: for migrate.
func (f *dbFlags) openAnySchema(ctx context.Context) (*store.Store, error) {
	url, _, err := f.resolve()
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, url)
}
