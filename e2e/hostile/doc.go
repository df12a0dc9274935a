// Package hostile holds the long probes of bluepencil against hostile and
// unlucky input: each runs the built binary (check, render, diff, serve) on
// an input an attacker or an accident could produce, under a time and memory
// bound, and asserts that it ends with a clear answer.
//
// The probes are behind the "hostile" build tag so that `go test ./...`
// stays fast, and they live in the e2e module; e2e/run.sh runs them:
//
//	cd e2e && go test -tags hostile -count=1 ./hostile/
//
// Each file covers one area (fidelity, parser and views, files, render,
// server); main_test.go builds the binary once and offers the helpers.
package hostile
