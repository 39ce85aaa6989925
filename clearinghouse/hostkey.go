package clearinghouse

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

const fingerprintPrefix = "SHA256:"

// preferredHostKeyAlgos is the order in which host key algorithms are
// offered: OpenSSH's own order, so that the key a client of OpenSSH
// recorded is the one this client is shown.
var preferredHostKeyAlgos = []string{
	ssh.KeyAlgoED25519,
	ssh.KeyAlgoECDSA256,
	ssh.KeyAlgoECDSA384,
	ssh.KeyAlgoECDSA521,
	ssh.KeyAlgoRSASHA512,
	ssh.KeyAlgoRSASHA256,
}

// checkFingerprint reports whether fp has the form ssh-keygen prints.
func checkFingerprint(fp string) error {
	b64, ok := strings.CutPrefix(fp, fingerprintPrefix)
	if !ok {
		return errors.New("does not start with " + fingerprintPrefix)
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(b64, "="))
	if err != nil || len(raw) != 32 {
		return errors.New("is not the base64 of a SHA-256 digest")
	}
	return nil
}

// hostKeyCheck returns the callback that verifies the server's key and the
// host key algorithms to offer for addr.
func (h HostKey) hostKeyCheck(addr string) (ssh.HostKeyCallback, []string, error) {
	if h.KnownHostsFile != "" {
		return knownHostsCheck(h.KnownHostsFile, addr)
	}

	pins := make([]string, len(h.Fingerprints))
	for i, fp := range h.Fingerprints {
		pins[i] = fingerprintPrefix + strings.TrimRight(
			strings.TrimPrefix(fp, fingerprintPrefix), "=")
	}
	check := func(host string, _ net.Addr, key ssh.PublicKey) error {
		fp := ssh.FingerprintSHA256(key)
		if slices.Contains(pins, fp) {
			return nil
		}
		return &HostKeyError{Addr: host, PresentedType: key.Type(), Presented: fp,
			Expected: pins}
	}
	algos := h.Algorithms
	if len(algos) == 0 {
		algos = preferredHostKeyAlgos
	}
	return check, algos, nil
}

// knownHostsCheck reads a known_hosts file and returns a callback that turns
// its refusals into *HostKeyError, with the algorithms of the keys it holds
// for addr.
func knownHostsCheck(file, addr string) (ssh.HostKeyCallback, []string, error) {
	db, err := knownhosts.New(file)
	if err != nil {
		return nil, nil, fmt.Errorf("read known_hosts: %w", err)
	}

	check := func(host string, remote net.Addr, key ssh.PublicKey) error {
		err := db(host, remote, key)
		if err == nil {
			return nil
		}
		refused := &HostKeyError{Addr: host, PresentedType: key.Type(),
			Presented: ssh.FingerprintSHA256(key)}
		var keyErr *knownhosts.KeyError
		var revoked *knownhosts.RevokedError
		switch {
		case errors.As(err, &keyErr):
			for _, k := range keyErr.Want {
				refused.Expected = append(refused.Expected,
					k.Key.Type()+" "+ssh.FingerprintSHA256(k.Key))
			}
			return refused
		case errors.As(err, &revoked):
			refused.Revoked = true
			return refused
		}
		return err
	}

	algos, err := knownAlgorithms(db, addr)
	if err != nil {
		return nil, nil, err
	}
	return check, algos, nil
}

// knownAlgorithms asks the known_hosts database which keys it holds for
// addr, by showing it a key it cannot hold, and returns the algorithms that
// would present those keys. None means the host is unknown: the handshake
// then offers every algorithm and the refusal says what was presented.
func knownAlgorithms(db ssh.HostKeyCallback, addr string) ([]string, error) {
	probe, err := ssh.NewPublicKey(ed25519.PublicKey(make([]byte, ed25519.PublicKeySize)))
	if err != nil {
		return nil, err
	}
	loopback := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 22}
	var keyErr *knownhosts.KeyError
	if err := db(addr, loopback, probe); !errors.As(err, &keyErr) {
		return preferredHostKeyAlgos, nil
	}

	var types []string
	for _, k := range keyErr.Want {
		types = append(types, k.Key.Type())
	}
	var algos []string
	for _, a := range preferredHostKeyAlgos {
		keyType := a
		if a == ssh.KeyAlgoRSASHA512 || a == ssh.KeyAlgoRSASHA256 {
			keyType = ssh.KeyAlgoRSA
		}
		if slices.Contains(types, keyType) {
			algos = append(algos, a)
		}
	}
	if len(algos) == 0 {
		return preferredHostKeyAlgos, nil
	}
	return algos, nil
}
