package clearinghouse

import (
	"crypto/x509"
	"errors"
	"fmt"

	"golang.org/x/crypto/ssh"
)

// signer parses the private key of a (a validated Auth) into a signer. An
// RSA key signs with SHA-2 only (rsa-sha2-512, then rsa-sha2-256), never
// with the SHA-1 "ssh-rsa" algorithm.
func (a Auth) signer() (ssh.Signer, error) {
	var (
		s   ssh.Signer
		err error
	)
	if a.Passphrase.IsSet() {
		s, err = ssh.ParsePrivateKeyWithPassphrase(a.PrivateKey, a.Passphrase)
	} else {
		s, err = ssh.ParsePrivateKey(a.PrivateKey)
	}
	var missing *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &missing):
		return nil, errors.New("private key is protected and no passphrase is set")
	case errors.Is(err, x509.IncorrectPasswordError):
		return nil, errors.New("private key passphrase is wrong")
	case err != nil:
		// The parser's messages describe the encoding, never the key.
		return nil, fmt.Errorf("parse private key: %w", err)
	}

	if s.PublicKey().Type() != ssh.KeyAlgoRSA {
		return s, nil
	}
	as, ok := s.(ssh.AlgorithmSigner)
	if !ok {
		return nil, errors.New("RSA key cannot sign with SHA-2")
	}
	return ssh.NewSignerWithAlgorithms(as,
		[]string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256})
}
