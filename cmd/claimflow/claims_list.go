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
	Total            string `json:"total"`
	Version          int    `json:"version"`
	PayerClaimNumber string `json:"payer_claim_number,omitempty"`
	UpdatedAt        string `json:"updated_at"`
}

func toJSON(c store.Claim) claimJSON {
	return claimJSON{ID: c.ID, PCN: c.PCN, Status: string(c.Status), Stuck: c.Stuck(),
		Kind: string(c.Kind), PayerID: c.PayerID, Connection: c.Connection,
		Total: edi.Amount(c.TotalCents).String(), Version: c.Version,
		PayerClaimNumber: c.PayerClaimNumber,
		UpdatedAt:        c.UpdatedAt.Format("2006-01-02T15:04:05Z")}
}

func newClaimsListCmd() *cobra.Command {
	var db dbFlags
	var status string
	var stuck, asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--status S] [--stuck] [--json]",
		Short: "List claims, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q := store.ClaimQuery{StuckOnly: stuck, Limit: 1000}
			if status != "" {
				st, err := lifecycle.ParseStatus(status)
				if err != nil {
					return &exitError{code: 2, msg: err.Error()}
				}
				q.Status = st
			}
			s, err := db.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			out := cmd.OutOrStdout()
			enc := json.NewEncoder(out)
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			if !asJSON {
				fmt.Fprintln(tw, "ID\tPCN\tSTATUS\tKIND\tPAYER\tTOTAL\tVERSION")
			}
			n := 0
			for {
				page, err := s.ListClaims(cmd.Context(), q)
				if err != nil {
					return err
				}
				for _, c := range page.Claims {
					n++
					if asJSON {
						if err := enc.Encode(toJSON(c)); err != nil {
							return err
						}
						continue
					}
					st := string(c.Status)
					if c.Stuck() {
						st += " (stuck)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", c.ID, c.PCN, st, c.Kind,
						c.PayerID, edi.Amount(c.TotalCents), c.Version)
				}
				if page.Next == "" {
					break
				}
				q.After = page.Next
			}
			if asJSON {
				return nil
			}
			tw.Flush()
			fmt.Fprintf(out, "%d claims\n", n)
			return nil
		},
	}
	db.add(cmd)
	cmd.Flags().StringVar(&status, "status", "", "only claims in this status")
	cmd.Flags().BoolVar(&stuck, "stuck", false, "only claims whose answer is late")
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per claim, for scripts")
	return cmd
}
