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

// SetKey returns a key that is equal for claims one transaction set
// header can carry: the same submitter (loop 1000A) and receiver (loop
// 1000B). Builder starts a new set whenever it changes, so a caller that
// must know the sets in advance puts only claims with one SetKey in a file.
func SetKey(c *Claim) string {
	var b Builder
	k := Claim{Submitter: c.Submitter, Receiver: c.Receiver}
	if k.Submitter == nil {
		k.Submitter = &Submitter{}
	}
	if k.Receiver == nil {
		k.Receiver = &Receiver{}
	}
	return string(b.headerOf(nil, &k))
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
