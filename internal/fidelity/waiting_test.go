package fidelity

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// TestCheckWaitingSame checks that CheckWaiting reports what
// CheckPrepared reports on the pinned corpus, whether the original is
// ready at once or only after the article is read.
func TestCheckWaitingSame(t *testing.T) {
	corpus := sameCorpus()
	if testing.Short() {
		corpus = corpus[:200]
	}
	for i, p := range corpus {
		opts := Options{NoFixes: i%2 == 1}
		d := markup.Parse([]byte(p.article))
		o := Prepare([]byte(p.orig))
		field := span.Span{Start: 0, End: 1}
		want := sha(CheckPrepared(d, o, field, opts), p.article)
		ready := make(chan *Original, 1)
		if i%3 == 0 {
			ready <- o // ready before the article is read
		} else {
			go func() { ready <- o }()
		}
		r, ok := CheckWaiting(d, func() *Original { return <-ready }, field, opts)
		if !ok {
			t.Fatalf("%s: no result", p.name)
		}
		if got := sha(r, p.article); got != want {
			t.Errorf("%s: CheckWaiting reports otherwise than CheckPrepared", p.name)
		}
	}
}

func TestCheckWaitingNone(t *testing.T) {
	d := markup.Parse([]byte("some words [...] here"))
	if _, ok := CheckWaiting(d, func() *Original { return nil }, span.Span{}, Options{}); ok {
		t.Fatal("a result without an original")
	}
	// The pooled arrays it gave back serve the next check.
	r, ok := CheckWaiting(d, func() *Original { return Prepare([]byte("some other words here")) }, span.Span{}, Options{})
	if !ok || len(r.Diagnostics) == 0 {
		t.Fatalf("ok %v, %d diagnostics", ok, len(r.Diagnostics))
	}
}

func sha(r Result, article string) string {
	h := sha256.New()
	digest(h, r, article)
	return fmt.Sprintf("%x", h.Sum(nil))[:24]
}
