package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

func newBatchesCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "batches", Short: "The batch log: every 837 file built and sent"}
	var lf listFlags
	list := &cobra.Command{
		Use:   "list",
		Short: "List batches, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBatchesList(cmd, &lf)
		},
	}
	lf.add(list, "only batches in this state (built, uploaded, acknowledged, rejected, abandoned)")
	var sf listFlags
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show a batch, the answers to it and its claims",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatchesShow(cmd, &sf, args[0])
		},
	}
	sf.add(show, "")
	cmd.AddCommand(list, show)
	return cmd
}

func runBatchesList(cmd *cobra.Command, f *listFlags) error {
	ctx := cmd.Context()
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return err
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	page, err := s.ListBatches(ctx, store.BatchQuery{Connection: f.connection,
		State: store.BatchState(f.status), Since: since, Offset: offset, Limit: limit})
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, page)
	}
	if len(page.Batches) == 0 {
		_, err := fmt.Fprintln(out, "No batches.")
		return err
	}
	t := newTable("ID", "CONNECTION", "BUILT", "UPLOADED", "FILE", "ISA13", "GS06", "ST02",
		"CLAIMS>", "TOTAL>", "999", "277CA", "STATE")
	for _, b := range page.Batches {
		t.add(b.ID, b.Connection, present.DateTime(b.BuiltAt), present.DateTime(b.UploadedAt),
			b.FileName, fmt.Sprintf("%09d", b.ISA13), strconv.FormatInt(b.GS06, 10),
			st02Range(b.Batch), strconv.Itoa(b.ClaimCount), present.Money(b.TotalCents),
			ack999(b), ack277(b), batchState(b))
	}
	return t.print(out)
}

func st02Range(b store.Batch) string {
	if b.ST02First == b.ST02Last {
		return fmt.Sprintf("%04d", b.ST02First)
	}
	return fmt.Sprintf("%04d-%04d", b.ST02First, b.ST02Last)
}

func ack999(b store.BatchSummary) string {
	s := present.Ack(b.GroupAck)
	if b.SetsRejected > 0 {
		s += fmt.Sprintf(" (%d set rejected)", b.SetsRejected)
	}
	return s
}

func ack277(b store.BatchSummary) string {
	if b.ClaimsAccepted+b.ClaimsRejected == 0 {
		return "No answer yet"
	}
	return fmt.Sprintf("%d accepted, %d rejected", b.ClaimsAccepted, b.ClaimsRejected)
}

func batchState(b store.BatchSummary) string {
	s := present.BatchState(b.State)
	if b.Error != "" {
		s += ": " + b.Error
	}
	return s
}

func runBatchesShow(cmd *cobra.Command, f *listFlags, id string) error {
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
	d, err := s.GetBatchDetail(ctx, id, offset, limit)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, d)
	}
	return printBatch(out, d)
}

func printBatch(out io.Writer, d store.BatchDetail) error {
	facts := newTable("", "")
	for _, kv := range [][2]string{
		{"Batch", d.ID}, {"Connection", d.Connection}, {"State", batchState(d.BatchSummary)},
		{"File", d.FileName + " (" + d.FileID + ")"},
		{"Control numbers", fmt.Sprintf("ISA13 %09d, GS06 %d, ST02 %s", d.ISA13, d.GS06,
			st02Range(d.Batch))},
		{"Built", present.DateTime(d.BuiltAt)}, {"Uploaded", present.DateTime(d.UploadedAt)},
		{"Claims", strconv.Itoa(d.ClaimCount)}, {"Total", present.Dollars(d.TotalCents)},
		{"TA1", present.Ack(d.TA1)},
		{"999", fmt.Sprintf("%s: %s accepted, %d rejected", present.Ack(d.GroupAck),
			present.Plural(d.SetsAccepted, "set"), d.SetsRejected)},
		{"277CA", ack277(d.BatchSummary)},
	} {
		facts.add(kv[0]+":", kv[1])
	}
	if err := facts.printBody(out); err != nil {
		return err
	}
	if len(d.Acks) > 0 {
		fmt.Fprintln(out, "\nAnswers:")
		t := newTable("RECEIVED", "KIND", "SET", "VERDICT", "ERRORS", "FILE")
		for _, a := range d.Acks {
			set := a.ST02
			if set == "" {
				set = "group"
			}
			errs := "-"
			for i, e := range a.Errors {
				if i == 0 {
					errs = e.Describe()
				} else {
					errs += "; " + e.Describe()
				}
			}
			t.add(present.DateTime(a.ReceivedAt), a.Kind, set, present.Ack(a.Status), errs,
				a.FileName)
		}
		if err := t.print(out); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\nClaims:")
	t := newTable("#>", "CLAIM", "PCN", "PAYER", "ST02", "277CA", "STATUS", "CHARGE>")
	for _, c := range d.Claims {
		status := present.Status(c.Status)
		if c.Stuck {
			status += " (stuck)"
		}
		t.add(strconv.Itoa(c.Position), c.ClaimID, c.PCN, c.PayerID,
			fmt.Sprintf("%04d", c.ST02), present.Ack(c.AckVerdict), status,
			present.Money(c.TotalCents))
	}
	return t.print(out)
}
