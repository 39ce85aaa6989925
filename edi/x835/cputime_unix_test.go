//go:build unix

package x835_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system,
// every thread included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSS returns the largest resident set the process has had, in bytes
// (Linux reports kilobytes), or 0 where it is not known.
func maxRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return int64(ru.Maxrss) * 1024
}
