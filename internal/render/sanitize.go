package render

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the last line of defence: every byte of the page that comes
// from the article or its front matter passes through it. It admits
// exactly what goldmark (CommonMark with GitHub's tables, strikethrough,
// task lists and autolinks) and bluepencil write, with the attribute values
// they write, and addresses with the schemes url.go allows. The renderer
// already escapes the article's HTML and refuses its addresses; this
// policy removes anything a future bug would let through.
//
// It is built at the first page rendered, not when the program starts:
// check and the server, which render none, would pay for its regular
// expressions on every start.
var policy = sync.OnceValue(newPolicy)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "li", "hr", "br",
		"em", "strong", "del", "table", "thead", "tbody", "tr", "header", "article", "ol", "code", "th", "td", "a", "img", "input", "span", "ins")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,10}$`)).OnElements("ol")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,32}$`)).OnElements("code")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("src", "alt", "title").OnElements("img")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(elision|cut|untracked|unsafe)$`)).OnElements("span")
	p.AllowAttrs("tabindex").Matching(regexp.MustCompile(`^0$`)).OnElements("span")
	p.AllowAttrs("title").OnElements("span", "ins")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-added$`)).OnElements("ins")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(html|notice)$`)).OnElements("p")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-plain$`)).OnElements("pre")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^bp-(published|original|clean)$`)).OnElements("article")
	p.AllowURLSchemes(linkSchemes...)
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	return p
}
