module go.lsp.dev/jsonrpc2

go 1.26

require (
	github.com/go-json-experiment/json v0.0.0-20260601182631-00ed12fed2a6
	github.com/google/go-cmp v0.7.0
)
