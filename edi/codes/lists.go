package codes

import "embed"

//go:embed data/*.tsv
var dataFS embed.FS

// 835 health care claim payment/advice.
var (
	// CARC is the claim adjustment reason codes of CAS02, CAS05, ... in the
	// 835 (loops 2100 and 2110), also repeated in the 837's loop 2430.
	CARC = newList("CARC", "carc.tsv")

	// RARC is the remittance advice remark codes of MIA, MOA and LQ*HE in
	// the 835.
	RARC = newList("RARC", "rarc.tsv")

	// CASGroup is the claim adjustment group codes of CAS01: who bears an
	// adjustment (CO, CR, OA, PI, PR).
	CASGroup = newList("CAS01", "cas_group.tsv")

	// ClaimStatus is the claim status codes of CLP02 in loop 2100.
	ClaimStatus = newList("CLP02", "clp02_claim_status.tsv")

	// PLBReason is the provider adjustment reason codes of PLB03-1, PLB05-1,
	// ... in the 835's summary.
	PLBReason = newList("PLB03", "plb_reason.tsv")

	// TransactionHandling is the transaction handling codes of BPR01.
	TransactionHandling = newList("BPR01", "bpr01_transaction_handling.tsv")

	// PaymentMethod is the payment method codes of BPR04.
	PaymentMethod = newList("BPR04", "bpr04_payment_method.tsv")
)

// 277CA claim acknowledgment and 277 claim status.
var (
	// StatusCategory is the claim status category codes of STC01-1 (and
	// STC10-1, STC11-1), such as A1 accepted or A7 rejected for invalid
	// information.
	StatusCategory = newList("STC01-1", "stc_category.tsv")

	// ClaimStatusCode is the claim status codes of STC01-2: what exactly
	// was accepted, missing or invalid.
	ClaimStatusCode = newList("STC01-2", "stc_status.tsv")

	// Entity is the entity identifier codes of STC01-3 and NM101: whose data
	// a status code is about, or what party an NM1 names.
	Entity = newList("NM101", "entity.tsv")
)

// 999 implementation acknowledgment.
var (
	// IK3Error is the segment syntax error codes of IK304.
	IK3Error = newList("IK304", "ik304_segment_error.tsv")

	// IK4Error is the element syntax error codes of IK403.
	IK4Error = newList("IK403", "ik403_element_error.tsv")

	// AckCode is the acknowledgment codes of IK501 (a transaction set) and
	// AK901 (a functional group).
	AckCode = newList("IK501", "ack_code.tsv")

	// SetSyntaxError is the transaction set syntax error codes of IK502
	// through IK506.
	SetSyntaxError = newList("IK502", "ik502_set_error.tsv")

	// GroupSyntaxError is the functional group syntax error codes of AK905
	// through AK909.
	GroupSyntaxError = newList("AK905", "ak905_group_error.tsv")
)

// TA1 interchange acknowledgment.
var (
	// TA1Ack is the interchange acknowledgment codes of TA104.
	TA1Ack = newList("TA104", "ta104_ack.tsv")

	// TA1Note is the interchange note codes of TA105.
	TA1Note = newList("TA105", "ta105_note.tsv")
)

// All returns every list of the package, in the order of its declaration.
func All() []*List {
	return []*List{
		CARC, RARC, CASGroup, ClaimStatus, PLBReason, TransactionHandling, PaymentMethod,
		StatusCategory, ClaimStatusCode, Entity,
		IK3Error, IK4Error, AckCode, SetSyntaxError, GroupSyntaxError,
		TA1Ack, TA1Note,
	}
}
