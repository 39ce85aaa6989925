// Package inspect tells what any X12 file says, for people and for
// scripts. Inspect reads a file once, as a stream, and returns a Document:
// the file's kind (from its content, never its name), its size and hash,
// every interchange, group and transaction set with what the set says in
// its own terms (an 835's payment, claims, adjustments and balance; a
// 999's verdicts and errors; a 277CA's claim statuses; a TA1's answer; an
// 837's claims and counts), and every finding the readers made, each with
// the ordinal of its segment.
//
// The package adds no reading of its own: the envelope comes from
// edi.Reader, the content from edi/x835, edi/x999, edi/x277, edi/ta1 and
// edi/x837, and the words for codes from edi/codes. The readers run side
// by side over the one pass through the file, each in its own goroutine,
// and their findings are merged without repeats.
//
// A Document is written as JSON (WriteJSON), whose shape is documented in
// docs/inspect.md and versioned by SchemaVersion, or as a summary for
// people (WriteText). Both may hold values copied from the file, such as a
// 999's copy of a bad element or a patient control number: they are for
// the person or script that asked to inspect the file, never for logs.
// Finding messages never quote values.
package inspect
