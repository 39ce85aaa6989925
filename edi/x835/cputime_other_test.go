//go:build !unix

package x835_test

import "time"

// cpuTime is not measured on this system.
func cpuTime() time.Duration { return 0 }
