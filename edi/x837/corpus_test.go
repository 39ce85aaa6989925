package x837

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi/internal/corpus"
)

// TestCorpus reads every 837 of the shared corpus without a panic and
// checks its counts, which were made independently by splitting each file
// on the terminator its ISA declares.
func TestCorpus(t *testing.T) {
	want := map[string]Stats{
		"837I_bare_CR_terminators.edi":              {66, 1, 1, 1, 1, 9},
		"837I_repriced_component_mismatch.edi":      {35, 1, 1, 1, 1, 1},
		"837I_trailing_space_two_segs_one_line.edi": {52, 1, 1, 1, 1, 1},
		"837I_two_claims.edi":                       {52, 1, 1, 1, 2, 3},
		"837I_value_codes_edifabric.edi":            {47, 1, 1, 1, 1, 2},
		"837I_value_occurrence_codes.edi":           {46, 1, 1, 1, 1, 2},
		"837P_4_service_lines_dependent.edi":        {44, 1, 1, 1, 1, 4},
		"837P_CRLF_5ST_one_GS.edi":                  {175, 1, 1, 5, 5, 5},
		"837P_ambulance_CR1.edi":                    {56, 1, 1, 1, 1, 4},
		"837P_complex_multi_st_lines.edi":           {298, 1, 1, 2, 6, 10},
		"837P_drug_LIN_CTP_6_lines.edi":             {69, 1, 1, 1, 1, 6},
		"837P_header_only_no_HL.edi":                {8, 1, 1, 1, 0, 0},
		"837P_mixed_CR_then_no_linebreaks.edi":      {142, 1, 1, 1, 4, 5},
		"837P_multi_gs.edi":                         {110, 1, 3, 3, 6, 6},
		"837P_multi_isa.edi":                        {76, 2, 2, 2, 4, 4},
		"837P_multi_st_one_gs.edi":                  {72, 1, 1, 2, 4, 4},
		"837P_stray_CR_trailing_space.edi":          {45, 1, 1, 1, 1, 1},
		"837P_tilde_elem_underscore_seg.edi":        {38, 1, 1, 1, 2, 2},
	}
	for _, f := range corpus.Files(t, "837*") {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expected counts for %s", name)
			}
			in, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			r := NewReader(in)
			n := 0
			for {
				_, err := r.Next()
				if err != nil {
					break
				}
				n++
			}
			got := r.Stats()
			if got != w || n != w.Claims {
				t.Errorf("stats %+v (%d claims returned), want %+v", got, n, w)
			}
			if testing.Verbose() {
				for _, f := range r.Findings() {
					t.Log(strings.TrimPrefix(f.Error(), ": "))
				}
			}
		})
	}
}
