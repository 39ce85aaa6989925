package inspect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/corpus"
)

// corpusFile is what one shared sample file holds. The figures were
// counted by hand from the files for the readers' own corpus tests
// (edi/x835, edi/x999, edi/x277, edi/ta1 and edi/x837) and are repeated
// here: the inspection must agree with the files, not with itself.
type corpusFile struct {
	kind string
	// shape is "interchanges/groups/sets".
	shape string
	// sets sums up each transaction set in file order; interchange-level
	// TA1s come first.
	sets []string
	// findings are "ordinal SEGMENTnn severity category", in file order;
	// nil for the 837s, whose readers' tests count segments instead.
	findings []string
	// segments counts every segment of an 837, ISA to IEA.
	segments int
}

var corpusFiles = map[string]corpusFile{
	"277CA_accepted_multi_hl.edi": {kind: "277ca", shape: "1/1/1",
		sets: []string{"277 5781 accepted A2:20; totals 21 accepted 1 125.00"}, findings: []string{}},
	"277CA_rejected_A7_pipe_component.edi": {kind: "277ca", shape: "1/1/1",
		sets:     []string{"277 3920394930203 rejected A7:562:85; totals 21 accepted 1 199.14"},
		findings: []string{"10 HL warning count", "10 HL warning count"}},

	"835_CRLF_CLP02_1_denial_modifier_SVC.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 57.44 BPR 57.44 PLB 0.00 statuses 1,1 lines 2 " +
			"balanced true"},
		findings: []string{}},
	"835_GS01_HC_custom_SVC_qualifier.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 1 paid 0.00 BPR 34.00 PLB 0.00 statuses 2 lines 1 " +
			"balanced false"},
		findings: []string{"3 ST warning envelope", "4 BPR02 warning balance",
			"17 CLP04 warning balance", "17 CLP03 warning balance", "17 CLP04 warning balance",
			"24 SVC01 warning data"}},
	"835_PLB_72_WO_B2_SE02_mismatch.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 3 paid 0.00 BPR 0.00 PLB -14.00 statuses 4,2,4 lines 0 " +
			"balanced false"},
		findings: []string{"4 BPR02 warning balance", "24 N1 warning structure",
			"34 N1 warning structure", "48 SE02 error control_number",
			"50 IEA02 error control_number"}},
	"835_all_fields_blank_lines_quote.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 1 paid 132.00 BPR 132.00 PLB 0.00 statuses 1 lines 7 " +
			"balanced true"},
		findings: []string{"23 CLP04 warning balance", "23 CLP03 warning balance",
			"23 CLP04 warning balance", "23 CLP05 warning balance", "83 SVC03 warning balance",
			"85 SVC03 warning balance", "92 SVC03 warning balance", "94 SE01 error count"}},
	"835_institutional_CRLF_NU_revcodes.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 100.00 BPR 100.00 PLB 0.00 statuses 1,1 lines 6 " +
			"balanced true"},
		findings: []string{}},
	"835_managed_care_two_claims.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 945.00 BPR 945.00 PLB 0.00 statuses 1,1 lines 2 " +
			"balanced true"},
		findings: []string{"4 BPR16 warning data"}},
	"835_medicare_partA_MIA_MOA_PLB_TS3.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 149998.73 BPR 150000.00 PLB -1.27 statuses 1,1 " +
			"lines 0 balanced true"},
		findings: []string{"13 TS309 info data", "13 TS311 info data", "23 TS309 info data",
			"23 TS311 info data"}},
	"835_negative_CAS_component_mismatch.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 1 paid 34.00 BPR 34.00 PLB 0.00 statuses 2 lines 1 " +
			"balanced true"},
		findings: []string{"4 BPR15 warning structure", "21 SVC01 warning syntax"}},
	"835_secondary_CAS_multi_triplet.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 1222.00 BPR 1222.00 PLB 0.00 statuses 2,2 lines 2 " +
			"balanced true"},
		findings: []string{"4 BPR15 warning structure", "29 SVC01 warning syntax"}},
	"835_tertiary_bad_SVC01.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 1 paid 187.50 BPR 187.50 PLB 0.00 statuses 3 lines 1 " +
			"balanced true"},
		findings: []string{"4 BPR15 warning structure", "16 CLP03 warning balance",
			"16 CLP04 warning balance", "20 SVC01 warning structure", "20 SVC06 warning data",
			"20 SVC06 warning structure", "20 SVC03 warning balance"}},
	"835_two_claims_LX_svc_PLB90.edi": {kind: "835", shape: "1/1/1",
		sets: []string{"835 claims 2 paid 395.00 BPR 391.05 PLB 3.95 statuses 1,1 lines 4 " +
			"balanced true"},
		findings: []string{"34 GE01 error count", "35 IEA02 error control_number"}},

	"999_accepted_ctrlnum_mismatch.edi": {kind: "999", shape: "1/1/1",
		sets:     []string{"999 HC 17456: 0001 A; group A 1/1/1"},
		findings: []string{"2 GS05 warning data", "10 IEA02 error control_number"}},
	"999_invalid_structure.edi": {kind: "999", shape: "1/1/1",
		sets: []string{"999 HC 17456: 0001 Q, 0002 R CLM@22:8 claims 123456789, " +
			"0003 R REF@57:3 claims 987654321; group P 3/3/1"},
		findings: []string{"4 IK5 error structure", "5 AK101 warning data",
			"6 AK204 warning syntax", "7 IK501 error data", "8 IK5 error structure",
			"19 AK904 warning count", "20 SE01 error count"}},
	"999_rejected_IK3_pipe_component.edi": {kind: "999", shape: "1/1/1",
		sets:     []string{"999 HC 28: 0028 R NM@17:1; group R 1/1/0"},
		findings: []string{}},
	"TA1_accepted_no_gs.edi": {kind: "ta1", shape: "1/0/0",
		sets:     []string{"TA1 000000050 2020-02-29 A 000"},
		findings: []string{"3 IEA01 error count"}},

	"837I_bare_CR_terminators.edi":              claims837("837i", 66, 1, 1, 1, 1, 9),
	"837I_repriced_component_mismatch.edi":      claims837("837i", 35, 1, 1, 1, 1, 1),
	"837I_trailing_space_two_segs_one_line.edi": claims837("837i", 52, 1, 1, 1, 1, 1),
	"837I_two_claims.edi":                       claims837("837i", 52, 1, 1, 1, 2, 3),
	"837I_value_codes_edifabric.edi":            claims837("837i", 47, 1, 1, 1, 1, 2),
	"837I_value_occurrence_codes.edi":           claims837("837i", 46, 1, 1, 1, 1, 2),
	"837P_4_service_lines_dependent.edi":        claims837("837p", 44, 1, 1, 1, 1, 4),
	"837P_CRLF_5ST_one_GS.edi":                  claims837("837p", 175, 1, 1, 5, 5, 5),
	"837P_ambulance_CR1.edi":                    claims837("837p", 56, 1, 1, 1, 1, 4),
	"837P_complex_multi_st_lines.edi":           claims837("837p", 298, 1, 1, 2, 6, 10),
	"837P_drug_LIN_CTP_6_lines.edi":             claims837("837p", 69, 1, 1, 1, 1, 6),
	"837P_header_only_no_HL.edi":                claims837("837p", 8, 1, 1, 1, 0, 0),
	"837P_mixed_CR_then_no_linebreaks.edi":      claims837("837p", 142, 1, 1, 1, 4, 5),
	"837P_multi_gs.edi":                         claims837("837p", 110, 1, 3, 3, 6, 6),
	"837P_multi_isa.edi":                        claims837("837p", 76, 2, 2, 2, 4, 4),
	"837P_multi_st_one_gs.edi":                  claims837("837p", 72, 1, 1, 2, 4, 4),
	"837P_stray_CR_trailing_space.edi":          claims837("837p", 45, 1, 1, 1, 1, 1),
	"837P_tilde_elem_underscore_seg.edi":        claims837("837p", 38, 1, 1, 1, 2, 2),
}

// claims837 states an 837's figures in the order of x837.Stats.
func claims837(kind string, segments, interchanges, groups, sets, claims, lines int) corpusFile {
	return corpusFile{kind: kind, segments: segments,
		shape: fmt.Sprintf("%d/%d/%d", interchanges, groups, sets),
		sets:  []string{fmt.Sprintf("837 totals: claims %d lines %d", claims, lines)}}
}

// TestCorpus inspects every file of the shared corpus with the JSON the
// command prints, and checks its figures.
func TestCorpus(t *testing.T) {
	for _, path := range corpus.Files(t, "*.edi") {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			want, ok := corpusFiles[name]
			if !ok {
				t.Fatalf("no expected figures for %s", name)
			}
			doc, err := InspectFile(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := doc.WriteJSON(&out); err != nil {
				t.Fatal(err)
			}
			var js map[string]any
			if err := json.Unmarshal(out.Bytes(), &js); err != nil {
				t.Fatal(err)
			}
			got := summarize(js)
			if got.kind != want.kind || got.shape != want.shape {
				t.Errorf("type %s, shape %s; want %s, %s", got.kind, got.shape, want.kind,
					want.shape)
			}
			if !slices.Equal(got.sets, want.sets) {
				t.Errorf("sets:\n%s\nwant\n%s", strings.Join(got.sets, "\n"),
					strings.Join(want.sets, "\n"))
			}
			if want.findings != nil && !slices.Equal(got.findings, want.findings) {
				t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got.findings, "\n"),
					strings.Join(want.findings, "\n"))
			}
			if want.segments != 0 && got.segments != want.segments {
				t.Errorf("%d segments, want %d", got.segments, want.segments)
			}
			checkFindingOrder(t, js)
		})
	}
}

// summarize reads the figures of a corpusFile from an inspection's JSON.
func summarize(js map[string]any) corpusFile {
	var c corpusFile
	c.kind = str(js["type"])
	ics, groups, sets := 0, 0, 0
	claims, lines := 0, 0
	for _, ic := range list(js["interchanges"]) {
		ics++
		c.segments += 2 // ISA and IEA
		for _, a := range list(obj(ic)["acknowledgments"]) {
			m := obj(a)
			c.sets = append(c.sets, strings.Join([]string{"TA1", str(m["control_number"]),
				str(m["date"]), str(m["status"]), str(m["note_code"])}, " "))
		}
		for _, g := range list(obj(ic)["groups"]) {
			groups++
			c.segments += 2 // GS and GE
			for _, s := range list(obj(g)["sets"]) {
				sets++
				m := obj(s)
				switch {
				case m["payment"] != nil:
					c.sets = append(c.sets, remitFigures(m))
				case m["group_status"] != nil:
					c.sets = append(c.sets, ackFigures(m))
				case m["counts"] != nil:
					n := obj(m["counts"])
					c.segments += num(n["segments"])
					claims += num(n["claims"])
					lines += num(n["lines"])
				case m["claims"] != nil:
					c.sets = append(c.sets, statusFigures(m))
				}
			}
		}
	}
	c.shape = fmt.Sprintf("%d/%d/%d", ics, groups, sets)
	if strings.HasPrefix(c.kind, "837") {
		c.sets = append(c.sets, fmt.Sprintf("837 totals: claims %d lines %d", claims, lines))
	} else {
		c.segments = 0
	}
	c.findings = []string{}
	for _, f := range list(js["findings"]) {
		m := obj(f)
		seg := str(m["segment"])
		if el := num(m["element"]); el > 0 {
			seg += fmt.Sprintf("%02d", el)
		}
		c.findings = append(c.findings, fmt.Sprintf("%d %s %s %s", num(m["segment_position"]),
			seg, str(m["severity"]), str(m["category"])))
	}
	return c
}

// remitFigures sums an 835 set up as the x835 corpus test counts it.
func remitFigures(m map[string]any) string {
	var plb edi.Amount
	for _, pa := range list(m["provider_adjustments"]) {
		plb += amountOf(obj(pa)["amount"])
	}
	var statuses []string
	var paid edi.Amount
	lines := 0
	for _, c := range list(m["claims"]) {
		cl := obj(c)
		statuses = append(statuses, str(cl["status_code"]))
		paid += amountOf(cl["paid"])
		lines += len(list(cl["services"]))
	}
	tot := obj(m["totals"])
	if num(tot["claims"]) != len(statuses) || amountOf(tot["paid"]) != paid ||
		amountOf(tot["provider_adjustments"]) != plb {
		return fmt.Sprintf("835 totals %v disagree with the claims and adjustments", tot)
	}
	return fmt.Sprintf("835 claims %d paid %s BPR %s PLB %s statuses %s lines %d balanced %v",
		len(statuses), paid, str(obj(m["payment"])["amount"]), plb,
		strings.Join(statuses, ","), lines, tot["balanced"])
}

// ackFigures sums a 999 up: the group answered, each set's verdict with
// its segment errors and claims, and AK9.
func ackFigures(m map[string]any) string {
	ag := obj(m["acknowledged_group"])
	var sets []string
	for _, s := range list(m["sets"]) {
		v := obj(s)
		line := str(v["control_number"]) + " " + str(v["status"])
		for _, e := range list(v["errors"]) {
			se := obj(e)
			line += fmt.Sprintf(" %s@%d:%s", str(se["segment"]), num(se["position"]),
				str(se["code"]))
		}
		var ids []string
		for _, id := range list(v["claim_ids"]) {
			ids = append(ids, str(id))
		}
		if len(ids) > 0 {
			line += " claims " + strings.Join(ids, ",")
		}
		sets = append(sets, line)
	}
	gs := obj(m["group_status"])
	return fmt.Sprintf("999 %s %s: %s; group %s %d/%d/%d", str(ag["functional_id"]),
		str(ag["control_number"]), strings.Join(sets, ", "), str(gs["status"]),
		num(gs["included"]), num(gs["received"]), num(gs["accepted"]))
}

// statusFigures sums a 277 up: each claim's verdict and statuses, and the
// accepted totals of each level that gives them.
func statusFigures(m map[string]any) string {
	var parts []string
	for _, c := range list(m["claims"]) {
		cl := obj(c)
		verdict := "accepted"
		if cl["rejected"] == true {
			verdict = "rejected"
		}
		var sts []string
		for _, s := range list(cl["statuses"]) {
			st := obj(s)
			code := str(st["category"]) + ":" + str(st["status"])
			if e := str(st["entity"]); e != "" {
				code += ":" + e
			}
			sts = append(sts, code)
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", str(cl["patient_control_number"]),
			verdict, strings.Join(sts, ",")))
	}
	for _, lt := range list(m["totals"]) {
		l := obj(lt)
		parts = append(parts, fmt.Sprintf("totals %s accepted %d %s", str(l["level"]),
			num(l["accepted_quantity"]), str(l["accepted_amount"])))
	}
	return "277 " + strings.Join(parts, "; ")
}

// checkFindingOrder checks that findings come in the order of their
// segments and that no set was left unread in a file of one kind.
func checkFindingOrder(t *testing.T, js map[string]any) {
	t.Helper()
	last := 0
	for _, f := range list(js["findings"]) {
		m := obj(f)
		pos := num(m["segment_position"])
		if pos < last {
			t.Errorf("finding at segment %d after one at %d", pos, last)
		}
		last = pos
		if str(m["category"]) == "unread" {
			t.Errorf("a set was left unread: %v", m)
		}
	}
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// amountOf reads a JSON money string; anything else is an impossible
// amount, so that a comparison with it fails.
func amountOf(v any) edi.Amount {
	a, err := edi.ParseAmount([]byte(str(v)))
	if err != nil {
		return -1 << 62
	}
	return a
}
