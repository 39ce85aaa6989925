// Package present turns the store's values into what billers read, the
// same way in the terminal and in the browser: money with thousands
// separators and two decimals, statuses and events in plain words,
// readable dates.
package present

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Money writes cents as 1,234.56 (-1,234.56 when negative).
func Money(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-cents)
	}
	whole := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), u%100)
}

// Dollars writes cents as $1,234.56 (-$1,234.56 when negative).
func Dollars(cents int64) string {
	if cents < 0 {
		return "-$" + Money(-cents)
	}
	return "$" + Money(cents)
}

// Decimal writes cents as a plain decimal, 1234.56, for spreadsheets and
// scripts.
func Decimal(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-cents)
	}
	return fmt.Sprintf("%s%d.%02d", sign, u/100, u%100)
}

// Percent writes a share between 0 and 1 as 62.5%.
func Percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// Date writes a time's day, e.g. Mar 4, 2025; the zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("Jan 2, 2006")
}

// DateTime writes a time to the minute in UTC, e.g. Mar 4, 2025 05:06 UTC.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("Jan 2, 2006 15:04 UTC")
}

// Day writes a stored date (2025-03-20 or the X12 20250320) as Mar 20,
// 2025, or returns it unchanged when it is neither.
func Day(s string) string {
	for _, layout := range []string{"2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("Jan 2, 2006")
		}
	}
	return s
}

var statusWords = map[lifecycle.Status]string{
	lifecycle.Received:              "Received",
	lifecycle.Invalid:               "Held: needs correcting",
	lifecycle.Ready:                 "Ready to send",
	lifecycle.Batched:               "In a batch, not yet sent",
	lifecycle.Submitted:             "Sent to the clearinghouse",
	lifecycle.Accepted:              "Accepted by the clearinghouse",
	lifecycle.RejectedClearinghouse: "Rejected by the clearinghouse",
	lifecycle.Acknowledged:          "Accepted by the payer",
	lifecycle.RejectedPayer:         "Rejected by the payer",
	lifecycle.Paid:                  "Paid",
	lifecycle.PartiallyPaid:         "Partly paid",
	lifecycle.Denied:                "Denied",
	lifecycle.Forwarded:             "Forwarded to the next payer",
	lifecycle.Reversed:              "Payment taken back",
	lifecycle.Void:                  "Void",
}

// Status says a claim status in plain words.
func Status(s lifecycle.Status) string {
	if w, ok := statusWords[s]; ok {
		return w
	}
	return string(s)
}

var eventWords = map[lifecycle.Kind]string{
	lifecycle.KindReceived:       "Claim received",
	lifecycle.KindChecked:        "Checks run",
	lifecycle.KindBatched:        "Put in a batch",
	lifecycle.KindUnbatched:      "Taken out of an abandoned batch",
	lifecycle.KindSubmitted:      "Sent to the clearinghouse",
	lifecycle.KindInterchangeAck: "TA1 from the clearinghouse",
	lifecycle.KindSetAck:         "999 from the clearinghouse",
	lifecycle.KindClaimAck:       "277CA from the payer",
	lifecycle.KindRemittance:     "835 remittance from the payer",
	lifecycle.KindVoided:         "Voided",
	lifecycle.KindStuck:          "Marked stuck: no answer in time",
	lifecycle.KindUnstuck:        "Stuck mark cleared",
	lifecycle.KindNote:           "Note",
}

// Event says what kind of event happened, in plain words.
func Event(k lifecycle.Kind) string {
	if w, ok := eventWords[k]; ok {
		return w
	}
	return string(k)
}

var batchWords = map[store.BatchState]string{
	store.BatchBuilt:        "Built, not yet uploaded",
	store.BatchUploaded:     "Uploaded",
	store.BatchAcknowledged: "Acknowledged",
	store.BatchRejected:     "Rejected",
	store.BatchAbandoned:    "Abandoned",
}

// BatchState says where a batch stands, in plain words.
func BatchState(s store.BatchState) string {
	if w, ok := batchWords[s]; ok {
		return w
	}
	return string(s)
}

var ackWords = map[string]string{
	"A": "Accepted",
	"E": "Accepted with errors",
	"P": "Partly accepted",
	"R": "Rejected",
	"M": "Rejected",
	"W": "Rejected",
	"X": "Rejected",
}

// Ack says a TA1, 999 or 277CA verdict in plain words; "" is "No answer yet".
func Ack(code string) string {
	switch code {
	case "":
		return "No answer yet"
	case "accepted":
		return "Accepted"
	case "rejected":
		return "Rejected"
	}
	if w, ok := ackWords[code]; ok {
		return w
	}
	return code
}

var workWords = map[store.WorkKind]string{
	store.WorkRejectedCH:    "Rejected by the clearinghouse",
	store.WorkRejectedPayer: "Rejected by the payer",
	store.WorkDenied:        "Denied",
	store.WorkPartlyPaid:    "Partly paid",
	store.WorkOverpaid:      "Paid more than is owed",
	store.WorkStuck:         "Stuck: no answer in time",
	store.WorkInvalid:       "Held by the checks",
	store.WorkUnmatched:     "Answer matching no claim",
	store.WorkImbalance:     "835 that does not balance",
	store.WorkFile:          "File cut short or unreadable",
}

// WorkKind names a kind of work item in plain words.
func WorkKind(k store.WorkKind) string {
	if w, ok := workWords[k]; ok {
		return w
	}
	return string(k)
}

// Direction says whether a file came in or went out.
func Direction(d store.Direction) string {
	if d == store.Inbound {
		return "Received"
	}
	return "Sent"
}

// Plural writes a count with its noun, "1 claim" or "3 claims".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

var postingWords = map[string]string{
	"supplemental":     "an additional payment on top of an earlier one",
	"split":            "part of a claim the payer split in two",
	"correction":       "a correction of an earlier payment",
	"reversal":         "a reversal of an earlier payment",
	"forwarded":        "processed and forwarded to another payer",
	"not_ours":         "not this payer's claim; sent on to another",
	"predetermination": "an estimate only (predetermination): no money",
	"held":             "held for a person to look at",
}

// Posting says how a claim payment was posted, in plain words; "" for a
// plain payment.
func Posting(kind string) string { return postingWords[kind] }

// Size writes a byte count as 512 B, 12.3 KB or 4.5 MB.
func Size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
