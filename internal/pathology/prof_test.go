package pathology

import (
	"os"
	"strconv"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
)

func BenchmarkOne(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("N"))
	src := repeat(os.Getenv("UNIT")).Gen(n)
	for i := 0; i < b.N; i++ {
		d := markup.Parse(src)
		if os.Getenv("RULES") != "" {
			rules.Check(d, rules.Options{})
		}
	}
}

func BenchmarkShapeByName(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("N"))
	var src []byte
	for _, sh := range Shapes() {
		if sh.Name == os.Getenv("SHAPE") {
			src = sh.Gen(n)
		}
	}
	d := markup.Parse(src)
	for i := 0; i < b.N; i++ {
		rules.Check(d, rules.Options{})
	}
}

func BenchmarkViews(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("N"))
	var src []byte
	for _, sh := range Shapes() {
		if sh.Name == os.Getenv("SHAPE") {
			src = sh.Gen(n)
		}
	}
	d := markup.Parse(src)
	for i := 0; i < b.N; i++ {
		stages[2].run(src, d)
	}
}
