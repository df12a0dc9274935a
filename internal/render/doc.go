// Package render turns an article into a standalone HTML page, or the
// fragment of one that a site embeds, with a well-kept Markdown renderer
// (goldmark), showing the ledger's convention as the page contract of
// issue 13 sets it out (the class names below are that contract):
//
//   - In the published view every cut is a real button (.bp-reveal
//     .bp-elision, reading "[...]", named for screen readers by an
//     aria-label that starts with that text and says it is a cut, and why)
//     followed by its words in a del.bp-cut-words, hidden until the
//     button's aria-expanded is "true"; a note right after a cut whose
//     first word is unnecessary, biased or flowery gives the cut that
//     reason (data-reason; changes.CutReason).
//   - Added and new text is an ins.bp-added or ins.bp-changed, highlighted
//     in blue, with visually hidden text (.bp-sr) where it starts and
//     ends; a change is followed by a "was" button (.bp-reveal .bp-was)
//     and the words it replaced in a del.bp-old. A bare "[...]" is a
//     .bp-untracked span.
//   - Around the article: a header with where and when the article was
//     first published, by whom it was edited, a link to the archived
//     original and the counts of its changes; a "show all" switch; a
//     legend, ours or the publisher's, with the reasons this article's
//     cuts give. The original and clean views have the header and a line
//     saying which text they are, and no marks.
//   - The built-in stylesheet (style.go) keeps its colours in custom
//     properties, with a dark scheme, print rules that print cut words in
//     brackets and replaced ones as "[was: ...]", and a narrow-screen rule;
//     the one script is a fixed text, admitted by its hash in the page's
//     Content-Security-Policy, that toggles the buttons. Without it,
//     hovering or focusing a button, or the show-all box, reveals.
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
//   - Everything from the article, its front matter or the publisher's
//     configuration then passes through bluemonday with an allowlist of
//     exactly the elements, attributes and values goldmark and this
//     package write (sanitize.go): a second line, which the tests check is
//     never needed. What is written outside it, the document's head and
//     the script, holds only this package's constants and options it has
//     checked: an id prefix of letters, digits and hyphens, colours that
//     are #rgb or #rrggbb, a stylesheet without "</style", a stylesheet
//     address that is http(s) with a plain host.
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
