package web

import (
	"testing"

	"github.com/claimflow/claimflow/pipeline/store"
)

func TestSmoke(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleAdmin)
	for _, p := range []string{"/", "/claims", "/claims/" + e.fx.Claims["PCN1001"], "/batches",
		"/batches/" + e.fx.Batch1, "/files", "/files/" + e.fx.Ack2, "/remittances",
		"/remittances/" + e.fx.Remit1, "/worklist", "/reports", "/search?q=PCN1001",
		"/admin/users", "/admin/access"} {
		body := e.page(c, p)
		t.Logf("%s: %s", p, text(body)[:min(300, len(text(body)))])
	}
}
