// Package fidelity checks an article against the archived original it was
// made from: every word outside a mark must be the original's, and every
// mark's original side must be what the original says. It compares the
// article's original view with the archived text word by word, ignoring
// white space and Markdown syntax, and reports each difference as an
// unmarked change, with the edits that mark it or undo it.
//
// It is pure: bytes in, spans and edits out. Reading the archived file, and
// keeping that inside the workspace, is the caller's business.
//
// # Tokens
//
// Tokenize splits a text into words (letters and digits, with internal
// apostrophes, hyphens and underscores) and single punctuation characters.
// White space, CR, heading and quote markers, list bullets, rules,
// emphasis runs, backticks, escaping backslashes and HTML comments are not
// content, so rewrapping, CRLF line ends and Markdown formatting never
// count as changes.
//
// # Check
//
// Check(d, original, fieldSpan, opts) builds the original view of d (every
// change rejected), tokenizes it and the original, and diffs the two token
// lists: each distinct token becomes a rune and sergi/go-diff's
// DiffMainRunes (Myers' O(ND) diff) runs on the rune slices. To keep D
// small on long texts, anchors are found first: runs of 8 tokens that
// occur once in the article and at a sampled place in the original, kept
// in order by a longest increasing subsequence; the diff runs only in the
// gaps between anchors. Options.Timeout (250 ms by default) bounds the
// whole check.
//
// Each hunk of the diff becomes a diagnostic:
//
//   - unmarked-change (error) in plain text, with the fixes that fit its
//     kind: words added ("Mark as addition", "Restore original text"),
//     words missing ("Mark as elision", "Restore original text", at a point
//     after the preceding word, or before the following one when the words
//     began a paragraph in the original), words replaced ("Mark as
//     modification", "Restore original text"). The original's words are
//     its exact bytes from the hunk's first token to its last.
//   - unmarked-change inside a mark whose original side (an elision's
//     body, a substitution's old side, a highlight's body) differs from the
//     original, with "Restore original text" correcting that side only.
//   - untracked-elision (warning) for a bare [...] or […] where the diff
//     finds the original's words missing: its tokens are left out of the
//     comparison, and the missing words at its place (slid along equal
//     tokens if the diff put them at a neighbouring place) become the
//     fix "Record the cut words", {--words--}. These words are not also
//     reported as unmarked-change. rules.Check reports the same code and
//     span without the fix; the caller merges the two.
//   - A hunk that straddles a mark's edge, or whose words enclose a whole
//     mark, is reported without fixes: no edit could change it without
//     breaking a mark.
//
// When the diff runs out of time, or the changed tokens (the larger side
// of each hunk, summed, leaving out the words bare elisions cut, since an
// excerpt may cut most of its original) exceed Options.MaxChangeRatio
// (0.5) of the longer token list, the texts are too unrelated for a word
// diff to help: Check
// reports one original-too-different (warning) on fieldSpan, the span of
// the front matter's `original:` value, and nothing else.
//
// # Alignment
//
// Result.OriginalOffset maps an article offset to the original, for
// go-to-definition: a matched token maps byte for byte, a token of a
// changed hunk maps to the start of the original's side of the hunk, an
// offset between tokens maps to the next token's place.
package fidelity
