package posting

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// today is the day the tests' claims are checked against.
var today = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

// lineSpec describes an invented service line.
type lineSpec struct {
	code    string
	mods    []string
	cents   int64
	date    string // CCYYMMDD; "" means 20260302
	units   string // "" means 1
	control string // REF*6R; "" lets intake make one up
}

// claimSpec describes an invented claim; zero fields take defaults.
type claimSpec struct {
	pcn   string
	lines []lineSpec // none means one 99213 line of 125.00
	payer string     // "" means 60054
	resp  string     // SBR01; "" means P
	freq  string     // "" means 1
	orig  string     // the payer's claim number, for frequency 7 and 8
	npi   string     // billing NPI; "" means a valid one
}

// doc returns the claim as JSON in the shape of the claims API.
func (c claimSpec) doc() []byte {
	lines := c.lines
	if len(lines) == 0 {
		lines = []lineSpec{{code: "99213", cents: 12500}}
	}
	var total int64
	var sls []any
	for _, l := range lines {
		total += l.cents
		date, units := l.date, l.units
		if date == "" {
			date = "20260302"
		}
		if units == "" {
			units = "1"
		}
		pointers := map[string]any{"diagnosisCodePointers": []string{"1"}}
		ps := map[string]any{"procedureIdentifier": "HC", "procedureCode": l.code,
			"lineItemChargeAmount": dollars(l.cents), "measurementUnit": "UN",
			"serviceUnitCount": units, "compositeDiagnosisCodePointers": pointers}
		if len(l.mods) > 0 {
			ps["procedureModifiers"] = l.mods
		}
		sl := map[string]any{"serviceDate": date, "professionalService": ps}
		if l.control != "" {
			sl["providerControlNumber"] = l.control
		}
		sls = append(sls, sl)
	}
	ci := map[string]any{"claimFilingCode": "CI", "patientControlNumber": c.pcn,
		"claimChargeAmount": dollars(total), "placeOfServiceCode": "11",
		"claimFrequencyCode": or(c.freq, "1"), "signatureIndicator": "Y",
		"planParticipationCode": "A", "benefitsAssignmentCertificationIndicator": "Y",
		"releaseInformationCode": "Y",
		"healthCareCodeInformation": []any{map[string]any{"diagnosisTypeCode": "ABK",
			"diagnosisCode": "J06.9"}},
		"serviceLines": sls}
	if c.orig != "" {
		ci["claimSupplementalInformation"] = map[string]any{"claimControlNumber": c.orig}
	}
	doc := map[string]any{
		"usageIndicator": "T", "tradingPartnerServiceId": or(c.payer, "60054"),
		"tradingPartnerName": "Evergreen Health Plan",
		"submitter": map[string]any{"organizationName": "Brightwater Billing Co",
			"submitterIdentification": "BWB0042", "contactInformation": map[string]any{
				"name": "Claims Desk", "phoneNumber": "5035550100"}},
		"receiver": map[string]any{"organizationName": "Cascade Clearinghouse"},
		"subscriber": map[string]any{"memberId": "ZZ900100200",
			"paymentResponsibilityLevelCode": or(c.resp, "P"), "groupNumber": "GRP7781",
			"firstName": "Ada", "lastName": "Invented", "gender": "F",
			"dateOfBirth": "19800101", "address": map[string]any{"address1": "1 Test Road",
				"city": "Portland", "state": "OR", "postalCode": "97005"}},
		"billing": map[string]any{"providerType": "BillingProvider",
			"npi": or(c.npi, "1234567893"), "employerId": "931234567",
			"taxonomyCode": "207Q00000X", "organizationName": "Juniper Family Medicine",
			"address": map[string]any{"address1": "410 Alder Street", "city": "Portland",
				"state": "OR", "postalCode": "972041234"}},
		"claimInformation": ci,
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

func dollars(cents int64) string { return edi.Amount(cents).String() }

// env is one test's database with helpers to send claims and apply
// answers to them.
type env struct {
	t     *testing.T
	ctx   context.Context
	s     *store.Store
	conn  string
	clock time.Time // the time of the next file; each file moves it an hour
	files int
	raw   *sqlx.DB // a plain connection, to count rows
}

// eachEnv runs fn on each backend with a fresh database.
func eachEnv(t *testing.T, fn func(e *env)) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		driver, dsn := "postgres", url
		if strings.HasPrefix(url, "sqlite:") {
			driver, dsn = "sqlite", strings.TrimPrefix(url, "sqlite:")
		}
		e := &env{t: t, ctx: context.Background(), s: storetest.Open(t, url),
			conn: "cascade", clock: time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)}
		raw, err := sqlx.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		e.raw = raw
		fn(e)
	})
}

// importClaims imports the claims and returns their IDs by PCN.
func (e *env) importClaims(specs ...claimSpec) map[string]string {
	e.t.Helper()
	var file bytes.Buffer
	for _, c := range specs {
		file.Write(c.doc())
		file.WriteByte('\n')
	}
	ids := map[string]string{}
	_, err := Import(e.ctx, e.s, &file, ImportOptions{Today: today, OnClaim: func(r ClaimResult) {
		if r.Err != nil {
			e.t.Fatalf("import claim %d: %v", r.Index, r.Err)
		}
		ids[r.PCN] = r.ClaimID
	}})
	if err != nil {
		e.t.Fatalf("Import: %v", err)
	}
	return ids
}

// send puts the claims into one batch, perSet claims to a transaction
// set, writes its 837 with the x837 builder and marks it uploaded.
func (e *env) send(perSet int, ids ...string) store.Batch {
	e.t.Helper()
	b, err := e.s.CreateBatch(e.ctx, store.BatchRequest{Connection: e.conn, ClaimIDs: ids,
		ClaimsPerSet: perSet, Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			var out bytes.Buffer
			bl, err := x837.NewBuilder(&out, x837.Professional, x837.Envelope{
				SenderQualifier: "ZZ", SenderID: "CLAIMFLOW", ReceiverQualifier: "ZZ",
				ReceiverID: "CASCADE", Usage: 'T', AckRequested: true, Interchange: d.ISA13,
				Group: d.GS06, FirstSet: int(d.Sets[0].ST02), Time: e.clock,
				MaxClaimsPerSet: len(d.Sets[0].Claims)}, x837.Options{Today: today}, "\n")
			if err != nil {
				return store.OutboundFile{}, err
			}
			for _, s := range d.Sets {
				for _, dc := range s.Claims {
					c, err := x837.DecodeClaim(dc.Document, x837.Professional)
					if err != nil {
						return store.OutboundFile{}, err
					}
					if _, err := bl.Add(c); err != nil {
						return store.OutboundFile{}, err
					}
				}
			}
			if _, err := bl.Close(); err != nil {
				return store.OutboundFile{}, err
			}
			return store.OutboundFile{Name: fmt.Sprintf("claims-%09d.837", d.ISA13),
				Content: out.Bytes(), Type: "837P"}, nil
		}})
	if err != nil {
		e.t.Fatalf("CreateBatch: %v", err)
	}
	b, err = e.s.MarkBatchUploaded(e.ctx, b.ID, "/in/"+b.ID, e.clock)
	if err != nil {
		e.t.Fatalf("MarkBatchUploaded: %v", err)
	}
	e.clock = e.clock.Add(time.Hour)
	return b
}

// apply applies a received file and moves the clock on.
func (e *env) apply(name string, content []byte) Result {
	e.t.Helper()
	res, err := Apply(e.ctx, e.s, Input{Name: name, Content: content, Connection: e.conn,
		ReceivedAt: e.clock})
	if err != nil {
		e.t.Fatalf("Apply %s: %v", name, err)
	}
	e.clock = e.clock.Add(time.Hour)
	return res
}

// nextControl returns a fresh control number for a response interchange.
func (e *env) nextControl() int64 {
	e.files++
	return int64(900 + e.files)
}

// claim reads a claim with its timeline.
func (e *env) claim(id string) store.ClaimDetail {
	e.t.Helper()
	d, err := e.s.GetClaim(e.ctx, id)
	if err != nil {
		e.t.Fatalf("GetClaim: %v", err)
	}
	return d
}

// wantStatus checks a claim's status.
func (e *env) wantStatus(id string, want lifecycle.Status) {
	e.t.Helper()
	if got := e.claim(id).Claim.Status; got != want {
		e.t.Errorf("claim %s: status %s, want %s", id, got, want)
	}
}

// answers returns a claim's timeline from its first answer on, as
// "kind status->after: detail" lines.
func (e *env) answers(id string) []string {
	e.t.Helper()
	var out []string
	for _, ev := range e.claim(id).Timeline {
		if !ev.Kind.IsAnswer() && ev.Kind != lifecycle.KindNote {
			continue
		}
		out = append(out, fmt.Sprintf("%s v%d %s->%s: %s", ev.Kind, ev.Version, ev.Status,
			ev.StatusAfter, ev.Detail))
	}
	return out
}

// wantAnswers checks a claim's answer events exactly.
func (e *env) wantAnswers(id string, want ...string) {
	e.t.Helper()
	got := e.answers(id)
	if !reflect.DeepEqual(got, want) {
		e.t.Errorf("claim %s answers:\n%s\nwant:\n%s", id, strings.Join(got, "\n"),
			strings.Join(want, "\n"))
	}
}

// responseEnvelope is the interchange a clearinghouse answers in.
func (e *env) responseEnvelope() edi.Interchange {
	return edi.Interchange{SenderQualifier: "ZZ", SenderID: "CASCADE",
		ReceiverQualifier: "ZZ", ReceiverID: "CLAIMFLOW", Time: e.clock,
		Control: e.nextControl(), Usage: 'T'}
}

// count counts the rows of a table.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.raw.GetContext(e.ctx, &n, "SELECT COUNT(*) FROM "+table); err != nil {
		e.t.Fatalf("count %s: %v", table, err)
	}
	return n
}
