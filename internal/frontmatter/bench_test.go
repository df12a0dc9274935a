package frontmatter

import (
	"bytes"
	"testing"
)

// article returns a 1 MiB article, headed by front matter when fm is set.
func article(fm bool) []byte {
	var b bytes.Buffer
	if fm {
		b.WriteString(allFields)
	}
	para := []byte("The council {--finally--} approved the budget on Tuesday, {++after a long debate,++} officials said.\n\n")
	for b.Len() < 1<<20 {
		b.Write(para)
	}
	return b.Bytes()[:1<<20]
}

func BenchmarkFind(b *testing.B) {
	for _, bc := range []struct {
		name string
		fm   bool
	}{{"1MiB/with", true}, {"1MiB/without", false}} {
		src := article(bc.fm)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, ok := Find(src); ok != bc.fm {
					b.Fatal("wrong answer")
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	src := []byte(allFields)
	blk, _ := Find(src)
	b.SetBytes(int64(blk.Span.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Parse(src, blk); len(problems) != 0 {
			b.Fatal(problems)
		}
	}
}
