package posting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

// ErrNotClosable is returned by CloseFile for a file that is not waiting
// for a person: one that was applied, replaced, sent, or closed already.
var ErrNotClosable = errors.New("only a received file that is unreadable or cut short " +
	"can be closed")

// CloseFile closes an answer file that cannot be applied (unreadable, or
// cut short) once a person has dealt with it, for instance when the
// clearinghouse sent it again and the copy was applied, or when it was
// never meant for this practice. The file is kept, with the reason among
// its findings; it leaves the work list and nothing in it is applied.
func CloseFile(ctx context.Context, s *store.Store, fileID, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("close file %s: %w: say why it is closed", fileID,
			store.ErrInvalidInput)
	}
	err := retry(ctx, func() error {
		return s.InTx(ctx, func(tx *store.Tx) error {
			f, err := tx.LockFile(ctx, fileID)
			if err != nil {
				return err
			}
			if f.Direction != store.Inbound ||
				(f.State != store.FileUnreadable && f.State != store.FileIncomplete) {
				return fmt.Errorf("%w; file %s is %s", ErrNotClosable, f.ID, f.State)
			}
			note := storedFinding{Severity: edi.Info.String(), At: edi.Position{}.String(),
				Message: "closed by a person: " + reason}
			return tx.SetFileState(ctx, f.ID, store.FileClosed, "",
				appendFinding(f.Findings, note))
		})
	})
	if err != nil {
		return fmt.Errorf("close file %s: %w", fileID, err)
	}
	return nil
}
