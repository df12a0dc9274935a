'use strict';
// A null language server, the floor of bench/keystroke.js: it speaks LSP over
// stdio through the same vscode-jsonrpc library as the client, answers every
// request with null, and publishes empty diagnostics for every didOpen and
// didChange at once. What it costs is what the transport, the framing and
// the client cost when the server does no work.

const fs = require('node:fs');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const {
  createProtocolConnection,
  InitializeRequest,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
} = require('vscode-languageserver-protocol/node');

// BENCH_NULL_DIAGNOSTICS names a JSON file of diagnostics to publish for
// every version instead of none: the cost of the diagnostics themselves
// (encoding here, the pipe, and the client's parsing), as a second floor.
const diagnostics = process.env.BENCH_NULL_DIAGNOSTICS ? JSON.parse(fs.readFileSync(process.env.BENCH_NULL_DIAGNOSTICS, 'utf8')) : [];
const conn = createProtocolConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
const publish = (p) => conn.sendNotification(PublishDiagnosticsNotification.type,
  { uri: p.textDocument.uri, version: p.textDocument.version, diagnostics });
conn.onRequest(InitializeRequest.type, () => ({
  capabilities: { positionEncoding: 'utf-16', textDocumentSync: { openClose: true, change: 2 }, hoverProvider: true },
  serverInfo: { name: 'null' },
}));
conn.onRequest(ShutdownRequest.type, () => null);
conn.onRequest(() => null);
conn.onNotification(DidOpenTextDocumentNotification.type, publish);
conn.onNotification(DidChangeTextDocumentNotification.type, publish);
conn.onNotification(ExitNotification.type, () => process.exit(0));
conn.onNotification(() => {});
conn.onClose(() => process.exit(0));
conn.listen();
