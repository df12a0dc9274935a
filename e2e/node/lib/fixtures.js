'use strict';
// Shared articles and client capabilities.

const { lineStarts } = require('./text');

// Every mark of interest stands after an astral character (😀 U+1F600 and
// 𐐀 U+10400: 4 UTF-8 bytes, 2 UTF-16 units, 1 code point) so that the three
// encodings give different characters.
const ARTICLE = [
  '---',
  'title: Storm test',
  '---',
  'Plain first line.',
  'A 😀 and 𐐀 then {--cut words stay', // 4: unclosed-mark at 17 (UTF-16), 21 (UTF-8), 15 (UTF-32)
  '',
  'B 😀𐐀 {--ferocious--} storm flooded the harbour.', // 6: an elision to hover
  '',
  'C 𐐀 é the mayor thanked --} the volunteers.', // 8: stray-closer
  '',
  'D 😀 the hall seats {~~400~>450~~} people.', // 10: a substitution
  '',
  'E 😀 select these words please.', // 12: a plain line to mark
  '',
].join('\n');

// The unclosed opener on line 4, per encoding.
const UNCLOSED_AT = { 'utf-16': 17, 'utf-8': 21, 'utf-32': 15 };

// index returns the string index of the n-th (0-based) occurrence of needle
// on line `line` of text.
function index(text, line, needle, n = 0) {
  const start = lineStarts(text)[line];
  let i = start - 1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} not found on line ${line}`);
  }
  return i;
}

// capabilities builds client capabilities; opts override parts.
function capabilities({ encodings = ['utf-16'], hover = ['markdown', 'plaintext'], documentChanges = false, configuration = false } = {}) {
  const caps = {
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: true },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
      codeAction: {
        codeActionLiteralSupport: {
          codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source', 'source.fixAll'] },
        },
        isPreferredSupport: true,
      },
    },
    workspace: { configuration, workspaceEdit: { documentChanges } },
  };
  if (encodings) caps.general = { positionEncodings: encodings };
  if (hover) caps.textDocument.hover = { contentFormat: hover };
  return caps;
}

let counter = 0;
function docUri(name = 'article') {
  counter++;
  return `file:///tmp/bluepencil-e2e/${name}-${process.pid}-${counter}.bp.md`;
}

function byCode(diagnostics, code) {
  return diagnostics.filter((d) => d.code === code);
}

module.exports = { ARTICLE, UNCLOSED_AT, index, capabilities, docUri, byCode };
