package x837

import (
	"errors"
	"fmt"
	"io"
	"time"

	"go.yaml.in/yaml/v3"
)

// BuildConfig is the YAML file of `claimflow x12 build --config`: the
// interchange identifiers and the first control numbers. Its interchange
// keys are those of a connection in the daemon's configuration.
type BuildConfig struct {
	Interchange struct {
		SenderQualifier   string `yaml:"sender_qualifier"`
		SenderID          string `yaml:"sender_id"`
		ReceiverQualifier string `yaml:"receiver_qualifier"`
		ReceiverID        string `yaml:"receiver_id"`
		GroupSender       string `yaml:"group_sender"`
		GroupReceiver     string `yaml:"group_receiver"`
		Usage             string `yaml:"usage"`
		AckRequested      *bool  `yaml:"ack_requested"`
	} `yaml:"interchange"`
	Control struct {
		Interchange int64 `yaml:"interchange"` // ISA13
		Group       int64 `yaml:"group"`       // GS06
		FirstSet    int   `yaml:"first_set"`   // ST02 of the first set
	} `yaml:"control"`
	// SubmitterID and ReceiverID are NM109 of loops 1000A and 1000B.
	SubmitterID string `yaml:"submitter_id"`
	ReceiverID  string `yaml:"receiver_id"`
}

// DefaultBuildConfig is the configuration used without a file: test
// identifiers that no clearinghouse will take for production.
func DefaultBuildConfig() BuildConfig {
	var c BuildConfig
	c.Interchange.SenderQualifier, c.Interchange.SenderID = "ZZ", "CLAIMFLOW"
	c.Interchange.ReceiverQualifier, c.Interchange.ReceiverID = "ZZ", "CLEARINGHOUSE"
	c.Interchange.Usage = "T"
	c.Control.Interchange, c.Control.Group, c.Control.FirstSet = 1, 1, 1
	return c
}

// ErrConfig wraps every problem of a build configuration.
var ErrConfig = errors.New("invalid build configuration")

// LoadBuildConfig reads a YAML build configuration over the test defaults
// and validates it. Unknown keys are refused.
func LoadBuildConfig(r io.Reader) (BuildConfig, error) {
	c := DefaultBuildConfig()
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && err != io.EOF {
		return c, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return c, c.Validate()
}

// Validate names the first field that cannot be used, with its value.
func (c BuildConfig) Validate() error {
	ic := c.Interchange
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"interchange.sender_qualifier", ic.SenderQualifier, 2},
		{"interchange.sender_id", ic.SenderID, 15},
		{"interchange.receiver_qualifier", ic.ReceiverQualifier, 2},
		{"interchange.receiver_id", ic.ReceiverID, 15},
	} {
		if f.v == "" || len(f.v) > f.max {
			return fmt.Errorf("%w: %s %q must be 1 to %d characters", ErrConfig, f.name, f.v, f.max)
		}
	}
	if ic.Usage != "T" && ic.Usage != "P" {
		return fmt.Errorf("%w: interchange.usage %q must be T or P", ErrConfig, ic.Usage)
	}
	if n := c.Control.Interchange; n < 1 || n > 999999999 {
		return fmt.Errorf("%w: control.interchange %d must be 1 to 999999999", ErrConfig, n)
	}
	if n := c.Control.Group; n < 1 || n > 999999999 {
		return fmt.Errorf("%w: control.group %d must be 1 to 999999999", ErrConfig, n)
	}
	if n := c.Control.FirstSet; n < 1 || n > 99999999 {
		return fmt.Errorf("%w: control.first_set %d must be 1 to 99999999", ErrConfig, n)
	}
	return nil
}

// Envelope returns the builder's envelope for a file written at t.
func (c BuildConfig) Envelope(t time.Time) Envelope {
	ic := c.Interchange
	ack := ic.AckRequested == nil || *ic.AckRequested
	return Envelope{
		SenderQualifier: ic.SenderQualifier, SenderID: ic.SenderID,
		ReceiverQualifier: ic.ReceiverQualifier, ReceiverID: ic.ReceiverID,
		SenderCode: ic.GroupSender, ReceiverCode: ic.GroupReceiver,
		Usage: ic.Usage[0], AckRequested: ack,
		Interchange: c.Control.Interchange, Group: c.Control.Group,
		FirstSet: c.Control.FirstSet, Time: t,
		SubmitterID: c.SubmitterID, ReceiverIdentifier: c.ReceiverID,
	}
}
