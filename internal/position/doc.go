// Package position converts byte offsets into the UTF-8 source of an article
// to the line and character positions a client speaks in, and back.
//
// Every other bluepencil package works in byte offsets, because that is what
// the parser, the rules and the edits naturally produce and what slicing the
// source needs. Clients do not count bytes: the Language Server Protocol
// counts characters in UTF-16 code units unless both sides negotiate UTF-8 or
// UTF-32, and a terminal user reading `path:line:col` expects 1-based lines.
// Getting these conversions slightly wrong is easy (an emoji is two UTF-16
// units, "\r\n" is one line break, a lone "\r" is another) and the mistakes
// only show up as diagnostics drifting a column or two on some lines. So this
// package is the only place that converts: a Mapper, built once per document
// version, answers every question about a fixed text, and a Text applies a
// client's batch of edits, each in the coordinates the previous one left, in
// time linear in the text and the edits (rebuilding a Mapper per edit made
// 5,000 edits on 1 MiB take seconds). No handler converts a position on its
// own.
//
// The Mapper is forgiving by design: positions from a client may be stale or
// simply wrong, and a language server must not crash on them. Offset therefore
// clamps anything out of range to the nearest valid character boundary rather
// than returning an error, and Position accepts any integer. A range rounds
// outwards (OffsetRange, Text.Replace): its start moves back to the start of
// the character it falls in, its end on to that character's end, so a
// selection that ends between the two halves of a surrogate pair (Neovim
// 0.10 sends one when a selection ends in an emoji) takes the emoji in. An
// empty range is a cursor and stays one.
package position
