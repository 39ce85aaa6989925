package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// claimJSON is a claim as the JSON outputs give it.
type claimJSON struct {
	ID               string `json:"id"`
	PCN              string `json:"pcn"`
	Status           string `json:"status"`
	Stuck            bool   `json:"stuck"`
	Kind             string `json:"kind"`
	PayerID          string `json:"payer_id"`
	Connection       string `json:"connection,omitempty"`
	TotalCents       int64  `json:"total_cents"`
	Version          int    `json:"version"`
	PayerClaimNumber string `json:"payer_claim_number,omitempty"`
	UpdatedAt        string `json:"updated_at"`
}

func toJSON(c store.Claim) claimJSON {
	return claimJSON{ID: c.ID, PCN: c.PCN, Status: string(c.Status), Stuck: c.Stuck(),
		Kind: string(c.Kind), PayerID: c.PayerID, Connection: c.Connection,
		TotalCents: c.TotalCents, Version: c.Version,
		PayerClaimNumber: c.PayerClaimNumber,
		UpdatedAt:        c.UpdatedAt.Format("2006-01-02T15:04:05Z")}
}

func newClaimsListCmd() *cobra.Command {
	var f listFlags
	var stuck bool
	cmd := &cobra.Command{
		Use:   "list [--status S] [--stuck] [--json]",
		Short: "List claims, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClaimsList(cmd, &f, stuck)
		},
	}
	f.add(cmd, "only claims in this status: "+lifecycle.StatusNames())
	cmd.Flags().BoolVar(&stuck, "stuck", false, "only claims whose answer is late")
	return cmd
}

func runClaimsList(cmd *cobra.Command, f *listFlags, stuck bool) error {
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return err
	}
	q := store.ClaimQuery{StuckOnly: stuck, Connection: f.connection, Since: since,
		Offset: offset, Limit: limit}
	if f.status != "" {
		st, err := lifecycle.ParseStatus(f.status)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		q.Status = st
	}
	s, err := f.open(cmd.Context())
	if err != nil {
		return err
	}
	defer s.Close()
	page, err := s.ListClaims(cmd.Context(), q)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		enc := json.NewEncoder(out)
		for _, c := range page.Claims {
			if err := enc.Encode(toJSON(c)); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPCN\tSTATUS\tKIND\tPAYER\tTOTAL\tVERSION")
	for _, c := range page.Claims {
		st := string(c.Status)
		if c.Stuck() {
			st += " (stuck)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", c.ID, c.PCN, st, c.Kind,
			c.PayerID, edi.Amount(c.TotalCents), c.Version)
	}
	tw.Flush()
	fmt.Fprintf(out, "%d claims", len(page.Claims))
	if page.Next != "" {
		if f.page > 0 {
			fmt.Fprintf(out, "; more with --page %d", f.page+1)
		} else {
			fmt.Fprintf(out, "; more with --offset %d", offset+limit)
		}
	}
	fmt.Fprintln(out)
	return nil
}
