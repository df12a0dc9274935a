'use strict';
// What shows the marks themselves: document highlight on a mark's
// delimiters, folding ranges, and the front matter's links (the original
// as a file: URI inside the workspace, only when it resolves). Semantic
// tokens are checked through Neovim 0.10 (e2e/nvim/test.lua).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  DocumentHighlightRequest,
  FoldingRangeRequest,
  DocumentLinkRequest,
} = require('vscode-languageserver-protocol/node');
const { Session } = require('../lib/session');
const { rangeOf, positionAt } = require('../lib/text');
const { index, capabilities } = require('../lib/fixtures');

const ARTICLE = [
  '---',
  'title: Storm 😀',
  'url: "https://example.com/storm?x=1"',
  'original: orig 𐐀.txt',
  '---',
  'A 😀𐐀 {~~old words~>new words~~} here.', // 5: a substitution after astral characters
  '',
  'B 𐐀 {>>a note', // 7: a note over three lines
  'over three',
  'lines<<}',
  '',
].join('\n');

async function openIn(t, files, caps) {
  const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-mv-')));
  t.after(() => fs.rmSync(parent, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(parent, name), text);
  const s = new Session();
  t.after(() => s.dispose());
  const rootUri = pathToFileURL(parent).href;
  const init = await s.initialize(caps, { rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }] });
  const uri = pathToFileURL(path.join(parent, 'a.bp.md')).href;
  await s.open(uri, ARTICLE, 1);
  await s.waitForVersion(uri, 1);
  return { s, uri, parent, init };
}

function marksCaps() {
  const caps = capabilities();
  caps.textDocument.documentHighlight = { dynamicRegistration: false };
  caps.textDocument.foldingRange = { dynamicRegistration: false, lineFoldingOnly: true };
  caps.textDocument.documentLink = { dynamicRegistration: false, tooltipSupport: true };
  caps.workspace.workspaceFolders = true;
  return caps;
}

test('document highlight: the opener, arrow and closer of a substitution after 😀𐐀, in UTF-16', async (t) => {
  const { s, uri } = await openIn(t, {}, marksCaps());
  const hl = await s.request(DocumentHighlightRequest.type, {
    textDocument: { uri }, position: positionAt(ARTICLE, index(ARTICLE, 5, 'new') + 1),
  });
  const at = (needle, len) => rangeOf(ARTICLE, index(ARTICLE, 5, needle), index(ARTICLE, 5, needle) + len);
  assert.deepEqual(hl.map((h) => h.range), [at('{~~', 3), at('~>', 2), at('~~}', 3)]);
  assert.deepEqual(hl[0].range.start, { line: 5, character: 7 }); // "A 😀𐐀 " is 7 UTF-16 units
  const none = await s.request(DocumentHighlightRequest.type, { textDocument: { uri }, position: { line: 5, character: 0 } });
  assert.ok(none === null || none.length === 0, JSON.stringify(none));
});

test('folding ranges: the front matter and a note of three lines', async (t) => {
  const { s, uri } = await openIn(t, {}, marksCaps());
  const folds = await s.request(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine, f.kind]), [[0, 4, 'region'], [7, 9, 'comment']]);
});

test('document links: url as given, original as the file it resolves to; none when it does not resolve', async (t) => {
  const { s, uri, parent } = await openIn(t, { 'orig 𐐀.txt': 'A 😀𐐀 old words here.\n' }, marksCaps());
  const links = await s.request(DocumentLinkRequest.type, { textDocument: { uri } });
  const u = index(ARTICLE, 2, 'https');
  const o = index(ARTICLE, 3, 'orig ');
  assert.deepEqual(links.map((l) => [l.range, l.target]), [
    [rangeOf(ARTICLE, u, u + 'https://example.com/storm?x=1'.length), 'https://example.com/storm?x=1'],
    [rangeOf(ARTICLE, o, o + 'orig 𐐀.txt'.length), pathToFileURL(path.join(parent, 'orig 𐐀.txt')).href],
  ]);
  const { s: s2, uri: uri2 } = await openIn(t, {}, marksCaps());
  const only = await s2.request(DocumentLinkRequest.type, { textDocument: { uri: uri2 } });
  assert.deepEqual(only.map((l) => l.target), ['https://example.com/storm?x=1']);
});

test('none of them is advertised to a client that does not declare them', async (t) => {
  const { init } = await openIn(t, {}, capabilities());
  for (const p of ['semanticTokensProvider', 'documentHighlightProvider', 'foldingRangeProvider', 'documentLinkProvider']) {
    assert.equal(init.capabilities[p], undefined, p);
  }
  const { init: all } = await openIn(t, {}, marksCaps());
  for (const p of ['documentHighlightProvider', 'foldingRangeProvider', 'documentLinkProvider']) {
    assert.ok(all.capabilities[p], p);
  }
});
