// This folder holds the end-to-end tests (Lua, JavaScript), not Go code. The
// go.mod stops "go test ./..." from descending into node_modules, where
// some npm packages ship Go files of their own.
module github.com/bluepencil/bluepencil/e2e

go 1.26
