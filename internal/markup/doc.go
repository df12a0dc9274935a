// Package markup is the pure parser of bluepencil articles: Markdown with
// CriticMarkup marks, optionally headed by YAML front matter.
//
// Everything downstream (rules, views, the fidelity check, the language
// server, the command line) reads articles through Parse, so the parser is
// built for three promises:
//
//   - Exact to the byte. Nodes hold spans into the source, never copies, and
//     every span is a half-open byte range. Nothing here knows about lines,
//     UTF-16 or LSP; internal/position converts offsets for clients.
//   - Forgiving. A broken mark is recorded as a Problem and parsing goes on,
//     as go/scanner collects an ErrorList. A mark never contains a blank
//     line, so an unclosed mark is cut at the end of its paragraph and never
//     swallows the rest of the article. Parse never panics, whatever the
//     input, invalid UTF-8 included.
//   - Fast. Parse is one left-to-right pass that jumps between the few bytes
//     that can matter ({ } \ ` [ ~ and newlines) through a lookup table, and
//     it allocates per mark, not per byte, so re-parsing a book-length
//     article on every keystroke is cheap. Update does less still for an
//     editor: it parses again only from the last blank line before an
//     edit where the parser's state is empty to the first after it, and
//     moves the rest (a letter typed in 1 MiB costs about a quarter of a
//     parse, mostly copying the mark and problem lists), returning the
//     very Document Parse would.
//
// The grammar, in brief (docs/markup.md is the specification):
// {--cut--} elision, {++added++} addition, {~~old~>new~~} substitution,
// {>>note<<} note, {==text==} highlight. Backslash escapes any ASCII
// punctuation. Inline code spans and fenced code blocks hold no marks. The
// first closer of any kind ends the innermost open mark; a closer of the
// wrong kind is reported as mismatched but still closes it, which is what an
// editor who mistyped it meant. A bare "[...]" or "[…]" outside any mark is a
// BareElision: words were cut without recording them.
package markup
