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
//   - Analysis off the read loop (worker.go). The read loop only applies
//     edits and keeps each document's newest text, its head; a worker per
//     document analyses the head it finds, so versions superseded before
//     then are skipped, and a result superseded while it ran is kept but
//     not published. Analyses share GOMAXPROCS slots, edits first.
//     A didChange is applied whatever its version, in the order sent: the
//     client has applied it, and dropping it would leave the two texts apart
//     for good; the anomaly is logged and the client's version published.
//   - Snapshots and requests (versions.go). Each analysed version is an
//     immutable snapshot: text, parse, diagnostics, line table. A request
//     reads the head it was sent against, recorded on the read loop, and
//     the newest snapshot: hover and definition map positions through the
//     edits since when what they show was not edited, code actions wait for
//     their own version (their edits carry it), pull diagnostics wait for a
//     version at least as new.
//   - Failure. A panic in a handler is recovered, logged and answered with
//     InternalError; a notification never returns an error, since that
//     closes the connection. A panic in an analysis is logged and costs that
//     version its diagnostics; the version is not tried again. Positions past a line or the document are
//     clamped; positions LSP forbids (negative, above 2^31-1) and document
//     URIs holding invalid UTF-8 are refused on the wire (params.go), since
//     the protocol package would decode them into something else.
//   - Framing. The server reads frames itself (framing.go): a header of at
//     most 8 KiB, a body of at most MaxMessage (64 MiB). Anything else is
//     answered with a JSON-RPC error and reading resumes at the next
//     Content-Length, in bounded memory.
//   - Memory. A snapshot holds its text, parse and diagnostics (about 1.5x
//     the text without an original); originals live in one cache bounded in
//     count and bytes (originals.go), leave it when no open article names
//     them, and are not kept alive by snapshots. Large texts are decoded in
//     one allocation (params.go). Peak use is about one maximum message, a
//     few times over while it is decoded, plus the open documents, the cache
//     and the analyses running.
//   - Files. Only regular files are opened as originals: an analysis must
//     never block on a FIFO, holding its slot. The client is asked to watch exactly the
//     originals in use (watch.go); their events re-check exactly the
//     articles naming them, off the read loop.
//   - Edits are inside code actions, never client-side commands, which fail
//     outside VS Code.
package server
