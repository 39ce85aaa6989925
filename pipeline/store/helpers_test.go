package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// open opens a store that is closed at cleanup.
func open(t testing.TB, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// migrated opens a store with the whole schema and a clock that starts at
// testEpoch and moves a second per reading.
func migrated(t testing.TB, url string) *Store {
	t.Helper()
	s := open(t, url)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	s.now = ticker(testEpoch)
	return s
}

var testEpoch = time.Date(2025, 3, 4, 5, 6, 7, 123456789, time.UTC)

// ticker returns a clock that reads start, then a second later each time.
func ticker(start time.Time) func() time.Time {
	var mu sync.Mutex
	n := 0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		n++
		return start.Add(time.Duration(n-1) * time.Second)
	}
}

// count returns the number of rows in a table.
func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.read.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// sampleClaim is an invented claim; n makes its PCN unique.
func sampleClaim(n int) ClaimInput {
	return ClaimInput{
		PCN:        fmt.Sprintf("PCN%05d", n),
		Kind:       Professional,
		PayerID:    "60054",
		BillingNPI: "1234567893",
		TotalCents: 25000,
		Document:   []byte(fmt.Sprintf(`{"pcn": "PCN%05d",  "lines": [1, 2]}`, n)),
		Lines: []Line{
			{Number: 1, ControlNumber: "L1", ProcedureCode: "99213", Modifiers: []string{"25"},
				ChargeCents: 15000, Units: "1", ServiceDate: "2025-02-01"},
			{Number: 2, ControlNumber: "L2", ProcedureCode: "87880", Modifiers: []string{"QW", "59"},
				ChargeCents: 10000, Units: "1.5", ServiceDate: "2025-02-01",
				ServiceDateEnd: "2025-02-02"},
		},
		Findings: []Finding{
			{Severity: SeverityWarning, Code: "W101", Path: "$.lines[1]", Message: "unusual units"},
		},
	}
}
