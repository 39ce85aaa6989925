package x837

import (
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Options tune Check.
type Options struct {
	// Today is the date after which no claim date may fall; the zero time
	// means the current day in UTC.
	Today time.Time
	// Delimiters are those of the interchange the claim will go into; the
	// zero value means edi.DefaultDelimiters.
	Delimiters edi.Delimiters
	// Kind forces the claim's kind; UnknownKind uses Claim.Kind, and when
	// that is unknown too, the content.
	Kind Kind
	// Usage is ISA15 of the interchange ('T' or 'P'), when known: a claim
	// whose usageIndicator differs is held.
	Usage byte
}

// Limits claimflow keeps.
const (
	// MaxPatientControlNumber is the longest CLM01 claimflow writes. The
	// guide allows 38, but many payers keep only 20 and then cannot match
	// their answers to the claim.
	MaxPatientControlNumber = 20
	// MaxLineControlNumber is the longest REF*6R line item control number.
	MaxLineControlNumber = 30
	// MaxProfessionalLines and MaxInstitutionalLines are the guides' limits
	// on loop 2400.
	MaxProfessionalLines  = 50
	MaxInstitutionalLines = 999
	// MaxProfessionalDiagnoses is one HI segment: ABK and up to 11 ABF.
	MaxProfessionalDiagnoses = 12
	// MaxInstitutionalCodes is the 837I limit on other diagnoses, value,
	// occurrence, occurrence span and condition codes: two HI segments of 12.
	MaxInstitutionalCodes = 24
)

// checker collects the findings of one claim.
type checker struct {
	c     *Claim
	kind  Kind
	today string
	delim delimSet
	usage byte
	fs    Findings
	// dirty is set when some text needs trimming or transliteration.
	dirty bool
}

// Check returns every finding of the claim in one pass. A claim with any
// finding of severity edi.Error must not be written; Builder.Add refuses
// it. Check does not modify the claim.
func Check(c *Claim, o Options) Findings {
	fs, _ := check(c, o, o.today())
	return fs
}

// today returns the options' day as CCYYMMDD.
func (o Options) today() string {
	if o.Today.IsZero() {
		return time.Now().UTC().Format("20060102")
	}
	return o.Today.Format("20060102")
}

// check is Check with the day already formatted; it also tells whether
// any text needs trimming or transliteration before it is written.
func check(c *Claim, o Options, today string) (Findings, bool) {
	k := &checker{c: c, kind: o.Kind, usage: o.Usage, today: today}
	d := o.Delimiters
	if d == (edi.Delimiters{}) {
		d = edi.DefaultDelimiters
	}
	k.delim.add(d.Element)
	k.delim.add(d.Component)
	k.delim.add(d.Repetition)
	k.delim.add(d.Segment)
	if k.kind == UnknownKind {
		k.kind = c.Kind
	}
	if k.kind == UnknownKind {
		var err error
		if k.kind, err = c.DetectKind(); err != nil {
			k.add("claim.kind", pathOf(""), edi.Error,
				"The claim cannot be told professional or institutional: give "+
					"professionalService or institutionalService lines.")
		}
	}

	k.text()
	k.envelope()
	k.parties()
	if c.ClaimInformation == nil {
		k.missing(pathOf("claimInformation"), "the claim information")
		return k.fs, k.dirty
	}
	k.claim()
	k.lines()
	return k.fs, k.dirty
}

func (k *checker) add(code string, p jpath, sev edi.Severity, msg string) {
	k.fs = append(k.fs, Finding{Code: code, Path: p.String(), Severity: sev, Message: msg})
}

// missing reports a required field that is absent.
func (k *checker) missing(p jpath, what string) {
	k.add("required", p, edi.Error, capitalize(what)+" is missing.")
}

// require reports the field when it is empty and tells whether it is set.
func (k *checker) require(p jpath, v, what string) bool {
	if strings.TrimSpace(v) == "" {
		k.missing(p, what)
		return false
	}
	return true
}

// code reports a value outside its code list; empty values pass.
func (k *checker) code(p jpath, v string, list map[string]bool, what string) {
	if v != "" && !list[v] {
		k.add("code.invalid", p, edi.Error, capitalize(what)+" is not a valid code.")
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// text reports characters that cannot be written raw, and text longer or
// shorter than its element allows.
func (k *checker) text() {
	visitText(k.c, func(f *textField, i, j int, s *string) {
		v := *s
		if v == "" {
			return
		}
		if v[0] == ' ' || v[len(v)-1] == ' ' {
			k.dirty = true
		}
		// Transliteration never lengthens text, nor shortens 3 bytes below
		// 2: only lengths outside [3, max] need the exact count.
		if f.max > 0 && (len(v) < 3 || len(v) > f.max) {
			t := strings.TrimSpace(v)
			if f.names {
				t = Transliterate(t)
			}
			if len(t) < f.min || len(t) > f.max {
				k.add("text.length", f.at(i, j), edi.Error, "The field must be "+
					itoa(f.min)+" to "+itoa(f.max)+" characters long.")
			}
		}
		switch classify(v, k.delim, f.names) {
		case textLower:
			k.dirty = true
		case textTranslit:
			k.dirty = true
			k.add("text.transliterated", f.at(i, j), edi.Info,
				"Accented letters will be sent as plain capitals (for example é as E).")
		case textDelimiter:
			k.add("text.delimiter", f.at(i, j), edi.Error,
				"The field holds a character used as an X12 separator; remove it.")
		case textCharset:
			k.add("text.charset", f.at(i, j), edi.Error,
				"The field holds a character X12 cannot carry; use plain letters, "+
					"digits and punctuation.")
		}
	})
}

// envelope checks the payer and submitter fields.
func (k *checker) envelope() {
	c := k.c
	k.require(pathOf("tradingPartnerServiceId"), c.TradingPartnerServiceID, "the payer ID")
	k.require(pathOf("tradingPartnerName"), c.TradingPartnerName, "the payer's name")
	switch u := c.UsageIndicator; {
	case u != "" && u != "T" && u != "P":
		k.add("code.invalid", pathOf("usageIndicator"), edi.Error,
			"The usage indicator must be T (test) or P (production).")
	case u != "" && k.usage != 0 && u != string(k.usage):
		k.add("usage.mismatch", pathOf("usageIndicator"), edi.Error,
			"The claim's usage indicator differs from the file's (test or production).")
	}
	s := c.Submitter
	if s == nil {
		k.missing(pathOf("submitter"), "the submitter")
	} else {
		if s.OrganizationName == "" && s.LastName == "" {
			k.missing(pathOf("submitter.organizationName"), "the submitter's name")
		}
		ct := s.ContactInformation
		if ct == nil || ct.PhoneNumber == "" && ct.Email == "" && ct.FaxNumber == "" {
			k.missing(pathOf("submitter.contactInformation.phoneNumber"),
				"a telephone, fax or email for the submitter")
		} else {
			k.contact(pathOf("submitter.contactInformation"), ct)
		}
	}
	if c.Receiver == nil || c.Receiver.OrganizationName == "" {
		k.missing(pathOf("receiver.organizationName"), "the receiver's name")
	}
}

func (k *checker) contact(p jpath, ct *Contact) {
	for _, f := range []struct{ name, v string }{
		{"phoneNumber", ct.PhoneNumber}, {"faxNumber", ct.FaxNumber}} {
		if f.v != "" && (len(f.v) != 10 || !isDigits(f.v)) {
			k.add("phone.format", p.sub(f.name), edi.Error,
				"A telephone or fax number must be 10 digits, without punctuation.")
		}
	}
}
