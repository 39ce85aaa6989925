// Package x277 reads and writes the 277 claim acknowledgment, 277CA
// (005010X214), and reads the 277 that answers a 276 status inquiry
// (005010X212) with the same code where the two agree.
//
// A 277CA is a hierarchy of HL levels: the information source (HL03 20,
// loop 2000A: the payer or clearinghouse that answers), the information
// receiver (21, loop 2000B: the submitter, with the accepted and rejected
// totals of the batch), the billing provider (19, loop 2000C, with its own
// totals) and the patient (PT, loop 2000D). Under each patient, loop
// 2200D is one claim: TRN*2 carries the patient control number sent in
// CLM01, STC segments its status, REF*1K the payer's claim number, REF*D9
// the clearinghouse trace number, DTP*472 the service dates; loop 2220D
// gives service lines their own status.
//
// The X212 answer differs in these ways: its levels are 20, 21, 19
// (service provider, NM1*1P), 22 (subscriber) and 23 (dependent), and its
// claims sit under the subscriber (loop 2200D) or the dependent (2200E);
// TRN*2 at claim level is the inquiry's trace number, and the patient
// control number comes in REF*EJ; STC may carry the paid amount, the
// adjudication date, the payment method, the check date and number
// (STC05 to STC09), and SVC03 the line's paid amount; there are no QTY or
// AMT totals and no REF*D9. Claim.ControlNumber hides the difference.
//
// Reader streams items: each level as soon as its own segments are read,
// then each claim with its service lines, so that memory holds one claim
// and the levels above it. Writer builds files from the same items.
//
// Dates of the transaction (STC02, DTP) are kept as written, CCYYMMDD
// strings, and checked; the envelope's dates are time.Time values, as in
// edi.Interchange and edi.Group.
package x277
