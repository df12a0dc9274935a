// Package style is bluepencil's editorial assistant: it finds the loaded,
// flowery and editorializing words an editor may want to cut from an
// article, and offers the cut or a neutral replacement.
//
// It is built to be quiet. A flag an editor learns to ignore costs more
// than a word missed, so:
//
//   - The lexicon (lexicon.yaml, built in) is written for news copy and is
//     small. Every entry lists its forms in full (inflections written out,
//     nothing stemmed), the contexts that make a form neutral ("tax
//     regime", "admitted to hospital", "conceded two goals"), and example
//     sentences that must and must not flag; the examples are tests. A
//     capitalised form inside a sentence, or at its start before another
//     capitalised word, is part of a name ("Legendary Pictures") and is
//     left alone.
//   - Words the reporter may not change are never flagged: direct
//     quotations (straight and curly, double and single quotes and
//     guillemets; a quotation may run over lines, and over paragraphs as
//     news copy writes them, each paragraph reopening the quote; one left
//     open ends with its paragraph), block quotes, code, URLs and link
//     destinations, HTML comments and tags, the front matter, notes, and
//     words the editor has already cut (an elision, the old side of a
//     substitution).
//   - Words the editor added (an addition, the new side of a substitution)
//     are flagged one severity higher than the outlet's: a republisher must
//     not add loaded language. Nothing is ever an error.
//
// Check reads each byte of the article once. A word of up to 8 ASCII
// letters and digits (most words) is read as one machine word and looked up
// packed in a table of the lexicon's short first words (short.go); a longer
// or unusual word is looked up only when a bit table of the lexicon's first
// words (by first two letters, last letter and length) admits it; the rest
// of a phrase, the words a context
// rule names and the words around a weekday that give its tense are read
// from the source when a form is found, a bounded number of words each,
// so the pass is linear in the article on every input.
//
// The package is pure: a parsed *markup.Document in, Findings out. Its
// codes (Codes) are the lexicon's categories; Finding.Diagnostic converts a
// finding to a rules.Diagnostic with its byte-exact Cut and Replace fixes.
package style
