package fidelity

import "github.com/bluepencil/bluepencil/internal/markup"

// newChecker returns the tokens and ids the check compares, for tests.
func newChecker(d *markup.Document, original []byte) *checker {
	o := Prepare(original)
	art := readArticle(d)
	return &checker{article: art, a: o.ids, b: art.ids(o, newExtra(o.dict.len()))}
}
