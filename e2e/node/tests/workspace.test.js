'use strict';
// The whole workspace: workspace/diagnostic over closed articles (result
// ids, progress) and the commands of workspace/executeCommand.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const {
  WorkspaceDiagnosticRequest,
  ExecuteCommandRequest,
  ApplyWorkspaceEditRequest,
  WorkDoneProgress,
} = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { capabilities } = require('../lib/fixtures');

const BROKEN = '---\ntitle: T\n---\n\nE 😀 𐐀 x {--cut\n';
const CLEAN = '---\ntitle: T\n---\n\nE 😀 𐐀 {--cut--} and {++added++}.\n';

function pullCaps() {
  const caps = capabilities();
  caps.textDocument.diagnostic = {};
  caps.workspace.diagnostics = { refreshSupport: true };
  return caps;
}

async function workspace(t, files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bluepencil-ws-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const s = await start(pullCaps(), {
    initialize: { workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }] },
  });
  t.after(() => s.dispose());
  return { s, dir, uri: (name) => pathToFileURL(path.join(dir, name)).href };
}

const byName = (items) => Object.fromEntries(items.map((it) => [path.basename(fileURLToPath(it.uri)), it]));

test('workspace diagnostics list the problems of closed articles, with progress, then answer unchanged', async (t) => {
  const { s } = await workspace(t, { 'closed.bp.md': BROKEN, 'sub/clean.bp.md': CLEAN, '.git/x.bp.md': BROKEN });
  assert.equal(s.initResult.capabilities.diagnosticProvider.workspaceDiagnostics, true);

  const progress = [];
  s.conn.onProgress(WorkDoneProgress.type, 'ws-1', (v) => progress.push(v.kind));
  const first = await s.request(WorkspaceDiagnosticRequest.type, { workDoneToken: 'ws-1', previousResultIds: [] });
  const got = byName(first.items);
  assert.deepEqual(Object.keys(got).sort(), ['clean.bp.md', 'closed.bp.md']);
  const closed = got['closed.bp.md'];
  assert.equal(closed.kind, 'full');
  assert.equal(closed.version, null);
  assert.deepEqual(closed.items.map((d) => [d.code, d.range.start]), [['unclosed-mark', { line: 4, character: 10 }]]);
  assert.deepEqual(got['clean.bp.md'].items, []);
  assert.equal(progress[0], 'begin');
  assert.equal(progress[progress.length - 1], 'end');

  const again = await s.request(WorkspaceDiagnosticRequest.type, {
    previousResultIds: first.items.map((it) => ({ uri: it.uri, value: it.resultId })),
  });
  assert.deepEqual(again.items.map((it) => it.kind), ['unchanged', 'unchanged']);
});

test('commands: render the published view beside the article, accept every change in a selection', async (t) => {
  const { s, dir, uri } = await workspace(t, { 'story.bp.md': CLEAN });
  assert.deepEqual(s.initResult.capabilities.executeCommandProvider.commands,
    ['bluepencil.renderPublished', 'bluepencil.acceptAll', 'bluepencil.rejectAll', 'bluepencil.openOriginal']);

  const written = await s.request(ExecuteCommandRequest.type, { command: 'bluepencil.renderPublished', arguments: [uri('story.bp.md')] });
  assert.equal(fileURLToPath(written), path.join(dir, 'story.published.html'));
  const page = fs.readFileSync(path.join(dir, 'story.published.html'), 'utf8');
  assert.match(page, /added/);
  assert.doesNotMatch(page, /\{\+\+/);

  const edits = [];
  s.conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => { edits.push(p); return { applied: true }; });
  await s.open(uri('story.bp.md'), CLEAN, 2);
  const res = await s.request(ExecuteCommandRequest.type, {
    command: 'bluepencil.acceptAll',
    arguments: [uri('story.bp.md'), { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }],
  });
  assert.deepEqual(res, { applied: true });
  assert.equal(edits.length, 1);
  const changes = edits[0].edit.changes[uri('story.bp.md')];
  assert.deepEqual(changes.map((e) => [e.range.start.character, e.range.end.character, e.newText]), [
    [8, 18, ''], // "{--cut--} " after "E 😀 𐐀 " (8 UTF-16 units): the cut goes with a space
    [22, 33, 'added'],
  ]);
});
