package sim

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/ssh"
)

// hostKeyFile is the host key's file name inside Config.Dir.
const hostKeyFile = "ssh_host_ed25519_key"

// LoadOrCreateKey reads the OpenSSH private key at path, or, when there is
// no file there, generates an ed25519 key, writes it to path (mode 0600)
// and its public half to path.pub in authorized_keys format. The
// simulator keeps its host key this way; the simulate command does the
// same for the key a user logs in with.
func LoadOrCreateKey(path string) (ssh.Signer, error) {
	pemBytes, err := os.ReadFile(path)
	if err == nil {
		signer, err := ssh.ParsePrivateKey(pemBytes)
		if err != nil {
			return nil, fmt.Errorf("read key %s: %w", path, err)
		}
		return signer, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read key: %w", err)
	}

	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, filepath.Base(path))
	if err != nil {
		return nil, fmt.Errorf("encode key: %w", err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encode key: %w", err)
	}
	if err := writeNew(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, err
	}
	pub := ssh.MarshalAuthorizedKey(signer.PublicKey())
	if err := os.WriteFile(path+".pub", pub, 0o644); err != nil {
		return nil, fmt.Errorf("write public key: %w", err)
	}
	return signer, nil
}

// ParseAuthorizedKeys reads the public keys of an authorized_keys file,
// skipping blank lines and comments. Options in front of a key are
// ignored.
func ParseAuthorizedKeys(data []byte) ([]ssh.PublicKey, error) {
	var keys []ssh.PublicKey
	rest := bytes.TrimSpace(data)
	for len(rest) > 0 {
		key, _, _, next, err := ssh.ParseAuthorizedKey(rest)
		if err != nil {
			return nil, fmt.Errorf("parse authorized keys (key %d): %w", len(keys)+1, err)
		}
		keys = append(keys, key)
		rest = bytes.TrimSpace(next)
	}
	if len(keys) == 0 {
		return nil, errors.New("parse authorized keys: no key found")
	}
	return keys, nil
}

// writeNew writes data to a file that must not exist yet.
func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	return nil
}
