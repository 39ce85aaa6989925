package respond

// The implementation guides the simulator takes claims in.
const (
	x837P = "005010X222A1"
	x837I = "005010X223A2"
	x999V = "005010X231A1"
	x277V = "005010X214"
)

// TA105 note codes (edi/codes list TA105) for the interchange faults the
// simulator rejects.
const (
	noteNone            = "000"
	noteControlMismatch = "001" // IEA02 does not echo ISA13
	noteSegmentTerm     = "004" // unusable segment terminator
	noteReceiverUnknown = "009" // ISA08 is not the simulator's ID
	noteGroupCount      = "021" // IEA01 is not the number of groups
	noteStructure       = "022" // the ISA cannot be read
	noteEnded           = "023" // the file ended inside the interchange
	noteContent         = "024" // no claims, or sets outside any group
	noteElementSep      = "026" // unusable element separator
	noteComponentSep    = "027" // unusable component separator
	noteUnsupported     = "003" // an ISA12 version other than 00501
)

// isaNotes are the TA105 note codes of ISA01 to ISA16 being invalid.
var isaNotes = [17]string{1: "010", 2: "011", 3: "012", 4: "013", 5: "005", 6: "006",
	7: "007", 8: "008", 9: "014", 10: "015", 11: "016", 12: "017", 13: "018", 14: "019",
	15: "020", 16: "027"}

// AK905 functional group error codes (edi/codes list AK905).
const (
	groupNotSupported    = "1"  // GS01 is not HC
	groupVersion         = "2"  // GS08 is not a supported 837 guide
	groupNoTrailer       = "3"  // GE is missing
	groupControlMismatch = "4"  // GE02 does not echo GS06
	groupCount           = "5"  // GE01 is not the number of sets
	groupControlSyntax   = "6"  // GS06 is not a number
	groupControlRepeated = "19" // GS06 repeats within the interchange
)

// IK502 transaction set error codes (edi/codes list IK502).
const (
	setNotSupported    = "1"  // ST01 is not 837
	setNoTrailer       = "2"  // SE is missing
	setControlMismatch = "3"  // SE02 does not echo ST02
	setCount           = "4"  // SE01 is not the number of segments
	setSyntax          = "5"  // segments break the X12 syntax
	setControlSyntax   = "7"  // ST02 is not 4 to 9 characters
	setControlRepeated = "23" // ST02 repeats within the group
	setGuide           = "I5" // segments break the implementation guide
)

// IK304 segment error codes (edi/codes list IK304).
const (
	segUnknownID   = "1" // the segment ID is not one
	segUnexpected  = "2" // the segment is not expected where it is
	segMissing     = "3" // a required segment is missing
	segLoopRepeats = "4" // a loop repeats more than allowed
	segElements    = "8" // the segment has element errors
)

// IK403 element error codes (edi/codes list IK403).
const (
	elemMissing   = "1" // a required element is missing
	elemCharacter = "6" // the value has a character not allowed
	elemCode      = "7" // the value is not valid for the element
)

// 277CA codes (edi/codes lists STC01-1, STC01-2, NM101).
const (
	catReceived      = "A1"  // acknowledged: received
	catAccepted      = "A2"  // acknowledged: accepted into adjudication
	catReturned      = "A3"  // returned as unprocessable
	catInvalid       = "A7"  // rejected for invalid information
	statusReceipt    = "19"  // the entity acknowledges receipt of the claim
	statusAccepted   = "20"  // accepted for processing
	statusWrongPayer = "116" // the claim was sent to the wrong payer
	statusMemberNo   = "164" // the entity's contract or member number
	statusNPI        = "562" // the entity's national provider identifier
	entityCH         = "AY"  // clearinghouse
	entityPayer      = "PR"  // payer
	entitySubscriber = "IL"  // insured or subscriber
	entityBilling    = "85"  // billing provider
	entitySubmitter  = "41"  // submitter
	entityPatient    = "QC"  // patient
	actionAccepted   = "WQ"  // STC03: accepted
	actionRejected   = "U"   // STC03: rejected
	qualifierETIN    = "46"  // NM108: electronic transmitter ID
	qualifierNPI     = "XX"  // NM108: national provider ID
	qualifierMember  = "MI"  // NM108: member ID
)

// 835 codes (edi/codes lists CLP02, CAS01, CARC, RARC, PLB03).
const (
	groupContractual = "CO"
	groupPatient     = "PR"
	carcDeductible   = "1"
	carcCoinsurance  = "2"
	carcCopay        = "3"
	carcNotMember    = "31" // the payer cannot identify the patient as its member
	carcFeeSchedule  = "45"
	rarcPatientID    = "N382" // missing or invalid patient identifier
	clpDenied        = "4"
	plbInterest      = "L6"
	plbRecoupment    = "WO"
)
