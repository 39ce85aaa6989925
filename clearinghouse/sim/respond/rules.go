package respond

import (
	"regexp"

	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x837"
)

// rules are a scenario's claim rules, ready to apply.
type rules struct {
	invalidMembers map[string]bool
	memberPattern  *regexp.Regexp // nil when the scenario gives none
	unknownPayers  map[string]bool
	unknownNPIs    map[string]bool
	deniedMembers  map[string]bool
}

// newRules compiles the rules of a validated scenario.
func newRules(sc *Scenario) *rules {
	rl := &rules{
		invalidMembers: setOf(sc.ClaimAck.InvalidMemberIDs),
		unknownPayers:  setOf(sc.ClaimAck.UnknownPayerIDs),
		unknownNPIs:    setOf(sc.ClaimAck.UnknownBillingNPIs),
		deniedMembers:  setOf(sc.Remit.DeniedMemberIDs),
	}
	if p := sc.ClaimAck.InvalidMemberPattern; p != "" {
		rl.memberPattern = regexp.MustCompile(p)
	}
	return rl
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// claimStatus returns the 277CA status codes of a claim: one for each rule
// it breaks, in the order a clearinghouse checks them (routing to the
// payer, the provider's enrolment, the member), or acceptance into the
// payer's adjudication.
func (rl *rules) claimStatus(c *x837.Claim) []x277.StatusCode {
	var out []x277.StatusCode
	if rl.unknownPayers[c.TradingPartnerServiceID] {
		out = append(out, x277.StatusCode{Category: catReturned, Code: statusWrongPayer,
			Entity: entityPayer})
	}
	if c.Billing != nil && rl.unknownNPIs[c.Billing.NPI] {
		out = append(out, x277.StatusCode{Category: catInvalid, Code: statusNPI,
			Entity: entityBilling})
	}
	if rl.invalidMember(memberID(c)) {
		out = append(out, x277.StatusCode{Category: catInvalid, Code: statusMemberNo,
			Entity: entitySubscriber})
	}
	if len(out) == 0 {
		out = append(out, x277.StatusCode{Category: catAccepted, Code: statusAccepted})
	}
	return out
}

// invalidMember reports a member ID the payer calls invalid.
func (rl *rules) invalidMember(id string) bool {
	return rl.invalidMembers[id] || rl.memberPattern != nil && rl.memberPattern.MatchString(id)
}

// memberID returns the subscriber's member ID, or "".
func memberID(c *x837.Claim) string {
	if c.Subscriber == nil {
		return ""
	}
	return c.Subscriber.MemberID
}
