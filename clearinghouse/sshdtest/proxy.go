package sshdtest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Fault is what a Proxy does to a connection once it has forwarded a set
// number of bytes from client to server.
type Fault int

// The faults a Proxy can cause.
const (
	Cut   Fault = iota + 1 // close both sides
	Stall                  // stop forwarding, keep both sides open
)

// Proxy forwards loopback TCP connections to a server and can break one in
// the middle of a transfer. It counts the connections it accepts, which
// counts a client's attempts to connect.
type Proxy struct {
	Host string
	Port int

	target string
	ln     net.Listener

	mu     sync.Mutex
	conns  int
	fault  Fault
	after  int64
	open   []net.Conn
	closed bool
}

// NewProxy listens on a free loopback port and forwards to target until
// cleanup.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().(*net.TCPAddr)
	p := &Proxy{Host: "127.0.0.1", Port: a.Port, target: target, ln: ln}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// Conns returns how many connections the proxy has accepted.
func (p *Proxy) Conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns
}

// Arm makes the next connection accepted suffer fault once n bytes have
// gone from the client to the server. Later connections pass untouched.
func (p *Proxy) Arm(fault Fault, n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault, p.after = fault, n
}

func (p *Proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns++
		fault, after := p.fault, p.after
		p.fault = 0
		p.mu.Unlock()
		go p.forward(c, fault, after)
	}
}

// forward copies bytes both ways between client c and the target.
func (p *Proxy) forward(c net.Conn, fault Fault, after int64) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = c.Close()
		return
	}
	if !p.track(c, s) {
		return
	}
	shut := func() {
		_ = c.Close()
		_ = s.Close()
	}
	go func() {
		_, _ = io.Copy(c, s)
		shut()
	}()

	if fault != 0 {
		_, err := io.CopyN(s, c, after)
		if err != nil {
			shut()
			return
		}
		if fault == Cut {
			shut()
			return
		}
		// Stall: read and drop until the client gives up.
		_, _ = io.Copy(io.Discard, c)
		shut()
		return
	}
	_, _ = io.Copy(s, c)
	shut()
}

// track remembers open connections so that close can end them; it refuses
// new ones once the proxy is closed.
func (p *Proxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			_ = c.Close()
		}
		return false
	}
	p.open = append(p.open, conns...)
	return true
}

func (p *Proxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, c := range p.open {
		_ = c.Close()
	}
}
