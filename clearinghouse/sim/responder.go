package sim

import (
	"context"
	"time"
)

// Upload is one file that landed completely in a user's upload folder.
type Upload struct {
	// Seq numbers the uploads of one simulator run from 1, in the order
	// they landed.
	Seq uint64
	// User is the account that sent the file.
	User string
	// Name is the file's path as the user sees it, such as
	// /inbound/batch-1.837.
	Name string
	// Data is the file's content when it landed. Later changes to the
	// file on disk do not show here.
	Data []byte
	// SHA256 is the hex SHA-256 of Data.
	SHA256 string
	// Arrived is the simulator's time when the file landed.
	Arrived time.Time
}

// Response is one file the simulator puts into the user's download folder
// in answer to an upload.
type Response struct {
	// Name is the file's base name, without folders; it must not start
	// with a dot. When a file of that name is already waiting, the
	// simulator adds -1, -2, ... before the extension.
	Name string
	// Data is the file's content. The simulator keeps it until the file
	// is written, so the Responder must not change it afterwards.
	Data []byte
	// Delay is how long after the upload arrived the file appears,
	// before Config.Delays applies.
	Delay time.Duration
}

// Responder decides what a clearinghouse answers to an upload. The
// simulator calls it once per complete upload, one upload at a time, in
// the order uploads landed, and Respond must return when ctx is done (the
// simulator is closing). An error or a panic answers nothing and is
// logged; the simulator carries on.
type Responder interface {
	Respond(ctx context.Context, upload Upload) ([]Response, error)
}

// ResponderFunc adapts a function to Responder.
type ResponderFunc func(ctx context.Context, upload Upload) ([]Response, error)

// Respond calls f.
func (f ResponderFunc) Respond(ctx context.Context, upload Upload) ([]Response, error) {
	return f(ctx, upload)
}
