package position_test

import (
	"fmt"

	"github.com/bluepencil/bluepencil/internal/position"
)

func ExampleMapper() {
	src := []byte("Headline\r\nThe 😀 vote {++passed++}.\n")
	m := position.New(src)

	off := 24 // the "{" of the insertion mark
	p := m.Position(off, position.UTF16)
	fmt.Println(p.Line, p.Character)
	fmt.Println(m.Offset(p, position.UTF16) == off)
	line, col := m.LineCol(off)
	fmt.Printf("article.md:%d:%d\n", line, col)
	// Output:
	// 1 12
	// true
	// article.md:2:15
}
