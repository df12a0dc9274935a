'use strict';
// The lifecycle rules of the LSP specification, and JSON-RPC error codes.

const test = require('node:test');
const assert = require('node:assert/strict');
const {
  HoverRequest,
  ShutdownRequest,
  ExitNotification,
  InitializeRequest,
  ErrorCodes,
  LSPErrorCodes,
} = require('vscode-languageserver-protocol/node');
const { CancellationTokenSource } = require('vscode-jsonrpc');
const { Session, start, withTimeout, WAIT_MS } = require('../lib/session');
const { capabilities, docUri } = require('../lib/fixtures');

const hover = (uri) => ({ textDocument: { uri }, position: { line: 0, character: 0 } });

// rejection resolves with the error a request fails with.
async function rejection(promise) {
  try {
    const result = await promise;
    assert.fail(`expected an error, got result ${JSON.stringify(result)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return e;
  }
}

test('shutdown then exit: exit code 0', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  assert.equal(await s.request(ShutdownRequest.type, undefined), null);
  s.stopping = true;
  await s.notify(ExitNotification.type);
  const exit = await withTimeout(s.exited, WAIT_MS, 'exit');
  assert.deepEqual(exit, { code: 0, signal: null });
});

test('exit without shutdown: exit code 1', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  s.stopping = true;
  await s.notify(ExitNotification.type);
  const exit = await withTimeout(s.exited, WAIT_MS, 'exit');
  assert.deepEqual(exit, { code: 1, signal: null });
});

test('exit before initialize: exit code 1', async (t) => {
  const s = new Session();
  t.after(() => s.dispose());
  s.stopping = true;
  await s.notify(ExitNotification.type);
  assert.deepEqual(await withTimeout(s.exited, WAIT_MS, 'exit'), { code: 1, signal: null });
});

test('a request before initialize: ServerNotInitialized (-32002); notifications are dropped', async (t) => {
  const s = new Session();
  t.after(() => s.dispose());
  const uri = docUri();
  const e = await rejection(s.request(HoverRequest.type, hover(uri)));
  assert.equal(e.code, -32002);
  assert.equal(e.code, ErrorCodes.ServerNotInitialized);
  // A didOpen before initialize is dropped: no document, no diagnostics.
  await s.open(uri, 'a --} b\n');
  await s.initialize(capabilities());
  assert.equal(await s.request(HoverRequest.type, hover(uri)), null);
  assert.equal(s.publishes.length, 0);
  // The session works normally once initialized.
  await s.open(uri, 'a --} b\n');
  const p = await s.waitForVersion(uri, 1);
  assert.deepEqual(p.diagnostics.map((d) => d.code), ['stray-closer']);
  assert.deepEqual(await s.stop(), { code: 0, signal: null });
});

test('an unknown request: MethodNotFound (-32601); unknown notifications are ignored', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const e = await rejection(s.request('bluepencil/noSuchMethod', { x: 1 }));
  assert.equal(e.code, -32601);
  assert.equal(e.code, ErrorCodes.MethodNotFound);
  const e2 = await rejection(s.request('textDocument/references', { textDocument: { uri: docUri() }, position: { line: 0, character: 0 }, context: { includeDeclaration: true } }));
  assert.equal(e2.code, -32601);
  await s.notify('bluepencil/noSuchNotification', { y: 2 });
  await s.notify('$/somethingOptional', {});
  // Still alive and answering.
  const uri = docUri();
  await s.open(uri, '{--cut--}\n');
  await s.waitForVersion(uri, 1);
  const h = await s.request(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 4 } });
  assert.match(h.contents.value, /cut/);
  assert.deepEqual(await s.stop(), { code: 0, signal: null });
});

test('a second initialize is refused; requests after shutdown get InvalidRequest (-32600)', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const again = await rejection(s.request(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} }));
  assert.equal(again.code, ErrorCodes.InvalidRequest);
  await s.request(ShutdownRequest.type, undefined);
  const e = await rejection(s.request(HoverRequest.type, hover(docUri())));
  assert.equal(e.code, -32600);
  s.stopping = true;
  await s.notify(ExitNotification.type);
  assert.deepEqual(await withTimeout(s.exited, WAIT_MS, 'exit'), { code: 0, signal: null });
});

test('a request the client cancels is answered, never left hanging', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri();
  await s.open(uri, '{--cut--}\n');
  await s.waitForVersion(uri, 1);
  // vscode-jsonrpc sends $/cancelRequest for a cancelled token; the
  // server answers either the result or RequestCancelled (-32800).
  const cts = new CancellationTokenSource();
  const p = s.guard(s.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 4 } }, cts.token), 'cancelled hover');
  cts.cancel();
  try {
    const h = await p;
    assert.ok(h === null || /cut/.test(h.contents.value));
  } catch (e) {
    assert.equal(e.code, LSPErrorCodes.RequestCancelled);
  }
  assert.deepEqual(await s.stop(), { code: 0, signal: null });
});
