# claimflow: make demo runs the whole job on embedded defaults; make test
# runs every test. Services the tests can use (PostgreSQL, sshd, Chromium)
# are named by environment variables; see .ci/run.

GO      ?= go
BIN     := bin/claimflow
PKGS    := ./...
BENCH   ?= .
FUZZTIME ?= 60s

.PHONY: all build test race bench fuzz lint demo clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/claimflow

test:
	@./.ci/services
	$(GO) vet $(PKGS)
	$(GO) test -count=1 $(PKGS)

race:
	$(GO) test -count=1 -race $(PKGS)

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem $(PKGS)

# fuzz runs each fuzz target for FUZZTIME.
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

demo: build
	./$(BIN) demo

clean:
	rm -rf bin demo-data
