'use strict';
// Source fidelity: an article whose front matter names `original: FILE` is
// compared word by word with that file, read from disk inside the
// workspace folder. Real files in a temporary workspace.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const {
  CodeActionRequest,
  DefinitionRequest,
  RegistrationRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
} = require('vscode-languageserver-protocol/node');
const { Session } = require('../lib/session');
const { rangeOf, positionAt, applyEdits, lineText } = require('../lib/text');
const { index, capabilities, byCode } = require('../lib/fixtures');

const ORIGINAL = [
  'Plain intro line here.',
  '',
  'A 😀 storm destroyed the old pier.',
  '',
  'The council met in secret at noon in the hall.',
  '',
].join('\n');

const ARTICLE = [
  '---',
  'original: orig.txt',
  '---',
  'Plain intro line here.', // 3
  '',
  'A 😀 storm wrecked the old pier.', // 5: unmarked change after an emoji
  '',
  'The council met [...] in the hall.', // 7: a bare elision
  '',
].join('\n');

// workspace makes <tmp>/ws (the workspace root, its real path) with files.
function workspace(t, files) {
  const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-fid-')));
  t.after(() => fs.rmSync(parent, { recursive: true, force: true }));
  const root = path.join(parent, 'ws');
  fs.mkdirSync(root);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(parent, name), text);
  return { parent, root, uri: (name) => pathToFileURL(path.join(root, name)).href };
}

// session starts a server with root as its workspace folder; it answers
// client/registerCapability and records the registrations.
async function session(t, root, { watch = false } = {}) {
  const s = new Session();
  t.after(() => s.dispose());
  s.registrations = [];
  let registered;
  // The server registers from its own goroutine after initialized, so the
  // request may come after the first publish: tests wait for it.
  s.registered = new Promise((resolve) => { registered = resolve; });
  s.conn.onRequest(RegistrationRequest.type, (p) => {
    s.registrations.push(...p.registrations);
    registered();
    return null;
  });
  const caps = capabilities();
  caps.textDocument.definition = { dynamicRegistration: false, linkSupport: false };
  caps.workspace.workspaceFolders = true;
  if (watch) caps.workspace.didChangeWatchedFiles = { dynamicRegistration: true, relativePatternSupport: true };
  const rootUri = pathToFileURL(root).href;
  await s.initialize(caps, { rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }] });
  return s;
}

const codes = (p) => p.diagnostics.map((d) => d.code).sort();

test('unmarked change after an emoji: exact UTF-16 range, "Restore original text" clears it', async (t) => {
  const w = workspace(t, { 'ws/orig.txt': ORIGINAL });
  const s = await session(t, w.root);
  const uri = w.uri('a.bp.md');
  await s.open(uri, ARTICLE, 1);
  const pub = await s.waitForVersion(uri, 1);

  const changes = byCode(pub.diagnostics, 'unmarked-change');
  const a = index(ARTICLE, 5, 'wrecked');
  assert.deepEqual(changes.map((d) => [d.range, d.severity]), [[rangeOf(ARTICLE, a, a + 'wrecked'.length), 1]],
    JSON.stringify(pub.diagnostics));
  // "A 😀 storm " is 11 UTF-16 units (the emoji counts 2).
  assert.deepEqual(changes[0].range, { start: { line: 5, character: 11 }, end: { line: 5, character: 18 } });

  const got = await s.request(CodeActionRequest.type, {
    textDocument: { uri }, range: changes[0].range, context: { diagnostics: changes, only: ['quickfix'] },
  });
  const titles = got.map((x) => x.title);
  assert.ok(titles.includes('Mark as modification'), titles.join(', '));
  assert.ok(titles.includes('Restore original text'), titles.join(', '));
  const mark = got.find((x) => x.title === 'Mark as modification');
  assert.equal(lineText(applyEdits(ARTICLE, mark.edit.changes[uri]), 5), 'A 😀 storm {~~destroyed~>wrecked~~} the old pier.');

  const restore = got.find((x) => x.title === 'Restore original text');
  const fixed = applyEdits(ARTICLE, restore.edit.changes[uri]);
  assert.equal(lineText(fixed, 5), 'A 😀 storm destroyed the old pier.');
  await s.change(uri, 2, [{ text: fixed }]);
  const after = await s.waitForVersion(uri, 2);
  assert.deepEqual(byCode(after.diagnostics, 'unmarked-change'), [], JSON.stringify(after.diagnostics));
  // Incremental edit back to the changed word: the diagnostic returns.
  const d = index(fixed, 5, 'destroyed');
  await s.change(uri, 3, [{ range: rangeOf(fixed, d, d + 'destroyed'.length), text: 'wrecked' }]);
  const again = await s.waitForVersion(uri, 3);
  assert.deepEqual(byCode(again.diagnostics, 'unmarked-change').map((x) => x.range), [changes[0].range]);
});

test('a bare [...]: "Record the cut words" writes {--exact words--}', async (t) => {
  const w = workspace(t, { 'ws/orig.txt': ORIGINAL });
  const s = await session(t, w.root);
  const uri = w.uri('a.bp.md');
  await s.open(uri, ARTICLE, 1);
  const pub = await s.waitForVersion(uri, 1);
  const e = index(ARTICLE, 7, '[...]');
  const el = byCode(pub.diagnostics, 'untracked-elision');
  assert.deepEqual(el.map((d) => d.range), [rangeOf(ARTICLE, e, e + 5)], JSON.stringify(pub.diagnostics));
  // The cut words are not also unmarked changes.
  assert.ok(!byCode(pub.diagnostics, 'unmarked-change').some((d) => d.range.start.line === 7));

  const got = await s.request(CodeActionRequest.type, {
    textDocument: { uri }, range: rangeOf(ARTICLE, e + 1, e + 1), context: { diagnostics: el, only: ['quickfix'] },
  });
  const rec = got.find((x) => x.title === 'Record the cut words');
  assert.ok(rec, got.map((x) => x.title).join(', '));
  const fixed = applyEdits(ARTICLE, rec.edit.changes[uri]);
  assert.equal(lineText(fixed, 7), 'The council met {--in secret at noon--} in the hall.');
  await s.change(uri, 2, [{ text: fixed }]);
  const after = await s.waitForVersion(uri, 2);
  assert.deepEqual(byCode(after.diagnostics, 'untracked-elision'), []);
  assert.ok(!byCode(after.diagnostics, 'unmarked-change').some((d) => d.range.start.line === 7), JSON.stringify(after.diagnostics));
});

test('definition: a word of the article jumps to the same word in the original', async (t) => {
  const w = workspace(t, { 'ws/orig.txt': ORIGINAL });
  const s = await session(t, w.root);
  const uri = w.uri('a.bp.md');
  await s.open(uri, ARTICLE, 1);
  await s.waitForVersion(uri, 1);
  const jump = (line, word) => s.request(DefinitionRequest.type, {
    textDocument: { uri }, position: positionAt(ARTICLE, index(ARTICLE, line, word)),
  });
  for (const [line, word, oline] of [[5, 'pier', 2], [7, 'hall', 4], [3, 'intro', 0]]) {
    let loc = await jump(line, word);
    if (Array.isArray(loc)) [loc] = loc;
    assert.ok(loc, `no definition for ${word}`);
    assert.equal(fileURLToPath(loc.uri), path.join(w.root, 'orig.txt'));
    const o = index(ORIGINAL, oline, word);
    assert.deepEqual(loc.range.start, positionAt(ORIGINAL, o), `${word}: ${JSON.stringify(loc.range)}`);
  }
  // The changed word maps to the start of the original's side: "destroyed".
  let loc = await jump(5, 'wrecked');
  if (Array.isArray(loc)) [loc] = loc;
  assert.deepEqual(loc.range.start, positionAt(ORIGINAL, index(ORIGINAL, 2, 'destroyed')));
  // An article without an original has no definition.
  const plain = w.uri('plain.bp.md');
  await s.open(plain, 'Just text.\n', 1);
  await s.waitForVersion(plain, 1);
  const none = await s.request(DefinitionRequest.type, { textDocument: { uri: plain }, position: { line: 0, character: 1 } });
  assert.ok(none === null || (Array.isArray(none) && none.length === 0), JSON.stringify(none));
});

test('watched files: the server registers, and a changed original re-checks the article', async (t) => {
  const w = workspace(t, { 'ws/orig.txt': ORIGINAL });
  const s = await session(t, w.root, { watch: true });
  const uri = w.uri('a.bp.md');
  await s.open(uri, ARTICLE, 1);
  let pub = await s.waitForVersion(uri, 1);
  assert.equal(byCode(pub.diagnostics, 'unmarked-change').length, 1);
  await s.guard(s.registered, 'client/registerCapability');
  const reg = s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(reg && reg.registerOptions.watchers.length > 0, JSON.stringify(s.registrations));

  // The original is corrected on disk to say "wrecked" too.
  const orig = path.join(w.root, 'orig.txt');
  fs.writeFileSync(orig, ORIGINAL.replace('destroyed', 'wrecked'));
  let from = s.publishes.length;
  await s.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(orig).href, type: FileChangeType.Changed }] });
  pub = await s.waitForPublish(uri, () => true, 're-publish after the original changed', from);
  assert.equal(pub.version, 1);
  assert.deepEqual(byCode(pub.diagnostics, 'unmarked-change'), [], JSON.stringify(pub.diagnostics));

  // Another change of the same size ("wrecked" -> "smashed"), right away.
  fs.writeFileSync(orig, ORIGINAL.replace('destroyed', 'smashed'));
  from = s.publishes.length;
  await s.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(orig).href, type: FileChangeType.Changed }] });
  pub = await s.waitForPublish(uri, () => true, 're-publish after the second change', from);
  const a = index(ARTICLE, 5, 'wrecked');
  assert.deepEqual(byCode(pub.diagnostics, 'unmarked-change').map((d) => d.range), [rangeOf(ARTICLE, a, a + 7)]);

  // Deleted: the article says so.
  fs.rmSync(orig);
  from = s.publishes.length;
  await s.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(orig).href, type: FileChangeType.Deleted }] });
  pub = await s.waitForPublish(uri, () => true, 're-publish after the original was deleted', from);
  // The bare [...] is still reported by the markup rules, without the fix.
  assert.deepEqual(codes(pub), ['original-not-found', 'untracked-elision']);
  const v = ARTICLE.indexOf('orig.txt');
  assert.deepEqual(byCode(pub.diagnostics, 'original-not-found')[0].range, rangeOf(ARTICLE, v, v + 'orig.txt'.length));
});

test('no registration for a client without dynamic file watching', async (t) => {
  const w = workspace(t, { 'ws/orig.txt': ORIGINAL });
  const s = await session(t, w.root);
  const uri = w.uri('a.bp.md');
  await s.open(uri, ARTICLE, 1);
  await s.waitForVersion(uri, 1);
  // The registration would come from a goroutine: give it time to show.
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(s.registrations, []);
});

test('an original outside the workspace is refused; a missing one is reported', async (t) => {
  const w = workspace(t, { 'secret.txt': 'Plain intro line here.\n', 'ws/orig.txt': ORIGINAL });
  fs.symlinkSync(path.join(w.parent, 'secret.txt'), path.join(w.root, 'link.txt'));
  const s = await session(t, w.root);
  const cases = [
    ['out.bp.md', '../secret.txt', 'original-outside-workspace'],
    // An absolute path is refused earlier, by the front matter rules.
    ['abs.bp.md', path.join(w.parent, 'secret.txt'), 'invalid-front-matter'],
    ['link.bp.md', 'link.txt', 'original-outside-workspace'],
    ['missing.bp.md', 'missing.txt', 'original-not-found'],
  ];
  for (const [name, rel, code] of cases) {
    const text = `---\noriginal: ${rel}\n---\nPlain intro line here.\n`;
    const uri = w.uri(name);
    await s.open(uri, text, 1);
    const pub = await s.waitForVersion(uri, 1);
    const v = text.indexOf(rel);
    assert.deepEqual(pub.diagnostics.map((d) => [d.code, d.range]), [[code, rangeOf(text, v, v + rel.length)]],
      `${rel}: ${JSON.stringify(pub.diagnostics)}`);
    const def = await s.request(DefinitionRequest.type, { textDocument: { uri }, position: { line: 3, character: 2 } });
    assert.ok(def === null || (Array.isArray(def) && def.length === 0), `${rel}: definition ${JSON.stringify(def)}`);
  }
});
