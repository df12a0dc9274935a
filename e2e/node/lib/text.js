'use strict';
// Client-side text model: positions in the three LSP encodings, and edits.
// JavaScript strings are UTF-16, so a string index is a UTF-16 position.

// lineStarts returns the index of the first character of each line; "\r\n",
// "\n" and "\r" each end a line, as LSP defines.
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      starts.push(i + 2);
      i++;
    } else if (c === '\n' || c === '\r') {
      starts.push(i + 1);
    }
  }
  return starts;
}

// lineText returns line n without its line break.
function lineText(text, n) {
  const starts = lineStarts(text);
  const end = n + 1 < starts.length ? starts[n + 1] : text.length;
  return text.slice(starts[n], end).replace(/\r?\n$|\r$/, '');
}

// width counts s in the encoding's units.
function width(s, enc) {
  switch (enc) {
    case 'utf-8':
      return Buffer.byteLength(s, 'utf8');
    case 'utf-32':
      return [...s].length;
    default:
      return s.length;
  }
}

// positionAt converts a string index to an LSP position.
function positionAt(text, index, enc = 'utf-16') {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= index) line++;
  return { line, character: width(text.slice(starts[line], index), enc) };
}

// offsetAt converts an LSP position to a string index. It throws on a
// position inside a character or past the end of a line: the tests want to
// see such a position, not have it clamped away.
function offsetAt(text, pos, enc = 'utf-16') {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) throw new Error(`line ${pos.line} past the end of the text`);
  const line = lineText(text, pos.line);
  let units = 0;
  let i = 0;
  for (const ch of line) {
    if (units === pos.character) break;
    units += width(ch, enc);
    i += ch.length;
  }
  if (units !== pos.character) {
    throw new Error(`character ${pos.character} (${enc}) is not a character boundary of line ${pos.line}: ${JSON.stringify(line)}`);
  }
  return starts[pos.line] + i;
}

function rangeOf(text, start, end, enc = 'utf-16') {
  return { start: positionAt(text, start, enc), end: positionAt(text, end, enc) };
}

// applyEdits applies LSP TextEdits (non-overlapping, all relative to text).
function applyEdits(text, edits, enc = 'utf-16') {
  const spans = edits.map((e, i) => ({
    start: offsetAt(text, e.range.start, enc),
    end: offsetAt(text, e.range.end, enc),
    newText: e.newText,
    i,
  }));
  spans.sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const s of spans) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
  return text;
}

module.exports = { lineStarts, lineText, width, positionAt, offsetAt, rangeOf, applyEdits };
