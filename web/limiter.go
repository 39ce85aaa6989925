package web

import (
	"sync"
	"time"
)

// limiter counts failed logins per username and per client address and
// refuses further attempts once either passes its limit within the
// window. An address gets four times a user's limit, since several people
// may share one.
type limiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// maxLimiterKeys bounds the memory that a flood of made-up usernames can
// take; past it, entries without recent failures are dropped.
const maxLimiterKeys = 10000

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, now: time.Now,
		fails: map[string][]time.Time{}}
}

// recent returns key's failures within the window; the caller holds mu.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	list := l.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= l.window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = list
	}
	return list
}

// allow reports whether a login for user from ip may be tried now.
func (l *limiter) allow(user, ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return len(l.recent("u:"+user, now)) < l.limit &&
		len(l.recent("ip:"+ip, now)) < 4*l.limit
}

// fail records a failed login.
func (l *limiter) fail(user, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) >= maxLimiterKeys {
		for k := range l.fails {
			l.recent(k, now)
		}
	}
	for _, k := range []string{"u:" + user, "ip:" + ip} {
		l.fails[k] = append(l.recent(k, now), now)
	}
}

// succeed forgets a user's failures after a good login.
func (l *limiter) succeed(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, "u:"+user)
}
