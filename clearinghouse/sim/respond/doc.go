// Package respond answers claim files the way a clearinghouse and the
// payers behind it do, for the simulator in clearinghouse/sim. A Responder
// reads each 837 that lands and returns, each after its own delay:
//
//   - a TA1 for every interchange that asks for one (ISA14 1), and for
//     every interchange it rejects: A with note 000, or R with the note
//     code of the first envelope fault found (an ISA that does not parse,
//     a receiver ID that is not the simulator's, a missing IEA, ...);
//   - a 999 for the functional groups of the interchanges it accepts, one
//     transaction set per group: each 837 set accepted (IK5 A) or rejected
//     (IK5 R) with an IK3 and IK4 for every fault the project's own 837
//     reader finds, located at the segment's position counted from ST;
//   - a 277CA with one claim status per claim of every accepted set:
//     rejections by the rules of the Scenario, acceptance with the payer's
//     claim number (REF*1K) for the rest, the clearinghouse trace number
//     (REF*D9) on both, and the accepted and rejected totals on the levels
//     above;
//   - days later, one 835 file per payer for the accepted claims, with one
//     transaction set (one BPR and TRN) per payee: contractual
//     adjustments, deductible, coinsurance and copay, a share of lines
//     denied with a CARC and a RARC, now and then interest and a
//     recoupment at provider level. Every line, claim and set balances.
//
// # Determinism
//
// Every number the answers carry that is not copied from the upload
// (control numbers, payer claim numbers, trace numbers, amounts allowed,
// which lines are denied) is drawn from streams seeded by the Scenario's
// seed, the upload's SHA-256 and its arrival time on the simulator's
// clock, and dates come from that arrival time. The same file arriving at
// the same time under the same scenario gets byte-identical answers; a
// Responder keeps no state between uploads.
//
// # Privacy
//
// The answers carry patient data, as real ones do. The Responder's log
// names uploads by sequence number and file name, and gives counts only.
package respond
