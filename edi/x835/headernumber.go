package x835

import "github.com/claimflow/claimflow/edi"

// HeaderNumber is loop 2000, the header number: an LX that groups the
// claims after it, often by provider, facility type or fiscal period, with
// the provider's summary (TS3) and supplemental summary (TS2) that
// institutional payers send. Claims that share a HeaderNumber pointer are
// in the same loop 2000.
type HeaderNumber struct {
	Number       string                // LX01, the assigned number
	Summary      *ProviderSummary      // TS3, nil when absent
	Supplemental *ProviderSupplemental // TS2, nil when absent
	Pos          edi.Position
}

// ProviderSummary is the TS3 segment of loop 2000: totals of the claims of
// one provider and facility type for a fiscal period. Amounts that the
// 005010 guide does not use (TS306-TS312, TS314, TS316, TS319) are kept in
// Unused when a sender fills them in.
type ProviderSummary struct {
	ProviderID   string     // TS301
	FacilityCode string     // TS302: facility type or place of service
	FiscalPeriod Date       // TS303: last day of the provider's fiscal year
	ClaimCount   Decimal    // TS304
	TotalCharge  edi.Amount // TS305

	MSPPayer               edi.Amount // TS313: total Medicare secondary payer amount
	NonLabCharge           edi.Amount // TS315
	HCPCSReportedCharge    edi.Amount // TS317
	HCPCSPayable           edi.Amount // TS318
	ProfessionalComponent  edi.Amount // TS320
	MSPPatientLiabilityMet edi.Amount // TS321
	PatientReimbursement   edi.Amount // TS322
	PIPClaimCount          Decimal    // TS323: periodic interim payment claims
	PIPAdjustment          edi.Amount // TS324

	Unused []ElementAmount
	Pos    edi.Position
}

// ElementAmount is an amount found in an element the guide does not use,
// kept with the element's number.
type ElementAmount struct {
	Element int
	Amount  edi.Amount
}

// ProviderSupplemental is the TS2 segment of loop 2000: Medicare Part A
// totals of DRG, outlier, capital and day counts.
type ProviderSupplemental struct {
	DRG                   edi.Amount // TS201
	FederalSpecific       edi.Amount // TS202
	HospitalSpecific      edi.Amount // TS203
	DisproportionateShare edi.Amount // TS204
	Capital               edi.Amount // TS205
	IndirectMedicalEduc   edi.Amount // TS206
	OutlierDays           Decimal    // TS207
	DayOutlier            edi.Amount // TS208
	CostOutlier           edi.Amount // TS209
	AverageDRGStay        Decimal    // TS210: average DRG length of stay
	Discharges            Decimal    // TS211
	CostReportDays        Decimal    // TS212
	CoveredDays           Decimal    // TS213
	NoncoveredDays        Decimal    // TS214
	MSPPassThrough        edi.Amount // TS215
	AverageDRGWeight      Decimal    // TS216
	PPSCapitalFSPDRG      edi.Amount // TS217
	PPSCapitalHSPDRG      edi.Amount // TS218
	PPSDSHDRG             edi.Amount // TS219
	Pos                   edi.Position
}

// ts3Unused are the TS3 elements 005010X221A1 marks as not used.
var ts3Unused = []int{6, 7, 8, 9, 10, 11, 12, 14, 16, 19}

func (r *Reader) parseTS3(s *edi.Segment) *ProviderSummary {
	t := &ProviderSummary{
		ProviderID:   r.str(s, 1),
		FacilityCode: r.str(s, 2),
		FiscalPeriod: r.date(s, 3, true, "fiscal period date"),
		ClaimCount:   r.decimal(s, 4, "claim count"),
		TotalCharge:  r.amount(s, 5, true, "total claim charge"),

		MSPPayer:               r.amount(s, 13, false, "amount"),
		NonLabCharge:           r.amount(s, 15, false, "amount"),
		HCPCSReportedCharge:    r.amount(s, 17, false, "amount"),
		HCPCSPayable:           r.amount(s, 18, false, "amount"),
		ProfessionalComponent:  r.amount(s, 20, false, "amount"),
		MSPPatientLiabilityMet: r.amount(s, 21, false, "amount"),
		PatientReimbursement:   r.amount(s, 22, false, "amount"),
		PIPClaimCount:          r.decimal(s, 23, "claim count"),
		PIPAdjustment:          r.amount(s, 24, false, "amount"),
		Pos:                    s.Pos,
	}
	r.required(s, 1, edi.Warning, "provider identifier")
	r.required(s, 2, edi.Warning, "facility type code")
	r.required(s, 4, edi.Warning, "claim count")
	for _, i := range ts3Unused {
		if len(s.Bytes(i)) == 0 {
			continue
		}
		r.finding(edi.Info, s, i, 0, edi.ErrData,
			"TS3%02d is not used by 005010X221A1; kept as an unused amount", i)
		t.Unused = append(t.Unused, ElementAmount{Element: i,
			Amount: r.amount(s, i, false, "an unused TS3 amount")})
	}
	return t
}

func (r *Reader) parseTS2(s *edi.Segment) *ProviderSupplemental {
	a := func(i int) edi.Amount { return r.amount(s, i, false, "a TS2 amount") }
	d := func(i int) Decimal { return r.decimal(s, i, "a TS2 count") }
	return &ProviderSupplemental{
		DRG: a(1), FederalSpecific: a(2), HospitalSpecific: a(3),
		DisproportionateShare: a(4), Capital: a(5), IndirectMedicalEduc: a(6),
		OutlierDays: d(7), DayOutlier: a(8), CostOutlier: a(9), AverageDRGStay: d(10),
		Discharges: d(11), CostReportDays: d(12), CoveredDays: d(13), NoncoveredDays: d(14),
		MSPPassThrough: a(15), AverageDRGWeight: d(16), PPSCapitalFSPDRG: a(17),
		PPSCapitalHSPDRG: a(18), PPSDSHDRG: a(19), Pos: s.Pos,
	}
}
