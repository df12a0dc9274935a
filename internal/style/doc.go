// Package style is bluepencil's editorial assistant: it finds the loaded,
// flowery and editorializing words an editor may want to cut from an
// article, and offers the cut or a neutral replacement.
//
// It is built to be quiet. A flag an editor learns to ignore costs more
// than a word missed, so:
//
//   - The lexicon (lexicon.yaml, embedded) is written for news copy and is
//     small. Every entry lists its forms in full, the contexts that make a
//     form neutral ("tax regime", "admitted to hospital", "Legendary
//     Pictures"), and example sentences that must and must not flag; the
//     examples are tests.
//   - Words the reporter may not change are never flagged: direct
//     quotations (straight and curly quotes, a quotation running over lines
//     and, as news copy writes it, over paragraphs whose closing quote is left
//     off), block quotes, code, URLs and link destinations, HTML comments,
//     the front matter, notes, and words the editor has already cut (an
//     elision, the old side of a substitution).
//   - Words the editor added (an addition, the new side of a substitution)
//     are flagged one severity higher than the outlet's: a republisher must
//     not add loaded language. Nothing is ever an error.
//
// Check is one left-to-right pass over the article's words. Each word is
// hashed as it is read and looked up in a table of the lexicon's first
// words; phrases and context rules look a bounded number of words ahead and
// behind, so the pass is linear in the article on every input.
//
// The package is pure: a parsed *markup.Document in, Findings out. The
// lexicon codes are its own (Codes); Finding.Diagnostic converts a finding
// to a rules.Diagnostic with the byte-exact Cut and Replace fixes.
package style
