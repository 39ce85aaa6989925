package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// balanceJSON is a claim's balance in the JSON output.
type balanceJSON struct {
	ChargeCents      int64 `json:"charge_cents"`
	PaidCents        int64 `json:"paid_cents"`
	WrittenOffCents  int64 `json:"written_off_cents"`
	DeniedCents      int64 `json:"denied_cents"`
	PatientCents     int64 `json:"patient_cents"`
	OpenCents        int64 `json:"open_cents"`
	WithPayerCents   int64 `json:"with_payer_cents"`
	InterestCents    int64 `json:"interest_cents"`
	RecoupedCents    int64 `json:"recouped_cents"`
	UnexplainedCents int64 `json:"unexplained_cents"`
}

// eventJSON is a timeline entry in the JSON output.
type eventJSON struct {
	Seq          int    `json:"seq"`
	At           string `json:"at"`
	Kind         string `json:"kind"`
	Version      int    `json:"version"`
	Status       string `json:"status,omitempty"`
	StatusBefore string `json:"status_before,omitempty"`
	StatusAfter  string `json:"status_after"`
	FileID       string `json:"file_id,omitempty"`
	BatchID      string `json:"batch_id,omitempty"`
	Detail       string `json:"detail,omitempty"`
}

func newClaimsShowCmd() *cobra.Command {
	var db dbFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show PCN|ID [--json]",
		Short: "Show a claim: where it stands, its money and its whole timeline",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := oneClaim(cmd, s, args[0])
			if err != nil {
				return err
			}
			d, err := s.GetClaim(cmd.Context(), c.ID)
			if err != nil {
				return err
			}
			b, err := posting.ClaimBalance(cmd.Context(), s, c.ID)
			if err != nil {
				return err
			}
			if asJSON {
				return showJSON(cmd, d, b)
			}
			showText(cmd, d, b)
			return nil
		},
	}
	db.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object, for scripts")
	return cmd
}

// oneClaim finds the claim ref names: an ID, or a patient control number
// one claim had. Every command that takes a claim resolves it here.
// Several claims with that number are listed, and the command ends asking
// for an ID; no claim at all ends it with status 1.
func oneClaim(cmd *cobra.Command, s *store.Store, ref string) (store.Claim, error) {
	found, err := s.FindClaims(cmd.Context(), ref)
	if err != nil {
		return store.Claim{}, err
	}
	switch len(found) {
	case 0:
		return store.Claim{}, &exitError{code: 1, msg: "no claim has that ID or patient control number"}
	case 1:
		return found[0], nil
	}
	out := cmd.OutOrStdout()
	for _, c := range found {
		fmt.Fprintf(out, "%s\t%s\t%s\n", c.ID, c.PCN, c.Status)
	}
	return store.Claim{}, &exitError{code: 1,
		msg: fmt.Sprintf("%d claims had that number; name one by its ID", len(found))}
}

func showText(cmd *cobra.Command, d store.ClaimDetail, b posting.Balance) {
	out := cmd.OutOrStdout()
	m := func(n int64) string { return edi.Amount(n).String() }
	c := d.Claim
	fmt.Fprintf(out, "claim %s  PCN %s  %s  payer %s", c.ID, c.PCN, c.Kind, c.PayerID)
	if c.Connection != "" {
		fmt.Fprintf(out, "  connection %s", c.Connection)
	}
	fmt.Fprintf(out, "\nstatus %s, version %d", c.Status, c.Version)
	if c.Stuck() {
		fmt.Fprintf(out, ", late since %s", c.StuckSince.Format("2006-01-02 15:04Z"))
	}
	if c.PayerClaimNumber != "" {
		fmt.Fprintf(out, ", payer claim number %s", c.PayerClaimNumber)
	}
	fmt.Fprintf(out, "\ncharge %s  paid %s  written off %s  denied %s  patient %s  "+
		"open %s  with payer %s\n", m(b.Charge), m(b.Paid), m(b.WrittenOff), m(b.Denied),
		m(b.Patient), m(b.Open()), m(b.WithPayer()))
	if b.Interest != 0 || b.Recouped != 0 || b.Unexplained != 0 {
		fmt.Fprintf(out, "interest %s  recouped %s  unexplained %s\n", m(b.Interest),
			m(b.Recouped), m(b.Unexplained))
	}
	for _, f := range d.Current.Findings {
		fmt.Fprintf(out, "finding: %s %s %s: %s\n", f.Severity, f.Code, f.Path, f.Message)
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tAT\tEVENT\tV\tSTATUS\tDETAIL")
	for _, e := range d.Timeline {
		st := string(e.StatusAfter)
		if e.Moved() && e.StatusBefore != "" {
			st = string(e.StatusBefore) + " -> " + st
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", e.Seq, e.At.Format("2006-01-02 15:04Z"),
			e.Kind, e.Version, st, e.Detail)
	}
	tw.Flush()
}

func showJSON(cmd *cobra.Command, d store.ClaimDetail, b posting.Balance) error {
	v := struct {
		Claim    claimJSON   `json:"claim"`
		Balance  balanceJSON `json:"balance"`
		Timeline []eventJSON `json:"timeline"`
	}{Claim: toJSON(d.Claim), Balance: balanceJSON{ChargeCents: b.Charge, PaidCents: b.Paid,
		WrittenOffCents: b.WrittenOff, DeniedCents: b.Denied, PatientCents: b.Patient,
		OpenCents: b.Open(), WithPayerCents: b.WithPayer(), InterestCents: b.Interest,
		RecoupedCents: b.Recouped, UnexplainedCents: b.Unexplained}}
	for _, e := range d.Timeline {
		v.Timeline = append(v.Timeline, eventJSON{Seq: e.Seq,
			At: e.At.Format("2006-01-02T15:04:05Z"), Kind: string(e.Kind), Version: e.Version,
			Status: string(e.Status), StatusBefore: string(e.StatusBefore),
			StatusAfter: string(e.StatusAfter), FileID: e.FileID, BatchID: e.BatchID,
			Detail: e.Detail})
	}
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
