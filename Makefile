.PHONY: build test bench lint fuzz

build:
	go build -o bin/rfm ./cmd/rfm

test:
	go test ./...

bench:
	go test -run XXX -bench . -benchmem ./...

lint:
	test -z "$$(gofmt -l .)"
	go vet ./...
	go mod tidy -diff

fuzz:
	go test -run XXX -fuzz FuzzParseDate -fuzztime 60s ./rfm/ingest
	go test -run XXX -fuzz FuzzParseAmount -fuzztime 60s ./rfm/ingest
	go test -run XXX -fuzz FuzzReadCSV -fuzztime 60s ./rfm/ingest
	go test -run XXX -fuzz FuzzScoreInvariants -fuzztime 60s ./rfm
