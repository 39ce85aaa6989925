package posting

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"

	"github.com/claimflow/claimflow/pipeline/store"
)

// writeoffData lists the adjustment reasons that are written off.
//
//go:embed data/writeoff.tsv
var writeoffData []byte

// writeoffs is the set of adjustment reasons written off, from the data
// file.
var writeoffs = func() map[string]bool {
	out := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(writeoffData))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		reason, _, _ := strings.Cut(line, "\t")
		out[reason] = true
	}
	return out
}()

// adjKind is what an adjustment does to a claim's money.
type adjKind int

const (
	adjDenied     adjKind = iota // a payer adjustment left open for a person
	adjWrittenOff                // written off by rule (data/writeoff.tsv)
	adjPatient                   // moved to the patient (PR)
	adjPriorPayer                // a later payer restating the earlier ones (OA-23)
)

// priorPayer is the reason with which a later payer restates what the
// payers before it did: not an adjustment of its own, so not counted.
const priorPayer = "23"

// kindOf tells what an adjustment does.
func kindOf(a store.RemitAdjustment) adjKind {
	switch {
	case a.Group == "PR":
		return adjPatient
	case a.Group == "OA" && a.Reason == priorPayer:
		return adjPriorPayer
	case writeoffs[a.Reason]:
		return adjWrittenOff
	}
	return adjDenied
}
