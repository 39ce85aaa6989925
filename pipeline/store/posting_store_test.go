package store

import (
	"context"
	"errors"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/lib/pq"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

func TestInsertClaims(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		if _, err := s.InsertClaim(ctx, sampleClaim(1)); err != nil {
			t.Fatal(err)
		}
		invalid := sampleClaim(3)
		invalid.PayerID, invalid.BillingNPI = "", ""
		invalid.Findings = append(invalid.Findings, Finding{Severity: SeverityError,
			Code: "payer.missing", Path: "tradingPartnerServiceId", Message: "no payer"})
		noPayer := sampleClaim(4)
		noPayer.PayerID = ""
		var out []Inserted
		err := s.InTx(ctx, func(tx *Tx) error {
			var err error
			out, err = tx.InsertClaims(ctx, []ClaimInput{sampleClaim(1), sampleClaim(2),
				sampleClaim(2), invalid, noPayer})
			return err
		})
		if err != nil || len(out) != 5 {
			t.Fatalf("InsertClaims = %+v, %v", out, err)
		}
		var dup *DuplicatePCNError
		switch {
		case !errors.As(out[0].Err, &dup) || dup.ExistingClaimID == "":
			t.Errorf("number held before the call: %v", out[0].Err)
		case out[1].Err != nil || out[1].Claim.Status != lifecycle.Ready:
			t.Errorf("new claim: %+v", out[1])
		case !errors.As(out[2].Err, &dup) || dup.ExistingClaimID != out[1].Claim.ID:
			t.Errorf("number held by an earlier row: %v", out[2].Err)
		case out[3].Err != nil || out[3].Claim.Status != lifecycle.Invalid:
			t.Errorf("an invalid claim may lack its payer: %+v", out[3])
		case !errors.Is(out[4].Err, ErrInvalidInput):
			t.Errorf("a ready claim without a payer: %v", out[4].Err)
		}
		d, err := s.GetClaim(ctx, out[1].Claim.ID)
		if err != nil || len(d.Timeline) != 2 || len(d.Current.Lines) != 2 ||
			d.Current.Findings[0].Code != "W101" || d.Claim.PCN != "PCN00002" {
			t.Errorf("stored claim %+v, %v", d, err)
		}
		if n := count(t, s, "claims"); n != 3 {
			t.Errorf("%d claims", n)
		}
	})
}

func TestSubmissionsLike(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		for _, pcn := range []string{"ab-12345", "XYZ123456789", "Q1"} {
			in := sampleClaim(0)
			in.PCN = pcn
			if _, err := s.InsertClaim(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		for key, want := range map[string]string{
			"AB12345":        "ab-12345",     // case and punctuation
			"XYZ1234":        "XYZ123456789", // cut short
			"XYZ123456789ZZ": "XYZ123456789", // something added after
			"00XYZ123456789": "XYZ123456789", // something added before
			"Q1":             "Q1",           // short: exact only
			"Q":              "",
			"XYZ1":           "", // too short to compare by prefix
		} {
			var got []Submission
			err := s.InTx(ctx, func(tx *Tx) error {
				var err error
				got, err = tx.SubmissionsLike(ctx, key)
				return err
			})
			switch {
			case err != nil:
				t.Errorf("%s: %v", key, err)
			case want == "" && len(got) != 0:
				t.Errorf("%s: %+v, want none", key, got)
			case want != "" && (len(got) != 1 || got[0].PCN != want || got[0].Sent()):
				t.Errorf("%s: %+v, want %s", key, got, want)
			}
		}
	})
}

func TestRetryable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{&pq.Error{Code: "40P01"}, true},
		{&pq.Error{Code: "40001"}, true},
		{&pq.Error{Code: "23505"}, false},
		{errors.New("other"), false},
	} {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("Retryable(%v) = %v", tt.err, got)
		}
	}
}
