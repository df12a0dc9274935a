package frontmatter

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/span"
)

// FuzzParse checks the promises callers build on: Find and Parse never
// panic, and every span they return lies inside the block, the right way
// round, so that a client can always underline it and a fix never edits
// outside the front matter.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "---", "---\n---\n", allFields,
		"---\r\ntitle: Straße\r\npublished: 2026-02-30\r\ntags:\r\n  - a\r\n  - b\r\n---\r\n",
		"\xEF\xBB\xBF---\ntitel: x\n---\n",
		"---\ntitle: x\n\nBody text\n",
		"---\n{title: \"Ünïcödé — ok\", outlet: Zeitung, url: nope}\n---\n",
		"---\ntitle: x\noutlet: y\n- z\n---\n",
		"---\ntitle: x\n\toutlet: y\n---\n",
		"---\ntitle: x\noutlet: \"The Paper\neditor: Jo\n---\n",
		"---\ntags: [a, b\n---\n",
		"---\ntitle: &t Hello\neditor: *t\nurl: *nope\n---\n",
		"---\na: &x [*x]\ntags: &t [a, *t]\n---\n",
		"---\ntitle: A long\n  headline # note\nouttlet: |\n  line one\n\neditor: Jo\n---\n",
		"---\ntitle: x\n... more\n---\n",
		"---\ntags:\n  - a\n  -\n  - [b]\n---\n",
		"---\n!!map &m\n? [a]\n: b\n---\n",
		"---\ntitle: 'it''s'\noutlet: \"a\\\"b\"\n---\n",
		"---\na: x\u0085b: y\u2028c: z\rd: w\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		check(t, src)
		// Most random inputs have no front matter; also read each one as
		// the body of a block, which is where the YAML is.
		body := append(append([]byte("---\n"), src...), "\n---\n"...)
		check(t, body)
	})
}

func check(t *testing.T, src []byte) {
	b, ok := Find(src)
	if !ok {
		if b != (Block{}) {
			t.Fatalf("Find returned %+v with false", b)
		}
		return
	}
	within := func(outer, s span.Span) bool { return s.Start <= s.End && outer.Covers(s) }
	if !within(span.Span{Start: 0, End: len(src)}, b.Span) || !within(b.Span, b.Body) {
		t.Fatalf("Find(%q) = %+v: spans out of order", src, b)
	}
	fm, problems := Parse(src, b)
	if fm == nil || fm.Fields == nil {
		t.Fatalf("Parse(%q) returned no FrontMatter", src)
	}
	for _, p := range problems {
		if !within(b.Span, p.Span) {
			t.Errorf("Parse(%q): problem %q at %v outside block %v", src, p.Message, p.Span, b.Span)
		}
		if p.Code != CodeInvalid && p.Code != CodeUnknownField {
			t.Errorf("Parse(%q): problem with code %q", src, p.Code)
		}
		if p.Message == "" {
			t.Errorf("Parse(%q): problem at %v without a message", src, p.Span)
		}
	}
	for k, f := range fm.Fields {
		if !within(b.Body, f.KeySpan) || !within(b.Body, f.ValueSpan) {
			t.Errorf("Parse(%q): field %q spans %v %v outside body %v", src, k, f.KeySpan, f.ValueSpan, b.Body)
		}
		// A plain scalar on one line is its own text, so its span must
		// cover exactly that text: a check of the column-to-byte mapping.
		if text := string(f.KeySpan.Text(src)); isPlainLine(text) && text != f.Key {
			t.Errorf("Parse(%q): key %q has span %v covering %q", src, f.Key, f.KeySpan, text)
		}
		if text := string(f.ValueSpan.Text(src)); f.Value != "" && isPlainLine(text) && text != f.Value {
			t.Errorf("Parse(%q): value %q of %q has span %v covering %q", src, f.Value, k, f.ValueSpan, text)
		}
	}
	if len(fm.Tags) != len(fm.TagSpans) {
		t.Errorf("Parse(%q): %d tags, %d tag spans", src, len(fm.Tags), len(fm.TagSpans))
	}
	for _, s := range fm.TagSpans {
		if !within(b.Body, s) {
			t.Errorf("Parse(%q): tag span %v outside body %v", src, s, b.Body)
		}
	}
}

// isPlainLine reports whether text, a span's text, can only be a plain
// scalar on one line: not quoted, not a block scalar, flow collection or
// alias, and without a line break.
func isPlainLine(text string) bool {
	if text == "" || strings.ContainsAny(text[:1], "\"'|>[{*") {
		return false
	}
	return !strings.ContainsAny(text, "\r\n\u0085\u2028\u2029")
}
