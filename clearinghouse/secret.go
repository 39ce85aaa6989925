package clearinghouse

import (
	"fmt"
	"log/slog"
)

// redacted is what a Secret shows wherever it is printed.
const redacted = "[redacted]"

// Secret holds a credential already read by the configuration layer: a
// private key, its passphrase or a password. It never prints its value:
// fmt verbs, slog and encoding/json all see "[redacted]".
type Secret []byte

// String returns "[redacted]".
func (s Secret) String() string { return redacted }

// GoString returns "[redacted]", so %#v hides the value too.
func (s Secret) GoString() string { return redacted }

// Format prints "[redacted]" for every verb, including %x and %q.
func (s Secret) Format(f fmt.State, _ rune) { fmt.Fprint(f, redacted) }

// LogValue keeps the value out of slog records.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON keeps the value out of JSON dumps of a configuration.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// IsSet reports whether the secret holds a value.
func (s Secret) IsSet() bool { return len(s) > 0 }
