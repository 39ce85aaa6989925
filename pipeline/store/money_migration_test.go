package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/migrations"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// The migration that adds the claims' money columns fills them as the
// store keeps them afterwards: its statements, run again on zeroed columns,
// give what RefreshMoney gives.
func TestClaimMoneyMigrationFillsAsTheStoreDoes(t *testing.T) {
	sql, err := migrations.FS.ReadFile("00022_claim_money.sql")
	if err != nil {
		t.Fatal(err)
	}
	text := string(sql)
	fill := text[strings.LastIndex(text, "ADD COLUMN denied_cents"):]
	fill = fill[strings.Index(fill, ";")+1:]
	var statements []string
	for _, st := range strings.Split(fill, ";") {
		var lines []string
		for _, l := range strings.Split(st, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if st := strings.TrimSpace(strings.Join(lines, "\n")); st != "" {
			statements = append(statements, st)
		}
	}
	if len(statements) != 4 {
		t.Fatalf("%d statements after the columns are added", len(statements))
	}

	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		storetest.Seed(t, s, url)
		storetest.SeedMoney(t, s, url)
		money := func() map[string][4]int64 {
			page, err := s.ListClaimViews(ctx, store.ClaimViewQuery{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][4]int64{}
			for _, c := range page.Claims {
				out[c.ID] = [4]int64{c.PaidCents, c.AdjustedCents, c.PatientCents,
					c.DeniedCents}
			}
			return out
		}
		kept := money()
		storetest.Exec(t, url, "UPDATE claims SET paid_cents = 0, adjusted_cents = 0, "+
			"patient_cents = 0, denied_cents = 0")
		for _, st := range statements {
			storetest.Exec(t, url, st)
		}
		if got := money(); !reflect.DeepEqual(got, kept) {
			t.Errorf("filled by the migration %v\nkept by the store %v", got, kept)
		}
		var paid int64
		for _, m := range kept {
			paid += m[0]
		}
		if paid == 0 {
			t.Error("the seeded claims were paid nothing: the test compares zeros")
		}
	})
}
