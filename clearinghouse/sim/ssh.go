package sim

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// permUser carries the authenticated account's name from the auth
// callbacks to the connection.
const permUser = "claimflow-sim-user"

// errAuth refuses a login without saying whether the user exists.
var errAuth = errors.New("access denied")

// serverConfig builds the SSH server configuration: public key
// authentication for every user, passwords only when some user has one.
func (s *Server) serverConfig() *ssh.ServerConfig {
	cfg := &ssh.ServerConfig{
		ServerVersion: "SSH-2.0-claimflow-sim",
		PublicKeyCallback: func(c ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			a, ok := s.accounts[c.User()]
			if !ok || !a.hasKey(key) {
				return nil, errAuth
			}
			return userPermissions(a), nil
		},
		AuthLogCallback: func(c ssh.ConnMetadata, method string, err error) {
			if method == "none" {
				return
			}
			s.log.Debug("login attempt", slog.String(keyUser, c.User()),
				slog.String(keyRemote, c.RemoteAddr().String()),
				slog.String(keyMethod, method), slog.Bool(keyOK, err == nil))
		},
	}
	for _, a := range s.accounts {
		if a.user.Password == "" {
			continue
		}
		cfg.PasswordCallback = func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			a, ok := s.accounts[c.User()]
			if !ok || !a.hasPassword(pw) {
				return nil, errAuth
			}
			return userPermissions(a), nil
		}
		break
	}
	cfg.AddHostKey(s.hostKey)
	return cfg
}

func userPermissions(a *account) *ssh.Permissions {
	return &ssh.Permissions{Extensions: map[string]string{permUser: a.user.Name}}
}

// acceptLoop takes connections until the listener is closed.
func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.log.Error("accept failed", slog.Any(keyError, err))
			}
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		s.conns[nc] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serveConn(nc)
	}
}

// serveConn runs the SSH handshake and then the connection's sessions.
func (s *Server) serveConn(nc net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, nc)
		s.mu.Unlock()
		nc.Close()
	}()
	remote := nc.RemoteAddr().String()

	_ = nc.SetDeadline(time.Now().Add(handshakeTimeout))
	sc, chans, reqs, err := ssh.NewServerConn(nc, s.sshCfg)
	if err != nil {
		s.log.Info("login refused", slog.String(keyRemote, remote), slog.Any(keyError, err))
		return
	}
	defer sc.Close()
	_ = nc.SetDeadline(time.Time{})
	a := s.accounts[sc.Permissions.Extensions[permUser]]

	log := s.log.With(slog.String(keyUser, a.user.Name), slog.String(keyRemote, remote))
	log.Info("connected")
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ssh.DiscardRequests(reqs)
	}()
	for nch := range chans {
		if nch.ChannelType() != "session" {
			_ = nch.Reject(ssh.UnknownChannelType, "only sessions are served")
			continue
		}
		ch, creqs, err := nch.Accept()
		if err != nil {
			log.Info("session refused", slog.Any(keyError, err))
			continue
		}
		s.wg.Add(1)
		go s.serveSession(a, log, ch, creqs)
	}
	log.Info("disconnected")
}

// serveSession answers a session's requests: the sftp subsystem is
// served, everything else (shell, exec, pty, env) is refused.
func (s *Server) serveSession(a *account, log *slog.Logger, ch ssh.Channel,
	reqs <-chan *ssh.Request) {
	defer s.wg.Done()
	defer ch.Close()

	var done chan struct{}
	for req := range reqs {
		ok := done == nil && req.Type == "subsystem" && subsystem(req.Payload) == "sftp"
		if req.WantReply {
			_ = req.Reply(ok, nil)
		}
		if !ok {
			continue
		}
		done = make(chan struct{})
		go func() {
			defer close(done)
			s.serveSFTP(a, log, ch)
		}()
	}
	if done != nil {
		<-done
	}
}

// serveSFTP runs pkg/sftp's request server on the channel until the
// client goes away.
func (s *Server) serveSFTP(a *account, log *slog.Logger, ch ssh.Channel) {
	h := &handler{s: s, acct: a, log: log}
	rs := sftp.NewRequestServer(ch, sftp.Handlers{
		FileGet:  h,
		FilePut:  h,
		FileCmd:  h,
		FileList: h,
	})
	err := rs.Serve()
	if err != nil && !errors.Is(err, io.EOF) {
		log.Debug("sftp session ended", slog.Any(keyError, err))
	}
	rs.Close()
	ch.Close()
}

// subsystem reads the subsystem name from a "subsystem" request payload.
func subsystem(payload []byte) string {
	var msg struct{ Name string }
	if err := ssh.Unmarshal(payload, &msg); err != nil {
		return ""
	}
	return msg.Name
}
