package x837

import "sort"

// SortKey returns a key under which claims sort so that Builder shares
// every HL it can: claims with equal submitter and receiver, then billing
// provider, then subscriber, then patient, come together. Callers that
// cannot hold all claims sort their keys (with each claim's place in the
// file) and write in that order.
func SortKey(c *Claim) string {
	var b Builder
	k := *c
	k.Billing = c.Provider(BillingRole)
	if k.Submitter == nil {
		k.Submitter = &Submitter{}
	}
	if k.Receiver == nil {
		k.Receiver = &Receiver{}
	}
	if k.Billing == nil {
		k.Billing = &Provider{}
	}
	if k.Subscriber == nil {
		k.Subscriber = &Subscriber{}
	}
	if k.ClaimInformation == nil {
		k.ClaimInformation = &ClaimInfo{}
	}
	dst := append([]byte(k.Kind.String()), 1)
	dst = append(b.headerOf(dst, &k), 1)
	dst = append(billingKeyOf(dst, k.Billing), 1)
	dst = subscriberKeyOf(dst, &k)
	if k.Dependent != nil {
		dst = patientKeyOf(append(dst, 1), k.Dependent)
	}
	return string(dst)
}

// SortClaims orders claims by SortKey, keeping the file order of claims
// with equal keys.
func SortClaims(claims []*Claim) {
	keys := make(map[*Claim]string, len(claims))
	for _, c := range claims {
		keys[c] = SortKey(c)
	}
	sort.SliceStable(claims, func(i, j int) bool { return keys[claims[i]] < keys[claims[j]] })
}
