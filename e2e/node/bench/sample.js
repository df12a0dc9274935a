'use strict';
// Articles for the benchmarks: a port of internal/sample.Article (same
// generator, same bytes), and the archived original such an article was
// made from, so that its fidelity check finds every word in place.

const HEAD = '---\ntitle: Harbour council approves bridge plan\noutlet: The Valley Courier\npublished: 2026-03-14\n---\n\n';
const WORDS = ['council', 'river', 'the', 'storm', 'harbour', 'said', 'on', 'workers', 'residents',
  'of', 'a', 'new', 'bridge', 'plan', 'mayor', 'and', 'water', 'levels', 'rose', 'officials'];
const MARKS = ['{--sweeping--}', '{++provincial++}', '{~~vowed~>said~~}', '{>>check the wire copy<<}',
  '{==the mayor said==}{>>quote<<}', '[...]'];

// article returns internal/sample.Article(size): about size bytes (ASCII),
// one mark per ~100 bytes cycling through every kind, paragraphs of ~600.
function article(size) {
  const parts = [HEAD];
  let len = HEAD.length;
  let x = 2463534242;
  const next = () => {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    return x;
  };
  let sinceMark = 0;
  let sincePara = 0;
  let k = 0;
  const add = (s) => { parts.push(s); len += s.length; };
  while (len < size) {
    const w = WORDS[next() % WORDS.length];
    add(w);
    sinceMark += w.length + 1;
    sincePara += w.length + 1;
    if (sinceMark >= 100) {
      add(' ' + MARKS[k % MARKS.length] + ' ');
      k++;
      sinceMark = 0;
    } else if (sincePara >= 600) {
      add('.\n\n');
      sincePara = 0;
    } else {
      add(' ');
    }
  }
  return parts.join('');
}

// withOriginal returns article's text with front matter naming `name` as
// its original, and that original: every change rejected, as the
// original view of the article reads.
function withOriginal(text, name = 'orig.txt') {
  const body = text.slice(HEAD.length);
  const orig = body
    .replaceAll('{==the mayor said==}{>>quote<<}', 'the mayor said')
    .replaceAll('{--sweeping--}', 'sweeping')
    .replaceAll('{++provincial++}', '')
    .replaceAll('{~~vowed~>said~~}', 'vowed')
    .replaceAll('{>>check the wire copy<<}', '')
    .replaceAll('[...]', '');
  return { article: `---\ntitle: T\noriginal: ${name}\n---\n\n` + body, original: orig };
}

// middleLine returns the index of a paragraph line near the middle of text.
function middleLine(text) {
  const lines = text.split('\n');
  for (let i = lines.length >> 1; i < lines.length; i++) if (lines[i].length > 100) return i;
  throw new Error('no paragraph line');
}

module.exports = { article, withOriginal, middleLine };
