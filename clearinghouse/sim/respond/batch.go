package respond

import (
	"sort"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
)

// batch is what one upload holds, as far as the answers need it: its
// interchanges, their groups and transaction sets, where each begins and
// ends, the envelope faults found in them, and, for each 837 set, its
// claims and the findings of the project's 837 reader.
type batch struct {
	// delims are the delimiters of the first interchange; ok is false
	// when no interchange could be read.
	delims edi.Delimiters
	ok     bool
	ics    []*interchange
	sets   []*set // every set of every interchange, in file order
}

// interchange is one ISA ... IEA of the upload.
type interchange struct {
	index       int
	first, last int // ordinals of the ISA and of the IEA or last segment
	hdr         edi.Interchange
	// control is ISA13 when it is nine digits, else nine zeros.
	control string
	// senderQual and senderID are ISA05 and ISA06 as sent, trimmed.
	senderQual, senderID string
	ackRequested         bool
	// note is the TA105 note code of the first fault; "" accepts.
	note     string
	groups   []*group
	controls map[string]bool // GS06 values seen
}

// reject records the interchange's first fault.
func (ic *interchange) reject(note string) {
	if ic.note == "" {
		ic.note = note
	}
}

// group is one GS ... GE.
type group struct {
	ic           *interchange
	first, last  int
	functionalID string // GS01
	sender       string // GS02
	control      string // GS06
	version      string // GS08
	// errs are the AK905 codes of its envelope faults.
	errs []string
	// declared is the number of sets GE01 gives, -1 until a GE gives one.
	declared int
	sets     []*set
	controls map[string]bool // ST02 values seen
}

// set is one ST ... SE.
type set struct {
	g           *group
	index       int // place among the batch's sets
	first, last int
	id          string // ST01
	control     string // ST02
	version     string // ST03
	reference   string // BHT03: the submitter's batch reference
	segs        int    // segments from ST on, SE included once read
	// errs are the IK502 codes of its envelope faults.
	errs     []string
	findings edi.Findings // content findings of the 837 reader
	loops    []loopMark
	badIDs   map[int]string // raw IDs of segments whose ID is invalid
	spans    []claimSpan
	// expected is how many claims the 837 reader returns for the set.
	expected int
	claims   []*x837.Claim
}

// loopMark says that from ordinal on, the set is in loop.
type loopMark struct {
	ordinal int
	loop    string
}

// claimSpan is the ordinals one claim's segments take, from its CLM.
type claimSpan struct {
	first, last int
	pcn         string
}

// addErr adds an error code once.
func addErr(errs []string, code string) []string {
	for _, e := range errs {
		if e == code {
			return errs
		}
	}
	return append(errs, code)
}

// loopAt returns the loop the set is in at ordinal.
func (st *set) loopAt(ordinal int) string {
	i := sort.Search(len(st.loops), func(i int) bool { return st.loops[i].ordinal > ordinal })
	if i == 0 {
		return ""
	}
	return st.loops[i-1].loop
}

// claimAt returns the patient control number of the claim whose segments
// include ordinal, or "".
func (st *set) claimAt(ordinal int) string {
	i := sort.Search(len(st.spans), func(i int) bool { return st.spans[i].first > ordinal })
	if i == 0 || ordinal > st.spans[i-1].last {
		return ""
	}
	return st.spans[i-1].pcn
}
