package x999

import "github.com/claimflow/claimflow/edi"

// Code is an acknowledgment code: IK501 (or AK501) for a transaction set,
// AK901 for a group.
type Code string

// The acknowledgment codes. PartiallyAccepted is for groups only.
const (
	Accepted           Code = "A" // accepted
	AcceptedWithErrors Code = "E" // accepted, with errors noted
	RejectedMAC        Code = "M" // rejected: message authentication code failed
	PartiallyAccepted  Code = "P" // group: at least one set was rejected
	Rejected           Code = "R" // rejected
	RejectedAssurance  Code = "W" // rejected: assurance failed validity tests
	RejectedContent    Code = "X" // rejected: content could not be analysed after decryption
)

// Accepted reports whether the code lets the set or group through: A or E.
func (c Code) Accepted() bool { return c == Accepted || c == AcceptedWithErrors }

// validSet reports whether c may stand in IK501 or AK501.
func (c Code) validSet() bool {
	switch c {
	case Accepted, AcceptedWithErrors, RejectedMAC, Rejected, RejectedAssurance,
		RejectedContent:
		return true
	}
	return false
}

// validGroup reports whether c may stand in AK901.
func (c Code) validGroup() bool { return c == PartiallyAccepted || c.validSet() }

// Ack is one 999 or 997 transaction set: the answer to one functional
// group, from AK1 to AK9.
type Ack struct {
	Pos         edi.Position    // the ST segment
	Interchange edi.Interchange // the ISA the acknowledgment came in
	Group       edi.Group       // the GS the acknowledgment came in
	SetID       string          // ST01: "999" or "997"
	Control     string          // ST02
	Version     string          // ST03, "005010X231A1" for a 999

	FunctionalID string // AK101: GS01 of the group acknowledged, e.g. "HC"
	GroupControl string // AK102: GS06 of the group acknowledged
	GroupVersion string // AK103: GS08 of the group acknowledged

	Sets   []SetResponse // loop 2000, one per transaction set reported
	Result GroupResult   // AK9
}

// SetResponse is loop 2000: AK2, the segments in error, and IK5 (AK5 in a
// 997), the verdict on one transaction set of the group.
type SetResponse struct {
	Pos     edi.Position // the AK2 segment
	SetID   string       // AK201: ST01 of the set, e.g. "837"
	Control string       // AK202: ST02 of the set
	Version string       // AK203: ST03 of the set, when given

	Segments []SegmentError // loop 2100

	Code   Code     // IK501
	Errors []string // IK502 to IK506: syntax error codes, such as "5" or "I5"
}

// Accepted reports whether the set went through (IK501 A or E). Every
// claim in a set that did not is rejected at the clearinghouse.
func (s *SetResponse) Accepted() bool { return s.Code.Accepted() }

// ClaimIDs returns the patient control numbers (CLM01) that the business
// unit contexts of the set's segment errors name, each once, in order.
func (s *SetResponse) ClaimIDs() []string {
	var ids []string
	seen := map[string]bool{}
	for _, se := range s.Segments {
		for _, c := range se.Contexts {
			if name, v, ok := c.BusinessUnit(); ok && name == "CLM01" && !seen[v] {
				seen[v] = true
				ids = append(ids, v)
			}
		}
	}
	return ids
}

// SegmentError is loop 2100: IK3 (AK3 in a 997), a segment in error, with
// its CTX context segments and the element errors inside it.
type SegmentError struct {
	Pos         edi.Position   // the IK3 segment
	SegmentID   string         // IK301, e.g. "NM1"
	SetPosition int            // IK302: the segment's position counted from ST
	Loop        string         // IK303: the loop it sits in, e.g. "2010BA"
	Code        string         // IK304: the segment syntax error code
	Contexts    []Context      // CTX: situational triggers and the business unit
	Elements    []ElementError // loop 2110
}

// ElementError is loop 2110: IK4 (AK4 in a 997), an element in error, with
// its CTX context segments.
type ElementError struct {
	Pos       edi.Position    // the IK4 segment
	Element   ElementPosition // IK401
	Reference string          // IK402: the data element reference number
	Code      string          // IK403: the element syntax error code
	BadValue  string          // IK404: a copy of the bad element
	Contexts  []Context       // CTX: the element's situational triggers
}

// ElementPosition is the composite C030: where in a segment an element
// is. Component and Repeat are 0 when not given.
type ElementPosition struct {
	Element   int // the element's position in its segment, from 1
	Component int // the component's position in its composite
	Repeat    int // the repeat of a repeating element
}

// Context is a CTX segment. In loop 2100 it is either a situational
// trigger (CTX01 "SITUATIONAL TRIGGER", with the segment that made the one
// in error required) or the business unit (CTX01 names an element such as
// CLM01 and gives its value); in loop 2110 it is a situational trigger.
type Context struct {
	Pos         edi.Position    // the CTX segment
	IDs         []ContextID     // CTX01, which repeats
	SegmentID   string          // CTX02: the trigger segment
	SetPosition int             // CTX03: its position counted from ST
	Loop        string          // CTX04: its loop
	Element     ElementPosition // CTX05: the trigger element
	References  []string        // CTX06: data element reference numbers
}

// ContextID is one repeat of CTX01: a context name and, for a business
// unit, the value it names.
type ContextID struct {
	Name      string // C998-01, e.g. "SITUATIONAL TRIGGER" or "CLM01"
	Reference string // C998-02, e.g. a patient control number
}

// TriggerName is the CTX01 name of a situational trigger context.
const TriggerName = "SITUATIONAL TRIGGER"

// Trigger reports whether the context is a situational trigger.
func (c *Context) Trigger() bool { return len(c.IDs) > 0 && c.IDs[0].Name == TriggerName }

// BusinessUnit returns the element name and value of a business unit
// context, such as "CLM01" and a patient control number.
func (c *Context) BusinessUnit() (name, value string, ok bool) {
	if len(c.IDs) == 0 || c.Trigger() || c.IDs[0].Name == "" {
		return "", "", false
	}
	return c.IDs[0].Name, c.IDs[0].Reference, true
}

// GroupResult is AK9, the verdict on the whole group.
type GroupResult struct {
	Pos      edi.Position // the AK9 segment
	Code     Code         // AK901
	Included int          // AK902: transaction sets the GE counted
	Received int          // AK903: transaction sets received
	Accepted int          // AK904: transaction sets accepted
	Errors   []string     // AK905 to AK909: group syntax error codes
}
