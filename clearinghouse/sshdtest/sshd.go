// Package sshdtest runs a throwaway OpenSSH sshd on a loopback port, for
// tests of SFTP transfers against the real server: the transport's own,
// and the whole cycle's.
//
// Start looks for sshd in CLAIMFLOW_TEST_SSHD, then on PATH, then at
// /usr/sbin/sshd, and skips the test when there is none. It writes a
// configuration, a host key of each of two types and the authorized keys
// of generated user keys into a temporary folder, and runs
// "sshd -D -e -f config" with SFTP served by internal-sftp, starting in a
// temporary folder that stands for the clearinghouse's home.
//
// Run as root, sshd logs the user in as an unprivileged account
// (CLAIMFLOW_TEST_SSHD_USER, default "nobody"), so that file permissions
// apply as they would on a clearinghouse; the privilege separation folder
// /run/sshd is created when missing. Run as another user, sshd can only log
// in that same user, which must then be an ordinary login account.
package sshdtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// Environment variables read by Start.
const (
	EnvSSHD = "CLAIMFLOW_TEST_SSHD"      // path of the sshd binary
	EnvUser = "CLAIMFLOW_TEST_SSHD_USER" // login user when running as root
)

// privsepDir is the privilege separation folder Debian's sshd requires.
const privsepDir = "/run/sshd"

// Server is a running sshd.
type Server struct {
	Host string // always 127.0.0.1
	Port int
	User string // the login user
	Root string // local path of the SFTP start folder

	// HostKeys are the server's public keys, ed25519 first, then ECDSA.
	HostKeys []ssh.PublicKey

	// KnownHostsFile lists both host keys for Host and Port.
	KnownHostsFile string

	// UserKeys maps "ed25519", "ecdsa" and "rsa" to private keys in
	// OpenSSH encoding, all authorized for User.
	UserKeys map[string][]byte

	// UserKeyFile is the ed25519 user key as a file, for OpenSSH's clients.
	UserKeyFile string

	uid, gid int
	asRoot   bool
	log      *syncBuffer
}

// Addr returns "127.0.0.1:port".
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Fingerprint returns the SHA-256 fingerprint of the ed25519 host key.
func (s *Server) Fingerprint() string { return ssh.FingerprintSHA256(s.HostKeys[0]) }

// Log returns what sshd has logged so far.
func (s *Server) Log() string { return s.log.String() }

// Binary returns the sshd to run, or an error saying why there is none.
func Binary() (string, error) {
	if p := os.Getenv(EnvSSHD); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvSSHD, p, err)
		}
		return filepath.Abs(p)
	}
	if p, err := exec.LookPath("sshd"); err == nil {
		return filepath.Abs(p)
	}
	if _, err := os.Stat("/usr/sbin/sshd"); err != nil {
		return "", errors.New("no sshd on PATH or at /usr/sbin/sshd")
	}
	return "/usr/sbin/sshd", nil
}

// Start runs sshd for the test and stops it at cleanup. It skips the test
// when no sshd is installed.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		if os.Getenv(EnvSSHD) != "" {
			t.Fatalf("sshdtest: %v", err)
		}
		t.Skipf("sshdtest: skipped, %v (install openssh-server or set %s)", err, EnvSSHD)
	}

	s := &Server{Host: "127.0.0.1", log: &syncBuffer{}}
	s.setUser(t)
	dir := s.makeDirs(t)
	s.writeKeys(t, dir)

	var lastErr error
	for range 3 {
		if lastErr = s.run(t, bin, dir); lastErr == nil {
			return s
		}
	}
	t.Fatalf("sshdtest: %v\nsshd log:\n%s", lastErr, s.Log())
	return nil
}

// setUser picks the login user.
func (s *Server) setUser(t testing.TB) {
	t.Helper()
	s.asRoot = os.Geteuid() == 0
	name := ""
	if s.asRoot {
		name = os.Getenv(EnvUser)
		if name == "" {
			name = "nobody"
		}
	}
	var (
		u   *user.User
		err error
	)
	if name == "" {
		u, err = user.Current()
	} else {
		u, err = user.Lookup(name)
	}
	if err != nil {
		t.Skipf("sshdtest: skipped, no login user: %v", err)
	}
	s.User = u.Username
	s.uid, _ = strconv.Atoi(u.Uid)
	s.gid, _ = strconv.Atoi(u.Gid)
}

// makeDirs creates the server's folder, which the login user can enter,
// and the SFTP start folder in it, which the login user owns.
func (s *Server) makeDirs(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "claimflow-sshd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s.Root = filepath.Join(dir, "home")
	if err := os.Mkdir(s.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	s.chown(t, s.Root)
	if s.asRoot {
		if err := os.MkdirAll(privsepDir, 0o755); err != nil {
			t.Fatalf("sshdtest: privilege separation folder: %v", err)
		}
	}
	return dir
}

// writeKeys writes the host keys and the authorized user keys.
func (s *Server) writeKeys(t testing.TB, dir string) {
	t.Helper()
	_, edHost, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecHost, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		name string
		key  any
	}{{"host_ed25519_key", edHost}, {"host_ecdsa_key", ecHost}} {
		pub := writePrivateKey(t, filepath.Join(dir, k.name), k.key)
		s.HostKeys = append(s.HostKeys, pub)
	}

	s.UserKeys = map[string][]byte{}
	var authorized bytes.Buffer
	for name, key := range userKeys(t) {
		block, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			t.Fatal(err)
		}
		s.UserKeys[name] = pem.EncodeToMemory(block)
		signer, err := ssh.NewSignerFromKey(key)
		if err != nil {
			t.Fatal(err)
		}
		authorized.Write(ssh.MarshalAuthorizedKey(signer.PublicKey()))
	}
	writeFile(t, filepath.Join(dir, "authorized_keys"), authorized.Bytes(), 0o644)
	s.UserKeyFile = filepath.Join(dir, "user_ed25519_key")
	writeFile(t, s.UserKeyFile, s.UserKeys["ed25519"], 0o600)
}

// run starts sshd on a free port and waits until it greets.
func (s *Server) run(t testing.TB, bin, dir string) error {
	t.Helper()
	port, err := freePort()
	if err != nil {
		return err
	}
	s.Port = port
	s.writeKnownHosts(t, dir)
	conf := filepath.Join(dir, "sshd_config")
	writeFile(t, conf, []byte(s.config(dir)), 0o644)

	cmd := exec.Command(bin, "-D", "-e", "-f", conf)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start sshd: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()

	if err := s.waitReady(exited); err != nil {
		stop(cmd, exited)
		return err
	}
	t.Cleanup(func() {
		stop(cmd, exited)
		if t.Failed() {
			t.Logf("sshd log:\n%s", s.Log())
		}
	})
	return nil
}

// config returns the sshd_config of the server.
func (s *Server) config(dir string) string {
	lines := []string{
		"ListenAddress " + s.Addr(),
		"HostKey " + filepath.Join(dir, "host_ed25519_key"),
		"HostKey " + filepath.Join(dir, "host_ecdsa_key"),
		"PidFile none",
		"AuthorizedKeysFile " + filepath.Join(dir, "authorized_keys"),
		"StrictModes no",
		"UsePAM no",
		"PubkeyAuthentication yes",
		"PasswordAuthentication yes",
		"KbdInteractiveAuthentication no",
		"PermitRootLogin no",
		"AllowUsers " + s.User,
		"MaxAuthTries 6",
		"LoginGraceTime 20",
		"UseDNS no",
		"AllowTcpForwarding no",
		"X11Forwarding no",
		"PrintMotd no",
		"LogLevel VERBOSE",
		"Subsystem sftp internal-sftp -d " + s.Root,
		"ForceCommand internal-sftp -d " + s.Root,
	}
	return strings.Join(lines, "\n") + "\n"
}

// writeKnownHosts writes a known_hosts file naming the current port.
func (s *Server) writeKnownHosts(t testing.TB, dir string) {
	t.Helper()
	var b bytes.Buffer
	for _, k := range s.HostKeys {
		b.WriteString(KnownHostsLine(s.Addr(), k))
	}
	s.KnownHostsFile = filepath.Join(dir, "known_hosts")
	writeFile(t, s.KnownHostsFile, b.Bytes(), 0o644)
}

// KnownHostsLine returns a known_hosts line pinning key for addr.
func KnownHostsLine(addr string, key ssh.PublicKey) string {
	host, port, _ := net.SplitHostPort(addr)
	if port != "22" {
		host = "[" + host + "]:" + port
	}
	return host + " " + string(ssh.MarshalAuthorizedKey(key))
}

// waitReady waits for the SSH greeting on the server's port.
func (s *Server) waitReady(exited <-chan struct{}) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("sshd exited at start")
		default:
		}
		if greets(s.Addr()) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("sshd did not answer within 10s")
}

// greets reports whether an SSH server answers at addr.
func greets(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "SSH-2.0-")
}

// stop ends the sshd started by cmd, and its process group.
func stop(cmd *exec.Cmd, exited <-chan struct{}) {
	pgid := cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

var (
	userKeysOnce sync.Once
	userKeysMap  map[string]any
	userKeysErr  error
)

// userKeys returns the user keys, generated once per test binary.
func userKeys(t testing.TB) map[string]any {
	t.Helper()
	userKeysOnce.Do(func() {
		_, ed, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			userKeysErr = err
			return
		}
		ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			userKeysErr = err
			return
		}
		rs, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			userKeysErr = err
			return
		}
		userKeysMap = map[string]any{"ed25519": ed, "ecdsa": ec, "rsa": rs}
	})
	if userKeysErr != nil {
		t.Fatal(userKeysErr)
	}
	return userKeysMap
}

// writePrivateKey writes key in OpenSSH encoding, readable by its owner
// only, and returns its public key.
func writePrivateKey(t testing.TB, file string, key any) ssh.PublicKey {
	t.Helper()
	block, err := ssh.MarshalPrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, pem.EncodeToMemory(block), 0o600)
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey()
}

func writeFile(t testing.TB, name string, data []byte, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, data, mode); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer collects sshd's log from its output, safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
