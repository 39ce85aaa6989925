package respond

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/claimflow/claimflow/edi/codes"
)

// ErrScenario is wrapped by every problem of a scenario.
var ErrScenario = errors.New("invalid scenario")

// Validate reports every problem of the scenario at once, each naming the
// field and its value.
func (sc Scenario) Validate() error {
	var errs []error
	bad := func(field string, value any, why string) {
		errs = append(errs, fmt.Errorf("%w: %s: %q: %s", ErrScenario, field,
			fmt.Sprint(value), why))
	}

	ch := sc.Clearinghouse
	if len(ch.Qualifier) != 2 || !isCode(ch.Qualifier) {
		bad("clearinghouse.qualifier", ch.Qualifier, "two letters or digits")
	}
	if ch.ID == "" || len(ch.ID) > 15 || !isCode(ch.ID) {
		bad("clearinghouse.id", ch.ID, "1 to 15 capital letters and digits")
	}
	if ch.Name == "" || len(ch.Name) > 60 || !isText(ch.Name) {
		bad("clearinghouse.name", ch.Name,
			"1 to 60 letters, digits, spaces and the marks . , & ' -")
	}
	if p := sc.Files.Prefix; len(p) > 40 || strings.HasPrefix(p, ".") || !isFileName(p) {
		bad("files.prefix", p, "at most 40 letters, digits, '.', '_' and '-', not a leading '.'")
	}

	d := sc.Delays
	for _, f := range []struct {
		name string
		v    Duration
	}{{"delays.ta1", d.TA1}, {"delays.ack", d.Ack}, {"delays.claim_ack", d.ClaimAck},
		{"delays.remit", d.Remit}, {"delays.remit_spread", d.RemitSpread}} {
		if f.v < 0 {
			bad(f.name, f.v, "negative")
		}
	}

	ca := sc.ClaimAck
	if _, err := regexp.Compile(ca.InvalidMemberPattern); err != nil {
		bad("claim_ack.invalid_member_pattern", ca.InvalidMemberPattern,
			"not a regular expression")
	}
	emptyIn(bad, "claim_ack.invalid_member_ids", ca.InvalidMemberIDs)
	emptyIn(bad, "claim_ack.unknown_payer_ids", ca.UnknownPayerIDs)
	emptyIn(bad, "claim_ack.unknown_billing_npis", ca.UnknownBillingNPIs)

	errs = append(errs, sc.Remit.validate()...)
	return errors.Join(errs...)
}

// validate reports the problems of the remittance rules.
func (rr RemitRules) validate() []error {
	var errs []error
	bad := func(field string, value any, why string) {
		errs = append(errs, fmt.Errorf("%w: remit.%s: %q: %s", ErrScenario, field,
			fmt.Sprint(value), why))
	}
	if rr.Method != MethodACH && rr.Method != MethodCHK {
		bad("method", rr.Method, "ACH or CHK")
	}
	if a := rr.AllowedPercent; a.Min < 1 || a.Max > 100 || a.Min > a.Max {
		bad("allowed_percent", fmt.Sprintf("%d-%d", a.Min, a.Max),
			"min and max between 1 and 100, min not above max")
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"copay_share", rr.CopayShare}, {"deductible_share", rr.DeductibleShare},
		{"denial_share", rr.DenialShare}, {"interest_share", rr.InterestShare},
		{"recoupment_share", rr.RecoupmentShare}} {
		if !(s.v >= 0 && s.v <= 1) {
			bad(s.name, s.v, "a share between 0 and 1")
		}
	}
	if rr.Copay < 0 {
		bad("copay", rr.Copay, "negative")
	}
	if rr.DeductibleMax < 0 || rr.DeductibleShare > 0 && rr.DeductibleMax < 100 {
		bad("deductible_max", rr.DeductibleMax, "at least 1.00 when deductible_share is set")
	}
	if rr.CoinsurancePercent < 0 || rr.CoinsurancePercent > 100 {
		bad("coinsurance_percent", rr.CoinsurancePercent, "between 0 and 100")
	}
	if !(rr.InterestPercent >= 0 && rr.InterestPercent <= 100) {
		bad("interest_percent", rr.InterestPercent, "between 0 and 100")
	}
	if rr.DenialShare > 0 && len(rr.Denials) == 0 {
		bad("denials", "", "at least one when denial_share is set")
	}
	for i, dn := range rr.Denials {
		if _, ok := codes.CARC.Lookup(dn.Reason); !ok {
			bad(fmt.Sprintf("denials[%d].reason", i), dn.Reason, "not a CARC")
		}
		if _, ok := codes.RARC.Lookup(dn.Remark); !ok {
			bad(fmt.Sprintf("denials[%d].remark", i), dn.Remark, "not a RARC")
		}
	}
	emptyIn(func(f string, v any, why string) { bad(f, v, why) }, "denied_member_ids",
		rr.DeniedMemberIDs)
	return errs
}

// emptyIn reports empty entries of a list of IDs.
func emptyIn(bad func(string, any, string), field string, ids []string) {
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			bad(fmt.Sprintf("%s[%d]", field, i), id, "empty")
		}
	}
}

// isCode reports capital letters and digits only.
func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// isText reports letters, digits, spaces and the marks . , & ' -.
func isText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && !strings.ContainsRune(" .,&'-", rune(c)) {
			return false
		}
	}
	return true
}

// isFileName reports letters, digits, '.', '_' and '-'.
func isFileName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
