package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// storeCollector reads the claims and batches gauges from the store when
// Prometheus scrapes, so that they are never stale and cost nothing
// between scrapes.
type storeCollector struct {
	counts  Counts
	timeout time.Duration
	claims  *prometheus.Desc
	batches *prometheus.Desc
	up      *prometheus.Desc
}

func newStoreCollector(c Counts, timeout time.Duration) *storeCollector {
	return &storeCollector{
		counts:  c,
		timeout: timeout,
		claims: prometheus.NewDesc(Namespace+"_claims", "Claims by status.",
			[]string{"status"}, nil),
		batches: prometheus.NewDesc(Namespace+"_batches", "Batches by state.",
			[]string{"state"}, nil),
		up: prometheus.NewDesc(Namespace+"_store_up",
			"1 when the store answered the scrape's queries, 0 when not.", nil, nil),
	}
}

// Describe sends the descriptions of the gauges.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.claims
	ch <- c.batches
	ch <- c.up
}

// Collect queries the store. Every status and state is reported, with 0
// for those that have no claims or batches, so that series do not vanish.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	claims, err := c.counts.ClaimCountsByStatus(ctx)
	if err == nil {
		for _, st := range lifecycle.Statuses() {
			ch <- prometheus.MustNewConstMetric(c.claims, prometheus.GaugeValue,
				float64(claims[st]), string(st))
		}
	}
	batches, err2 := c.counts.BatchCountsByState(ctx)
	if err2 == nil {
		for _, st := range []store.BatchState{store.BatchBuilt, store.BatchUploaded,
			store.BatchAcknowledged, store.BatchRejected, store.BatchAbandoned} {
			ch <- prometheus.MustNewConstMetric(c.batches, prometheus.GaugeValue,
				float64(batches[st]), string(st))
		}
	}
	up := 1.0
	if err != nil || err2 != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
}
