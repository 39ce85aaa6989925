package clearinghouse_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
)

// benchSize is the size of the file each benchmark moves.
const benchSize = 50 << 20

// Each iteration connects anew, as OpenSSH's sftp does, so that both
// clients pay for one handshake per file. Both use the cipher Go's SSH
// client prefers, AES-128-GCM; OpenSSH would pick ChaCha20-Poly1305.

func BenchmarkUpload(b *testing.B) {
	srv := startServer(b)
	content := randomBytes(b, benchSize)

	b.Run("claimflow", func(b *testing.B) {
		cfg := config(b, srv, nil)
		cfg.Timeouts.Operation = time.Minute
		b.SetBytes(benchSize)
		for i := 0; b.Loop(); i++ {
			c := newClient(b, cfg)
			name := "claimflow-" + strconv.Itoa(i) + ".837"
			if _, err := c.Upload(testContext(b), name, content); err != nil {
				b.Fatal(err)
			}
			_ = c.Close()
			_ = os.Remove(srv.Path(uploadDir + "/" + name))
		}
	})

	b.Run("openssh-sftp", func(b *testing.B) {
		local := filepath.Join(b.TempDir(), "batch.837")
		if err := os.WriteFile(local, content, 0o600); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(benchSize)
		for i := 0; b.Loop(); i++ {
			name := "openssh-" + strconv.Itoa(i) + ".837"
			runSFTP(b, srv, fmt.Sprintf("put %s %s/%s\n", local, uploadDir, name))
			_ = os.Remove(srv.Path(uploadDir + "/" + name))
		}
	})
}

func BenchmarkDownload(b *testing.B) {
	srv := startServer(b)
	content := randomBytes(b, benchSize)
	srv.WriteFile(b, inboxDir+"/remit.835", content, time.Now().Add(-time.Hour))

	b.Run("claimflow", func(b *testing.B) {
		cfg := config(b, srv, nil)
		cfg.Timeouts.Operation = time.Minute
		cfg.Download.MinAge = time.Minute
		cfg.Download.After = clearinghouse.AfterLeave
		b.SetBytes(benchSize)
		for b.Loop() {
			c := newClient(b, cfg)
			got, err := c.Fetch(testContext(b))
			if err != nil || len(got) != 1 || got[0].Size != benchSize {
				b.Fatalf("Fetch = %d files, %v", len(got), err)
			}
			if err := c.Release(got[0]); err != nil {
				b.Fatal(err)
			}
			_ = c.Close()
		}
	})

	b.Run("openssh-sftp", func(b *testing.B) {
		local := filepath.Join(b.TempDir(), "remit.835")
		b.SetBytes(benchSize)
		for b.Loop() {
			runSFTP(b, srv, fmt.Sprintf("get %s/remit.835 %s\n", inboxDir, local))
			fi, err := os.Stat(local)
			if err != nil || fi.Size() != benchSize {
				b.Fatalf("downloaded %v, %v", fi, err)
			}
			_ = os.Remove(local)
		}
	})
}

// runSFTP runs OpenSSH's sftp in batch mode with the test user key and a
// known_hosts file pinned to the server's host keys.
func runSFTP(b *testing.B, srv *sshdtest.Server, commands string) {
	b.Helper()
	bin, err := exec.LookPath("sftp")
	if err != nil {
		b.Skipf("no OpenSSH sftp client: %v", err)
	}
	batch := filepath.Join(b.TempDir(), "batch")
	if err := os.WriteFile(batch, []byte(commands), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-q", "-b", batch, "-F", "/dev/null",
		"-i", srv.UserKeyFile, "-P", strconv.Itoa(srv.Port),
		"-o", "Ciphers=aes128-gcm@openssh.com",
		"-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=yes",
		"-o", "UserKnownHostsFile="+srv.KnownHostsFile,
		"-o", "GlobalKnownHostsFile=/dev/null",
		srv.User+"@"+srv.Host)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("sftp: %v\n%s", err, out)
	}
}
