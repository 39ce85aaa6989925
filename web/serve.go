package web

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/claimflow/claimflow/pipeline/config"
)

// ListenAndServe serves h on cfg.Listen until ctx ends, over TLS when
// cfg names a certificate and key, then shuts down, giving requests in
// flight up to ten seconds. ready, when not nil, gets the address once
// the server listens.
func ListenAndServe(ctx context.Context, h http.Handler, cfg config.Web, log *slog.Logger,
	ready func(addr string)) error {

	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	addr := cfg.Listen
	if addr == "" {
		addr = config.DefaultListen
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return errors.New("web: tls_cert and tls_key go together")
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("web: load certificate: %w", err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12,
			Certificates: []tls.Certificate{cert}}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	log.Info("web server listening", "addr", ln.Addr().String(), "tls", cfg.TLSCert != "")
	if ready != nil {
		ready(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("web: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("web: shut down: %w", err)
	}
	return nil
}
