package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi/codes"
)

// The answer tables keep some details as JSON: the STC composites of a
// 277CA claim (claim_acks.statuses), the IK3/IK4 errors of a 999
// (acknowledgments.errors) and a file's findings (files.findings). The
// readers here accept the shapes the posting writes (objects whose keys
// name the parts, in any letter case, or "A7:562:IL" strings) and skip
// what they cannot read rather than fail a page over it.

// StatusCode is one STC composite of a 277CA: category, status and entity.
type StatusCode struct {
	Category string `json:"category"`
	Code     string `json:"code"`
	Entity   string `json:"entity,omitempty"`
}

// String is the composite as X12 writes it, e.g. "A7:562:IL".
func (c StatusCode) String() string {
	s := c.Category + ":" + c.Code
	if c.Entity != "" {
		s += ":" + c.Entity
	}
	return s
}

// Rejected reports whether the category returns the claim.
func (c StatusCode) Rejected() bool {
	switch c.Category {
	case "A3", "A4", "A6", "A7", "A8":
		return true
	}
	return false
}

// Describe says in words what the composite means, e.g. "Rejected for
// invalid information: Entity's Medicaid provider ID (subscriber)".
func (c StatusCode) Describe() string {
	s := codes.StatusCategory.Describe(c.Category)
	if c.Code != "" {
		s += ": " + codes.ClaimStatusCode.Describe(c.Code)
	}
	if c.Entity != "" {
		s += " (" + strings.ToLower(codes.Entity.Describe(c.Entity)) + ")"
	}
	return s
}

// AckError is one error a 999 reports of a transaction set: an IK3
// segment error with its IK4 element error when it has one, or, without a
// segment, a set-level code (IK502) or group-level code (AK905).
type AckError struct {
	Segment            string `json:"segment"`      // IK301
	Position           int    `json:"position"`     // IK302, counted from ST
	Loop               string `json:"loop"`         // IK303
	SegmentCode        string `json:"segment_code"` // IK304, IK502 or AK905
	Description        string `json:"description"`  // of SegmentCode, when given
	Claim              string `json:"claim"`        // CTX CLM01: the claim it names
	Element            int    `json:"element"`      // IK401-1
	ElementCode        string `json:"element_code"` // IK403
	ElementDescription string `json:"element_description"`
}

// Describe says in words what went wrong. The bad value (IK404) is never
// shown: it may be patient data.
func (e AckError) Describe() string {
	var parts []string
	if e.Segment != "" {
		where := "segment " + e.Segment
		if e.Element > 0 {
			where = fmt.Sprintf("%s%02d", e.Segment, e.Element)
		}
		if e.Position > 0 {
			where += fmt.Sprintf(" at position %d", e.Position)
		}
		if e.Loop != "" {
			where += " in loop " + e.Loop
		}
		parts = append(parts, where)
	}
	switch {
	case e.Description != "":
		parts = append(parts, e.Description)
	case e.SegmentCode != "" && e.Segment != "":
		parts = append(parts, codes.IK3Error.Describe(e.SegmentCode))
	case e.SegmentCode != "":
		parts = append(parts, codes.SetSyntaxError.Describe(e.SegmentCode))
	}
	switch {
	case e.ElementDescription != "":
		parts = append(parts, e.ElementDescription)
	case e.ElementCode != "":
		parts = append(parts, codes.IK4Error.Describe(e.ElementCode))
	}
	return strings.Join(parts, ": ")
}

// FileFinding is one finding kept with a stored file.
type FileFinding struct {
	Severity  string `json:"severity"`
	Ordinal   int    `json:"ordinal"` // the segment's ordinal in the file; 0 for none
	Segment   string `json:"segment"`
	Element   int    `json:"element"`
	Component int    `json:"component"`
	Message   string `json:"message"`
}

// lowerKeys decodes a JSON object with its keys lower-cased and stripped
// of underscores, so that "SegmentCode", "segment_code" and "segmentcode"
// read alike.
func lowerKeys(raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[strings.ReplaceAll(strings.ToLower(k), "_", "")] = v
	}
	return out
}

// pick returns the first of keys present in m, as a string; numbers are
// formatted.
func pick(m map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		v, ok := m[k]
		if !ok {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			return n.String()
		}
	}
	return ""
}

func pickInt(m map[string]json.RawMessage, keys ...string) int {
	n, _ := strconv.Atoi(pick(m, keys...))
	return n
}

// parseStatusCodes reads claim_acks.statuses.
func parseStatusCodes(raw string) []StatusCode {
	var items []json.RawMessage
	if json.Unmarshal([]byte(raw), &items) != nil {
		return nil
	}
	var out []StatusCode
	for _, it := range items {
		var s string
		if json.Unmarshal(it, &s) == nil {
			parts := strings.Split(s, ":")
			c := StatusCode{Category: parts[0]}
			if len(parts) > 1 {
				c.Code = parts[1]
			}
			if len(parts) > 2 {
				c.Entity = parts[2]
			}
			out = append(out, c)
			continue
		}
		m := lowerKeys(it)
		if m == nil {
			continue
		}
		// An STC with its composites nested under "codes".
		if nested, ok := m["codes"]; ok {
			for _, c := range parseStatusCodes(string(nested)) {
				if c.Category != "" {
					out = append(out, c)
				}
			}
			continue
		}
		c := StatusCode{
			Category: pick(m, "category", "statuscategory"),
			Code:     pick(m, "code", "status", "statuscode"),
			Entity:   pick(m, "entity", "entitycode"),
		}
		if c.Category != "" {
			out = append(out, c)
		}
	}
	return out
}

// ParseAckErrors reads the errors kept with a 999 answer.
func ParseAckErrors(raw []byte) []AckError { return parseAckErrors(string(raw)) }

// parseAckErrors reads acknowledgments.errors.
func parseAckErrors(raw string) []AckError {
	var items []json.RawMessage
	if json.Unmarshal([]byte(raw), &items) != nil {
		return nil
	}
	var out []AckError
	for _, it := range items {
		m := lowerKeys(it)
		if m == nil {
			continue
		}
		e := AckError{
			Segment:            pick(m, "segment", "segmentid", "ik301"),
			Position:           pickInt(m, "position", "ik302"),
			Loop:               pick(m, "loop", "loopid", "ik303"),
			SegmentCode:        pick(m, "segmentcode", "code", "ik304"),
			Description:        pick(m, "description"),
			Claim:              pick(m, "claim"),
			Element:            pickInt(m, "element", "elementposition", "ik401"),
			ElementCode:        pick(m, "elementcode", "ik403"),
			ElementDescription: pick(m, "elementdescription"),
		}
		// Element errors nested under their segment error.
		var nested []json.RawMessage
		if json.Unmarshal(m["elements"], &nested) == nil && len(nested) > 0 {
			for _, raw := range nested {
				el := lowerKeys(raw)
				if el == nil {
					continue
				}
				e2 := e
				e2.Element = pickInt(el, "element", "elementposition", "ik401")
				e2.ElementCode = pick(el, "code", "elementcode", "ik403")
				e2.ElementDescription = pick(el, "description")
				out = append(out, e2)
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// ParseFileFindings reads the findings kept with a file (File.Findings).
func ParseFileFindings(raw []byte) []FileFinding { return parseFileFindings(string(raw)) }

// parseFileFindings reads files.findings.
func parseFileFindings(raw string) []FileFinding {
	var items []json.RawMessage
	if json.Unmarshal([]byte(raw), &items) != nil {
		return nil
	}
	var out []FileFinding
	for _, it := range items {
		m := lowerKeys(it)
		if m == nil {
			continue
		}
		f := FileFinding{
			Severity:  pick(m, "severity"),
			Ordinal:   pickInt(m, "ordinal", "segmentordinal"),
			Segment:   pick(m, "segment", "segmentid"),
			Element:   pickInt(m, "element"),
			Component: pickInt(m, "component"),
			Message:   pick(m, "message", "msg"),
		}
		if pos := lowerKeys(m["pos"]); pos != nil && f.Ordinal == 0 {
			f.Ordinal = pickInt(pos, "ordinal")
		}
		// "at" is the position as edi.Position writes it: "segment 14 (...)".
		if at := pick(m, "at"); f.Ordinal == 0 && at != "" {
			if n, ok := strings.CutPrefix(at, "segment "); ok {
				n, _, _ = strings.Cut(n, " ")
				f.Ordinal, _ = strconv.Atoi(n)
			}
		}
		if f.Severity == "" {
			f.Severity = "error"
		}
		out = append(out, f)
	}
	return out
}

// firstNonEmpty returns the first of ss that is not "".
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
