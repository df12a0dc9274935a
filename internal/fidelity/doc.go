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
// change rejected), tokenizes it and the original, gives each distinct
// token a 32-bit id, and diffs the two id lists with internal/tokdiff:
// anchors (runs of words found once in each text), Myers' O(ND) diff in
// the gaps, all under a work budget proportional to the input's length.
// The result is a function of the two texts alone: no clock, goroutine
// timing or machine load can change it.
//
// Prepare(original) does the original's part once: its tokens, their ids
// and the index of its runs, in an Original that is immutable and may be
// shared by any number of checks, of any articles, at once;
// CheckPrepared(d, orig, ...) checks against it, and Check is Prepare and
// CheckPrepared, the original prepared on another goroutine while the
// article's view is built and tokenized. The tokenizer reads 64 bytes at a
// time through bit masks; ids come from open-addressing tables keyed by a
// token's bytes (a hash for tokens longer than 8 bytes, whose bytes are
// then compared), with no string per token; the differences are reported
// on two goroutines, each landing at its index.
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
// # Fixes
//
// A fix is offered only when it works: the original view around its edit,
// read from the start of the line, must give the original's words there
// and the tokens on either side unchanged. A fix tries the spacing a
// writer would type, then a space beside the words (inside the mark for
// the marking fixes, so that the published view does not change), then no
// outer spacing. So "hall. Then" for the original's "hall then" is
// restored as "hall then", not "hallthen", and marked as
// "hall{~~ then~>. Then~~}"; added words with no space around them, as in
// "hall—then", are marked as a modification that takes in the word beside
// them, "{~~hall ~>hall—~~}then"; and a fix that would turn "+" or "1."
// into a list marker, or "###" into a heading, is not offered. A mark fix
// whose mark would hold a blank line is not offered either. FuzzFixes
// checks every fix of random articles this way.
//
// # Too different
//
// When the texts cannot be aligned word by word, because the changed
// tokens (the larger side of each hunk, summed, leaving out the words bare
// elisions cut, since an excerpt may cut most of its original) exceed
// Options.MaxChangeRatio (0.5) of the longer token list, or because the
// diff had to report some region whole (a coarse hunk, where its budget
// ran out), Check reports original-too-different (an error) on fieldSpan,
// the span of the front matter's `original:` value, and still reports
// every hunk as unmarked-change; a coarse hunk is one diagnostic, without
// fixes.
//
// # Alignment
//
// Result.OriginalOffset maps an article offset to the original, for
// go-to-definition: a matched token maps byte for byte, a token of a
// changed hunk maps to the start of the original's side of the hunk, an
// offset between tokens maps to the next token's place. It maps nothing
// when the texts are too different. The Result keeps no token of the
// article: every 64 tokens or so a checkpoint (a run of tokens that
// matches the original, which no other match crosses) with its article
// offsets, and the differences. OriginalOffset reads the view again from
// the start of the line of the last checkpoint before the offset: the view
// of a part of the article cut at the start of a line that no mark spans
// is that part of the whole view.
//
// # Final checks of articles that differ in a few places
//
// A final check (Options.Final, the command line's) of an article whose
// original view equals the original but for white space reports nothing
// without tokenizing either text (faithful.go). One that differs in a few
// places, each small (most often only its bare elisions, which the
// comparison leaves out of the article's tokens, and perhaps a word
// changed without a mark), compares those places alone (sparse.go): it
// finds them byte by byte, reads a window of the whole view around each,
// from a place about 128 bytes before where a token starts as it does in
// the whole reading, and the same bytes of the original, and diffs,
// matches and reports each window as the whole check does. It answers
// only when it is sure to give the whole check's diagnostics: every
// change that is not a bare elision's must have one place for any diff
// that does as few edits as it can (a one-token change that no equal
// token beside it lets slide; a longer one whose tokens neither text has
// near it; a bare elision's one cut word alone in its run of equal
// words), every bare elision must cut words, what each report reads must
// lie in its window, the windows must cover at most half the view, and so
// on; else the whole check runs. Its windows
// are checked on two goroutines when they hold 64 KiB or more.
// TestSparseSameAsFull, TestSparseRandomProse, TestSparseFoundInReview
// and FuzzSparse hold it to the whole check's diagnostics. A 1 MiB article with its bare elisions and a few unmarked
// changes is checked in 6 ms instead of 12 (see the README).
//
// # Updates
//
// Result.Update(d, orig, edit, ...) returns the Result a check of the
// edited article d would return, the same in every diagnostic, fix and
// mapped offset, at the cost of the edit's neighbourhood. It compares the
// marks of the two documents from either end to find what the edit
// changed, reads the view again from a checkpoint whose tokens end on a
// line before the change to one that starts on a line after it, re-diffs
// that stretch (tokdiff's Script.Update), reports the differences in it or
// new, and moves the other diagnostics by the bytes the edit added. Where
// an edit reaches further (an unclosed mark or comment, a passage pasted
// that the original has elsewhere, the front matter, an article with more
// differences than are listed), it checks the whole article instead. A
// keystroke in the middle of a 1 MiB marked article costs about 50 µs, in
// 10 MiB about 0.3 ms, against 5 and 50 ms for a full check.
//
// # Cost
//
// Time is linear in the two texts: tokenizing, the diff's budget, and for
// each difference a bounded window of tokens per fix tried. Memory is
// linear too: while checking, per token 8 bytes in each token list and 4
// for each id, besides the view, and per difference a diagnostic and its
// fixes. A Result keeps about a tenth of the article's size besides its
// diagnostics when the texts differ little (8 bytes per checkpoint, about
// 50 per difference). Measured through `bluepencil check`, a 10 MiB pair
// with 8,565 differences peaks at about 160 MiB, and one with a quarter of
// its words replaced (430,000 differences) at about 280 MiB.
// Options.NoFixes leaves the fixes out, for a caller that only reports
// (the command line prints no fixes): that check takes about half the time
// per difference.
package fidelity
