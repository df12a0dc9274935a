/**
 * Tree-sitter grammar for the marks of a bluepencil article (*.bp.md): just
 * enough structure for an editor to colour them. It is not the parser that
 * checks articles (internal/markup is, and docs/markup.md is the
 * specification); where the two disagree on a broken article, the server's
 * diagnostics are right and the colours are a guess.
 *
 * Text outside the marks is left as `text` nodes so that an editor with a
 * Markdown grammar can inject Markdown into them (queries/injections.scm).
 *
 * src/parser.c is generated from this file and committed, so that editors
 * build the grammar with a C compiler alone:
 *   tree-sitter generate --abi 14    (tree-sitter-cli 0.22 or later)
 */

// A mark never holds a blank line: the article's parser cuts an unclosed mark
// at the end of its paragraph, so the grammar gives up on it there too.
const BLANK_LINE = /\n[ \t]*\n/;

const mark = (name, open, close) => ($) =>
  seq(
    alias(open, $.open),
    optional(alias($._content, $.body)),
    alias(close, $.close),
  );

module.exports = grammar({
  name: 'bluepencil',

  extras: () => [],

  // A line break inside a mark, only where the paragraph goes on: the
  // scanner looks past it without consuming the next line.
  externals: ($) => [$._line_break],

  rules: {
    document: ($) => repeat(choice($.text, $.blank_line, $._inline)),

    _inline: ($) =>
      choice(
        $.elision,
        $.addition,
        $.substitution,
        $.note,
        $.highlight,
        $.bare_elision,
        $.escape,
        $.code,
      ),

    // Plain text: runs without the bytes that can start something, and each
    // of those bytes alone where it starts nothing.
    text: ($) => choice($._words, '\n'),
    _words: () => token(choice(/[^{}\[\\`~\-+=<>\n]+/, /[{}\[\\`~\-+=<>]/)),

    blank_line: () => token(prec(1, BLANK_LINE)),

    // Inside a mark: text, line breaks within the paragraph, and marks
    // nested in it.
    _content: ($) =>
      repeat1(choice(alias($._words, $.text), alias($._line_break, $.text), $._inline)),

    elision: mark('elision', '{--', '--}'),
    addition: mark('addition', '{++', '++}'),
    note: mark('note', '{>>', '<<}'),
    highlight: mark('highlight', '{==', '==}'),

    substitution: ($) =>
      seq(
        alias('{~~', $.open),
        optional(alias($._content, $.old)),
        alias('~>', $.arrow),
        optional(alias($._content, $.new)),
        alias('~~}', $.close),
      ),

    // [...] or […]: words cut without recording them.
    bare_elision: () => token(choice('[...]', '[…]')),

    // A backslash escapes any ASCII punctuation, so \{-- opens nothing.
    escape: () => token(/\\[!-\/:-@\[-`{-~]/),

    // Code holds no marks. Fenced blocks are approximated by fences whose
    // contents hold no backtick.
    code: () =>
      token(
        choice(
          /`[^`\n]+`/,
          /``([^`\n]|`[^`\n])+``/,
          /```[^`]*```/,
        ),
      ),
  },
});
