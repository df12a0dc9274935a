'use strict';
// Completion as VS Code's client asks for it: snippets, a "{" the editor
// paired with a "}", and a request sent right after the keystroke.

const test = require('node:test');
const assert = require('node:assert/strict');
const { CompletionRequest } = require('vscode-languageserver-protocol/node');
const { start } = require('../lib/session');
const { rangeOf, positionAt } = require('../lib/text');
const { capabilities, docUri } = require('../lib/fixtures');

async function session(t, snippetSupport) {
  const caps = capabilities();
  caps.textDocument.completion = { completionItem: { snippetSupport }, contextSupport: true };
  const s = await start(caps);
  t.after(() => s.dispose());
  return s;
}

const SNIPPETS = ['{--$1--}', '{++$1++}', '{~~$1~>$2~~}', '{>>$1<<}', '{==$1==}{>>$2<<}'];

test('completion is advertised with the triggers { and >', async (t) => {
  const s = await session(t, true);
  assert.deepEqual(s.initResult.capabilities.completionProvider.triggerCharacters, ['{', '>']);
});

test('after a typed { (and the } the editor paired), the five marks as snippets over both', async (t) => {
  const s = await session(t, true);
  const uri = docUri();
  const text = 'The 😀 𐐀 council voted.\n';
  await s.open(uri, text);
  await s.waitForVersion(uri, 1);
  // Type "{}" before "council" and ask at once, as VS Code does.
  const at = text.indexOf('council');
  await s.change(uri, 2, [{ range: rangeOf(text, at, at), text: '{}' }]);
  const now = text.slice(0, at) + '{}' + text.slice(at);
  const items = await s.request(CompletionRequest.type, {
    textDocument: { uri }, position: positionAt(now, at + 1),
    context: { triggerKind: 2, triggerCharacter: '{' },
  });
  assert.deepEqual(items.map((i) => i.textEdit.newText), SNIPPETS);
  for (const i of items) {
    assert.equal(i.insertTextFormat, 2);
    assert.deepEqual(i.textEdit.range, rangeOf(now, at, at + 2));
  }
});

test('after ~> in a substitution, the lexicon\'s neutral words, as plain text', async (t) => {
  const s = await session(t, false);
  const uri = docUri();
  const text = '𐐀 The {~~thugs~>~~} fled.\n';
  await s.open(uri, text);
  const at = text.indexOf('~>') + 2;
  const items = await s.request(CompletionRequest.type, { textDocument: { uri }, position: positionAt(text, at) });
  assert.deepEqual(items.map((i) => [i.textEdit.newText, i.insertTextFormat]), [['attackers', 1], ['men', 1]]);
  assert.deepEqual(items[0].textEdit.range, rangeOf(text, at, at));
});
