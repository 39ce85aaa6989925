package posting

import (
	"errors"
	"fmt"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Refusals of a claim that cannot be stored at all; every other defect
// is a finding and the claim is stored invalid.
var (
	// ErrNoPCN refuses a claim without a patient control number: nothing
	// could name it.
	ErrNoPCN = errors.New("the claim has no patient control number")
	// ErrUnknownKind refuses a claim that is neither professional nor
	// institutional.
	ErrUnknownKind = errors.New("the claim is neither professional nor institutional")
)

// checkOptions are the front-end checks claimflow runs at intake: against
// today and the delimiters its 837s are written with.
func checkOptions(today time.Time, kind x837.Kind) x837.Options {
	if today.IsZero() {
		today = time.Now().UTC()
	}
	return x837.Options{Today: today, Delimiters: edi.DefaultDelimiters, Kind: kind}
}

// claimInput checks a decoded claim and turns it into what the store
// records: the document as received, with a line item control number
// written into each line that had none, its lines and its findings.
func claimInput(c *x837.Claim, today time.Time) (store.ClaimInput, x837.Findings, error) {
	if c.Kind == x837.UnknownKind {
		if k, err := c.DetectKind(); err == nil {
			c.Kind = k
		}
	}
	if c.Kind == x837.UnknownKind {
		return store.ClaimInput{}, nil, ErrUnknownKind
	}
	ci := c.ClaimInformation
	if ci == nil || ci.PatientControlNumber == "" {
		return store.ClaimInput{}, nil, ErrNoPCN
	}
	fs := x837.Check(c, checkOptions(today, c.Kind))
	doc, err := withLineControls(c)
	if err != nil {
		return store.ClaimInput{}, fs, fmt.Errorf("write line control numbers: %w", err)
	}
	in := store.ClaimInput{
		PCN:              ci.PatientControlNumber,
		Kind:             store.Professional,
		PayerID:          c.TradingPartnerServiceID,
		TotalCents:       ci.ClaimChargeAmount.Cents,
		FrequencyCode:    ci.ClaimFrequencyCode,
		PayerClaimNumber: ci.ClaimSupplementalInformation.OriginalClaimNumber(),
		Document:         doc,
	}
	if c.Kind == x837.Institutional {
		in.Kind = store.Institutional
	}
	if b := c.Provider(x837.BillingRole); b != nil {
		in.BillingNPI = b.NPI
	}
	if c.Subscriber != nil {
		in.Responsibility = c.Subscriber.PaymentResponsibilityLevelCode
	}
	held := fs.HasError()
	for i := range ci.ServiceLines {
		if l, ok := storeLine(c.Kind, ci, i); ok {
			in.Lines = append(in.Lines, l)
		} else if !held {
			return store.ClaimInput{}, fs, fmt.Errorf("line %d cannot be stored", i+1)
		}
	}
	for _, f := range fs {
		sev := store.SeverityWarning
		if f.Severity >= edi.Error {
			sev = store.SeverityError
		}
		in.Findings = append(in.Findings, store.Finding{Severity: sev, Code: f.Code,
			Path: f.Path, Message: f.Message})
	}
	return in, fs, nil
}

// withLineControls returns the claim's document with a line item control
// number (REF*6R) in each service line that has none: the one the 837
// writer would make up (x837.LineControlNumber), so that the number stored
// with the line, the one sent and the one the 835 echoes are the same.
func withLineControls(c *x837.Claim) ([]byte, error) {
	ci := c.ClaimInformation
	key := "providerControlNumber"
	if c.Kind == x837.Institutional {
		key = "lineItemControlNumber"
	}
	missing := map[int]string{}
	for i := range ci.ServiceLines {
		if ci.ServiceLines[i].ControlNumber() == "" {
			missing[i] = x837.LineControlNumber(ci, i)
		}
	}
	doc, err := setLineMembers(c.Raw, key, missing)
	if err != nil {
		return nil, err
	}
	for i, cn := range missing {
		if c.Kind == x837.Institutional {
			ci.ServiceLines[i].LineItemControlNumber = cn
		} else {
			ci.ServiceLines[i].ProviderControlNumber = cn
		}
	}
	return doc, nil
}

// storeLine is line i as the store keeps it; false when it lacks what the
// store needs (a code and units), which only an invalid claim may.
func storeLine(kind x837.Kind, ci *x837.ClaimInfo, i int) (store.Line, bool) {
	l := &ci.ServiceLines[i]
	out := store.Line{Number: i + 1, ControlNumber: l.ControlNumber(),
		ServiceDate: isoDate(l.ServiceDate), ServiceDateEnd: isoDate(l.ServiceDateEnd)}
	var mods []string
	switch {
	case kind == x837.Institutional && l.InstitutionalService != nil:
		s := l.InstitutionalService
		out.RevenueCode, out.ProcedureCode = s.ServiceLineRevenueCode, s.ProcedureCode
		out.ChargeCents, out.Units = s.LineItemChargeAmount.Cents, units(s.ServiceUnitCount)
		mods = s.ProcedureModifiers
	case kind == x837.Professional && l.ProfessionalService != nil:
		s := l.ProfessionalService
		out.ProcedureCode = s.ProcedureCode
		out.ChargeCents, out.Units = s.LineItemChargeAmount.Cents, units(s.ServiceUnitCount)
		mods = s.ProcedureModifiers
	default:
		return out, false
	}
	for _, m := range mods {
		if m == "" || containsColon(m) {
			return out, false
		}
	}
	out.Modifiers = mods
	if out.ServiceDateEnd == out.ServiceDate {
		out.ServiceDateEnd = ""
	}
	ok := (out.ProcedureCode != "" || out.RevenueCode != "") && out.Units != ""
	return out, ok
}

// units is a line's unit count as written; "" when it was not given.
func units(q x837.Quantity) string {
	if !q.Set {
		return ""
	}
	return q.String()
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// isoDate turns CCYYMMDD into YYYY-MM-DD; anything else gives "".
func isoDate(d string) string {
	if len(d) != 8 {
		return ""
	}
	t, err := time.Parse("20060102", d)
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}
