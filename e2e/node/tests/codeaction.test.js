'use strict';
// Code actions: quick fixes, marking a selection, actions inside a mark,
// fix-all, and the two shapes of workspace edit.

const test = require('node:test');
const assert = require('node:assert/strict');
const { CodeActionRequest } = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { rangeOf, applyEdits, lineText } = require('../lib/text');
const { index, capabilities, docUri, byCode } = require('../lib/fixtures');

const TEXT = [
  'The council {--voted to close the pool. A decision on the library was delayed.', // 0: unclosed-mark
  '',
  'The river {--rose quickly++} overnight.', // 2: mismatched-closer
  '',
  'Tickets {==cost==} four pounds and {--much--} more.', // 4: marks to cut through
  '',
  'E 😀 select these words please.', // 6: plain text to mark
  'Second line of the paragraph.', // 7
  '',
  '𐐀 another paragraph here.', // 9
  '',
].join('\n');

const SEL = ['Elide selection', 'Mark as addition', 'Mark as modification'];

async function session(t, opts = {}) {
  const s = await start(capabilities(opts));
  t.after(() => s.dispose());
  const uri = docUri('actions');
  await s.open(uri, TEXT, 3);
  const pub = await s.waitForVersion(uri, 3);
  const actions = (a, b, only, diagnostics = []) => s.request(CodeActionRequest.type, {
    textDocument: { uri },
    range: rangeOf(TEXT, a, b),
    context: only ? { diagnostics, only } : { diagnostics },
  });
  return { s, uri, pub, actions };
}

test('quick fixes: the preferred one is marked, carries its diagnostic, and applies', async (t) => {
  const { uri, pub, actions } = await session(t);
  const o = index(TEXT, 0, '{--');
  const got = await actions(o, o, ['quickfix'], byCode(pub.diagnostics, 'unclosed-mark'));
  assert.deepEqual(got.map((a) => [a.title, a.kind, a.isPreferred === true]), [
    ['Close at the end of the sentence', 'quickfix', true],
    ['Close at the end of the paragraph', 'quickfix', false],
  ]);
  const [sentence] = got;
  assert.deepEqual(sentence.diagnostics.map((d) => [d.code, d.range]), [
    ['unclosed-mark', rangeOf(TEXT, o, o + 3)],
  ]);
  assert.equal(lineText(applyEdits(TEXT, sentence.edit.changes[uri]), 0),
    'The council {--voted to close the pool.--} A decision on the library was delayed.');

  // The mismatched closer: one fix, preferred.
  const m = index(TEXT, 2, '++}');
  const mm = await actions(m + 1, m + 1, ['quickfix']);
  assert.deepEqual(mm.map((a) => [a.title, a.isPreferred === true]), [['Replace the closer with --}', true]]);
  assert.equal(lineText(applyEdits(TEXT, mm[0].edit.changes[uri]), 2), 'The river {--rose quickly--} overnight.');
});

test('quick fixes are found from the server\'s own diagnostics, whatever the client sends as context', async (t) => {
  const { actions } = await session(t);
  const o = index(TEXT, 0, '{--');
  // Neovim 0.7 sends its byte columns back as characters; other clients
  // send nothing. Either way the fix is offered.
  const bogus = [{ range: { start: { line: 0, character: 99 }, end: { line: 0, character: 120 } }, message: 'x', code: 'unclosed-mark' }];
  for (const ctx of [[], bogus]) {
    const got = await actions(o + 1, o + 1, ['quickfix'], ctx);
    assert.equal(got.filter((a) => a.isPreferred).length, 1);
  }
});

test('refactor.rewrite on a selection: elide, mark as addition, mark as modification', async (t) => {
  const { uri, actions } = await session(t);
  const a = index(TEXT, 6, 'these');
  const b = index(TEXT, 6, 'words') + 'words'.length;
  const got = await actions(a, b);
  assert.deepEqual(got.map((x) => [x.title, x.kind]), SEL.map((x) => [x, 'refactor.rewrite']));
  assert.ok(got.every((x) => x.isPreferred !== true), 'rewrites are not preferred');
  const lines = got.map((x) => lineText(applyEdits(TEXT, x.edit.changes[uri]), 6));
  assert.deepEqual(lines, [
    'E 😀 select {--these words--} please.',
    'E 😀 select {++these words++} please.',
    'E 😀 select {~~these words~>these words~~} please.',
  ]);
  // White space around the selection stays outside the mark.
  const got2 = await actions(a - 1, b + 1, ['refactor.rewrite']);
  assert.equal(lineText(applyEdits(TEXT, got2[0].edit.changes[uri]), 6), 'E 😀 select {--these words--} please.');
});

test('a selection across paragraphs gets one mark per paragraph', async (t) => {
  const { uri, actions } = await session(t);
  const a = index(TEXT, 7, 'line');
  const b = index(TEXT, 9, 'another') + 'another'.length;
  const got = await actions(a, b, ['refactor.rewrite']);
  const elide = got.find((x) => x.title === 'Elide selection');
  const after = applyEdits(TEXT, elide.edit.changes[uri]);
  assert.equal(lineText(after, 7), 'Second {--line of the paragraph.--}');
  assert.equal(lineText(after, 9), '{--𐐀 another--} paragraph here.');
});

test('a selection that cuts through a mark gets no marking actions', async (t) => {
  const { actions } = await session(t);
  // From inside {==cost==} to after "four"; from before {--much--} into it.
  const cases = [
    [index(TEXT, 4, 'cost') + 2, index(TEXT, 4, 'four') + 4],
    [index(TEXT, 4, 'and'), index(TEXT, 4, 'much') + 2],
    [index(TEXT, 0, 'council'), index(TEXT, 0, 'pool')], // into an unclosed mark
  ];
  for (const [a, b] of cases) {
    const got = await actions(a, b, ['refactor.rewrite']);
    const titles = got.map((x) => x.title);
    for (const t1 of SEL) assert.ok(!titles.includes(t1), `${t1} offered for ${JSON.stringify(TEXT.slice(a, b))}: ${titles}`);
  }
  // A selection that holds a whole mark is refused too: marks cannot nest.
  const whole = await actions(index(TEXT, 4, 'Tickets'), index(TEXT, 4, 'four') + 4, ['refactor.rewrite']);
  for (const t1 of SEL) assert.ok(!whole.map((x) => x.title).includes(t1));
});

test('inside a mark: restore the original or accept the change', async (t) => {
  const { uri, actions } = await session(t);
  const at = index(TEXT, 4, 'much') + 1;
  const got = await actions(at, at, ['refactor.rewrite']);
  assert.deepEqual(got.map((x) => x.title), ['Restore original', 'Accept change']);
  assert.equal(lineText(applyEdits(TEXT, got[0].edit.changes[uri]), 4), 'Tickets {==cost==} four pounds and much more.');
  assert.equal(lineText(applyEdits(TEXT, got[1].edit.changes[uri]), 4), 'Tickets {==cost==} four pounds and more.');
});

test('fix-all is offered only when asked for by kind', async (t) => {
  const { uri, actions } = await session(t);
  assert.ok(!(await actions(0, 0)).some((a) => a.kind.startsWith('source')), 'no source action in the light bulb');
  const got = await actions(0, 0, ['source.fixAll']);
  // "only" admits a kind and its sub-kinds, so either is correct here.
  assert.deepEqual(got.map((a) => a.title), ['Fix all safe bluepencil problems']);
  assert.match(got[0].kind, /^source\.fixAll(\.|$)/);
  const after = applyEdits(TEXT, got[0].edit.changes[uri]);
  // The mismatched closer is safe to fix; closing the unclosed mark is not.
  assert.equal(lineText(after, 2), 'The river {--rose quickly--} overnight.');
  assert.equal(lineText(after, 0), lineText(TEXT, 0));
  const own = await actions(0, 0, ['source.fixAll.bluepencil']);
  assert.deepEqual(own.map((a) => a.kind), ['source.fixAll.bluepencil']);
});

test('documentChanges: a versioned edit when the client supports it', async (t) => {
  const { s, uri, actions } = await session(t, { documentChanges: true });
  const a = index(TEXT, 6, 'these');
  const b = index(TEXT, 6, 'words') + 'words'.length;
  let [elide] = await actions(a, b, ['refactor.rewrite']);
  assert.equal(elide.edit.changes, undefined);
  assert.equal(elide.edit.documentChanges.length, 1);
  let dc = elide.edit.documentChanges[0];
  assert.deepEqual(dc.textDocument, { uri, version: 3 });
  assert.equal(lineText(applyEdits(TEXT, dc.edits), 6), 'E 😀 select {--these words--} please.');

  // After an edit, the actions carry the new version.
  await s.change(uri, 4, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: 'x' }]);
  await s.waitForVersion(uri, 4);
  [elide] = await actions(a, b, ['refactor.rewrite']);
  dc = elide.edit.documentChanges[0];
  assert.deepEqual(dc.textDocument, { uri, version: 4 });
  // Quick fixes too.
  const o = index(TEXT, 0, '{--');
  const [fix] = await actions(o, o, ['quickfix']);
  assert.deepEqual(fix.edit.documentChanges[0].textDocument, { uri, version: 4 });
});

test('plain changes when the client does not declare documentChanges', async (t) => {
  const { uri, actions } = await session(t, { documentChanges: false });
  const o = index(TEXT, 0, '{--');
  for (const x of [...await actions(o, o), ...await actions(index(TEXT, 6, 'these'), index(TEXT, 6, 'these') + 5)]) {
    assert.equal(x.edit.documentChanges, undefined, x.title);
    assert.deepEqual(Object.keys(x.edit.changes), [uri], x.title);
  }
});
