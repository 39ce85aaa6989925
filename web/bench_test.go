package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/internal/testdb"
	"github.com/claimflow/claimflow/pipeline/store"
)

// benchClaims is how many claims the page benchmarks run against.
const benchClaims = 100_000

// pageBound is the generous limit a page must render within, per request,
// with benchClaims claims on SQLite; a page slower than this fails the
// benchmark.
const pageBound = 2 * time.Second

var bulk struct {
	once   sync.Once
	srv    *Server
	cookie *http.Cookie
	fx     testdb.BulkFixture
	seeded time.Duration
}

// bulkServer seeds benchClaims claims once for every page benchmark.
func bulkServer(b *testing.B) {
	bulk.once.Do(func() {
		start := time.Now()
		url := testdb.SQLiteURL(b)
		s := testdb.Open(b, url)
		bulk.fx = testdb.Bulk(b, url, benchClaims)
		bulk.seeded = time.Since(start)
		ctx := context.Background()
		u, err := s.CreateUser(ctx, "bench", store.RoleAdmin, store.GeneratePassword())
		if err != nil {
			b.Fatal(err)
		}
		secret, _, err := s.CreateSession(ctx, u, store.SessionPolicy{Idle: time.Hour}, "")
		if err != nil {
			b.Fatal(err)
		}
		bulk.cookie = &http.Cookie{Name: sessionCookie, Value: secret}
		bulk.srv, err = New(s, nil, Options{Now: func() time.Time { return testdb.AsOf }})
		if err != nil {
			b.Fatal(err)
		}
	})
	if bulk.srv == nil {
		b.Fatal("seeding failed in an earlier benchmark")
	}
}

// BenchmarkPages renders the main pages over 100,000 claims on SQLite and
// fails any page slower than pageBound a request. Seeding takes a while;
// run it with go test -run '^$' -bench Pages ./web.
func BenchmarkPages(b *testing.B) {
	bulkServer(b)
	b.Logf("seeded %d claims in %s", bulk.fx.Claims, bulk.seeded.Round(time.Millisecond))
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/"},
		{"claims", "/claims"},
		{"claims_denied", "/claims?status=denied&payer=P03"},
		{"claim", "/claims/" + bulk.fx.AClaim},
		{"batches", "/batches"},
		{"batch", "/batches/" + bulk.fx.ABatch},
		{"remittances", "/remittances"},
		{"remittance", "/remittances/" + bulk.fx.ARemittance},
		{"worklist", "/worklist"},
		{"worklist_stuck", "/worklist?kind=stuck"},
		{"reports", "/reports"},
		{"search", "/search?q=" + bulk.fx.APCN},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(bulk.cookie)
				rec := httptest.NewRecorder()
				bulk.srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d\n%s", p.path, rec.Code, rec.Body.String())
				}
			}
			if per := b.Elapsed() / time.Duration(b.N); per > pageBound {
				b.Errorf("GET %s took %s a request, more than %s", p.path, per, pageBound)
			}
		})
	}
}
