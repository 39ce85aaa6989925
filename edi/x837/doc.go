// Package x837 is claimflow's claim intake and 837 format: the JSON claim
// model, the front-end checks that hold bad claims back, the streaming
// 837P (005010X222A1) and 837I (005010X223A2) writers, and a reader that
// turns an 837 back into claims and validates its structure.
//
// A claim arrives as one JSON object in the shape of the Professional
// Claims v3 and Institutional Claims v1 APIs. Decoder reads a file of them
// (JSON Lines or one JSON array) one at a time, keeping each claim's raw
// bytes. Check reports every defect of a claim in one pass, each Finding
// naming the JSON path of the field at fault. Builder writes checked
// claims into an interchange as they come, grouping consecutive claims of
// the same billing provider and subscriber under shared HL loops.
//
// Loop and segment names in the documentation are those of the
// implementation guides: 1000A submitter, 1000B receiver, 2000A billing
// provider, 2000B subscriber, 2000C patient, 2300 claim, 2310 claim
// providers, 2400 service line.
package x837
