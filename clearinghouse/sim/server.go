package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// Log attribute keys.
const (
	keyUser    = "user"
	keyFile    = "file"
	keySize    = "size"
	keySHA256  = "sha256"
	keyUpload  = "upload"
	keyDue     = "due"
	keyRemote  = "remote"
	keyMethod  = "method"
	keyAddr    = "addr"
	keyCount   = "count"
	keyError   = "error"
	keyHostKey = "host_key"
	keyOK      = "ok"
)

// handshakeTimeout bounds the SSH handshake and authentication of a new
// connection.
const handshakeTimeout = 30 * time.Second

// spoolDir holds responses being written, inside Config.Dir.
const spoolDir = "spool"

// Server is a running simulator. Its methods are safe for concurrent use.
type Server struct {
	cfg      Config
	log      *slog.Logger
	clock    Clock
	dir      *os.Root
	accounts map[string]*account
	hostKey  ssh.Signer
	sshCfg   *ssh.ServerConfig
	ln       net.Listener
	journal  *journal
	rng      *rand.Rand // used by the responder goroutine only

	ctx       context.Context
	cancel    context.CancelFunc
	stopWatch func() bool
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error

	work chan struct{} // an upload was queued
	wake chan struct{} // the earliest due time may have changed

	// releaseMu makes releases run one at a time, so that AdvanceTo and
	// Flush return only once everything they released is written.
	releaseMu sync.Mutex

	mu          sync.Mutex
	conns       map[net.Conn]struct{} // from accept to disconnect
	closed      bool
	queue       []Upload // landed, waiting for the Responder
	answering   int      // uploads queued or with the Responder
	pending     pendingHeap
	writing     int // responses taken off pending, being written
	changed     chan struct{}
	uploadSeq   uint64
	responseSeq uint64
	interrupts  int
}

// Start validates cfg, prepares the folder, loads or creates the host
// key and starts serving. The server stops when ctx is done or Close is
// called.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      cfg,
		log:      cfg.Logger,
		clock:    cfg.Clock,
		accounts: map[string]*account{},
		rng:      rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		work:     make(chan struct{}, 1),
		wake:     make(chan struct{}, 1),
		conns:    map[net.Conn]struct{}{},
		changed:  make(chan struct{}),
	}
	if err := s.open(); err != nil {
		s.closeFiles()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.closeFiles()
		return nil, fmt.Errorf("listen: %w", err)
	}
	s.ln = ln
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.stopWatch = context.AfterFunc(ctx, func() { s.Close() })

	s.wg.Add(3)
	go s.acceptLoop()
	go s.runResponder()
	go s.runScheduler()
	s.log.Info("simulator started", slog.String(keyAddr, s.Addr()),
		slog.String(keyHostKey, s.HostKeyFingerprint()))
	return s, nil
}

// open prepares the folder, the accounts, the host key and the journal.
func (s *Server) open() error {
	if err := os.MkdirAll(s.cfg.Dir, 0o755); err != nil {
		return fmt.Errorf("create simulator folder: %w", err)
	}
	dir, err := os.OpenRoot(s.cfg.Dir)
	if err != nil {
		return fmt.Errorf("open simulator folder: %w", err)
	}
	s.dir = dir

	// Leftovers of a run that stopped while writing responses.
	if err := dir.RemoveAll(spoolDir); err != nil {
		return fmt.Errorf("clear spool: %w", err)
	}
	if err := dir.Mkdir(spoolDir, 0o700); err != nil {
		return fmt.Errorf("create spool: %w", err)
	}
	for _, u := range s.cfg.Users {
		a, err := openAccount(dir, u)
		if err != nil {
			return err
		}
		s.accounts[u.Name] = a
	}

	s.hostKey, err = LoadOrCreateKey(filepath.Join(s.cfg.Dir, hostKeyFile))
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	s.sshCfg = s.serverConfig()

	s.journal, err = openJournal(dir)
	return err
}

// Addr returns the address the server listens on, as host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// HostPublicKey returns the server's host key, for clients to pin.
func (s *Server) HostPublicKey() ssh.PublicKey { return s.hostKey.PublicKey() }

// HostKeyFingerprint returns the host key's SHA256 fingerprint in the
// form OpenSSH prints, "SHA256:" and unpadded base64.
func (s *Server) HostKeyFingerprint() string {
	return ssh.FingerprintSHA256(s.hostKey.PublicKey())
}

// UserRoot returns the local folder that user sees as "/", or "" for an
// unknown user.
func (s *Server) UserRoot(user string) string {
	if _, ok := s.accounts[user]; !ok {
		return ""
	}
	return filepath.Join(s.cfg.Dir, usersDir, user)
}

// Close stops listening, ends every connection (files still open count as
// interrupted uploads), stops releasing responses and waits for the
// server's goroutines. Responses not yet due are dropped. Close may be
// called more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.stopWatch()
		s.cancel()
		s.mu.Lock()
		s.closed = true
		conns := make([]net.Conn, 0, len(s.conns))
		for c := range s.conns {
			conns = append(conns, c)
		}
		dropped := s.pending.Len()
		s.mu.Unlock()

		err := s.ln.Close()
		for _, c := range conns {
			c.Close()
		}
		s.wg.Wait()
		if dropped > 0 {
			s.log.Info("pending responses dropped", slog.Int(keyCount, dropped))
		}
		s.closeErr = errors.Join(err, s.closeFiles())
		s.log.Info("simulator stopped")
	})
	return s.closeErr
}

// closeFiles closes the roots and the journal.
func (s *Server) closeFiles() error {
	var errs []error
	for _, a := range s.accounts {
		errs = append(errs, a.root.Close())
	}
	if s.journal != nil {
		errs = append(errs, s.journal.close())
	}
	if s.dir != nil {
		errs = append(errs, s.dir.Close())
	}
	return errors.Join(errs...)
}

// changedLocked wakes everyone waiting for the state to change. s.mu must
// be held.
func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// signal wakes a goroutine waiting on ch without blocking.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
