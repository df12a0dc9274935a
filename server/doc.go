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
//     A didChange is applied whatever its version, in the order sent: the
//     client has applied it, and dropping it would leave the two texts apart
//     for good; the anomaly is logged and the client's version published.
//   - Failure. A panic in a handler is recovered, logged and answered with
//     InternalError; a notification never returns an error, since that
//     closes the connection. Positions past a line or the document are
//     clamped; positions LSP forbids (negative, above 2^31-1) and document
//     URIs holding invalid UTF-8 are refused on the wire (params.go), since
//     the protocol package would decode them into something else.
//   - Framing. The server reads frames itself (framing.go): a header of at
//     most 8 KiB, a body of at most MaxMessage (64 MiB). Anything else is
//     answered with a JSON-RPC error and reading resumes at the next
//     Content-Length, in bounded memory.
//   - Memory. A snapshot holds its text, parse and diagnostics; originals
//     live in one cache bounded in count and bytes (originals.go) and leave
//     it when no open article names them. Peak use is about one maximum
//     message, a few times over while it is decoded, plus the open
//     documents and the cache.
//   - Files. Only regular files are opened as originals: the read loop must
//     never block on a FIFO. The client is asked to watch exactly the
//     originals in use (watch.go); their events re-check exactly the
//     articles naming them, off the read loop.
//   - Edits are inside code actions, never client-side commands, which fail
//     outside VS Code.
package server
