// Package metrics counts what the daemon does, for Prometheus: job runs
// and their durations, files in and out, the last successful poll of each
// connection, and, read from the store when scraped, claims by status and
// batches by state.
//
// Labels carry only claimflow's own words: job names, connection names
// from the configuration, file kinds, claim statuses. Never patient data,
// claim numbers or file names.
package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Namespace starts every metric's name.
const Namespace = "claimflow"

// Counts is what the scrape-time gauges read: the store does.
type Counts interface {
	ClaimCountsByStatus(ctx context.Context) (map[lifecycle.Status]int, error)
	BatchCountsByState(ctx context.Context) (map[store.BatchState]int, error)
}

// Metrics holds claimflow's metrics in a registry of their own. Its
// methods are safe for concurrent use; a nil *Metrics counts nothing, so
// that jobs can be run without metrics.
type Metrics struct {
	reg      *prometheus.Registry
	jobRuns  *prometheus.CounterVec
	jobTime  *prometheus.HistogramVec
	filesIn  *prometheus.CounterVec
	filesOut *prometheus.CounterVec
	lastPoll *prometheus.GaugeVec
}

// New makes the metrics. counts, when not nil, is read at each scrape for
// claims by status and batches by state, each query bounded by timeout
// (0 means 5 seconds).
func New(counts Counts, timeout time.Duration) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.jobRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "job_runs_total",
		Help: "Job runs by job, connection and result (ok or error).",
	}, []string{"job", "connection", "result"})
	m.jobTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: "job_duration_seconds",
		Help:    "How long job runs took, by job and connection.",
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
	}, []string{"job", "connection"})
	m.filesIn = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "files_in_total",
		Help: "Files received, by connection and detected kind (TA1, 999, 277CA, 835, unknown).",
	}, []string{"connection", "kind"})
	m.filesOut = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: Namespace, Name: "files_out_total",
		Help: "837 files uploaded, by connection.",
	}, []string{"connection"})
	m.lastPoll = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "last_successful_poll_timestamp_seconds",
		Help: "Unix time of the last poll of each connection that succeeded.",
	}, []string{"connection"})
	m.reg.MustRegister(m.jobRuns, m.jobTime, m.filesIn, m.filesOut, m.lastPoll,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if counts != nil {
		if timeout <= 0 {
			timeout = 5 * time.Second
		}
		m.reg.MustRegister(newStoreCollector(counts, timeout))
	}
	return m
}

// JobRun records one run of a job for a connection ("" for jobs of no
// connection): how long it took and whether it failed.
func (m *Metrics) JobRun(job, connection string, d time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.jobRuns.WithLabelValues(job, connection, result).Inc()
	m.jobTime.WithLabelValues(job, connection).Observe(d.Seconds())
}

// FileIn records a file of a kind received on a connection.
func (m *Metrics) FileIn(connection, kind string) {
	if m == nil {
		return
	}
	if kind == "" {
		kind = "unknown"
	}
	m.filesIn.WithLabelValues(connection, kind).Inc()
}

// FileOut records an 837 file uploaded on a connection.
func (m *Metrics) FileOut(connection string) {
	if m == nil {
		return
	}
	m.filesOut.WithLabelValues(connection).Inc()
}

// PollSucceeded records that a connection's poll ended well at t.
func (m *Metrics) PollSucceeded(connection string, t time.Time) {
	if m == nil {
		return
	}
	m.lastPoll.WithLabelValues(connection).Set(float64(t.UnixNano()) / 1e9)
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry is where the metrics live, for tests and for adding more.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }
