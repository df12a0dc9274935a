'use strict';
// The summary lens at the top of an article, through Microsoft's client:
// its counts and what it says of the original, once matching and once
// with a change left unmarked; the original's lens, which opens it with
// window/showDocument; and no lens for a client that does not declare
// them.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { CodeLensRequest, ExecuteCommandRequest, ShowDocumentRequest } = require('vscode-languageserver-protocol/node');
const { Session } = require('../lib/session');
const { capabilities } = require('../lib/fixtures');

const ORIGINAL = 'The ferocious storm hit 😀 the pier. Roads were closed.\n';
const ARTICLE = [
  '---',
  'original: orig.txt',
  '---',
  'The {--ferocious --}storm hit 😀 the {++old ++}pier. Roads were closed{>>check<<}.',
  '',
].join('\n');

async function openIn(t, original, article, caps) {
  const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-lens-')));
  t.after(() => fs.rmSync(parent, { recursive: true, force: true }));
  fs.writeFileSync(path.join(parent, 'orig.txt'), original);
  const s = new Session();
  t.after(() => s.dispose());
  const rootUri = pathToFileURL(parent).href;
  const init = await s.initialize(caps, { rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }] });
  const uri = pathToFileURL(path.join(parent, 'a.bp.md')).href;
  await s.open(uri, article, 1);
  await s.waitForVersion(uri, 1);
  return { s, uri, init };
}

function lensCaps() {
  const caps = capabilities();
  caps.textDocument.codeLens = { dynamicRegistration: false };
  caps.workspace.workspaceFolders = true;
  return caps;
}

test('code lens: the summary of the changes at the top, matching the original', async (t) => {
  const { s, uri, init } = await openIn(t, ORIGINAL, ARTICLE, lensCaps());
  assert.ok(init.capabilities.codeLensProvider, 'codeLensProvider advertised');
  const lenses = await s.request(CodeLensRequest.type, { textDocument: { uri } });
  assert.equal(lenses[0].range.start.line, 0);
  assert.equal(lenses[0].command.title, '1 cut · 1 addition · 1 note · matches the original');
  assert.equal(lenses[0].command.command, 'bluepencil.showPublished');
  assert.equal(lenses[1].command.title, 'Original: orig.txt');
});

test('code lens: a change left unmarked is counted', async (t) => {
  const { s, uri } = await openIn(t, ORIGINAL.replace('closed', 'shut'), ARTICLE, lensCaps());
  const lenses = await s.request(CodeLensRequest.type, { textDocument: { uri } });
  assert.match(lenses[0].command.title, /^1 cut · 1 addition · 1 note · 1 unmarked change$/);
});

test('code lens: not offered to a client that does not declare it', async (t) => {
  const { init } = await openIn(t, ORIGINAL, ARTICLE, capabilities());
  assert.equal(init.capabilities.codeLensProvider, undefined);
});

test("code lens: the original's lens opens it through window/showDocument", async (t) => {
  const caps = lensCaps();
  caps.window = { ...(caps.window || {}), showDocument: { support: true } };
  const { s, uri } = await openIn(t, ORIGINAL, ARTICLE, caps);
  const shown = [];
  s.conn.onRequest(ShowDocumentRequest.type, (p) => { shown.push(p); return { success: true }; });
  const lenses = await s.request(CodeLensRequest.type, { textDocument: { uri } });
  const orig = lenses[1].command;
  assert.equal(orig.title, 'Original: orig.txt');
  assert.equal(orig.command, 'bluepencil.openOriginal');
  assert.match(orig.arguments[0], /^file:\/\/.*\/orig\.txt$/);
  const res = await s.request(ExecuteCommandRequest.type, { command: orig.command, arguments: orig.arguments });
  assert.deepEqual(res, { success: true });
  assert.equal(shown.length, 1);
  assert.equal(shown[0].uri, orig.arguments[0]);
  assert.equal(shown[0].takeFocus, true);
});

test("code lens: without window/showDocument the original's lens is a title", async (t) => {
  const { s, uri } = await openIn(t, ORIGINAL, ARTICLE, lensCaps());
  const lenses = await s.request(CodeLensRequest.type, { textDocument: { uri } });
  assert.equal(lenses[1].command.command, '');
});
