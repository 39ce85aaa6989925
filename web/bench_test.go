package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// benchClaims is how many claims the page benchmarks run against.
const benchClaims = 100_000

// pageBound is the generous limit a page must render within, per request,
// with benchClaims claims on SQLite; a page slower than this fails the
// benchmark.
const pageBound = 2 * time.Second

// bulkEnv is a server over benchClaims claims, seeded once per backend.
type bulkEnv struct {
	srv    *Server
	cookie *http.Cookie
	fx     storetest.BulkFixture
	seeded time.Duration
}

var bulk struct {
	mu   sync.Mutex
	envs map[string]*bulkEnv
}

// bulkServer seeds benchClaims claims once per backend for every page
// benchmark.
func bulkServer(b *testing.B, backend string) *bulkEnv {
	bulk.mu.Lock()
	defer bulk.mu.Unlock()
	if e, ok := bulk.envs[backend]; ok {
		return e
	}
	url := storetest.SQLiteURL(b)
	if backend == "postgres" {
		url = storetest.PostgresURL(b)
	}
	start := time.Now()
	s := storetest.Open(b, url)
	e := &bulkEnv{fx: storetest.Bulk(b, url, benchClaims)}
	e.seeded = time.Since(start)
	ctx := context.Background()
	u, err := s.CreateUser(ctx, "bench", store.RoleAdmin, store.GeneratePassword())
	if err != nil {
		b.Fatal(err)
	}
	secret, _, err := s.CreateSession(ctx, u, store.SessionPolicy{Idle: time.Hour}, "")
	if err != nil {
		b.Fatal(err)
	}
	e.cookie = &http.Cookie{Name: sessionCookie, Value: secret}
	e.srv, err = New(s, nil, Options{Now: func() time.Time { return storetest.AsOf }})
	if err != nil {
		b.Fatal(err)
	}
	if bulk.envs == nil {
		bulk.envs = map[string]*bulkEnv{}
	}
	bulk.envs[backend] = e
	return e
}

// BenchmarkPages renders the main pages over 100,000 claims, on SQLite and
// (when CLAIMFLOW_TEST_DATABASE_URL is set) PostgreSQL, and fails any page
// slower than pageBound a request. Seeding takes a while; run it with
// go test -run '^$' -bench Pages ./web.
func BenchmarkPages(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) { benchPages(b, backend) })
	}
}

func benchPages(b *testing.B, backend string) {
	e := bulkServer(b, backend)
	b.Logf("seeded %d claims in %s", e.fx.Claims, e.seeded.Round(time.Millisecond))
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/"},
		{"claims", "/claims"},
		{"claims_denied", "/claims?status=denied&payer=P03"},
		{"claim", "/claims/" + e.fx.AClaim},
		{"batches", "/batches"},
		{"batch", "/batches/" + e.fx.ABatch},
		{"remittances", "/remittances"},
		{"remittance", "/remittances/" + e.fx.ARemittance},
		{"worklist", "/worklist"},
		{"worklist_stuck", "/worklist?kind=stuck"},
		{"reports", "/reports"},
		{"search", "/search?q=" + e.fx.APCN},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(e.cookie)
				rec := httptest.NewRecorder()
				e.srv.ServeHTTP(rec, req)
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
