package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// runSimulateCmd starts claimflow simulate with args and returns the
// fields it printed, a function that stops it and returns its error.
func runSimulateCmd(t *testing.T, args ...string) (map[string]string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	cmd := newRootCmd()
	cmd.SetArgs(append([]string{"simulate"}, args...))
	cmd.SetOut(pw)
	cmd.SetErr(io.Discard)
	done := make(chan error, 1)
	go func() {
		err := cmd.ExecuteContext(ctx)
		pw.CloseWithError(io.EOF)
		done <- err
	}()

	fields := map[string]string{}
	sc := bufio.NewScanner(pr)
	inConnection := false
	for sc.Scan() {
		line := sc.Text()
		if line == "Stop with Ctrl-C." {
			break
		}
		// The connection block, whole, under "connection".
		if inConnection || strings.HasPrefix(line, "As a connection") {
			if inConnection {
				fields["connection"] += line + "\n"
			}
			inConnection = true
			continue
		}
		// "  label     value": the label fills 9 columns after 2 spaces.
		if len(line) > 12 && strings.HasPrefix(line, "  ") {
			fields[strings.TrimSpace(line[2:11])] = line[12:]
		}
	}
	go io.Copy(io.Discard, pr)
	stop := sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("simulate did not stop")
		}
	})
	t.Cleanup(func() { stop() })
	return fields, stop
}

func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	fields, stop := runSimulateCmd(t, "--listen", "127.0.0.1:0", "--dir", dir, "--user", "demo")
	if fields["user"] != "demo" || fields["upload"] != "/inbound" ||
		fields["download"] != "/outbound" {
		t.Fatalf("printed %q", fields)
	}
	if want := filepath.Join(dir, "demo_ed25519"); fields["key"] != want {
		t.Fatalf("key = %q, want %q", fields["key"], want)
	}
	if want := filepath.Join(dir, "users", "demo"); fields["folder"] != want {
		t.Fatalf("folder = %q, want %q", fields["folder"], want)
	}
	// The printed connection is one claimflow's configuration takes.
	cfgFile := filepath.Join(dir, "claimflow.yaml")
	os.WriteFile(cfgFile, []byte("database: sqlite:"+filepath.Join(dir, "x.db")+
		"\nsubmitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, "+
		"contact_phone: \"5035550100\"}\nconnections:\n"+fields["connection"]), 0o600)
	conf, err := config.Load(cfgFile)
	if err != nil {
		t.Fatalf("the printed connection:\n%s\n%v", fields["connection"], err)
	}
	if c := conf.Connections[0]; c.Name != "simulator" || c.SFTP.User != "demo" ||
		net.JoinHostPort(c.SFTP.Host, strconv.Itoa(c.SFTP.Port)) != fields["address"] ||
		c.SFTP.PrivateKeyFile != fields["key"] ||
		c.SFTP.HostKeyFingerprint != fields["host key"] {
		t.Errorf("connection %+v\nprinted %q", c.SFTP, fields)
	}

	pemBytes, err := os.ReadFile(fields["key"])
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ClientConfig{
		User: "demo",
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key ssh.PublicKey) error {
			if got := ssh.FingerprintSHA256(key); got != fields["host key"] {
				return errors.New("host key " + got + " is not the printed one")
			}
			return nil
		},
	}
	conn, err := ssh.Dial("tcp", fields["address"], cfg)
	if err != nil {
		t.Fatalf("log in with the printed key: %v", err)
	}
	defer conn.Close()
	c, err := sftp.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := c.Create("/inbound/x.837")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("ISA~")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(fields["folder"], "inbound", "x.837"))
	if err != nil || string(data) != "ISA~" {
		t.Fatalf("uploaded file on disk = %q, %v", data, err)
	}

	if err := stop(); err != nil {
		t.Fatalf("simulate ended with %v, want nil", err)
	}

	// A second run finds the same key and host key.
	again, stop2 := runSimulateCmd(t, "--listen", "127.0.0.1:0", "--dir", dir, "--user", "demo")
	if again["host key"] != fields["host key"] || again["key"] != fields["key"] {
		t.Errorf("second run printed %q, first %q", again, fields)
	}
	if err := stop2(); err != nil {
		t.Fatal(err)
	}
}

func TestSimulateWithAuthorizedKeysAndPassword(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "authorized_keys")
	signer, err := ssh.ParsePrivateKey(mustKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, ssh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(pwFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fields, stop := runSimulateCmd(t, "--listen", "127.0.0.1:0", "--dir", dir,
		"--authorized-keys", keyFile, "--password-file", pwFile)
	if want := "keys from " + keyFile; fields["key"] != want {
		t.Fatalf("key = %q, want %q", fields["key"], want)
	}
	if _, err := os.Stat(filepath.Join(dir, "claimflow_ed25519")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key pair was generated although keys were given: %v", err)
	}
	for name, auth := range map[string]ssh.AuthMethod{
		"key":      ssh.PublicKeys(signer),
		"password": ssh.Password("s3cret"),
	} {
		conn, err := ssh.Dial("tcp", fields["address"], &ssh.ClientConfig{
			User:            "claimflow",
			Auth:            []ssh.AuthMethod{auth},
			HostKeyCallback: ssh.InsecureIgnoreHostKey(), // pinning is tested above
		})
		if err != nil {
			t.Errorf("log in by %s: %v", name, err)
			continue
		}
		conn.Close()
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestSimulateRefusesBadUser(t *testing.T) {
	cmd := newRootCmd()
	cmd.SetArgs([]string{"simulate", "--dir", t.TempDir(), "--user", "../x"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	err := cmd.ExecuteContext(t.Context())
	if err == nil || err.Error() != `--user "../x": not a login name` {
		t.Fatalf("err = %v", err)
	}
}

// mustKey returns a new OpenSSH private key.
func mustKey(t *testing.T) []byte {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}
