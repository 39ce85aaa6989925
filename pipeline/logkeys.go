package pipeline

// Attribute keys of every log record the pipeline writes, so that records
// can be searched by the same names everywhere.
const (
	KeyConnection = "connection"
	KeyJob        = "job"
	KeyBatch      = "batch"
	KeyFile       = "file"
	KeySHA256     = "sha256"
	KeyISA13      = "isa13"
	KeyGS06       = "gs06"
	KeyST02       = "st02"
	KeyClaims     = "claims"
	KeyCount      = "count"
	KeyTotal      = "total"
	KeyType       = "type"
	KeyDuration   = "duration"
	KeyError      = "error"
	KeyState      = "state"
)
