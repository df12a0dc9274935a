// This folder holds the editor clients (TypeScript, Lua), not Go code. The
// go.mod stops "go test ./..." from descending into node_modules, where
// some npm packages ship Go files of their own.
module github.com/bluepencil/bluepencil/editors

go 1.26
