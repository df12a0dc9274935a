// Package view projects a parsed article into the three texts a reader or a
// check needs, each with a map back to the article's bytes:
//
//   - Original: every change rejected. Cut and old text come back;
//     additions and notes go. This is what the source outlet published, and
//     what the fidelity check compares with the archived original.
//   - Published: the ledger's reading. Cuts show as "[...]", additions and
//     new text stay, notes go.
//   - Clean: every change accepted and no trace left: no marks, no "[...]".
//
// A view is Markdown source like the article, so escapes and Markdown syntax
// pass through untouched. When removing a mark would leave two spaces, or a
// space before punctuation, one space goes with it, so that "a {++b++} c"
// reads "a c" in the original and not "a  c".
//
// The map lets a hover, a diagnostic or a go-to-definition move between an
// offset in a view and an offset in the article in O(log n).
package view
