// This folder holds the end-to-end tests: Lua and JavaScript, and the Go
// probes of the built binary in hostile/ (build tag "hostile"). Its own
// go.mod stops "go test ./..." at the root from descending into
// node_modules, where some npm packages ship Go files of their own.
module github.com/bluepencil/bluepencil/e2e

go 1.26.0

// The hostile probes write their corpus with internal/sample, as
// internal/check's tests do.
require github.com/bluepencil/bluepencil v0.0.0

replace github.com/bluepencil/bluepencil => ../
