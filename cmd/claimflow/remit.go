package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

// remitFlags are the flags of remit list and remit export.
type remitFlags struct {
	listFlags
	payer string
	trace string
	csv   bool
	out   string
}

func (f *remitFlags) query() (store.RemitQuery, error) {
	offset, limit, err := f.window()
	if err != nil {
		return store.RemitQuery{}, err
	}
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return store.RemitQuery{}, err
	}
	return store.RemitQuery{PayerID: f.payer, Connection: f.connection, Trace: f.trace,
		Since: since, Offset: offset, Limit: limit}, nil
}

func newRemitCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "remit", Short: "Payments (835): per payment and per claim"}
	var lf remitFlags
	list := &cobra.Command{
		Use:   "list",
		Short: "List payments, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRemitList(cmd, &lf)
		},
	}
	lf.add(list, "")
	list.Flags().StringVar(&lf.payer, "payer", "", "only this payer ID")
	list.Flags().StringVar(&lf.trace, "trace", "", "only this check or EFT trace number")

	var sf remitFlags
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show a payment: every claim, adjustment and remark, and provider adjustments",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemitShow(cmd, &sf, args[0])
		},
	}
	sf.dbFlags.add(show)
	show.Flags().BoolVar(&sf.json, "json", false, "print JSON for scripts")

	var ef remitFlags
	export := &cobra.Command{
		Use:   "export --csv",
		Short: "Export claim payments as CSV for a spreadsheet",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRemitExport(cmd, &ef)
		},
	}
	ef.dbFlags.add(export)
	fl := export.Flags()
	fl.BoolVar(&ef.csv, "csv", false, "write CSV (the only format)")
	fl.StringVar(&ef.out, "out", "", "write to this file instead of standard output")
	fl.StringVar(&ef.payer, "payer", "", "only this payer ID")
	fl.StringVar(&ef.connection, "connection", "", "only this connection")
	fl.StringVar(&ef.since, "since", "", "only payments received since a date or days (30d)")
	cmd.AddCommand(list, show, export)
	return cmd
}

func runRemitList(cmd *cobra.Command, f *remitFlags) error {
	ctx := cmd.Context()
	q, err := f.query()
	if err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	page, err := s.ListRemittances(ctx, q)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, page)
	}
	if len(page.Remittances) == 0 {
		_, err := fmt.Fprintln(out, "No payments.")
		return err
	}
	t := newTable("ID", "PAYMENT DATE", "PAYER", "TRACE", "METHOD", "CLAIMS>",
		"CLAIM PAYMENTS>", "PLB>", "DEPOSIT>", "DEPOSIT = PAYMENTS - PLB")
	for _, r := range page.Remittances {
		t.add(r.ID, present.Day(r.PaymentDate), firstOf(r.PayerName, r.PayerID),
			r.TraceNumber, r.Method, strconv.Itoa(r.ClaimCount), present.Money(r.ClaimPaidCents),
			present.Money(r.ProviderAdjCent), present.Money(r.DepositCents()), balances(r))
	}
	return t.print(out)
}

func balances(r store.RemitSummary) string {
	if r.ImbalanceCents == 0 {
		return "yes"
	}
	return "no, off by " + present.Dollars(r.ImbalanceCents)
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func runRemitShow(cmd *cobra.Command, f *remitFlags, id string) error {
	ctx := cmd.Context()
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.GetRemittance(ctx, id)
	if err != nil {
		return err
	}
	if err := logView(ctx, s, store.ActionView, "remittance", id, ""); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, d)
	}
	return printRemit(out, d)
}

func printRemit(out io.Writer, d store.RemitDetail) error {
	facts := newTable("", "")
	for _, kv := range [][2]string{
		{"Payment", d.ID}, {"Payer", d.PayerName + " (" + d.PayerID + ")"},
		{"Payee", d.PayeeName + " (NPI " + d.PayeeNPI + ")"},
		{"Trace", d.TraceNumber}, {"Method", d.MethodText()},
		{"Payment date", present.Day(d.PaymentDate)},
		{"Claims", strconv.Itoa(d.ClaimCount)},
		{"Claim payments (CLP04)", present.Dollars(d.ClaimPaidCents)},
		{"Provider adjustments (PLB)", present.Dollars(d.ProviderAdjCent)},
		{"Deposit (BPR02)", present.Dollars(d.DepositCents())},
		{"Balances", balances(d.RemitSummary)}, {"File", d.FileName},
	} {
		facts.add(kv[0]+":", kv[1])
	}
	if err := facts.printBody(out); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nClaims:")
	t := newTable("PCN", "STATUS", "CHARGE>", "PAID>", "PATIENT>", "PAYER ADJ.>",
		"PAYER CLAIM NO.", "CLAIM")
	for _, c := range d.Claims {
		claim := c.ClaimID
		if claim == "" {
			claim = "(matches no claim)"
		}
		t.add(c.PCN, c.StatusText, present.Money(c.ChargeCents), present.Money(c.PaidCents),
			present.Money(c.PatientCents), present.Money(c.PayerAdjustmentCents()),
			c.PayerClaimNumber, claim)
	}
	if err := t.print(out); err != nil {
		return err
	}
	for _, c := range d.Claims {
		if len(c.Adjustments)+len(c.Remarks) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s adjustments and remarks:\n", c.PCN)
		at := newTable("CODE", "LINE", "AMOUNT>", "REASON")
		for _, a := range c.Adjustments {
			line := "claim"
			if a.LineSeq > 0 {
				line = strconv.Itoa(a.LineSeq)
			}
			at.add(a.Group+"-"+a.Reason, line, present.Money(a.AmountCents), a.ReasonText)
		}
		for _, m := range c.Remarks {
			at.add(m.Code, "", "", m.Text)
		}
		if err := at.print(out); err != nil {
			return err
		}
	}
	if len(d.ProviderAdjustments) > 0 {
		fmt.Fprintln(out, "\nProvider-level adjustments:")
		pt := newTable("REASON", "REFERENCE", "FISCAL DATE", "AMOUNT>", "MEANING")
		for _, p := range d.ProviderAdjustments {
			pt.add(p.Reason, p.Reference, present.Day(p.FiscalDate),
				present.Money(p.AmountCents), p.ReasonText)
		}
		return pt.print(out)
	}
	return nil
}

func runRemitExport(cmd *cobra.Command, f *remitFlags) error {
	if !f.csv {
		return fmt.Errorf("say --csv: CSV is the export's format")
	}
	ctx := cmd.Context()
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	rows, err := s.ExportRemittances(ctx, store.RemitQuery{PayerID: f.payer,
		Connection: f.connection, Since: since})
	if err != nil {
		return err
	}
	detail := strings.TrimSpace(fmt.Sprintf("payer=%s connection=%s since=%s", f.payer,
		f.connection, f.since))
	if err := logView(ctx, s, store.ActionExport, "remittances", "", detail); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.out != "" {
		file, err := os.OpenFile(f.out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if err := present.WriteRemitCSV(file, rows); err != nil {
			file.Close()
			return err
		}
		return file.Close()
	}
	return present.WriteRemitCSV(out, rows)
}
