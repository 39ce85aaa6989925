// Package edi reads and writes the X12 syntax shared by every transaction
// set claimflow handles: interchanges (ISA/IEA), functional groups (GS/GE),
// transaction sets (ST/SE), segments, elements, components and repetitions.
//
// It knows no transaction set. Packages below it (x837, x835, x999, ta1,
// x277) give meaning to the segments that Reader returns and build their
// own with Writer.
//
// Delimiters are never assumed. Each interchange declares its own in the
// ISA segment: the element separator is the byte after "ISA", the component
// separator follows the sixteenth element separator, and the segment
// terminator follows the component separator. ISA11 is a repetition
// separator only from version 00402 on, and only when it is punctuation.
//
// Positions are 1-based throughout, as in the implementation guides: the
// first segment of a file is ordinal 1, ST is position 1 of its set, and
// NM1-09 is element 9 of an NM1 segment.
package edi
