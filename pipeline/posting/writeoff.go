package posting

import (
	_ "embed"

	"github.com/claimflow/claimflow/pipeline/store"
)

// adjKind is what an adjustment does to a claim's money.
type adjKind int

const (
	adjDenied     adjKind = iota // a payer adjustment left open for a person
	adjWrittenOff                // written off by rule (store.WrittenOffByRule)
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
	case store.WrittenOffByRule(a.Reason):
		return adjWrittenOff
	}
	return adjDenied
}
