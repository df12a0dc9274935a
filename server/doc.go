// Package server is bluepencil's language server: one file per LSP feature,
// each a thin handler that maps positions through internal/position and
// calls the pure packages (markup, rules, view).
//
// Design choices worth knowing before changing anything here:
//
//   - Ordering. Notifications run inline on the read loop, in wire order, so
//     didChange events are applied exactly as sent; requests are released
//     with jsonrpc2.Async so that they never block reading or cancellation.
//     (protocol.NewServer runs notifications concurrently and reorders
//     edits, so the connection is built here by hand.)
//   - Snapshots. Each document version is an immutable snapshot: text,
//     parse, diagnostics and position mapper. Requests take the current
//     snapshot under a lock and work on it without one.
//   - Failure. A panic in a handler is recovered, logged and answered with
//     InternalError; a notification never returns an error, since that
//     closes the connection. Out-of-range positions are clamped.
//   - Edits are inside code actions, never client-side commands, which fail
//     outside VS Code.
package server
