package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

func newReportCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Aging, denials and first-pass acceptance by payer"}
	for _, r := range []struct{ name, short string }{
		{"aging", "Open balances by payer in 0-30, 31-60, 61-90 and 90+ day buckets"},
		{"denials", "Denial rate and the most frequent reasons, by payer"},
		{"acceptance", "First-pass acceptance rate and days to payment, by payer"},
	} {
		var f listFlags
		var payer, asOf string
		sub := &cobra.Command{
			Use:   r.name,
			Short: r.short,
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				return runReport(cmd, r.name, &f, payer, asOf)
			},
		}
		f.dbFlags.add(sub)
		fl := sub.Flags()
		fl.BoolVar(&f.json, "json", false, "print JSON for scripts")
		fl.StringVar(&payer, "payer", "", "only this payer ID")
		fl.StringVar(&f.connection, "connection", "", "only this connection")
		fl.StringVar(&f.since, "since", "", "only claims received since a date or days (30d)")
		if r.name == "aging" {
			fl.StringVar(&asOf, "as-of", "", "the day to age to (default today)")
		}
		cmd.AddCommand(sub)
	}
	return cmd
}

func runReport(cmd *cobra.Command, name string, f *listFlags, payer, asOf string) error {
	ctx := cmd.Context()
	now := timeNow()
	if asOf != "" {
		t, err := time.Parse("2006-01-02", asOf)
		if err != nil {
			return fmt.Errorf("--as-of %q: give a date such as 2025-04-15", asOf)
		}
		now = t
	}
	since, err := f.sinceTime(now)
	if err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	q := store.ReportQuery{PayerID: payer, Connection: f.connection, Since: since}
	out := cmd.OutOrStdout()
	var rep any
	var print func() error
	switch name {
	case "aging":
		a, err := s.Aging(ctx, q, now)
		rep, print = a, func() error { return printAging(out, a) }
		if err != nil {
			return err
		}
	case "denials":
		d, err := s.Denials(ctx, q, 10)
		rep, print = d, func() error { return printDenials(out, d) }
		if err != nil {
			return err
		}
	default:
		a, err := s.Acceptance(ctx, q)
		rep, print = a, func() error { return printAcceptance(out, a) }
		if err != nil {
			return err
		}
	}
	if f.json {
		return printJSON(out, rep)
	}
	return print()
}

func printAging(out io.Writer, a store.AgingReport) error {
	fmt.Fprintf(out, "Open balances as of %s, by days since first sent: charge minus what "+
		"payers paid and adjusted (CO, OA, PI);\nwhat patients owe (PR) is part of it and "+
		"shown apart.\n\n", present.Date(a.AsOf))
	t := newTable("PAYER", "NAME", "0-30>", "31-60>", "61-90>", "90+>", "TOTAL>", "PATIENT>",
		"WITH PAYER>", "CLAIMS>")
	row := func(r store.AgingRow) {
		t.add(r.PayerID, r.PayerName, present.Money(r.Cents[0]), present.Money(r.Cents[1]),
			present.Money(r.Cents[2]), present.Money(r.Cents[3]), present.Money(r.TotalCents()),
			present.Money(r.PatientCents), present.Money(r.WithPayerCents()),
			strconv.Itoa(r.TotalCount()))
	}
	for _, r := range a.Rows {
		row(r)
	}
	row(a.Total)
	return t.print(out)
}

func printDenials(out io.Writer, d store.DenialReport) error {
	t := newTable("PAYER", "NAME", "DECIDED>", "DENIED>", "RATE>", "DENIED CHARGES>",
		"PAID WITH LINES DENIED>", "LINES>", "DENIED ON LINES>", "TOP REASON")
	row := func(r store.DenialRow) {
		top := ""
		if len(r.TopReasons) > 0 {
			top = r.TopReasons[0].Code() + " " + r.TopReasons[0].Text
		}
		t.add(r.PayerID, r.PayerName, strconv.Itoa(r.Adjudicated), strconv.Itoa(r.Denied),
			present.Percent(r.Rate()), present.Money(r.DeniedCents), strconv.Itoa(r.LineDenied),
			strconv.Itoa(r.LinesDenied), present.Money(r.LineDeniedCents), top)
	}
	for _, r := range d.Rows {
		row(r)
	}
	row(d.Total)
	if err := t.print(out); err != nil {
		return err
	}
	if len(d.TopReasons) == 0 {
		return nil
	}
	fmt.Fprintln(out, "\nMost frequent denial reasons:")
	rt := newTable("CODE", "CLAIMS DENIED>", "AMOUNT>", "PAID CLAIMS>", "LINES>",
		"LINES AMOUNT>", "REASON")
	for _, r := range d.TopReasons {
		rt.add(r.Code(), strconv.Itoa(r.Claims), present.Money(r.AmountCents),
			strconv.Itoa(r.LineClaims), strconv.Itoa(r.Lines), present.Money(r.LineCents), r.Text)
	}
	return rt.print(out)
}

func printAcceptance(out io.Writer, a store.AcceptanceReport) error {
	t := newTable("PAYER", "NAME", "SENT>", "ACCEPTED FIRST TIME>", "REJECTED>", "RATE>",
		"WITH A PAYMENT>", "DAYS TO PAYMENT>")
	row := func(r store.AcceptanceRow) {
		days := "-"
		if r.Paid > 0 {
			days = strconv.FormatFloat(r.DaysToPay, 'f', 1, 64)
		}
		t.add(r.PayerID, r.PayerName, strconv.Itoa(r.Submitted), strconv.Itoa(r.FirstPass),
			strconv.Itoa(r.Rejected), present.Percent(r.Rate()), strconv.Itoa(r.Paid), days)
	}
	for _, r := range a.Rows {
		row(r)
	}
	row(a.Total)
	return t.print(out)
}
