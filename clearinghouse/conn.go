package clearinghouse

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// SFTP extensions the client uses when the server offers them.
const (
	extPosixRename = "posix-rename@openssh.com"
	extFsync       = "fsync@openssh.com"
)

// session is one SSH connection and the SFTP channel over it.
type session struct {
	tcp  net.Conn
	ssh  *ssh.Client
	sftp *sftp.Client

	posixRename bool // the server renames over an existing name atomically
	fsync       bool // the server flushes a file to disk on request

	lost     chan struct{} // closed when the SSH connection has ended
	killOnce sync.Once
}

// isLost reports whether the connection has ended.
func (s *session) isLost() bool {
	select {
	case <-s.lost:
		return true
	default:
		return false
	}
}

// kill drops the connection at once. Requests in flight fail.
func (s *session) kill() {
	s.killOnce.Do(func() { _ = s.tcp.Close() })
}

// shutdown ends the SFTP channel and the SSH connection politely, and drops
// the connection if that takes longer than grace.
func (s *session) shutdown(grace time.Duration) {
	done := make(chan struct{})
	go func() {
		_ = s.sftp.Close()
		_ = s.ssh.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
	}
	s.kill()
}

// addr is the host and port the client dials.
func (c Config) addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
}

// account names the connection in errors: user, host and port.
func (c Config) account() string { return c.User + "@" + c.addr() }

// dial connects, verifies the host key, authenticates and starts SFTP,
// within the dial and handshake timeouts and ctx.
func (c *Client) dial(ctx context.Context) (*session, error) {
	addr := c.cfg.addr()
	fail := func(err error, retryable bool) error {
		return &Error{Op: "connect", Path: c.cfg.account(), Err: err, retryable: retryable}
	}

	d := net.Dialer{Timeout: c.cfg.Timeouts.Dial}
	tcp, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fail(ctx.Err(), false)
		}
		return nil, fail(errTransient(err), true)
	}

	// The deadline bounds the handshake; cancelling ctx drops the socket.
	_ = tcp.SetDeadline(time.Now().Add(c.cfg.Timeouts.Handshake))
	stop := context.AfterFunc(ctx, func() { _ = tcp.Close() })
	s, err := c.handshake(tcp, addr)
	if !stop() {
		_ = tcp.Close()
		return nil, fail(ctx.Err(), false)
	}
	if err != nil {
		_ = tcp.Close()
		return nil, err
	}
	_ = tcp.SetDeadline(time.Time{})
	return s, nil
}

// handshake runs SSH and SFTP over an open TCP connection.
func (c *Client) handshake(tcp net.Conn, addr string) (*session, error) {
	check, algos, err := c.cfg.HostKey.hostKeyCheck(addr)
	if err != nil {
		return nil, &Error{Op: "connect", Path: c.cfg.account(), Err: err}
	}

	var hostKeyOK, authTried atomic.Bool
	conf := &ssh.ClientConfig{
		User: c.cfg.User,
		Auth: c.authMethods(&authTried),
		HostKeyCallback: func(host string, remote net.Addr, key ssh.PublicKey) error {
			if err := check(host, remote, key); err != nil {
				return err
			}
			hostKeyOK.Store(true)
			return nil
		},
		HostKeyAlgorithms: algos,
	}
	conn, chans, reqs, err := ssh.NewClientConn(tcp, addr, conf)
	if err != nil {
		return nil, handshakeError(c.cfg.account(), err, hostKeyOK.Load(), authTried.Load())
	}
	sc := ssh.NewClient(conn, chans, reqs)

	sf, err := sftp.NewClient(sc,
		sftp.MaxConcurrentRequestsPerFile(max(defaultConcurrency, c.cfg.Upload.Concurrency)))
	if err != nil {
		_ = sc.Close()
		if isNetworkError(err) {
			return nil, &Error{Op: "connect", Path: c.cfg.account(), Err: errTransient(err),
				retryable: true}
		}
		return nil, &Error{Op: "connect", Path: c.cfg.account(),
			Err: fmt.Errorf("start sftp: %w", err)}
	}

	s := &session{tcp: tcp, ssh: sc, sftp: sf, lost: make(chan struct{})}
	s.posixRename = hasExtension(sf, extPosixRename)
	s.fsync = hasExtension(sf, extFsync)
	go func() {
		_ = sc.Wait()
		close(s.lost)
	}()
	return s, nil
}

// hasExtension reports whether the server offers an extension, version 1.
func hasExtension(sf *sftp.Client, name string) bool {
	v, ok := sf.HasExtension(name)
	return ok && v == "1"
}

// handshakeError classifies a failed SSH handshake. Once the host key was
// accepted, the only step left is authentication: a failure there is never
// retried, and neither is a connection lost after credentials were offered,
// since the server may have counted it as a failed login.
func handshakeError(account string, err error, hostKeyOK, authTried bool) error {
	fail := func(err error, retryable bool) error {
		return &Error{Op: "connect", Path: account, Err: err, retryable: retryable}
	}
	var hk *HostKeyError
	switch {
	case errors.As(err, &hk):
		return fail(err, false)
	case authTried && isNetworkError(err):
		return fail(fmt.Errorf("%w during authentication, not retried: %w",
			ErrConnection, err), false)
	case hostKeyOK && !isNetworkError(err):
		return fail(fmt.Errorf("%w: %w", ErrAuth, err), false)
	case isNetworkError(err):
		return fail(errTransient(err), true)
	}
	return fail(err, false)
}

// authMethods returns the methods of the connection's credentials; tried is
// set when one is offered to the server.
func (c *Client) authMethods(tried *atomic.Bool) []ssh.AuthMethod {
	var ms []ssh.AuthMethod
	if c.signer != nil {
		ms = append(ms, ssh.PublicKeysCallback(func() ([]ssh.Signer, error) {
			tried.Store(true)
			return []ssh.Signer{c.signer}, nil
		}))
	}
	if c.cfg.Auth.Password.IsSet() {
		ms = append(ms, ssh.PasswordCallback(func() (string, error) {
			tried.Store(true)
			return string(c.cfg.Auth.Password), nil
		}))
	}
	return ms
}
