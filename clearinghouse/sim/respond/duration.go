package respond

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

// Duration is a delay as a scenario file writes it: a Go duration such as
// "90s" or "4h30m", or a whole number of days such as "3d".
type Duration time.Duration

// D returns the delay as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String writes whole days as "3d", anything else as time.Duration does.
func (d Duration) String() string {
	td := time.Duration(d)
	if td > 0 && td%day == 0 {
		return strconv.FormatInt(int64(td/day), 10) + "d"
	}
	return td.String()
}

// errDuration is returned for text that is no duration.
var errDuration = errors.New(`not a duration such as "90s", "4h" or "3d"`)

// UnmarshalText reads "90s", "4h", "1h30m" or "3d".
func (d *Duration) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseInt(n, 10, 32)
		if err != nil || days < 0 {
			return errDuration
		}
		*d = Duration(time.Duration(days) * day)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return errDuration
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the delay in the form UnmarshalText reads.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
