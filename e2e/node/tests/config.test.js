'use strict';
// Settings: workspace/configuration answered by the client, and
// workspace/didChangeConfiguration re-publishing without a restart.

const test = require('node:test');
const assert = require('node:assert/strict');
const {
  DidChangeConfigurationNotification,
  HoverRequest,
  DocumentDiagnosticRequest,
} = require('vscode-languageserver-protocol/node');
const { start, WAIT_MS } = require('../lib/session');
const { positionAt } = require('../lib/text');
const { capabilities, docUri, byCode } = require('../lib/fixtures');

const TEXT = 'The report [...] was published {--on Monday--}.\n';

const untracked = (p) => byCode(p.diagnostics, 'untracked-elision');

test('workspace/configuration: a severity override, then "off", then a pushed change', async (t) => {
  const s = await start(capabilities({ configuration: true }), {
    settings: { bluepencil: { severity: { 'untracked-elision': 'error' } } },
  });
  t.after(() => s.dispose());
  const uri = docUri('config');
  await s.open(uri, TEXT);

  // The server asks for the section after initialized, then re-checks.
  let p = await s.waitForPublish(uri, (x) => untracked(x).length === 1 && untracked(x)[0].severity === 1,
    'untracked-elision as an error');
  assert.equal(p.version, 1);
  assert.ok(s.configurationRequests.length >= 1);
  assert.deepEqual(s.configurationRequests[0].items, [{ section: 'bluepencil' }]);

  // "off", fetched again on a didChangeConfiguration with no settings.
  s.settings = { bluepencil: { severity: { 'untracked-elision': 'off' } } };
  let from = s.publishes.length;
  const asked = s.configurationRequests.length;
  await s.notify(DidChangeConfigurationNotification.type, { settings: null });
  p = await s.waitForPublish(uri, () => true, 're-publish after didChangeConfiguration (pull)', from);
  assert.equal(s.configurationRequests.length, asked + 1, 'the server asked for the settings again');
  assert.deepEqual(p.diagnostics, [], 'untracked-elision turned off');
  assert.equal(p.version, 1, 'same document version: re-checked without a restart');

  // Settings pushed in the notification itself.
  from = s.publishes.length;
  await s.notify(DidChangeConfigurationNotification.type, {
    settings: { bluepencil: { severity: { 'untracked-elision': 'hint' }, elision: '[…]' } },
  });
  p = await s.waitForPublish(uri, () => true, 're-publish after didChangeConfiguration (push)', from);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['untracked-elision', 4]]);
  const h = await s.request(HoverRequest.type, { textDocument: { uri }, position: positionAt(TEXT, TEXT.indexOf('Monday')) });
  assert.match(h.contents.value, /published as `\[…\]`/);

  // Back to the defaults: an empty section.
  from = s.publishes.length;
  await s.notify(DidChangeConfigurationNotification.type, { settings: { bluepencil: {} } });
  p = await s.waitForPublish(uri, () => true, 're-publish with the defaults', from);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['untracked-elision', 2]]);
});

test('a settings change reaches pull diagnostics too', async (t) => {
  // The server pulls only with a client that takes
  // workspace/diagnostic/refresh (it pushes to the rest, e.g. Neovim 0.10).
  const caps = capabilities({ configuration: true });
  caps.textDocument.diagnostic = { dynamicRegistration: false };
  caps.workspace.diagnostics = { refreshSupport: true };
  const s = await start(caps, { settings: { bluepencil: { severity: { 'untracked-elision': 'information' } } } });
  t.after(() => s.dispose());
  let refreshes = 0;
  s.conn.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    return null;
  });
  const uri = docUri('pull');
  await s.open(uri, TEXT);
  const pull = () => s.request(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  // The settings arrive asynchronously after initialized: poll until they
  // apply (bounded).
  const deadline = Date.now() + WAIT_MS;
  let items;
  for (;;) {
    items = (await pull()).items;
    if (items.some((d) => d.severity === 3) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.deepEqual(items.map((d) => [d.code, d.severity]), [['untracked-elision', 3]]);
  await s.notify(DidChangeConfigurationNotification.type, {
    settings: { bluepencil: { severity: { 'untracked-elision': 'off' } } },
  });
  // Notifications are applied in order, so a request sent after this one
  // sees the new settings.
  assert.deepEqual((await pull()).items, []);
  // And the client is told to pull again, since it would not by itself.
  const until = Date.now() + WAIT_MS;
  while (refreshes === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.ok(refreshes > 0, 'workspace/diagnostic/refresh after the settings changed');
  assert.equal(s.publishes.length, 0, 'no push to a client that pulls');
});

test('no workspace/configuration request to a client that does not declare it', async (t) => {
  const s = await start(capabilities({ configuration: false }), { settings: { bluepencil: { severity: { 'untracked-elision': 'error' } } } });
  t.after(() => s.dispose());
  const uri = docUri('noconfig');
  await s.open(uri, TEXT);
  const p = await s.waitForVersion(uri, 1);
  assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['untracked-elision', 2]]);
  await s.notify(DidChangeConfigurationNotification.type, { settings: null });
  // A request round trip after the notification: anything the server sent
  // before answering has arrived.
  await s.request(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  assert.equal(s.configurationRequests.length, 0);
});
