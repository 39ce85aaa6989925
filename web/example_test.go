package web_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/metrics"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web"
)

// How a daemon mounts the pages: one metrics value shared with the jobs,
// a demo user whose password is printed once, and the server on the
// configured address until the context ends.
func ExampleNew() {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	s, err := store.Open(ctx, "sqlite:demo-data/claimflow.db")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	m := metrics.New(s, 5*time.Second) // also handed to the jobs (pipeline.Jobs.Metrics)
	srv, err := web.New(s, logger, web.Options{Metrics: m})
	if err != nil {
		log.Fatal(err)
	}
	pw, err := web.CreateDemoUser(ctx, s, "demo", store.RoleAdmin)
	if err != nil {
		log.Fatal(err)
	}
	// Printed once for the person at the terminal, never logged.
	fmt.Println("log in as demo with the password", pw)
	err = web.ListenAndServe(ctx, srv, config.Web{Listen: "127.0.0.1:8080"}, logger, nil)
	if err != nil {
		log.Fatal(err)
	}
}
