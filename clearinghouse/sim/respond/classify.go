package respond

import (
	"errors"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// The 837 reader's findings carry a sentinel, a segment, an element and a
// message; the 999 wants X12's codes. These functions are the one place
// where the first become the second.

// setCode returns the IK502 code of an error finding inside a set: a
// break of the X12 syntax itself (5), or of the implementation guide (I5).
func setCode(f edi.Finding) string {
	if errors.Is(f, edi.ErrSyntax) {
		return setSyntax
	}
	return setGuide
}

// segmentCode returns the IK304 code of a finding about a whole segment:
// an ID that is none, a segment that a loop lacks (reported at the
// segment that opens the loop), a loop repeated too often, or a segment
// where it does not belong.
func segmentCode(f edi.Finding) string {
	switch {
	case f.Element > 0:
		return segElements
	case errors.Is(f, edi.ErrSyntax) && f.Segment == "":
		return segUnknownID
	case strings.Contains(f.Message, "more than"):
		return segLoopRepeats
	case strings.Contains(f.Message, " has no ") || strings.Contains(f.Message, " needs "):
		return segMissing
	}
	return segUnexpected
}

// elementCode returns the IK403 code of a finding about one element: a
// required element that is missing, a character that has no place in the
// value, or a value the element does not take.
func elementCode(f edi.Finding) string {
	switch {
	case errors.Is(f, edi.ErrSyntax):
		return elemCharacter
	case strings.Contains(f.Message, "required") || strings.Contains(f.Message, " needs "):
		return elemMissing
	}
	return elemCode
}
