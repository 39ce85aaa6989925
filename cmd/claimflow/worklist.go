package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

func newWorklistCmd() *cobra.Command {
	var f listFlags
	var payer string
	cmd := &cobra.Command{
		Use: "worklist",
		Short: "What needs a person: rejected, denied, held and stuck claims, " +
			"unmatched answers, 835s that do not balance, files cut short or unreadable",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWorklist(cmd, &f, payer)
		},
	}
	kinds := make([]string, 0, len(store.WorkKinds()))
	for _, k := range store.WorkKinds() {
		kinds = append(kinds, string(k))
	}
	f.add(cmd, "only this kind of item: "+strings.Join(kinds, ", "), flagSince)
	cmd.Flags().StringVar(&payer, "payer", "", "only this payer ID")
	return cmd
}

// workAliases are words for work item kinds that the pages and the
// reports use.
var workAliases = map[string]store.WorkKind{
	"held":       store.WorkInvalid,
	"unbalanced": store.WorkImbalance,
}

// parseWorkKind reads --status of the work list: a kind or an alias. The
// error lists the kinds.
func parseWorkKind(s string) (store.WorkKind, error) {
	word := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	if k, ok := workAliases[word]; ok {
		return k, nil
	}
	var names []string
	for _, k := range store.WorkKinds() {
		if string(k) == word {
			return k, nil
		}
		name := string(k)
		for alias, to := range workAliases {
			if to == k {
				name += " (or " + alias + ")"
			}
		}
		names = append(names, name)
	}
	return "", fmt.Errorf("--status %q: give one of %s", s, strings.Join(names, ", "))
}

func runWorklist(cmd *cobra.Command, f *listFlags, payer string) error {
	ctx := cmd.Context()
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	q := store.WorklistQuery{PayerID: payer, Connection: f.connection, Offset: offset,
		Limit: limit}
	if f.status != "" {
		k, err := parseWorkKind(f.status)
		if err != nil {
			return err
		}
		q.Kinds = []store.WorkKind{k}
	}
	wl, err := s.GetWorklist(ctx, q)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, wl)
	}
	if len(wl.Items) == 0 {
		msg := "Nothing to do: no claim is rejected, denied, held or stuck, and every " +
			"answer found its claim."
		if n := wl.AllItems(); n > 0 || len(q.Kinds) > 0 || offset > 0 {
			msg = fmt.Sprintf("No work items here; the work list holds %d in all "+
				"for the payer and connection asked.", n)
		}
		_, err := fmt.Fprintln(out, msg)
		return err
	}
	var counts []string
	for _, k := range store.WorkKinds() {
		if n := wl.Counts[k]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", present.WorkKind(k), n))
		}
	}
	noun := "items"
	if wl.Total == 1 {
		noun = "item"
	}
	fmt.Fprintf(out, "%d %s. All work: %s.\n", wl.Total, noun, strings.Join(counts, ", "))
	na := wl.NeedsAction()
	fmt.Fprintf(out, "Claims that need action: %d, with %s at issue (denied, or still open "+
		"with the payer).\n\n", na.Count, present.Dollars(na.Cents))
	for _, it := range wl.Items {
		ref := it.PCN
		if it.ClaimID != "" {
			ref += " (claim " + it.ClaimID + ")"
		} else if it.RemittanceID != "" {
			ref += " (payment " + it.RemittanceID + ")"
		}
		fmt.Fprintf(out, "%s  %s  %s  %s  %s\n", present.Date(it.Since),
			present.WorkKind(it.Kind), strings.TrimSpace(ref), firstOf(it.PayerID, "-"),
			present.Dollars(it.AmountCents)+" "+amountWord(it.Kind))
		fmt.Fprintf(out, "  Why:  %s\n  Next: %s\n\n", it.Reason, it.NextStep)
	}
	return nil
}

// amountWord says what a work item's amount is.
func amountWord(k store.WorkKind) string {
	switch {
	case k.IsClaim():
		return "at issue"
	case k == store.WorkUnmatched:
		return "unmatched payment"
	}
	return "imbalance"
}
