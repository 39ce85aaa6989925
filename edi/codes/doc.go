// Package codes holds the code lists that give meaning to the values found
// in X12 responses: claim adjustment reason codes (CARC) and remittance
// advice remark codes (RARC) of the 835, the claim and payment codes of the
// 835's CLP, CAS, PLB and BPR segments, the claim status codes of the 277CA,
// the entity identifier codes of STC and NM1, the error and verdict codes of
// the 999, and the acknowledgment and note codes of the TA1.
//
// Each list is a tab-separated file in data/, embedded in the binary. A file
// names the list and the date of the published version it reflects, so that
// updating a list is an edit of one file and a review of its diff; see
// docs/codes.md for the format and for where the lists come from.
//
// Every list is a *List value (CARC, RARC, ClaimStatus, ...). Lookups are
// map reads after the file is parsed once, on first use:
//
//	e, ok := codes.CARC.Lookup("45")
//	fmt.Println(codes.RARC.Describe("N290"))
//
// Describe never fails: an unknown code yields a sentence saying so, which
// is safe to show a biller. The package never logs and never panics on
// lookups; a test proves that every embedded file parses.
package codes
