module github.com/bluepencil/bluepencil

go 1.26.0

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/go-json-experiment/json v0.0.0-20260623181947-01eb4420fa68
	github.com/microcosm-cc/bluemonday v1.0.27
	github.com/yuin/goldmark v1.8.7
	go.lsp.dev/jsonrpc2 v1.0.1
	go.lsp.dev/protocol v1.0.1
	go.lsp.dev/uri v1.0.1
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/net v0.62.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/aymerick/douceur v0.2.0 // indirect
	github.com/gorilla/css v1.0.1 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

// Copies of these modules that do less before main: bluemonday,
// gorilla/css, goldmark and yaml compile their package-level regular
// expressions on first use, and jsonrpc2 does not import net, which made
// the binary dynamically linked against libc. See third_party/README.md.
replace (
	github.com/gorilla/css v1.0.1 => ./third_party/gorilla-css
	github.com/microcosm-cc/bluemonday v1.0.27 => ./third_party/bluemonday
	github.com/yuin/goldmark v1.8.7 => ./third_party/goldmark
	go.lsp.dev/jsonrpc2 v1.0.1 => ./third_party/jsonrpc2
	go.yaml.in/yaml/v3 v3.0.6 => ./third_party/yaml
)
