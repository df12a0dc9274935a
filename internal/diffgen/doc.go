// Package diffgen writes an article from two texts: the text an outlet
// published (ORIGINAL) and an edited version of it (EDITED). It is the
// engine behind `bluepencil diff ORIGINAL EDITED`.
//
// Generate tokenizes both texts into words, single punctuation characters
// and runs of white space, diffs the token sequences with
// internal/tokdiff (Myers' O(ND) algorithm between anchors, its work
// bounded by counts, so the same texts give the same article on any
// machine), and writes every change as a CriticMarkup mark:
//
//   - words only in EDITED become an addition, {++new++};
//   - words only in ORIGINAL become a substitution with nothing after the
//     arrow, {~~old~>~~}, so that the published view leaves them out as
//     EDITED does (an elision would publish "[...]");
//   - words replaced by other words become a substitution, {~~old~>new~~};
//   - words replaced by a bare "[...]" in EDITED become an elision,
//     {--old--}, which publishes as "[...]" again. A "[…]" becomes the new
//     side of a substitution, {~~old~>[…]~~}, since the published view
//     writes every elision as "[...]".
//
// Removed words are written as a one-sided substitution, which rules.Check
// reports as a warning (one-sided-substitution): written as an elision they
// would publish as "[...]", and the published view would not be EDITED. A
// change of white space only is a mark holding only white space, which it
// reports as empty-mark (a warning too). Both are kept on purpose.
//
// The article it returns is checked before it is returned: its original
// view (view.Original) is ORIGINAL and its published view (view.Published)
// is EDITED, byte for byte, and rules.Check reports no error in it. Where
// white space goes (inside or outside a mark) is chosen so that the views'
// white-space rule never drops a space it should keep; a change that
// crosses a blank line is cut into several marks so that no mark contains
// a blank line.
//
// Some texts cannot be written as an article whose views give them back
// exactly, because the format has no way to show mark syntax literally
// without a backslash, and backslashes are kept in the views: an ORIGINAL
// or EDITED that contains "{--", "--}", "{++" and the like where the
// parser would read them as marks, a "~>" in replaced words, a change
// inside a fenced code block (nothing there is a mark), an ORIGINAL that
// starts with a block read as front matter, or a junction that the views
// guard with a backslash. Generate reports those as an *Error naming the
// place instead of returning a wrong article.
//
// A change that cannot be written on its own, because every way of
// placing its marks would make a view drop or gain a space, is joined with
// the change before or after it into one larger mark. Every candidate
// placement is checked by parsing it with the equal text around it and
// building both views; the whole article is checked again at the end.
package diffgen
