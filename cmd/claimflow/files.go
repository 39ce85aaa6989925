package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web"
	"github.com/claimflow/claimflow/web/present"
)

// newFilesViewCmds returns files list, show and raw.
func newFilesViewCmds() []*cobra.Command {
	var lf listFlags
	var direction, typ string
	list := &cobra.Command{
		Use:   "list",
		Short: "List stored files, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runFilesList(cmd, &lf, direction, typ)
		},
	}
	lf.add(list, "only files in this state (received, applied, incomplete, unreadable, "+
		"replaced, report, ignored, built, uploaded)")
	list.Flags().StringVar(&direction, "direction", "", "in or out")
	list.Flags().StringVar(&typ, "type", "", "only this detected type (837P, 999, 835...)")

	var sf listFlags
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Describe a stored file and what was read from it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFilesShow(cmd, &sf, args[0])
		},
	}
	sf.dbFlags.add(show)
	show.Flags().BoolVar(&sf.json, "json", false, "print JSON for scripts")

	var rf listFlags
	raw := &cobra.Command{
		Use:   "raw ID",
		Short: "Print a stored file one segment a line, with its findings marked",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFilesRaw(cmd, &rf, args[0])
		},
	}
	rf.dbFlags.add(raw)
	raw.Flags().BoolVar(&rf.json, "json", false, "print JSON for scripts")
	return []*cobra.Command{list, show, raw}
}

func runFilesList(cmd *cobra.Command, f *listFlags, direction, typ string) error {
	ctx := cmd.Context()
	offset, limit, err := f.window()
	if err != nil {
		return err
	}
	since, err := f.sinceTime(timeNow())
	if err != nil {
		return err
	}
	if direction != "" && direction != "in" && direction != "out" {
		return fmt.Errorf("--direction %q: give in or out", direction)
	}
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	page, err := s.ListFiles(ctx, store.FileQuery{Direction: store.Direction(direction),
		Type: typ, State: f.status, Connection: f.connection, Since: since, Offset: offset,
		Limit: limit})
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, page)
	}
	if len(page.Files) == 0 {
		_, err := fmt.Fprintln(out, "No files.")
		return err
	}
	t := newTable("ID", "STORED", "DIR", "NAME", "TYPE", "STATE", "SIZE>", "SHA-256",
		"CONNECTION", "FINDINGS>")
	for _, fl := range page.Files {
		t.add(fl.ID, present.DateTime(fl.StoredAt), string(fl.Direction), fl.Name, fl.Type,
			fl.State, fmt.Sprint(fl.Size), fl.SHA256[:min(16, len(fl.SHA256))],
			fl.Connection, fmt.Sprint(len(store.ParseFileFindings(fl.Findings))))
	}
	return t.print(out)
}

func runFilesShow(cmd *cobra.Command, f *listFlags, id string) error {
	ctx := cmd.Context()
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.GetFileDetail(ctx, id)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, d)
	}
	t := newTable("", "")
	for _, kv := range [][2]string{
		{"File", d.ID}, {"Name", d.Name}, {"Direction", present.Direction(d.Direction)},
		{"Type", d.Type}, {"State", d.State}, {"Size", fmt.Sprintf("%d bytes", d.Size)},
		{"SHA-256", d.SHA256}, {"Connection", d.Connection}, {"Remote path", d.RemotePath},
		{"Received", present.DateTime(d.ReceivedAt)}, {"Stored", present.DateTime(d.StoredAt)},
		{"Batch", d.BatchID},
		{"Read from it", fmt.Sprintf("%d TA1/999 answers, %d 277CA claims, %d payments, "+
			"%d claim events, %d unmatched", d.Acks, d.ClaimAcks, d.Remittances, d.Events,
			d.Unmatched)},
	} {
		t.add(kv[0]+":", kv[1])
	}
	if err := t.printBody(out); err != nil {
		return err
	}
	if len(d.Findings) > 0 {
		fmt.Fprintln(out, "\nFindings:")
		for _, fd := range d.Findings {
			fmt.Fprintf(out, "  %s\n", describeFinding(fd))
		}
	}
	return nil
}

func describeFinding(f store.FileFinding) string {
	where := ""
	if f.Ordinal > 0 {
		where = fmt.Sprintf("segment %d ", f.Ordinal)
	}
	if f.Segment != "" {
		where += f.Segment
		if f.Element > 0 {
			where += fmt.Sprintf("%02d", f.Element)
		}
		where += " "
	}
	return fmt.Sprintf("%s: %s%s", f.Severity, where, f.Message)
}

func runFilesRaw(cmd *cobra.Command, f *listFlags, id string) error {
	ctx := cmd.Context()
	s, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.GetFileDetail(ctx, id)
	if err != nil {
		return err
	}
	content, err := s.FileContent(ctx, id)
	if err != nil {
		return err
	}
	if err := logView(ctx, s, store.ActionView, "file", id, ""); err != nil {
		return err
	}
	segs, unplaced, truncated := web.RawSegments(content, d.Findings, 0)
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, segs)
	}
	return printRaw(out, segs, unplaced, truncated)
}

func printRaw(out io.Writer, segs []web.RawSegment, unplaced []store.FileFinding,
	truncated bool) error {

	width := len(fmt.Sprint(len(segs)))
	var b strings.Builder
	for _, seg := range segs {
		mark := " "
		if len(seg.Findings) > 0 {
			mark = "!"
		}
		fmt.Fprintf(&b, "%*d %s %s\n", width, seg.Ordinal, mark, seg.Text)
		for _, fd := range seg.Findings {
			fmt.Fprintf(&b, "%*s   ^ %s\n", width, "", describeFinding(fd))
		}
	}
	for _, fd := range unplaced {
		fmt.Fprintf(&b, "file: %s\n", describeFinding(fd))
	}
	if truncated {
		b.WriteString("(more segments not shown)\n")
	}
	_, err := io.WriteString(out, b.String())
	return err
}
