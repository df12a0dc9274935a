package frontmatter

import (
	"testing"

	"github.com/bluepencil/bluepencil/internal/span"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		src  string
		ok   bool
		want Block
	}{
		{name: "empty file", src: ""},
		{name: "no front matter", src: "# Headline\n\nText.\n"},
		{name: "dashes not on line 1", src: "\n---\ntitle: x\n---\n"},
		{name: "indented opening line", src: " ---\ntitle: x\n---\n"},
		{name: "four dashes", src: "----\ntitle: x\n---\n"},
		{name: "text after dashes", src: "--- x\ntitle: x\n---\n"},
		{name: "lone CR after dashes", src: "---\rtitle: x\r---\r"},
		{name: "dots do not open", src: "...\ntitle: x\n...\n"},
		{
			name: "closed", src: "---\ntitle: x\n---\nBody\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 17}, Body: span.Span{Start: 4, End: 13}, Closed: true},
		},
		{
			name: "empty block", src: "---\n---\nBody\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 8}, Body: span.Span{Start: 4, End: 4}, Closed: true},
		},
		{
			name: "trailing blanks on delimiter lines", src: "--- \t\ntitle: x\n---  \nBody", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 21}, Body: span.Span{Start: 6, End: 15}, Closed: true},
		},
		{
			name: "CRLF", src: "---\r\ntitle: x\r\n---\r\nBody\r\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 20}, Body: span.Span{Start: 5, End: 15}, Closed: true},
		},
		{
			name: "BOM is not part of the block", src: "\xEF\xBB\xBF---\ntitle: x\n---\n", ok: true,
			want: Block{Span: span.Span{Start: 3, End: 20}, Body: span.Span{Start: 7, End: 16}, Closed: true},
		},
		{
			name: "dots close", src: "---\ntitle: x\n...\nBody\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 17}, Body: span.Span{Start: 4, End: 13}, Closed: true},
		},
		{
			name: "closing line at end of file", src: "---\ntitle: x\n---", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 16}, Body: span.Span{Start: 4, End: 13}, Closed: true},
		},
		{
			name: "near-miss closing lines are body", src: "---\na: |\n  ---x\n ---\n----\n---\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 30}, Body: span.Span{Start: 4, End: 26}, Closed: true},
		},
		{
			name: "unclosed", src: "---\ntitle: x\n\nBody text\n", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 24}, Body: span.Span{Start: 4, End: 24}},
		},
		{
			name: "opening line alone", src: "---", ok: true,
			want: Block{Span: span.Span{Start: 0, End: 3}, Body: span.Span{Start: 3, End: 3}},
		},
		{
			name: "unclosed after BOM", src: "\xEF\xBB\xBF---\r\ntitle: x", ok: true,
			want: Block{Span: span.Span{Start: 3, End: 16}, Body: span.Span{Start: 8, End: 16}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Find([]byte(tt.src))
			if ok != tt.ok || got != tt.want {
				t.Errorf("Find(%q) = %+v, %v; want %+v, %v", tt.src, got, ok, tt.want, tt.ok)
			}
		})
	}
}
