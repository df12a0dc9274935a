// Package render turns an article into a standalone HTML page with a
// well-kept Markdown renderer (goldmark), showing the ledger's convention:
// in the published view every elision reads "[...]" and reveals the cut
// words when the reader hovers or focuses it, and every addition or new text
// is highlighted in blue. The original and clean views render as plain
// Markdown.
//
// The marks are turned into inline HTML before Markdown rendering, through
// the view package's hooks, so the one projection engine decides what each
// view contains and the renderer only decides how it looks.
package render
