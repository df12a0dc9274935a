'use strict';
// Text synchronisation: didOpen, CRLF text, incremental edits inside marks,
// and a burst of 1,000 single-character edits after which the server's text
// must equal the client's exactly.

const test = require('node:test');
const assert = require('node:assert/strict');
const { HoverRequest, CodeActionRequest, DocumentDiagnosticRequest } = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { rangeOf, positionAt, applyEdits, lineText } = require('../lib/text');
const { ARTICLE, index, capabilities, docUri, byCode } = require('../lib/fixtures');

test('didOpen: diagnostics at exact UTF-16 characters after 😀 and 𐐀', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri();
  await s.open(uri, ARTICLE, 7);
  const pub = await s.waitForVersion(uri, 7);
  assert.equal(pub.uri, uri);
  const unclosed = byCode(pub.diagnostics, 'unclosed-mark')[0];
  assert.deepEqual(unclosed.range, { start: { line: 4, character: 17 }, end: { line: 4, character: 20 } });
  assert.equal(unclosed.severity, 1);
  assert.equal(unclosed.source, 'bluepencil');
  assert.equal(unclosed.message, 'elision {-- is never closed; add --} where it should end');
  assert.match(unclosed.codeDescription.href, /docs\/markup\.md#unclosed-mark$/);
  const stray = byCode(pub.diagnostics, 'stray-closer')[0];
  // "C 𐐀 é the mayor thanked --}": 𐐀 counts 2, so the closer is at 25.
  assert.deepEqual(stray.range, { start: { line: 8, character: 25 }, end: { line: 8, character: 28 } });
  assert.equal(pub.diagnostics.length, 2);
});

const CRLF = [
  'Title 😀',
  'A 😀 𐐀 {--x--} ok --} y', // 1: stray-closer at 19
  '',
  'The council {--voted to close the pool and the library', // 3: unclosed-mark at 12
  '',
].join('\r\n');

test('CRLF text: positions, a fix at the end of a line, edits across a line break', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri('crlf');
  let text = CRLF;
  await s.open(uri, text);
  const pub = await s.waitForVersion(uri, 1);
  assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range]), [
    ['stray-closer', { start: { line: 1, character: 19 }, end: { line: 1, character: 22 } }],
    ['unclosed-mark', { start: { line: 3, character: 12 }, end: { line: 3, character: 15 } }],
  ]);

  // "Close at the end of the paragraph" must insert before the "\r\n".
  const actions = await s.request(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 3, character: 13 }, end: { line: 3, character: 13 } },
    context: { diagnostics: pub.diagnostics, only: ['quickfix'] },
  });
  const close = actions.find((a) => a.title === 'Close at the end of the paragraph');
  assert.ok(close, `offered: ${actions.map((a) => a.title)}`);
  const edits = close.edit.changes[uri];
  assert.deepEqual(edits, [{
    range: { start: { line: 3, character: 54 }, end: { line: 3, character: 54 } },
    newText: '--}',
  }], 'the edit is at the end of line 3, before its line break');
  text = applyEdits(text, edits);
  await s.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
  const pub2 = await s.waitForVersion(uri, 2);
  assert.deepEqual(pub2.diagnostics.map((d) => d.code), ['stray-closer']);

  // Join lines 0 and 1 by deleting the "\r\n" between them: from the end of
  // line 0 (before "\r") to the start of line 1.
  const eol = index(text, 0, '\r\n');
  const range = { start: { line: 0, character: 8 }, end: { line: 1, character: 0 } };
  assert.deepEqual(range, rangeOf(text, eol, eol + 2));
  text = text.slice(0, eol) + ' ' + text.slice(eol + 2);
  await s.change(uri, 3, [{ range, text: ' ' }]);
  const pub3 = await s.waitForVersion(uri, 3);
  const si = index(text, 0, '--} y');
  assert.deepEqual(pub3.diagnostics.map((d) => [d.code, d.range]), [
    ['stray-closer', rangeOf(text, si, si + 3)],
  ]);
  assert.deepEqual(pub3.diagnostics[0].range.start, { line: 0, character: 28 });

  // Split a line by typing "\r\n" in the middle of it, before the closer.
  const at = index(text, 0, ' ok');
  text = text.slice(0, at) + '\r\n' + text.slice(at);
  await s.change(uri, 4, [{ range: rangeOf(text, at, at), text: '\r\n' }]);
  const pub4 = await s.waitForVersion(uri, 4);
  assert.deepEqual(pub4.diagnostics.map((d) => [d.code, d.range]), [
    ['stray-closer', { start: { line: 1, character: 4 }, end: { line: 1, character: 7 } }],
  ]);
});

test('an edit typed in the middle of a mark: delete the closer, type it back, type inside', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri();
  let text = 'D 😀 edit {--cut--} here.\n';
  let version = 1;
  await s.open(uri, text, version);
  assert.deepEqual((await s.waitForVersion(uri, version)).diagnostics, []);

  const type = async (at, s1) => {
    const change = { range: rangeOf(text, at, at), text: s1 };
    text = text.slice(0, at) + s1 + text.slice(at);
    version++;
    await s.change(uri, version, [change]);
    return s.waitForVersion(uri, version);
  };

  // Delete the closer: the mark is unclosed, reported at its opener.
  const ci = text.indexOf('--}');
  const del = { range: rangeOf(text, ci, ci + 3), text: '' };
  text = text.slice(0, ci) + text.slice(ci + 3);
  version++;
  await s.change(uri, version, [del]);
  let pub = await s.waitForVersion(uri, version);
  assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range]), [
    ['unclosed-mark', { start: { line: 0, character: 10 }, end: { line: 0, character: 13 } }],
  ]);

  // Type it back one character at a time.
  pub = await type(ci, '-');
  assert.deepEqual(pub.diagnostics.map((d) => d.code), ['unclosed-mark'], 'after "-"');
  pub = await type(ci + 1, '-');
  assert.deepEqual(pub.diagnostics.map((d) => d.code), ['unclosed-mark'], 'after "--"');
  pub = await type(ci + 2, '}');
  assert.deepEqual(pub.diagnostics, [], 'after "--}"');
  assert.equal(text, 'D 😀 edit {--cut--} here.\n');

  // Type inside the mark's words, with an emoji among them.
  let at = text.indexOf('cut') + 3;
  for (const ch of [' ', '😀', 'o', 'u', 't']) {
    pub = await type(at, ch);
    at += ch.length;
  }
  assert.deepEqual(pub.diagnostics, []);
  const h = await s.request(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, text.indexOf('out')) });
  assert.match(h.contents.value, /^\*\*Cut words:\*\* cut 😀out\n/);
  assert.deepEqual(h.range, rangeOf(text, text.indexOf('{--'), text.indexOf('--}') + 3));

  // Replace the opener's middle character: "{-+" is no mark, so the closer
  // is stray.
  const oi = text.indexOf('{--') + 1;
  const rep = { range: rangeOf(text, oi, oi + 1), text: '+' };
  text = text.slice(0, oi) + '+' + text.slice(oi + 1);
  version++;
  await s.change(uri, version, [rep]);
  pub = await s.waitForVersion(uri, version);
  const si = text.indexOf('--}');
  assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range]), [['stray-closer', rangeOf(text, si, si + 3)]]);
});

test('several changes in one didChange apply in order, each on the text the one before left', async (t) => {
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri();
  let text = 'A 😀 {--cut--} b\n';
  await s.open(uri, text);
  await s.waitForVersion(uri, 1);
  const changes = [];
  const apply = (a, b, s1) => {
    changes.push({ range: rangeOf(text, a, b), text: s1 });
    text = text.slice(0, a) + s1 + text.slice(b);
  };
  apply(0, 0, '𐐀𐐀\n'); // a new first line: everything moves down
  apply(text.indexOf('--}'), text.indexOf('--}') + 3, ''); // the closer goes
  apply(text.length - 1, text.length - 1, ' end'); // then text at the end
  await s.change(uri, 2, changes);
  const pub = await s.waitForVersion(uri, 2);
  assert.equal(text, '𐐀𐐀\nA 😀 {--cut b end\n');
  assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range]), [
    ['unclosed-mark', { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } }],
  ]);
});

// A small deterministic generator, so that a failure can be replayed.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

test('a burst of 1,000 single-character edits leaves the server with exactly the client\'s text', async (t) => {
  const seed = Number(process.env.BLUEPENCIL_E2E_SEED || 20261123);
  const rnd = mulberry32(seed);
  const pick = (n) => Math.floor(rnd() * n);
  const s = await start(capabilities());
  t.after(() => s.dispose());
  const uri = docUri('burst');

  // The text stays free of marks, blank lines and outer white space, so
  // that "Mark as modification" over the whole document wraps exactly one
  // paragraph and its edit carries the server's copy of the whole text.
  let text = 'BEGIN\nmiddle 😀 line\nEND';
  const lo = 'BEGIN'.length;
  const ALPHABET = ['a', 'b', 'z', 'é', '中', '😀', '𐐀', '\n', '\n', '-', '{', '}'];
  // "{" and "}" alone never make a mark here: no two-character opener or
  // closer can form, since "-" is never typed next to them (checked below).
  const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
  const boundary = (i) => !(i > 0 && isHigh(text.charCodeAt(i - 1)));
  const forms = (str) => /\{[-+~>=]|[-+~<=]\}|\[(\.\.\.|…)\]/.test(str);

  let version = 1;
  await s.open(uri, text, version);
  await s.waitForVersion(uri, version);
  const sent = [];
  let inserts = 0;
  let deletes = 0;
  while (version < 1001) {
    const hi = text.length - 'END'.length; // edits stay within (lo, hi]
    let a;
    let b;
    let ins = '';
    if (hi - lo > 1 && rnd() < 0.35) {
      // Delete one character (a whole surrogate pair for 😀 and 𐐀).
      a = lo + 1 + pick(hi - lo - 1);
      if (!boundary(a)) a--;
      b = a + (isHigh(text.charCodeAt(a)) ? 2 : 1);
      if (b > hi) continue;
    } else {
      a = lo + 1 + pick(hi - lo);
      if (!boundary(a)) a--;
      b = a;
      ins = ALPHABET[pick(ALPHABET.length)];
    }
    const next = text.slice(0, a) + ins + text.slice(b);
    // No blank line, no mark, no white space at either end.
    if (/\n\s*\n/.test(next) || forms(next)) continue;
    const change = { range: rangeOf(text, a, b), text: ins };
    text = next;
    version++;
    if (ins) inserts++;
    else deletes++;
    sent.push(s.change(uri, version, [change]));
  }
  await Promise.all(sent);
  const last = await s.waitForVersion(uri, 1001);
  assert.deepEqual(last.diagnostics, [], `no diagnostics for a text without marks (seed ${seed})`);
  assert.ok(inserts > 500 && deletes > 200, `a real mix of edits: ${inserts} inserts, ${deletes} deletes`);
  assert.ok(text.includes('\n') && /[\u{10000}-\u{10ffff}]/u.test(text), 'the text has line breaks and astral characters');

  // The server's copy of the text, through "Mark as modification" over the
  // whole document: its edits hold the text verbatim, at the server's
  // positions.
  const whole = rangeOf(text, 0, text.length);
  const actions = await s.request(CodeActionRequest.type, {
    textDocument: { uri },
    range: whole,
    context: { diagnostics: [], only: ['refactor.rewrite'] },
  });
  const mod = actions.find((a) => a.title === 'Mark as modification');
  assert.ok(mod, `"Mark as modification" offered; got ${actions.map((a) => a.title)}`);
  const edits = mod.edit.changes[uri];
  assert.equal(applyEdits(text, edits), `{~~${text}~>${text}~~}`, `server text differs from client text (seed ${seed})`);
  assert.deepEqual(edits.map((e) => e.range), [
    { start: whole.start, end: whole.start },
    { start: whole.end, end: whole.end },
  ]);

  // One more edit opens a mark at a random place: the pull diagnostic
  // reports it exactly where the client put it.
  let at;
  do {
    at = 'BEGIN'.length + 1 + pick(text.length - 'BEGINEND'.length - 1);
  } while (!boundary(at) || /[-+{}]/.test(text[at - 1] + text[at]));
  const opened = text.slice(0, at) + '{++' + text.slice(at);
  await s.change(uri, 1002, [{ range: rangeOf(text, at, at), text: '{++' }]);
  await s.waitForVersion(uri, 1002);
  const report = await s.request(DocumentDiagnosticRequest.type, { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  assert.deepEqual(report.items.map((d) => [d.code, d.range]), [
    ['unclosed-mark', rangeOf(opened, at, at + 3)],
  ], `line ${positionAt(opened, at).line}: ${JSON.stringify(lineText(opened, positionAt(opened, at).line))}`);
});
