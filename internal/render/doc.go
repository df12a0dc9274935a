// Package render turns an article into a standalone HTML page with a
// well-kept Markdown renderer (goldmark), showing the ledger's convention:
// in the published view every elision reads "[...]" and reveals the cut
// words when the reader hovers or focuses it, every addition or new text is
// highlighted in blue, and every bare "[...]" is flagged as untracked. The
// original and clean views render as plain Markdown.
//
// The page is safe to publish whatever the article holds:
//
//   - The view package decides what each view contains; its hooks put
//     sentinels where the marks go (prepare.go). A sentinel is a NUL byte,
//     which no article can mean (CommonMark reads NUL as U+FFFD, and the
//     article's own are replaced first), and what it stands for lives in a
//     side table keyed by its offset. Changed text is not marked in the
//     Markdown at all: its extent is a region in the same table.
//   - goldmark runs in its safe mode, and this package renders every node
//     that carries article text or an address (markdown.go): sentinels
//     become marks, with the cut and old words escaped; raw HTML, block or
//     inline, is shown as the text it is, so that readers see every
//     character and none of it is markup; link and image addresses must be
//     http, https, mailto (links only) or relative, read as a browser
//     reads them (url.go), and a link that fails keeps its words, marked.
//   - Highlights are written around runs of text and around whole inline
//     elements, never across an element's edge, so they always nest; a
//     change or a cut across paragraphs shows in each paragraph.
//   - Everything from the article or its front matter then passes through
//     bluemonday with an allowlist of exactly the elements and attributes
//     goldmark and this package write (sanitize.go): a second line, which
//     the tests check is never needed.
//
// The work is linear in the article and its memory bounded. goldmark builds
// a tree of a whole document, at up to 500 bytes per byte of dense
// Markdown, and some of its algorithms are quadratic within one block, so
// the view is rendered in units of whole blocks of at most 64 KiB and 4096
// punctuation marks (units.go); a single block over those limits is shown
// as written, with a notice, without Markdown formatting. Besides goldmark's
// tree of one unit, a page holds the view's text, 8 bytes per elision and
// about 20 per change; the page itself streams through the sanitizer to
// the writer and is never held whole.
package render
