package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/span"
	yaml "go.yaml.in/yaml/v3"
)

// Problem codes. They match the rule codes the diagnostics carry, so a
// Problem can be reported without translation.
const (
	// CodeInvalid marks an error: the front matter cannot be read, or a
	// value is unusable.
	CodeInvalid = "invalid-front-matter"
	// CodeUnknownField marks a warning: a key bluepencil does not know,
	// which is often a typo of one it does.
	CodeUnknownField = "unknown-front-matter-field"
)

// Problem is something wrong with the front matter, located exactly so that
// a client can underline it and a fix can replace it.
type Problem struct {
	// Code is CodeInvalid or CodeUnknownField.
	Code string
	// Span lies within the block: the key of an unknown or duplicate
	// field, the value of a bad one (its key when the value is empty), the
	// opening "---" of an unclosed block, the offending line of a syntax
	// error.
	Span span.Span
	// Message is a sentence for the editor.
	Message string
	// Suggest is the known key an unknown one is a near miss of, so that
	// replacing Span with it fixes the typo; "" when there is none.
	Suggest string
}

// Field is one top-level key and its value as written, for callers that
// point into the source: a hover over a value, a fix that rewrites it, the
// fidelity check that reports where original is named.
type Field struct {
	// Key is the key's text.
	Key string
	// KeySpan covers the key as written, quotes included.
	KeySpan span.Span
	// ValueSpan covers the value as written: quotes, brackets and block
	// scalar headers included, anchors and tags excluded. An empty value
	// has an empty span just after the colon (and any anchor or tag).
	ValueSpan span.Span
	// Value is the scalar's text as YAML reads it ("" for a list, a
	// mapping or an empty value).
	Value string
}

// FrontMatter is what Parse read. The typed fields hold only valid values,
// so callers can use them without checking again; Fields records every key
// present, valid or not, known or not.
type FrontMatter struct {
	// Title is the headline.
	Title string
	// Outlet is the publication that ran the story.
	Outlet string
	// URL is the story's absolute http or https address.
	URL string
	// Published is the publication date as written, YYYY-MM-DD.
	Published string
	// Original is the path of the archived original text, relative to the
	// article, as written (slash-separated, not cleaned).
	Original string
	// Editor is who edits this version.
	Editor string
	// PublishedDate is Published as a date (UTC midnight), zero unless
	// Published is valid.
	PublishedDate time.Time
	// Tags lists the tags in the order written.
	Tags []string
	// TagSpans holds the span of each of Tags, so that a rule can point at
	// one tag rather than the whole list.
	TagSpans []span.Span
	// Allow lists the words and phrases the style pass leaves alone in
	// this article, with the span of each.
	Allow      []string
	AllowSpans []span.Span
	// Fields maps each top-level key to where it and its value are. When
	// a key is repeated, the first occurrence is recorded (and used).
	Fields map[string]Field
}

// knownFields lists the keys bluepencil reads, in the order suggestions
// prefer them when two are equally close.
var knownFields = []string{"title", "outlet", "url", "published", "original", "editor", "tags", "allow"}

// KnownFields returns the keys bluepencil reads, for completion and help.
func KnownFields() []string { return append([]string(nil), knownFields...) }

// Parse reads the front matter b found in src and checks it. It always
// returns a FrontMatter, empty when the block cannot be read, and never
// panics: problems are returned, in source order, not raised.
func Parse(src []byte, b Block) (*FrontMatter, []Problem) {
	fm := &FrontMatter{Fields: map[string]Field{}}
	b = clampBlock(src, b)
	if !b.Closed {
		open := span.Span{Start: b.Span.Start, End: min(b.Span.Start+3, b.Span.End)}
		return fm, []Problem{{Code: CodeInvalid, Span: open,
			Message: "This front matter is never closed: add a line with --- after its last field, or the whole article is read as front matter."}}
	}
	p := &parser{lm: newLineMap(src, b.Body), fm: fm}
	if p.checkText() || p.checkMarkers() {
		return fm, p.problems
	}
	// The body is parsed behind a synthetic opening line rather than
	// alone, so that no body line is the library's line 1: for an error on
	// its line 1 the library reports no line at all.
	input := make([]byte, 0, 4+b.Body.Len())
	input = append(append(input, "---\n"...), src[b.Body.Start:b.Body.End]...)
	doc, second, err := decode(input)
	switch {
	case err != nil:
		p.syntaxError(input, err)
		return fm, p.problems
	case second != nil:
		p.add(CodeInvalid, p.lm.nearestContent(p.lm.lineIndex(second.Line)),
			"The front matter holds a second YAML document after a --- or ... line; keep all fields in one block.", "")
	}
	if doc != nil && len(doc.Content) > 0 && doc.Content[0] != nil {
		p.fields(doc.Content[0])
	}
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Span.Start < p.problems[j].Span.Start })
	return fm, p.problems
}

// clampBlock keeps a caller's Block inside src, with Body inside Span, so
// that nothing below can slice out of range or report outside the block.
func clampBlock(src []byte, b Block) Block {
	c := func(x, lo, hi int) int { return max(lo, min(x, hi)) }
	b.Span.Start = c(b.Span.Start, 0, len(src))
	b.Span.End = c(b.Span.End, b.Span.Start, len(src))
	b.Body.Start = c(b.Body.Start, b.Span.Start, b.Span.End)
	b.Body.End = c(b.Body.End, b.Body.Start, b.Span.End)
	return b
}

// decode parses input as YAML, returning the first document and the second,
// if any. It recovers from a panic in the library, which must not take the
// language server down with it.
func decode(input []byte) (doc, second *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, second, err = nil, nil, fmt.Errorf("yaml: internal error: %v", r)
		}
	}()
	d := yaml.NewDecoder(bytes.NewReader(input))
	var first, next yaml.Node
	if err := d.Decode(&first); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	if err := d.Decode(&next); err != nil {
		if errors.Is(err, io.EOF) {
			return &first, nil, nil
		}
		return nil, nil, err
	}
	return &first, &next, nil
}

type parser struct {
	lm       *lineMap
	fm       *FrontMatter
	problems []Problem
	newlines []int // offsets of "\n" in src up to the body's end, once needed
}

func (p *parser) add(code string, s span.Span, msg, suggest string) {
	p.problems = append(p.problems, Problem{Code: code, Span: s, Message: diagnosticStyle(msg), Suggest: suggest})
}

// checkText reports the first byte the YAML library would refuse to read:
// invalid UTF-8 or a control character. The library reports these without
// any position, so they are found here, exactly, instead.
func (p *parser) checkText() bool {
	s, body := p.lm.src, p.lm.body
	for i := body.Start; i < body.End; {
		r, n := utf8.DecodeRune(s[i:body.End])
		switch {
		case r == utf8.RuneError && n <= 1:
			p.add(CodeInvalid, span.Span{Start: i, End: i + 1},
				"The front matter contains a byte that is not UTF-8 text; save the file as UTF-8.", "")
			return true
		case !yamlAllowed(r):
			p.add(CodeInvalid, span.Span{Start: i, End: i + n},
				fmt.Sprintf("The front matter contains the invisible control character U+%04X, which YAML does not allow; delete it.", r), "")
			return true
		}
		i += n
	}
	return false
}

// checkMarkers reports a line that starts with "---" or "..." and more
// text. To YAML such a line ends the document, so everything after it would
// be misread, and the library's error would point at a later, innocent line;
// to the editor it most likely is a closing line with a typo, or a value
// that needs quotes.
func (p *parser) checkMarkers() bool {
	lm := p.lm
	s := lm.src
	for _, off := range lm.starts {
		if lm.body.End-off < 3 || !(string(s[off:off+3]) == "---" || string(s[off:off+3]) == "...") {
			continue
		}
		if off+3 < lm.body.End && !isBlank(s[off+3]) && lm.breakLen(off+3) == 0 {
			continue
		}
		m := string(s[off : off+3])
		p.add(CodeInvalid, lm.lineContent(lm.lineIndexOf(off)),
			fmt.Sprintf("A line starting with %s ends a YAML document, but this one has more text: leave only %s on the line to close the front matter, or put a value that starts with %s in quotes.", m, m, m), "")
		return true
	}
	return false
}

// yamlAllowed reports whether the YAML library accepts r in its input.
func yamlAllowed(r rune) bool {
	switch {
	case r == 0x09, r == 0x0A, r == 0x0D, r >= 0x20 && r <= 0x7E, r == 0x85,
		r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// fields checks the top-level node and each of its keys.
func (p *parser) fields(root *yaml.Node) {
	lm := p.lm
	switch {
	case root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null":
		return // empty, or only comments
	case root.Kind != yaml.MappingNode:
		p.add(CodeInvalid, p.nonEmpty(lm.nodeSpan(root), span.Span{}),
			"The front matter must be a list of fields written \"name: value\", one per line, like \"title: The headline\".", "")
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k == nil || v == nil {
			continue
		}
		ks, vs := lm.nodeSpan(k), lm.nodeSpan(v)
		if k.Kind != yaml.ScalarNode {
			p.add(CodeInvalid, p.nonEmpty(ks, vs), "A field name must be a plain word, like title, not a list, a mapping or an alias.", "")
			continue
		}
		key := k.Value
		if prev, dup := p.fm.Fields[key]; dup {
			p.add(CodeInvalid, p.nonEmpty(ks, vs),
				fmt.Sprintf("%s is given twice; the first one, on line %d, is used. Remove one of them.", quoteKey(key), p.lineNumber(prev.KeySpan.Start)), "")
			continue
		}
		f := Field{Key: key, KeySpan: ks, ValueSpan: vs}
		if t := deref(v); t != nil && t.Kind == yaml.ScalarNode && t.ShortTag() != "!!null" {
			f.Value = t.Value
		}
		p.fm.Fields[key] = f
		p.field(key, ks, v, vs)
	}
}

// field checks one key and, when valid, stores its value.
func (p *parser) field(key string, ks span.Span, v *yaml.Node, vs span.Span) {
	fm := p.fm
	switch key {
	case "title":
		fm.Title, _ = p.text(key, ks, v, vs)
	case "outlet":
		fm.Outlet, _ = p.text(key, ks, v, vs)
	case "editor":
		fm.Editor, _ = p.text(key, ks, v, vs)
	case "url":
		if t, ok := p.required(key, ks, v, vs, "the story's address, like https://example.com/news/story"); ok {
			if msg := checkURL(t); msg != "" {
				p.add(CodeInvalid, p.nonEmpty(vs, ks), msg, "")
			} else {
				fm.URL = t
			}
		}
	case "published":
		if t, ok := p.required(key, ks, v, vs, "a date as YYYY-MM-DD, like 2026-03-14"); ok {
			if d, msg := checkDate(t); msg != "" {
				p.add(CodeInvalid, p.nonEmpty(vs, ks), msg, "")
			} else {
				fm.Published, fm.PublishedDate = t, d
			}
		}
	case "original":
		if t, ok := p.required(key, ks, v, vs, "the path of the archived original, relative to the article, like originals/story.txt"); ok {
			if msg := checkOriginal(t); msg != "" {
				p.add(CodeInvalid, p.nonEmpty(vs, ks), msg, "")
			} else {
				fm.Original = t
			}
		}
	case "tags":
		p.tags(ks, v, vs)
	case "allow":
		p.allow(ks, v, vs)
	default:
		p.unknown(key, ks)
	}
}

// unknown warns about a key bluepencil does not read, suggesting the known
// key it most likely misspells.
func (p *parser) unknown(key string, ks span.Span) {
	s := suggest(key)
	var msg string
	switch {
	case s != "" && strings.EqualFold(s, key):
		msg = fmt.Sprintf("Unknown front matter field %s: field names are lowercase, so this should be %s.", quoteKey(key), s)
	case s != "":
		msg = fmt.Sprintf("Unknown front matter field %s; did you mean %s?", quoteKey(key), s)
	default:
		msg = fmt.Sprintf("Unknown front matter field %s; bluepencil reads only %s and %s.", quoteKey(key),
			strings.Join(knownFields[:len(knownFields)-1], ", "), knownFields[len(knownFields)-1])
	}
	p.add(CodeUnknownField, ks, msg, s)
}

// deref returns the node an alias stands for, and n itself otherwise.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// text returns the value of a field that holds text. Any scalar counts, read
// as written; a null is the empty text. ok is false after a problem.
func (p *parser) text(key string, ks span.Span, v *yaml.Node, vs span.Span) (string, bool) {
	t := deref(v)
	if t == nil {
		return "", true
	}
	switch t.Kind {
	case yaml.ScalarNode:
		if t.ShortTag() == "!!null" {
			return "", true
		}
		return t.Value, true
	case yaml.SequenceNode:
		p.add(CodeInvalid, p.nonEmpty(vs, ks), fmt.Sprintf("%s must be text, not a list.", key), "")
	case yaml.MappingNode:
		p.add(CodeInvalid, p.nonEmpty(vs, ks), fmt.Sprintf("%s must be text, not a group of fields.", key), "")
	}
	return "", false
}

// required is text for a field whose tool cannot use an empty value: ok is
// true only for non-blank text.
func (p *parser) required(key string, ks span.Span, v *yaml.Node, vs span.Span, want string) (string, bool) {
	t, ok := p.text(key, ks, v, vs)
	if !ok {
		return "", false
	}
	if strings.TrimSpace(t) == "" {
		p.add(CodeInvalid, p.nonEmpty(vs, ks), fmt.Sprintf("%s is empty; write %s, or remove the line.", key, want), "")
		return "", false
	}
	return t, true
}

// tags reads the tags field: a list of text, or one text read as a list of
// one.
func (p *parser) tags(ks span.Span, v *yaml.Node, vs span.Span) {
	p.list(listShape{"tags", "[politics, economy]", "tag", "politics", "Each tag", "This tag"}, ks, v, vs, func(t string, s span.Span) {
		p.fm.Tags = append(p.fm.Tags, t)
		p.fm.TagSpans = append(p.fm.TagSpans, s)
	})
}

// allow reads the words the style pass leaves alone in this article.
func (p *parser) allow(ks span.Span, v *yaml.Node, vs span.Span) {
	p.list(listShape{"allow", "[regime, so-called]", "word", "regime", "Each allowed word", "This entry"}, ks, v, vs, func(t string, s span.Span) {
		p.fm.Allow = append(p.fm.Allow, t)
		p.fm.AllowSpans = append(p.fm.AllowSpans, s)
	})
}

// listShape words the problems of a list field.
type listShape struct{ key, example, item, itemExample, each, this string }

// list reads a list of texts (or one text without commas), calling add
// for each entry with its span.
func (p *parser) list(sh listShape, ks span.Span, v *yaml.Node, vs span.Span, add func(string, span.Span)) {
	t := deref(v)
	if t == nil {
		return
	}
	switch t.Kind {
	case yaml.ScalarNode:
		if t.ShortTag() == "!!null" || strings.TrimSpace(t.Value) == "" {
			return
		}
		if strings.Contains(t.Value, ",") {
			p.add(CodeInvalid, p.nonEmpty(vs, ks),
				sh.key+" must be a list, like "+sh.example+"; without the brackets this is one "+sh.item+" with commas in it.", "")
			return
		}
		add(t.Value, vs)
	case yaml.MappingNode:
		p.add(CodeInvalid, p.nonEmpty(vs, ks), sh.key+" must be a list, like "+sh.example+", not a group of fields.", "")
	case yaml.SequenceNode:
		for _, item := range t.Content {
			if item == nil {
				continue
			}
			is := p.lm.nodeSpan(item)
			if is.Empty() {
				is = p.lm.entryIndicator(is.Start)
			}
			it := deref(item)
			switch {
			case it == nil:
			case it.Kind == yaml.SequenceNode || it.Kind == yaml.MappingNode:
				p.add(CodeInvalid, p.nonEmpty(is, vs), sh.each+" must be text, like "+sh.itemExample+"; this one is a list or a group of fields.", "")
			case it.ShortTag() == "!!null" || strings.TrimSpace(it.Value) == "":
				p.add(CodeInvalid, p.nonEmpty(is, vs), sh.this+" is empty; write a "+sh.item+" or remove the entry.", "")
			default:
				add(it.Value, is)
			}
		}
	}
}

// nonEmpty returns s, or alt when s covers no byte: an empty value is
// reported on its key, which an editor can see.
func (p *parser) nonEmpty(s, alt span.Span) span.Span {
	if s.Empty() && !alt.Empty() {
		return alt
	}
	return s
}

// checkURL explains why u is not an absolute http or https URL, or
// returns "".
func checkURL(u string) string {
	const want = "url must be the story's full address, starting with https:// or http://, like https://example.com/news/story"
	if strings.ContainsAny(u, " \t\r\n") {
		return want + "; this one contains a space."
	}
	parsed, err := url.Parse(u)
	switch {
	case err != nil:
		return want + "; this one cannot be read as an address."
	case parsed.Scheme == "":
		return want + "; this one does not say https:// or http://."
	case parsed.Scheme != "http" && parsed.Scheme != "https":
		return want + fmt.Sprintf("; this one is a %s: address.", parsed.Scheme)
	case parsed.Opaque != "" || parsed.Hostname() == "":
		return want + "; this one has no site name after the //."
	}
	return ""
}

// checkDate parses a YYYY-MM-DD date, explaining what is wrong otherwise.
func checkDate(s string) (time.Time, string) {
	const want = "published must be a date written YYYY-MM-DD, like 2026-03-14."
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, want
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return time.Time{}, want
		}
	}
	y := atoi(s[:4])
	mo := atoi(s[5:7])
	d := atoi(s[8:])
	if mo < 1 || mo > 12 {
		return time.Time{}, fmt.Sprintf("published is not a real date: there is no month %d. Write the date as YYYY-MM-DD, like 2026-03-14.", mo)
	}
	days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return time.Time{}, fmt.Sprintf("published is not a real date: %s %d has %d days, so there is no day %d.", time.Month(mo), y, days, d)
	}
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), ""
}

func atoi(s string) int {
	n := 0
	for _, c := range []byte(s) {
		n = n*10 + int(c-'0')
	}
	return n
}

// checkOriginal explains why p is not a relative path, or returns "".
func checkOriginal(p string) string {
	const want = "original must be the path of the archived original relative to the article, like originals/story.txt"
	switch {
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || isDrive(p):
		return want + "; this path is absolute, so it breaks when the articles move."
	case hasScheme(p):
		return want + "; this is a web address. Save the original text next to the article and name that file."
	}
	return ""
}

// isDrive reports whether p starts with a Windows drive letter ("C:").
func isDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' && isLetter(p[0]) && (len(p) == 2 || p[2] == '/' || p[2] == '\\')
}

// hasScheme reports whether p starts with a URL scheme ("https:", "file:").
func hasScheme(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case isLetter(c):
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// quoteKey quotes a key for a message, keeping odd characters visible.
func quoteKey(k string) string { return fmt.Sprintf("%q", k) }

// lineNumber returns the 1-based line of off in src, as an editor counts
// lines. The line breaks are indexed once, on the first duplicate, so that a
// block with many duplicates is not counted over and over.
func (p *parser) lineNumber(off int) int {
	if p.newlines == nil {
		src := p.lm.src
		p.newlines = []int{}
		for i, c := range src[:p.lm.body.End] {
			if c == '\n' {
				p.newlines = append(p.newlines, i)
			}
		}
	}
	return sort.SearchInts(p.newlines, off) + 1
}

// diagnosticStyle writes a message the way every other bluepencil
// diagnostic reads, as compilers and gopls write theirs: starting in lower
// case (unless with an acronym such as YAML) and without a final full stop.
func diagnosticStyle(msg string) string {
	msg = strings.TrimSuffix(msg, ".")
	r, n := utf8.DecodeRuneInString(msg)
	if n < len(msg) && unicode.IsUpper(r) {
		if r2, _ := utf8.DecodeRuneInString(msg[n:]); unicode.IsLower(r2) {
			msg = string(unicode.ToLower(r)) + msg[n:]
		}
	}
	return msg
}
