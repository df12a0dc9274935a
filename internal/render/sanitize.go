package render

import (
	"github.com/bluepencil/bluepencil/internal/changes"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the last line of defence: every byte of the page that comes
// from the article, its front matter or the publisher's configuration
// passes through it. It admits exactly what goldmark (CommonMark with
// GitHub's tables, strikethrough, task lists and autolinks) and bluepencil
// write, with the attribute values they write, and addresses with the
// schemes url.go allows. The renderer already escapes the article's HTML
// and refuses its addresses; this policy removes anything a future bug
// would let through.
//
// It is built at the first page rendered, not when the program starts:
// check and the server, which render none, would pay for its regular
// expressions on every start.
var policy = sync.OnceValue(newPolicy)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "li", "hr", "br",
		"em", "strong", "del", "table", "thead", "tbody", "tr", "header", "article", "ol", "code", "th", "td", "a", "img", "input", "span", "ins",
		"footer", "label", "time", "button")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,10}$`)).OnElements("ol")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,32}$`)).OnElements("code")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-outlet$`)).OnElements("a")
	p.AllowAttrs("src", "alt", "title").OnElements("img")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*-show-all$`)).OnElements("input")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-show-all$`)).OnElements("input")
	p.AllowAttrs("for").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*-show-all$`)).OnElements("label")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(untracked|unsafe|sr|outlet|legend-added)$`)).OnElements("span")
	p.AllowAttrs("title").OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(added|changed)$`)).OnElements("ins")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(cut-words|old)$`)).OnElements("del")
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*-c[0-9]{1,10}$`)).OnElements("del")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^button$`)).OnElements("button")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-reveal bp-(elision|was)$`)).OnElements("button")
	p.AllowAttrs("aria-expanded").Matching(regexp.MustCompile(`^false$`)).OnElements("button")
	p.AllowAttrs("aria-controls").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*-c[0-9]{1,10}$`)).OnElements("button")
	reasons := strings.Join(changes.Reasons, "|") // the reasons a cut may give, and no other text
	p.AllowAttrs("data-reason").Matching(regexp.MustCompile(`^(` + reasons + `)$`)).OnElements("button")
	p.AllowAttrs("aria-label").Matching(regexp.MustCompile(`(?s)^.{1,1000} \(cut by the publisher( as (` + reasons + `))?\)$`)).OnElements("button")
	p.AllowAttrs("title").Matching(regexp.MustCompile(`^(Cut by the publisher( as (` + reasons + `))?: show the words|Show the words this replaced)$`)).OnElements("button")
	p.AllowAttrs("datetime").Matching(regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)).OnElements("time")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(html|notice|source|original-link|counts|controls|view|reasons-used)$`)).OnElements("p")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-reasons$`)).OnElements("ul")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-plain$`)).OnElements("pre")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-provenance$`)).OnElements("header")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-title$`)).OnElements("h1")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-legend$`)).OnElements("footer")
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*-legend$`)).OnElements("footer")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-article bp-(published|original|clean)$`)).OnElements("article")
	p.AllowURLSchemes(linkSchemes...)
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}
