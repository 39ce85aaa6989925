// Package x835 reads and writes the 835 health care claim payment/advice
// (005010X221A1): what a payer paid, adjusted and why, claim by claim and
// line by line, and which check or EFT carried the money.
//
// A Reader streams a file one item at a time and holds one claim at a
// time, so a file of any size reads in flat memory. For each transaction
// set it returns a *Payment (table 1: BPR, TRN, the payer and payee loops),
// then each *Claim (loop 2100 with its service lines, loop 2110), then a
// *Summary (table 3: the PLB provider adjustments, with the totals the
// reader added up):
//
//	r := x835.NewReader(f)
//	r.SetName("remit-0501.835")
//	for {
//		it, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // the X12 itself cannot be read further
//		}
//		switch v := it.(type) {
//		case *x835.Payment:
//			// v.Financial.Amount, v.Trace.Number, v.Payer, v.Payee
//		case *x835.Claim:
//			// v.PatientControl, v.Status, v.Paid, v.Lines, v.Findings
//		case *x835.Summary:
//			// v.Adjustments (PLB), v.Totals, v.Findings
//		}
//	}
//
// ReadAll does the same for small files and returns whole Remittances. A
// caller that is done with each claim before it asks for the next can
// call SetReuse, and the reader then reuses the claims' memory.
//
// Every typed part carries the edi.Position of its segment. Problems are
// edi.Findings on the item they concern and on the Reader, and reading goes
// on: values that are not amounts, codes the guide does not list, segments
// out of place, a component separator other than the one ISA16 declares.
// Balancing (each line, each claim, the transaction, interest) is checked
// and reported as warnings that unwrap to ErrBalance; a remittance that
// does not add up is still money received and is never refused. Findings
// never quote names, member IDs or other element values; balancing
// findings carry amounts.
//
// A Writer builds 835 transaction sets from the same values, for the
// clearinghouse simulator; reading what it wrote gives the same values.
package x835
