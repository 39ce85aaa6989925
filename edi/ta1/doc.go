// Package ta1 reads and writes TA1 interchange acknowledgments.
//
// A TA1 answers one interchange (ISA ... IEA) as a whole: it names the
// interchange by its control number (TA101, the ISA13 it answers), repeats
// its date and time (TA102, TA103), says whether it was accepted (TA104:
// A accepted, E accepted with errors, R rejected) and why (TA105, a note
// code). TA1 segments sit directly inside an interchange, outside any
// functional group; an interchange may hold only TA1s, or TA1s beside
// groups such as a 999.
//
// Reader streams the TA1s of a file one at a time, each with the envelope
// it came in, and records what is malformed as edi.Findings while reading
// on. Writer builds TA1 files from the same values, for the clearinghouse
// simulator.
//
// Like edi.Interchange, the date and time pairs of the envelope (ISA09 and
// ISA10, TA102 and TA103) are time.Time values in UTC.
package ta1
