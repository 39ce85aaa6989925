package pipeline

import (
	"os"
	"syscall"
)

// CrashEnv names the variable that makes the process kill itself at one of
// the steps below, as a power cut or an OOM kill would. It exists for the
// crash tests, which start real daemons with it set; in production it is
// never set, and the check costs one string comparison per step.
const CrashEnv = "CLAIMFLOW_CRASH_AT"

// The steps at which a crash is most likely to break an invariant.
const (
	CrashAfterBuild  = "submit.built"    // batch and 837 stored, nothing uploaded
	CrashAfterUpload = "submit.uploaded" // file on the server, batch not marked
	CrashAfterFetch  = "poll.fetched"    // answer downloaded, not yet stored
	CrashAfterApply  = "poll.applied"    // answer applied, remote file still there
)

var crashAt = os.Getenv(CrashEnv)

// crashPoint kills the process with SIGKILL when CrashEnv names step.
func crashPoint(step string) {
	if crashAt != "" && crashAt == step {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
