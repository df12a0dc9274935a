// Package changes lists an article's editorial changes for an editor's
// outline, symbol search and summary line: every mark as a labelled span
// (Cut: "ferocious", Changed: "a" → "b"), nested under the Markdown
// headings around it, the counts of each kind, and the reason an editor
// gave a cut ({--x--}{>>biased<<}), which the published page and the hover
// both say.
//
// Like every package under internal it takes bytes and parsed documents
// and returns spans and strings; the language server turns them into LSP
// symbols and code lenses. Labels are built to be read in a one-line list:
// white space collapsed, long texts shortened with an ellipsis, and the
// words shown as the reader of each view would see them (the original's
// for a cut, the published ones for an addition), never raw mark syntax.
package changes
