// Package x999 reads and writes the 999 implementation acknowledgment
// (005010X231A1), and the older 997 functional acknowledgment where its
// shape agrees.
//
// A 999 transaction set answers one functional group. AK1 names the group
// (its GS01, GS06 and GS08); loop 2000 gives each transaction set of the
// group its verdict: AK2 names the set, loop 2100 (IK3) a segment in
// error, with CTX segments for the context (the situational trigger that
// made a segment required, or the business unit such as CLM01 and the
// claim's patient control number), loop 2110 (IK4) an element in error
// with its own CTX, and IK5 the set's verdict. AK9 closes with the group's
// verdict and counts.
//
// A 997 has the same loops with AK3, AK4 and AK5 in place of IK3, IK4 and
// IK5, and no CTX; both read into the same types, and SetID tells them
// apart.
//
// Reader streams one Ack per 999 or 997 transaction set, each with its
// envelope and positions, and records what is malformed as edi.Findings
// while reading on. Writer builds files from the same values.
package x999
