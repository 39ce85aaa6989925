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
	var rejected int64
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
		money.Unexplained += b.Unexplained
		if b.Postings == 0 {
			rejected += b.Charge
		}
	}
	deposits, plb, payments, err := remittances(ctx, st)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "\nClaims (%d)\n", len(claims))
	for _, s := range lifecycle.Statuses() {
		if n := counts[s]; n > 0 {
			fmt.Fprintf(out, "  %-44s %12d\n", statusWords(s), n)
		}
	}

	row := func(label string, cents int64) {
		fmt.Fprintf(out, "  %-44s %12s\n", label, commas(edi.Amount(cents)))
	}
	fmt.Fprintf(out, "\nWhere the money of the %d claims sent went\n", sent)
	row("billed", money.Charge)
	row("paid by the payers", money.Paid)
	row("written off under the contracts", money.WrittenOff)
	row("denied or adjusted: to work", money.Denied)
	row("left to the patients", money.Patient)
	row("not adjudicated (rejected or still pending)", rejected)
	if money.Unexplained != 0 {
		row("not explained by the payers' 835s", money.Unexplained)
	}
	fmt.Fprintf(out, "\nWhat reached the bank: %d payments\n", payments)
	row("claim payments", money.Paid)
	row("minus provider-level adjustments (PLB)", plb)
	fmt.Fprintln(out, "    (as the 835 signs them: interest paid is")
	fmt.Fprintln(out, "    negative, money taken back positive)")
	row("deposited (BPR02) = payments - PLB", deposits)

	wl, err := st.GetWorklist(ctx, store.WorklistQuery{Limit: 1000})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nWork list (%d): what a biller does next\n", wl.Total)
	for _, it := range wl.Items {
		fmt.Fprintf(out, "  %-11s %10s  %s\n", it.PCN, commas(edi.Amount(it.AmountCents)),
			wrap(it.Reason, 74, 26))
		fmt.Fprintf(out, "  %-11s %10s  next: %s\n", "", "", wrap(it.NextStep, 68, 32))
	}
	if stuck == 0 {
		fmt.Fprintln(out, "\nNo claim is stuck: every claim sent has its answers.")
	} else {
		fmt.Fprintf(out, "\n%d claims are stuck: their answers are late.\n", stuck)
	}
	return nil
}

// remittances sums the payments received: what was deposited, what the
// payers took at provider level, and how many payments there were.
func remittances(ctx context.Context, st *store.Store) (deposits, plb int64, n int,
	err error) {
	q := store.RemitQuery{Limit: 1000}
	for {
		page, err := st.ListRemittances(ctx, q)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, r := range page.Remittances {
			deposits += r.AmountCents
			plb += r.ProviderAdjCent
			n++
		}
		if page.Next == "" {
			return deposits, plb, n, nil
		}
		q.Before = page.Next
	}
}

// wrap breaks text into lines of at most width characters, indenting the
// lines after the first by indent spaces.
func wrap(text string, width, indent int) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && line+1+len(w) > width {
			b.WriteString("\n" + strings.Repeat(" ", indent))
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
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
