package render

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/view"
)

// shapes are the hostile inputs of issue 8, at 1 MiB (the probes in
// e2e/hostile run them at 10 MiB through the binary).
var shapes = func() map[string]string {
	const n = 1 << 20
	lines := func(c string) string { return strings.Repeat(strings.Repeat(c, 60)+"\n", n/61) }
	return map[string]string{
		"open":     strings.Repeat("{--", n/3),
		"add":      strings.Repeat("{++a++}", n/7),
		"bare":     strings.Repeat("[...]", n/5),
		"brackets": lines("["),
		"closers":  lines("]"),
		"stars":    lines("*"),
		"unders":   lines("_"),
		"ticks":    lines("`"),
		"lts":      lines("<"),
		"amps":     lines("&"),
		"quotes":   lines(">"),
		"line":     strings.Repeat("word ", n/5),
		"article":  strings.Repeat("The {--very--} storm {++hit *the* [pier](https://example.com)++} on {~~Monday~>Tuesday~~}.\n\n", n/90),
	}
}()

func parsed(b *testing.B, name string) *markup.Document {
	if f := os.Getenv("BENCH_FILE"); f != "" {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		return markup.Parse(src)
	}
	return markup.Parse([]byte(shapes[name]))
}

// BenchmarkPage renders each shape, the article parsed beforehand: what
// render adds to the parse. Its floors are BenchmarkView, the published
// view alone (what "render" without --html does), and BenchmarkGoldmark,
// goldmark alone on that view's Markdown, as the renderer used it.
func BenchmarkPage(b *testing.B) {
	for name := range shapes {
		b.Run(name, func(b *testing.B) {
			d := parsed(b, name)
			b.SetBytes(int64(len(d.Src)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(io.Discard, d, Options{View: view.Published}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkView(b *testing.B) {
	for name := range shapes {
		b.Run(name, func(b *testing.B) {
			d := parsed(b, name)
			b.SetBytes(int64(len(d.Src)))
			b.ReportAllocs()
			for b.Loop() {
				view.Build(d, view.Published, view.Options{})
			}
		})
	}
}

func BenchmarkGoldmark(b *testing.B) {
	for name := range shapes {
		b.Run(name, func(b *testing.B) {
			d := parsed(b, name)
			text := view.Build(d, view.Published, view.Options{}).Text
			md := goldmark.New()
			b.SetBytes(int64(len(d.Src)))
			b.ReportAllocs()
			for b.Loop() {
				if err := md.Convert(text, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
