package x837

import (
	"github.com/claimflow/claimflow/edi"
)

// lines checks loop 2400 and the claim charge against the line charges.
func (k *checker) lines() {
	ci := k.c.ClaimInformation
	lines := ci.ServiceLines
	if len(lines) == 0 {
		k.missing(pathOf("claimInformation.serviceLines"), "a service line")
		return
	}
	limit := MaxProfessionalLines
	if k.kind == Institutional {
		limit = MaxInstitutionalLines
	}
	if len(lines) > limit {
		k.add("line.count", pathOf("claimInformation.serviceLines[]", limit), edi.Error,
			"The claim has more service lines than the guide allows ("+itoa(limit)+
				"); split it.")
	}
	var sum int64
	sumOK := true
	seen := make(map[string]bool, len(lines))
	for i := range lines {
		l := &lines[i]
		lp := pathOf("claimInformation.serviceLines[]", i)
		k.lineCommon(lp, l, seen)
		var charge Amount
		switch {
		case k.kind == Professional && l.ProfessionalService != nil:
			charge = l.ProfessionalService.LineItemChargeAmount
			k.professionalLine(lp.sub("professionalService"), l.ProfessionalService, ci)
		case k.kind == Institutional && l.InstitutionalService != nil:
			charge = l.InstitutionalService.LineItemChargeAmount
			k.institutionalLine(lp.sub("institutionalService"), l.InstitutionalService)
		case k.kind == Professional:
			k.missing(lp.sub("professionalService"), "the line's professional service")
		case k.kind == Institutional:
			k.missing(lp.sub("institutionalService"), "the line's institutional service")
		}
		if charge.Valid() {
			sum += charge.Cents
		} else {
			sumOK = false
		}
	}
	tot := ci.ClaimChargeAmount
	if sumOK && tot.Valid() && tot.Cents != sum {
		k.add("charge.total", pathOf("claimInformation.claimChargeAmount"), edi.Error,
			"The claim charge ("+tot.String()+") does not equal the sum of the line "+
				"charges ("+Cents(sum).String()+").")
	}
}

func (k *checker) lineCommon(lp jpath, l *ServiceLine, seen map[string]bool) {
	if l.ProviderControlNumber != "" && l.LineItemControlNumber != "" &&
		l.ProviderControlNumber != l.LineItemControlNumber {
		k.add("line.control_number.conflict", lp.sub("lineItemControlNumber"), edi.Error,
			"providerControlNumber and lineItemControlNumber differ; give one.")
	}
	if cn := l.ControlNumber(); cn != "" {
		name := "providerControlNumber"
		if l.ProviderControlNumber == "" {
			name = "lineItemControlNumber"
		}
		if len(cn) > MaxLineControlNumber {
			k.add("line.control_number.length", lp.sub(name), edi.Error,
				"The line item control number is longer than 30 characters.")
		}
		if seen[cn] {
			k.add("line.control_number.duplicate", lp.sub(name), edi.Error,
				"Another line of the claim has the same line item control number.")
		}
		seen[cn] = true
	}
	required := k.kind == Professional
	if k.kind == Institutional {
		k.institutionalLineDates(lp, l)
		_, required = LineDates(k.c.ClaimInformation)
	}
	if required {
		k.require(lp.sub("serviceDate"), l.ServiceDate, "the service date")
	}
	k.date(lp.sub("serviceDate"), l.ServiceDate, true)
	if l.ServiceDateEnd != "" {
		if l.ServiceDate == "" {
			k.missing(lp.sub("serviceDate"), "the service start date")
		}
		k.date(lp.sub("serviceDateEnd"), l.ServiceDateEnd, true)
		if validDate(l.ServiceDate) && validDate(l.ServiceDateEnd) &&
			l.ServiceDateEnd < l.ServiceDate {
			k.add("date.order", lp.sub("serviceDateEnd"), edi.Error,
				"The service end date is before its start date.")
		}
	}
}

// institutionalLineDates checks the dates of an 837I line against its
// claim: none on an inpatient bill, and within the statement period.
func (k *checker) institutionalLineDates(lp jpath, l *ServiceLine) {
	ci := k.c.ClaimInformation
	if l.ServiceDate == "" {
		return
	}
	if allowed, _ := LineDates(ci); !allowed {
		k.add("line.date_unused", lp.sub("serviceDate"), edi.Warning,
			"Service dates are sent on outpatient lines only; it will be left out.")
		return
	}
	d := ci.ClaimDateInformation
	if d == nil || !validDate(d.StatementBeginDate) || !validDate(d.StatementEndDate) ||
		d.StatementEndDate < d.StatementBeginDate {
		return
	}
	end := l.ServiceDateEnd
	if end == "" {
		end = l.ServiceDate
	}
	if validDate(l.ServiceDate) && l.ServiceDate < d.StatementBeginDate ||
		validDate(end) && end > d.StatementEndDate {
		k.add("date.outside_statement", lp.sub("serviceDate"), edi.Error,
			"The service date is outside the claim's statement period.")
	}
}

func (k *checker) procedure(p jpath, qual, code string, mods []string, required bool) {
	if qual != "" && qual != "HC" {
		k.add("procedure.qualifier", p.sub("procedureIdentifier"), edi.Error,
			"Only HC (CPT/HCPCS) procedure codes are supported.")
	}
	if code == "" {
		if required {
			k.missing(p.sub("procedureCode"), "the procedure code")
		}
		if len(mods) > 0 {
			k.missing(p.sub("procedureCode"), "the procedure code the modifiers apply to")
		}
	} else if !ValidProcedure(code) {
		k.add("procedure.format", p.sub("procedureCode"), edi.Error,
			"The procedure code is not shaped like a CPT or HCPCS code (e.g. 99213, J1100).")
	}
	for j, m := range mods {
		mp := p.sub("procedureModifiers[]")
		mp.idx[1] = j
		if j >= 4 {
			k.add("modifier.count", mp, edi.Error,
				"A line carries at most four procedure modifiers.")
			continue
		}
		if len(m) != 2 || !isUpperAlnum(m) {
			k.add("modifier.format", mp, edi.Error,
				"A procedure modifier is two letters or digits, such as 25.")
		}
	}
}

func (k *checker) units(p jpath, unit string, q Quantity, list map[string]bool) {
	if unit != "" && !list[unit] {
		k.add("unit.code", p.sub("measurementUnit"), edi.Error,
			"The unit of measure is not one the guide allows for this claim type.")
	}
	switch {
	case !q.Set:
		k.missing(p.sub("serviceUnitCount"), "the service unit count")
	case q.Bad != "":
		k.add("units.format", p.sub("serviceUnitCount"), edi.Error,
			"The unit count must be a number with at most three decimals.")
	case q.Milli <= 0:
		k.add("units.positive", p.sub("serviceUnitCount"), edi.Error,
			"The unit count must be above zero.")
	case digits(q.Milli) > 8:
		k.add("units.length", p.sub("serviceUnitCount"), edi.Error,
			"A unit count has at most 8 digits, decimals included.")
	}
}

func (k *checker) professionalLine(p jpath, s *ProfessionalService, ci *ClaimInfo) {
	k.procedure(p, s.ProcedureIdentifier, s.ProcedureCode, s.ProcedureModifiers, true)
	k.amount(p.sub("lineItemChargeAmount"), s.LineItemChargeAmount, true, "the line charge")
	k.units(p, s.MeasurementUnit, s.ServiceUnitCount, profUnits)
	if v := s.PlaceOfServiceCode; v != "" && (len(v) != 2 || !isDigits(v)) {
		k.add("pos.format", p.sub("placeOfServiceCode"), edi.Error,
			"The place of service must be a two-digit code.")
	}
	var ptrs []string
	if s.CompositeDiagnosisCodePointers != nil {
		ptrs = s.CompositeDiagnosisCodePointers.DiagnosisCodePointers
	}
	pp := p.sub("compositeDiagnosisCodePointers.diagnosisCodePointers")
	if len(ptrs) == 0 {
		k.missing(pp, "the line's diagnosis pointer")
		return
	}
	n := len(ci.HealthCareCodeInformation)
	var seen [13]bool
	for j, v := range ptrs {
		jp := p.sub("compositeDiagnosisCodePointers.diagnosisCodePointers[]")
		jp.idx[1] = j
		if j >= 4 {
			k.add("pointer.count", jp, edi.Error,
				"A line points to at most four diagnoses.")
			continue
		}
		d := 0
		if len(v) <= 2 && isDigits(v) {
			d = atoi(v)
		}
		switch {
		case d < 1 || d > MaxProfessionalDiagnoses:
			k.add("pointer.format", jp, edi.Error,
				"A diagnosis pointer is a number from 1 to 12.")
		case d > n:
			k.add("pointer.range", jp, edi.Error,
				"The diagnosis pointer "+v+" points past the claim's "+itoa(n)+
					" diagnoses.")
		case seen[d]:
			k.add("pointer.duplicate", jp, edi.Error,
				"The line points to the same diagnosis twice.")
		}
		if d >= 1 && d <= MaxProfessionalDiagnoses {
			seen[d] = true
		}
	}
}

func (k *checker) institutionalLine(p jpath, s *InstitutionalService) {
	rc := s.ServiceLineRevenueCode
	if k.require(p.sub("serviceLineRevenueCode"), rc, "the revenue code") &&
		(len(rc) != 4 || !isDigits(rc)) {
		k.add("revenue.format", p.sub("serviceLineRevenueCode"), edi.Error,
			"The revenue code must be four digits, such as 0450.")
	}
	k.procedure(p, s.ProcedureIdentifier, s.ProcedureCode, s.ProcedureModifiers, false)
	k.amount(p.sub("lineItemChargeAmount"), s.LineItemChargeAmount, true, "the line charge")
	k.units(p, s.MeasurementUnit, s.ServiceUnitCount, instUnits)
	if s.NonCoveredChargeAmount.Set {
		k.amount(p.sub("nonCoveredChargeAmount"), s.NonCoveredChargeAmount, false,
			"the non-covered charge")
	}
}

// digits counts the digits of a positive quantity in thousandths as X12
// writes it: the integer part, at least one digit, and the decimals
// without their trailing zeros.
func digits(milli int64) int {
	n := 1
	for whole := milli / 1000; whole >= 10; whole /= 10 {
		n++
	}
	frac := milli % 1000
	if frac == 0 {
		return n
	}
	n += 3
	for ; frac%10 == 0; frac /= 10 {
		n--
	}
	return n
}
