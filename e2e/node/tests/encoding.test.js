'use strict';
// Position encoding negotiation: every range the server sends, and every
// position it reads, is in the encoding it announced.

const test = require('node:test');
const assert = require('node:assert/strict');
const { HoverRequest, CodeActionRequest } = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { rangeOf, applyEdits, positionAt } = require('../lib/text');
const { ARTICLE, UNCLOSED_AT, index, capabilities, docUri, byCode } = require('../lib/fixtures');

// checkEncoding opens ARTICLE in a fresh server that was offered `offered`
// and checks that diagnostics, hover and code actions all speak `enc`.
async function checkEncoding(t, offered, want) {
  const s = await start(capabilities({ encodings: offered }));
  t.after(() => s.dispose());
  const enc = s.initResult.capabilities.positionEncoding;
  if (Array.isArray(want)) {
    assert.ok(want.includes(enc), `positionEncoding ${enc} not one of ${want}`);
  } else {
    assert.equal(enc, want, 'announced positionEncoding');
  }

  const uri = docUri();
  await s.open(uri, ARTICLE);
  const pub = await s.waitForVersion(uri, 1);

  // Diagnostics.
  const unclosed = byCode(pub.diagnostics, 'unclosed-mark');
  assert.equal(unclosed.length, 1);
  assert.deepEqual(unclosed[0].range, {
    start: { line: 4, character: UNCLOSED_AT[enc] },
    end: { line: 4, character: UNCLOSED_AT[enc] + 3 },
  }, `unclosed-mark range in ${enc}`);
  const stray = byCode(pub.diagnostics, 'stray-closer');
  const si = index(ARTICLE, 8, '--}');
  assert.deepEqual(stray.map((d) => d.range), [rangeOf(ARTICLE, si, si + 3, enc)], `stray-closer range in ${enc}`);
  assert.equal(pub.diagnostics.length, 2, 'no other diagnostics');

  // Hover: the position is read in enc, the range is answered in it.
  const mi = index(ARTICLE, 6, '{--');
  const h = await s.request(HoverRequest.type, {
    textDocument: { uri },
    position: positionAt(ARTICLE, index(ARTICLE, 6, 'ferocious') + 1, enc),
  });
  assert.ok(h, 'hover on the elision');
  assert.match(h.contents.value, /ferocious/);
  assert.deepEqual(h.range, rangeOf(ARTICLE, mi, index(ARTICLE, 6, '--}') + 3, enc), `hover range in ${enc}`);

  // A code action: the selection is read in enc, the edit answered in it.
  const a = index(ARTICLE, 12, 'these');
  const b = index(ARTICLE, 12, 'words') + 'words'.length;
  const actions = await s.request(CodeActionRequest.type, {
    textDocument: { uri },
    range: rangeOf(ARTICLE, a, b, enc),
    context: { diagnostics: [], only: ['refactor.rewrite'] },
  });
  const elide = actions.find((x) => x.title === 'Elide selection');
  assert.ok(elide, `"Elide selection" offered; got ${actions.map((x) => x.title)}`);
  const after = applyEdits(ARTICLE, elide.edit.changes[uri], enc);
  assert.equal(after.split('\n')[12], 'E 😀 select {--these words--} please.');
  return { s, enc, uri };
}

test('utf-16 offered alone: the server answers utf-16, ranges in UTF-16 code units', async (t) => {
  await checkEncoding(t, ['utf-16'], 'utf-16');
});

test('utf-8 offered first: the server answers utf-8, ranges in bytes', async (t) => {
  const { s, uri } = await checkEncoding(t, ['utf-8', 'utf-16'], 'utf-8');
  // An incremental edit in bytes: delete the stray closer and its space.
  const si = index(ARTICLE, 8, '--} ');
  const text = ARTICLE.slice(0, si) + ARTICLE.slice(si + 4);
  await s.change(uri, 2, [{ range: rangeOf(ARTICLE, si, si + 4, 'utf-8'), text: '' }]);
  const pub = await s.waitForVersion(uri, 2);
  assert.deepEqual(pub.diagnostics.map((d) => d.code), ['unclosed-mark']);
  // Type after the 𐐀 on line 4, before the opener: the opener moves by the
  // bytes typed.
  const at = index(text, 4, ' then');
  await s.change(uri, 3, [{ range: rangeOf(text, at, at, 'utf-8'), text: '😀' }]);
  const pub3 = await s.waitForVersion(uri, 3);
  assert.deepEqual(pub3.diagnostics[0].range, {
    start: { line: 4, character: 25 }, end: { line: 4, character: 28 },
  });
});

test('utf-8 offered after utf-16: the server still prefers utf-8', async (t) => {
  await checkEncoding(t, ['utf-16', 'utf-8'], 'utf-8');
});

test('utf-32 offered: ranges follow whatever the server announces (utf-32 or utf-16)', async (t) => {
  await checkEncoding(t, ['utf-32', 'utf-16'], ['utf-32', 'utf-16']);
});

test('no positionEncodings: the server uses UTF-16', async (t) => {
  await checkEncoding(t, null, 'utf-16');
});

test('only unknown encodings offered: the server falls back to UTF-16', async (t) => {
  await checkEncoding(t, ['utf-7'], 'utf-16');
});
