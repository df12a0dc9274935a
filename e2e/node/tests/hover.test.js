'use strict';
// Hover, in Markdown and in plain text.

const test = require('node:test');
const assert = require('node:assert/strict');
const { HoverRequest } = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { rangeOf, positionAt } = require('../lib/text');
const { ARTICLE, index, capabilities, docUri } = require('../lib/fixtures');

async function openArticle(t, hover) {
  const s = await start(capabilities({ hover }));
  t.after(() => s.dispose());
  const uri = docUri();
  await s.open(uri, ARTICLE);
  await s.waitForVersion(uri, 1);
  const hoverAt = (line, needle, delta = 0) => s.request(HoverRequest.type, {
    textDocument: { uri },
    position: positionAt(ARTICLE, index(ARTICLE, line, needle) + delta),
  });
  return { s, uri, hoverAt };
}

const elisionRange = () => rangeOf(ARTICLE, index(ARTICLE, 6, '{--'), index(ARTICLE, 6, '--}') + 3);

test('hover in Markdown: an elision shows its cut words on the first line', async (t) => {
  const { hoverAt } = await openArticle(t, ['markdown', 'plaintext']);
  const h = await hoverAt(6, 'ferocious', 3);
  assert.equal(h.contents.kind, 'markdown');
  assert.equal(h.contents.value,
    '**Cut words:** ferocious\n\nAn elision: cut from the original, published as `[...]`.');
  assert.deepEqual(h.range, elisionRange());
  // On the opener and on the last character of the closer too.
  assert.deepEqual((await hoverAt(6, '{--')).range, elisionRange());
  assert.deepEqual((await hoverAt(6, '--}', 2)).range, elisionRange());
});

test('hover in plain text when the client does not take Markdown', async (t) => {
  const { hoverAt } = await openArticle(t, ['plaintext']);
  const h = await hoverAt(6, 'ferocious');
  assert.equal(h.contents.kind, 'plaintext');
  assert.equal(h.contents.value, 'Cut words: ferocious\n\nAn elision: cut from the original, published as [...].');
  assert.doesNotMatch(h.contents.value, /\*\*|`|^>/m);
  assert.deepEqual(h.range, elisionRange());
});

test('hover with no hover capability declared is plain text', async (t) => {
  const { hoverAt } = await openArticle(t, null);
  const h = await hoverAt(6, 'ferocious');
  assert.equal(h.contents.kind, 'plaintext');
  assert.match(h.contents.value, /Cut words: ferocious/);
});

test('hover on a substitution shows the original and the published words on the first line', async (t) => {
  const { hoverAt } = await openArticle(t, ['markdown']);
  const h = await hoverAt(10, '450');
  assert.match(h.contents.value, /^\*\*Original:\*\* 400 → \*\*published:\*\* 450\n/);
  assert.deepEqual(h.range, rangeOf(ARTICLE, index(ARTICLE, 10, '{~~'), index(ARTICLE, 10, '~~}') + 3));
});

test('hover on a problem shows its message and code; plain text has no hover', async (t) => {
  const { hoverAt } = await openArticle(t, ['markdown', 'plaintext']);
  const h = await hoverAt(8, '--}', 1);
  assert.match(h.contents.value, /\*\*Error\*\*: closer --\} has no opening \{-- \(`stray-closer`\)/);
  const si = index(ARTICLE, 8, '--}');
  assert.deepEqual(h.range, rangeOf(ARTICLE, si, si + 3));
  assert.equal(await hoverAt(3, 'first'), null);
  assert.equal(await hoverAt(12, 'select'), null);
});
