#!/usr/bin/env bash
# Re-creates each copy in third_party from the module at the version that
# go.mod's replace names, without its tests and tools, and applies
# patches/NAME.patch. Run it after changing a version here and in go.mod;
# if a patch no longer applies, redo the change by hand (README.md says
# what it is) and write the patch again with
#   diff -ruN PRISTINE_COPY/NAME third_party/NAME
set -euo pipefail
cd "$(dirname "$0")"
modules=(
	"gorilla-css github.com/gorilla/css v1.0.1"
	"bluemonday github.com/microcosm-cc/bluemonday v1.0.27"
	"goldmark github.com/yuin/goldmark v1.8.7"
	"jsonrpc2 go.lsp.dev/jsonrpc2 v1.0.1"
	"yaml go.yaml.in/yaml/v3 v3.0.6"
)
for m in "${modules[@]}"; do
	set -- $m
	dir=$(go mod download -json "$2@$3" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	rm -rf "$1"
	cp -r "$dir" "$1"
	chmod -R u+w "$1"
	(cd "$1" && find . -name '*_test.go' -delete &&
		rm -rf cmd _test _tools _benchmark testutil fuzz .github Makefile examples conformance docs &&
		find . -name testdata -type d -prune -exec rm -rf {} +)
	patch -s -p0 <"patches/$1.patch"
done
