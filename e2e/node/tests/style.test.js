'use strict';
// The style pass through a real client: words worth cutting flagged
// (information in the outlet's text, a warning in the editor's own words),
// the Cut, Replace and Allow quick fixes applied, and the workspace
// settings file .bluepencil.yaml with a Vale rule file: what it changes,
// a change to it on disk, and its problems on its own URI.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  CodeActionRequest,
  RegistrationRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
} = require('vscode-languageserver-protocol/node');
const { Session } = require('../lib/session');
const { rangeOf, applyEdits, lineText } = require('../lib/text');
const { capabilities, byCode } = require('../lib/fixtures');

const TEXT = [
  'The regime admitted the plan was {++very ++}late.', // 0
  '',
  'Officials said the synergy of the two offices was clear.', // 2
  '',
].join('\n');

const AVOID = [
  'extends: existence',
  "message: \"Say what it is, not '%s'.\"",
  'level: warning',
  'ignorecase: true',
  'tokens:',
  '  - synergy',
  '',
].join('\n');

// workspace makes a temporary workspace folder (its real path) holding files.
function workspace(t, files = {}) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-style-')));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { root, write, uri: (name) => pathToFileURL(path.join(root, name)).href };
}

// session starts a server on root that watches files through the client.
async function session(t, root) {
  const s = new Session();
  t.after(() => s.dispose());
  s.conn.onRequest(RegistrationRequest.type, () => null);
  const caps = capabilities();
  caps.workspace.workspaceFolders = true;
  caps.workspace.didChangeWatchedFiles = { dynamicRegistration: true, relativePatternSupport: true };
  const rootUri = pathToFileURL(root).href;
  await s.initialize(caps, { rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }] });
  return s;
}

const summary = (p) => p.diagnostics.map((d) => `${d.code}/${d.severity}`);

const actionsAt = (s, uri, text, i, diagnostics = []) => s.request(CodeActionRequest.type, {
  textDocument: { uri }, range: rangeOf(text, i, i), context: { diagnostics, only: ['quickfix'] },
});

test('style flags: information in the outlet text, a warning in an addition; Cut, Replace and Allow applied', async (t) => {
  const w = workspace(t);
  const s = await session(t, w.root);
  const uri = w.uri('a.bp.md');
  await s.open(uri, TEXT, 1);
  const pub = await s.waitForVersion(uri, 1);
  assert.deepEqual(summary(pub), ['loaded-label/3', 'loaded-verb/3', 'intensifier/2'], JSON.stringify(pub.diagnostics));
  const regime = TEXT.indexOf('regime');
  assert.deepEqual(byCode(pub.diagnostics, 'loaded-label')[0].range, rangeOf(TEXT, regime, regime + 6));

  // Cut: an elision in the outlet's text.
  const admitted = TEXT.indexOf('admitted');
  let got = await actionsAt(s, uri, TEXT, admitted + 2, byCode(pub.diagnostics, 'loaded-verb'));
  assert.deepEqual(got.map((a) => [a.title, a.kind, a.isPreferred === true]), [
    ['Cut "admitted"', 'quickfix', false],
    ['Replace with "said"', 'quickfix', false],
    ['Replace with "acknowledged"', 'quickfix', false],
    ['Allow "admitted" in this article', 'quickfix', false],
  ]);
  const cut = applyEdits(TEXT, got[0].edit.changes[uri]);
  assert.equal(lineText(cut, 0), 'The regime {--admitted--} the plan was {++very ++}late.');

  // Replace: a modification.
  const replaced = applyEdits(TEXT, got[1].edit.changes[uri]);
  assert.equal(lineText(replaced, 0), 'The regime {~~admitted~>said~~} the plan was {++very ++}late.');
  await s.change(uri, 2, [{ text: replaced }]);
  let after = await s.waitForVersion(uri, 2);
  assert.deepEqual(summary(after), ['loaded-label/3', 'intensifier/2'], JSON.stringify(after.diagnostics));

  // Allow in this article: a front matter with the word, and the flag gone.
  got = await actionsAt(s, uri, replaced, replaced.indexOf('regime') + 1);
  const allow = got.find((a) => a.title === 'Allow "regime" in this article');
  assert.ok(allow, got.map((a) => a.title).join(', '));
  assert.ok(!got.some((a) => a.title.endsWith('in this workspace')), 'no settings file, and the client cannot create one');
  const allowed = applyEdits(replaced, allow.edit.changes[uri]);
  assert.ok(allowed.startsWith('---\nallow: [regime]\n---\nThe regime'), allowed);
  await s.change(uri, 3, [{ text: allowed }]);
  after = await s.waitForVersion(uri, 3);
  assert.deepEqual(summary(after), ['intensifier/2'], JSON.stringify(after.diagnostics));

  // Fix-all never applies a style fix or an Allow.
  const all = await s.request(CodeActionRequest.type, {
    textDocument: { uri }, range: rangeOf(allowed, 0, 0), context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.deepEqual(all, []);
});

test('.bluepencil.yaml with a Vale rule file: applies, re-checks on a change on disk, its problems on its URI', async (t) => {
  const w = workspace(t, {
    '.bluepencil.yaml': 'severity:\n  loaded-verb: off\nallow: [regime]\nrules: [styles/House/Avoid.yml]\n',
    'styles/House/Avoid.yml': AVOID,
  });
  const s = await session(t, w.root);
  const uri = w.uri('news/a.bp.md');
  await s.open(uri, TEXT, 1);
  let pub = await s.waitForPublish(uri, (p) => summary(p).includes('House.Avoid/2'), 'the rule file applied');
  assert.deepEqual(summary(pub), ['intensifier/2', 'House.Avoid/2'], JSON.stringify(pub.diagnostics));
  const syn = TEXT.indexOf('synergy');
  const flag = byCode(pub.diagnostics, 'House.Avoid')[0];
  assert.deepEqual(flag.range, rangeOf(TEXT, syn, syn + 7));
  assert.equal(flag.message, "Say what it is, not 'synergy'.");

  // Allow in this workspace edits the settings file.
  const got = await actionsAt(s, uri, TEXT, syn + 1, [flag]);
  const ws = got.find((a) => a.title === 'Allow "synergy" in this workspace');
  assert.ok(ws, got.map((a) => a.title).join(', '));
  const settingsUri = w.uri('.bluepencil.yaml');
  const settingsText = fs.readFileSync(path.join(w.root, '.bluepencil.yaml'), 'utf8');
  const edited = applyEdits(settingsText, ws.edit.changes[settingsUri]);
  assert.equal(edited, 'severity:\n  loaded-verb: off\nallow: [regime, synergy]\nrules: [styles/House/Avoid.yml]\n');

  // The client saves it: a didChangeWatchedFiles re-checks the article.
  const changed = (name) => s.notify(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: w.uri(name), type: FileChangeType.Changed }],
  });
  w.write('.bluepencil.yaml', edited);
  let from = s.publishes.length;
  await changed('.bluepencil.yaml');
  pub = await s.waitForPublish(uri, (p) => !summary(p).includes('House.Avoid/2'), 'the word allowed', from);
  assert.deepEqual(summary(pub), ['intensifier/2']);
  assert.equal(pub.version, 1, 're-checked without an edit');

  // A problem in the file is published on the file, and cleared when fixed.
  w.write('.bluepencil.yaml', 'severity:\n  loaded-verb: off\nallow: [regime, synergy]\nrules: [styles/House/Avoid.yml]\nelison: "[…]"\n');
  from = s.publishes.length;
  await changed('.bluepencil.yaml');
  const problem = await s.waitForPublish(settingsUri, (p) => p.diagnostics.length > 0, 'the settings file problem', from);
  assert.deepEqual(problem.diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['invalid-config', 2, 4]]);
  assert.match(problem.diagnostics[0].message, /unknown setting "elison"/);
  w.write('.bluepencil.yaml', 'rules: [styles/House/Avoid.yml]\n');
  from = s.publishes.length;
  await changed('.bluepencil.yaml');
  await s.waitForPublish(settingsUri, (p) => p.diagnostics.length === 0, 'the problem cleared', from);
  pub = await s.waitForPublish(uri, (p) => summary(p).includes('loaded-label/3'), 'the allow list gone', from);
  assert.deepEqual(summary(pub), ['loaded-label/3', 'loaded-verb/3', 'intensifier/2', 'House.Avoid/2']);
});
