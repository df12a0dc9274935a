package frontmatter

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/span"
)

// want is one expected problem. text repeats what span covers, so that a
// wrong offset in the table shows up as a readable mismatch too.
type want struct {
	code    string
	span    span.Span
	text    string
	suggest string
	msg     string // a substring of the message, when it matters
}

func invalid(start, end int, text, msg string) want {
	return want{code: CodeInvalid, span: span.Span{Start: start, End: end}, text: text, msg: msg}
}

func unknownField(start, end int, text, suggest string) want {
	return want{code: CodeUnknownField, span: span.Span{Start: start, End: end}, text: text, suggest: suggest}
}

// field is an expected entry of FrontMatter.Fields.
type field struct{ key, value span.Span }

func sp(start, end int) span.Span { return span.Span{Start: start, End: end} }

var allFields = "---\n" +
	"title: Héllo wörld\n" + // 4
	"outlet: The Paper\n" + // 25
	"url: https://example.com/a\n" + // 43
	"published: 2026-03-14\n" + // 70
	"original: originals/a.txt\n" + // 92
	"editor: Jo\n" + // 118
	"tags: [politics, economy]\n" + // 129
	"---\nBody\n"

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   []want
		fm     *FrontMatter // compared without Fields, when set
		fields map[string]field
	}{
		{name: "empty block", src: "---\n---\nBody\n", fm: &FrontMatter{}},
		{name: "only comments", src: "---\n# draft\n\n---\n", fm: &FrontMatter{}},
		{
			name: "all fields valid", src: allFields,
			fm: &FrontMatter{
				Title: "Héllo wörld", Outlet: "The Paper", URL: "https://example.com/a",
				Published: "2026-03-14", PublishedDate: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
				Original: "originals/a.txt", Editor: "Jo",
				Tags: []string{"politics", "economy"}, TagSpans: []span.Span{sp(136, 144), sp(146, 153)},
			},
			fields: map[string]field{
				"title":     {sp(4, 9), sp(11, 24)},
				"outlet":    {sp(25, 31), sp(33, 42)},
				"url":       {sp(43, 46), sp(48, 69)},
				"published": {sp(70, 79), sp(81, 91)},
				"original":  {sp(92, 100), sp(102, 117)},
				"editor":    {sp(118, 124), sp(126, 128)},
				"tags":      {sp(129, 133), sp(135, 154)},
			},
		},
		{
			name: "CRLF block",
			src:  "---\r\ntitle: Straße\r\npublished: 2026-02-30\r\ntags:\r\n  - a\r\n  - b\r\n---\r\n",
			want: []want{invalid(32, 42, "2026-02-30", "February 2026 has 28 days")},
			fm:   &FrontMatter{Title: "Straße", Tags: []string{"a", "b"}, TagSpans: []span.Span{sp(55, 56), sp(62, 63)}},
			fields: map[string]field{
				"title":     {sp(5, 10), sp(12, 19)},
				"published": {sp(21, 30), sp(32, 42)},
				"tags":      {sp(44, 48), sp(53, 63)},
			},
		},
		{
			name: "BOM",
			src:  "\xEF\xBB\xBF---\ntitel: x\n---\n",
			want: []want{unknownField(7, 12, "titel", "title")},
		},
		{
			name: "unclosed block",
			src:  "---\ntitle: x\n\nBody text with {--marks--}\n",
			want: []want{invalid(0, 3, "---", "never closed")},
			fm:   &FrontMatter{},
		},
		{
			name: "unclosed block after BOM",
			src:  "\xEF\xBB\xBF---  \r\ntitle: x\r\n",
			want: []want{invalid(3, 6, "---", "never closed")},
		},
		{
			name: "dots closer",
			src:  "---\ntitle: x\n...\nBody\n",
			fm:   &FrontMatter{Title: "x"},
		},
		{
			name: "non-ASCII title before another key",
			src:  "---\n{title: \"Ünïcödé — ok\", outlet: Zeitung, url: nope}\n---\n",
			want: []want{invalid(56, 60, "nope", "url must be")},
			fm:   &FrontMatter{Title: "Ünïcödé — ok", Outlet: "Zeitung"},
			fields: map[string]field{
				"title":  {sp(5, 10), sp(12, 32)},
				"outlet": {sp(34, 40), sp(42, 49)},
				"url":    {sp(51, 54), sp(56, 60)},
			},
		},
		{
			name: "non-ASCII tags in a flow list",
			src:  "---\ntags: [café, naïve, 東京]\n---\n",
			fm:   &FrontMatter{Tags: []string{"café", "naïve", "東京"}, TagSpans: []span.Span{sp(11, 16), sp(18, 24), sp(26, 32)}},
		},
		{
			name: "syntax error: mapping indented under a value",
			src:  "---\ntitle: x\n  outlet: y\n---\n",
			want: []want{invalid(15, 24, "outlet: y", "not valid YAML")},
		},
		{
			name: "syntax error: list item among fields is found below the mapping's start",
			src:  "---\ntitle: x\noutlet: y\n- z\n---\n",
			want: []want{invalid(23, 26, "- z", "indented differently")},
		},
		{
			name: "syntax error far below the mapping's start",
			src:  "---\n" + strings.Repeat("title: x\n", 80) + "- z\n" + strings.Repeat("title: x\n", 20) + "---\n",
			want: []want{invalid(724, 727, "- z", "indented differently")},
		},
		{
			name: "syntax error below a multi-line quoted value",
			src:  "---\ntitle: \"a\n  b\"\n- z\n---\n",
			want: []want{invalid(19, 22, "- z", "indented differently")},
		},
		{
			name: "syntax error: tab indentation",
			src:  "---\ntitle: x\n\toutlet: y\n---\n",
			want: []want{invalid(13, 23, "\toutlet: y", "tabs cannot indent")},
		},
		{
			name: "syntax error: tab before a list item",
			src:  "---\ntags:\n\t- x\n---\n",
			want: []want{invalid(10, 14, "\t- x", "tabs cannot indent")},
		},
		{
			name: "syntax error: unclosed quote",
			src:  "---\ntitle: x\noutlet: \"The Paper\neditor: Jo\n---\n",
			want: []want{invalid(13, 31, "outlet: \"The Paper", "never closed")},
		},
		{
			name: "syntax error: unclosed flow list",
			src:  "---\ntitle: x\ntags: [a, b\neditor: Jo\n---\n",
			want: []want{invalid(13, 24, "tags: [a, b", "never closed with ]")},
		},
		{
			name: "syntax error after non-ASCII text",
			src:  "---\ntitle: Ünïcödé\noutlet: @x\n---\n",
			want: []want{invalid(31, 33, "@x", "cannot start")},
		},
		{
			name: "syntax error in CRLF block",
			src:  "---\r\ntitle: x\r\n  outlet: y\r\n---\r\n",
			want: []want{invalid(17, 26, "outlet: y", "not valid YAML")},
		},
		{
			name: "syntax error: colon inside a value",
			src:  "---\ntitle: Breaking: news\n---\n",
			want: []want{invalid(4, 25, "title: Breaking: news", "in quotes")},
		},
		{
			name: "syntax error: text after a document end",
			src:  "---\ntitle: x\n... more\neditor: y\n---\n",
			want: []want{invalid(13, 21, "... more", "ends a YAML document")},
		},
		{
			name: "second document",
			src:  "---\ntitle: x\n--- y\n---\n",
			want: []want{invalid(13, 18, "--- y", "ends a YAML document")},
		},
		{
			name: "invalid UTF-8",
			src:  "---\ntitle: caf\xe9\n---\n",
			want: []want{invalid(14, 15, "\xe9", "not UTF-8")},
		},
		{
			name: "control character",
			src:  "---\ntitle: a\x00b\n---\n",
			want: []want{invalid(12, 13, "\x00", "U+0000")},
		},
		{
			name: "undefined alias",
			src:  "---\ntitle: x\neditor: *who\n---\n",
			want: []want{invalid(21, 25, "*who", "no anchor")},
		},
		{
			name: "alias to text",
			src:  "---\ntitle: &t Hello\neditor: *t\n---\n",
			fm:   &FrontMatter{Title: "Hello", Editor: "Hello"},
			fields: map[string]field{
				"title":  {sp(4, 9), sp(14, 19)},
				"editor": {sp(20, 26), sp(28, 30)},
			},
		},
		{
			name: "duplicate key",
			src:  "---\ntitle: A\ntitle: B\n---\n",
			want: []want{invalid(13, 18, "title", "on line 2")},
			fm:   &FrontMatter{Title: "A"},
			fields: map[string]field{
				"title": {sp(4, 9), sp(11, 12)},
			},
		},
		{
			name: "unknown keys with and without a suggestion",
			src:  "---\ntitel: x\nPublished: 2026-03-14\ntag: a\nauthor: Jo\n\"urll\": y\n---\n",
			want: []want{
				unknownField(4, 9, "titel", "title"),
				unknownField(13, 22, "Published", "published"),
				unknownField(35, 38, "tag", "tags"),
				unknownField(42, 48, "author", ""),
				unknownField(53, 59, `"urll"`, "url"),
			},
			fm: &FrontMatter{},
		},
		{
			name: "bad published dates",
			src:  "---\npublished: 14.03.2026\n---\n",
			want: []want{invalid(15, 25, "14.03.2026", "published must be a date written YYYY-MM-DD, like 2026-03-14")},
		},
		{
			name: "published with a time",
			src:  "---\npublished: 2026-03-14T10:00:00Z\n---\n",
			want: []want{invalid(15, 35, "2026-03-14T10:00:00Z", "YYYY-MM-DD")},
		},
		{
			name: "published on an impossible day",
			src:  "---\npublished: 2026-02-30\n---\n",
			want: []want{invalid(15, 25, "2026-02-30", "no day 30")},
		},
		{
			name: "published in an impossible month",
			src:  "---\npublished: \"2026-13-01\"\n---\n",
			want: []want{invalid(15, 27, `"2026-13-01"`, "no month 13")},
		},
		{
			name: "published on a leap day",
			src:  "---\npublished: 2024-02-29\n---\n",
			fm:   &FrontMatter{Published: "2024-02-29", PublishedDate: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		},
		{
			name: "published empty",
			src:  "---\npublished:\n---\n",
			want: []want{invalid(4, 13, "published", "empty")},
		},
		{
			name: "bad urls",
			src:  "---\nurl: example.com/story\n---\n",
			want: []want{invalid(9, 26, "example.com/story", "https://")},
		},
		{
			name: "url with another scheme",
			src:  "---\nurl: ftp://example.com/a\n---\n",
			want: []want{invalid(9, 28, "ftp://example.com/a", "ftp:")},
		},
		{
			name: "url without a host",
			src:  "---\nurl: 'https://'\n---\n",
			want: []want{invalid(9, 19, "'https://'", "no site name")},
		},
		{
			name: "url with a space",
			src:  "---\nurl: \"https://example.com/a b\"\n---\n",
			want: []want{invalid(9, 34, `"https://example.com/a b"`, "space")},
		},
		{
			name: "http url",
			src:  "---\nurl: HTTP://example.com/a?b=c#d\n---\n",
			fm:   &FrontMatter{URL: "HTTP://example.com/a?b=c#d"},
		},
		{
			name: "absolute original",
			src:  "---\noriginal: /home/jo/a.txt\n---\n",
			want: []want{invalid(14, 28, "/home/jo/a.txt", "absolute")},
		},
		{
			name: "windows original",
			src:  "---\noriginal: C:\\archive\\a.txt\n---\n",
			want: []want{invalid(14, 30, `C:\archive\a.txt`, "absolute")},
		},
		{
			name: "original as a web address",
			src:  "---\noriginal: https://example.com/a\n---\n",
			want: []want{invalid(14, 35, "https://example.com/a", "web address")},
		},
		{
			name: "original empty string",
			src:  "---\noriginal: ''\n---\n",
			want: []want{invalid(14, 16, "''", "empty")},
		},
		{
			name: "relative original",
			src:  "---\noriginal: ../originals/a b.txt\n---\n",
			fm:   &FrontMatter{Original: "../originals/a b.txt"},
		},
		{
			name: "tags as a block list",
			src:  "---\ntags:\n  - politics\n  - \"economy\"\n---\n",
			fm:   &FrontMatter{Tags: []string{"politics", "economy"}, TagSpans: []span.Span{sp(14, 22), sp(27, 36)}},
			fields: map[string]field{
				"tags": {sp(4, 8), sp(12, 36)},
			},
		},
		{
			name: "tags as one word",
			src:  "---\ntags: politics\n---\n",
			fm:   &FrontMatter{Tags: []string{"politics"}, TagSpans: []span.Span{sp(10, 18)}},
		},
		{
			name: "tags as text with commas",
			src:  "---\ntags: politics, economy\n---\n",
			want: []want{invalid(10, 27, "politics, economy", "must be a list")},
		},
		{
			name: "tags with an empty and a nested entry",
			src:  "---\ntags:\n  - a\n  -\n  - [b]\n---\n",
			want: []want{invalid(18, 19, "-", "empty"), invalid(24, 27, "[b]", "must be text")},
			fm:   &FrontMatter{Tags: []string{"a"}, TagSpans: []span.Span{sp(14, 15)}},
		},
		{
			name: "tags as a mapping",
			src:  "---\ntags: {a: 1}\n---\n",
			want: []want{invalid(10, 16, "{a: 1}", "not a group")},
		},
		{
			name: "title as a list and a number",
			src:  "---\ntitle:\n  - a\n  - b\neditor: 2024\n---\n",
			want: []want{invalid(13, 22, "- a\n  - b", "not a list")},
			fm:   &FrontMatter{Editor: "2024"},
		},
		{
			name: "top level is a list",
			src:  "---\n- a\n- b\n---\n",
			want: []want{invalid(4, 11, "- a\n- b", "name: value")},
		},
		{
			name: "top level is text",
			src:  "---\njust some text\n---\n",
			want: []want{invalid(4, 18, "just some text", "name: value")},
		},
		{
			name: "multi-line values keep exact spans",
			src:  "---\ntitle: A long\n  headline # note\nouttlet: |\n  line one\n  line two\n\neditor: Jo\n---\n",
			want: []want{unknownField(36, 43, "outtlet", "outlet")},
			fm:   &FrontMatter{Title: "A long headline", Editor: "Jo"},
			fields: map[string]field{
				"title":   {sp(4, 9), sp(11, 28)},
				"outtlet": {sp(36, 43), sp(45, 68)},
				"editor":  {sp(70, 76), sp(78, 80)},
			},
		},
		{
			name: "empty title and anchored empty editor",
			src:  "---\ntitle:\neditor: &e\n---\n",
			fm:   &FrontMatter{},
			fields: map[string]field{
				"title":  {sp(4, 9), sp(10, 10)},
				"editor": {sp(11, 17), sp(21, 21)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			b, ok := Find(src)
			if !ok {
				t.Fatalf("Find(%q) found no front matter", tt.src)
			}
			fm, problems := Parse(src, b)
			if fm == nil {
				t.Fatal("Parse returned a nil FrontMatter")
			}
			if len(problems) != len(tt.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(problems), len(tt.want), describe(src, problems))
			}
			for i := 0; i < len(problems) && i < len(tt.want); i++ {
				p, w := problems[i], tt.want[i]
				if p.Code != w.code || p.Span != w.span || p.Suggest != w.suggest || !strings.Contains(p.Message, w.msg) {
					t.Errorf("problem %d = %s %v %q suggest %q: %q\nwant %s %v %q suggest %q, message containing %q",
						i, p.Code, p.Span, p.Span.Text(src), p.Suggest, p.Message, w.code, w.span, w.text, w.suggest, w.msg)
				}
				if got := string(w.span.Text(src)); got != w.text {
					t.Errorf("table error: span %v covers %q, not %q", w.span, got, w.text)
				}
			}
			if tt.fm != nil {
				got := *fm
				got.Fields = nil
				if !reflect.DeepEqual(&got, tt.fm) {
					t.Errorf("FrontMatter = %+v\nwant %+v", got, *tt.fm)
				}
			}
			for key, w := range tt.fields {
				f, ok := fm.Fields[key]
				if !ok {
					t.Errorf("Fields has no %q", key)
					continue
				}
				if f.Key != key || f.KeySpan != w.key || f.ValueSpan != w.value {
					t.Errorf("Fields[%q] = key %v %q, value %v %q; want key %v %q, value %v %q", key,
						f.KeySpan, f.KeySpan.Text(src), f.ValueSpan, f.ValueSpan.Text(src),
						w.key, w.key.Text(src), w.value, w.value.Text(src))
				}
			}
		})
	}
}

func describe(src []byte, problems []Problem) string {
	var b strings.Builder
	for _, p := range problems {
		b.WriteString("\t" + p.Code + " " + p.Span.String() + " " + string(p.Span.Text(src)) + ": " + p.Message + "\n")
	}
	return b.String()
}

func TestParseClampsForeignBlocks(t *testing.T) {
	src := []byte("---\ntitle: x\n---\n")
	for _, b := range []Block{
		{Span: sp(-5, 100), Body: sp(50, 200), Closed: true},
		{Span: sp(10, 2), Body: sp(4, 13), Closed: true},
		{Span: sp(0, 17), Body: sp(13, 4), Closed: true},
		{},
	} {
		_, problems := Parse(src, b)
		for _, p := range problems {
			if p.Span.Start > p.Span.End || p.Span.Start < 0 || p.Span.End > len(src) {
				t.Errorf("Parse(%+v): problem span %v out of range", b, p.Span)
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	for key, want := range map[string]string{
		"titel": "title", "Title": "title", "TITLE": "title", "outlt": "outlet", "ur": "url", "uri": "url",
		"pubished": "published", "publsihed": "published", "orignal": "original", "editr": "editor",
		"tag": "tags", "tgas": "tags", "author": "", "date": "", "summary": "", "": "", "x": "",
	} {
		if got := suggest(key); got != want {
			t.Errorf("suggest(%q) = %q, want %q", key, got, want)
		}
	}
}
