package demo

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// printSummary tells where every claim and every dollar ended up.
func printSummary(ctx context.Context, st *store.Store, out io.Writer) error {
	var claims []store.Claim
	q := store.ClaimQuery{Limit: 1000}
	for {
		page, err := st.ListClaims(ctx, q)
		if err != nil {
			return err
		}
		claims = append(claims, page.Claims...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}

	counts := map[lifecycle.Status]int{}
	var money posting.Balance
	var sent, stuck int
	for _, c := range claims {
		counts[c.Status]++
		if c.Stuck() {
			stuck++
		}
		if c.Status == lifecycle.Invalid || c.Status == lifecycle.Ready {
			continue
		}
		sent++
		b, err := posting.ClaimBalance(ctx, st, c.ID)
		if err != nil {
			return err
		}
		money.Charge += b.Charge
		money.Paid += b.Paid
		money.WrittenOff += b.WrittenOff
		money.Denied += b.Denied
		money.Patient += b.Patient
		money.Interest += b.Interest
		money.Recouped += b.Recouped
	}

	fmt.Fprintf(out, "\nClaims (%d)\n", len(claims))
	for _, s := range lifecycle.Statuses() {
		if n := counts[s]; n > 0 {
			fmt.Fprintf(out, "  %-36s %12d\n", statusWords(s), n)
		}
	}

	fmt.Fprintf(out, "\nMoney of the %d claims sent\n", sent)
	for _, row := range []struct {
		label string
		cents int64
	}{
		{"billed", money.Charge},
		{"paid by the payers", money.Paid},
		{"contractual adjustments written off", money.WrittenOff},
		{"denied or adjusted, to work", money.Denied},
		{"left to the patients", money.Patient},
		{"interest paid on top", money.Interest},
		{"taken back (recoupments)", money.Recouped},
	} {
		fmt.Fprintf(out, "  %-36s %12s\n", row.label, commas(edi.Amount(row.cents)))
	}

	wl, err := st.GetWorklist(ctx, store.WorklistQuery{Limit: 1000})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nWork list (%d): what a biller does next\n", wl.Total)
	for _, it := range wl.Items {
		fmt.Fprintf(out, "  %-11s %s %s\n  %11s next: %s\n", it.PCN,
			commas(edi.Amount(it.AmountCents)), it.Reason, "", it.NextStep)
	}
	if stuck == 0 {
		fmt.Fprintln(out, "\nNo claim is stuck: every claim sent has its answers.")
	}
	return nil
}

// commas renders an amount with thousands separators: 12,345.60.
func commas(a edi.Amount) string {
	s := a.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}
