package rules

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/bluepencil/bluepencil/internal/span"
)

// TestMergeSorted holds the one-walk merge of two lists in document order
// to the map merge it stands in for, then a stable sort (what Apply
// did after it), on random lists dense with equal
// starts, equal spans and equal diagnostics, so that every way two can
// pair up (or not) comes up.
func TestMergeSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	codes := []string{CodeUntrackedElision, "a", "b"}
	gen := func(n int, tag string) []Diagnostic {
		ds := make([]Diagnostic, n)
		for i := range ds {
			start := rng.IntN(12)
			ds[i] = Diagnostic{
				Code:  codes[rng.IntN(len(codes))],
				Span:  span.Span{Start: start, End: start + rng.IntN(3)},
				Fixes: []Fix{{Title: fmt.Sprint(tag, i)}},
			}
		}
		slices.SortStableFunc(ds, func(a, b Diagnostic) int { return a.Span.Start - b.Span.Start })
		return ds
	}
	clone := func(ds []Diagnostic) []Diagnostic {
		out := slices.Clone(ds)
		for i := range out {
			out[i].Fixes = slices.Clip(slices.Clone(out[i].Fixes))
		}
		return out
	}
	paired := 0
	for range 20000 {
		diags, extra := gen(rng.IntN(10), "d"), gen(rng.IntN(10), "e")
		if !byStart(diags) || !byStart(extra) {
			t.Fatal("generator out of order")
		}
		want := mergeByKey(clone(diags), clone(extra))
		slices.SortStableFunc(want, func(a, b Diagnostic) int { return a.Span.Start - b.Span.Start })
		got := Merge(clone(diags), clone(extra))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Merge(%+v, %+v):\n got %+v\nwant %+v", diags, extra, got, want)
		}
		if len(got) < len(diags)+len(extra) {
			paired++
		}
	}
	if paired < 1000 {
		t.Fatalf("only %d of the random cases paired a diagnostic up", paired)
	}
}

// TestMergeUnordered: lists not in document order take the map.
func TestMergeUnordered(t *testing.T) {
	d := func(start int, title string) Diagnostic {
		return Diagnostic{Code: "a", Span: span.Span{Start: start, End: start + 1}, Fixes: []Fix{{Title: title}}}
	}
	got := Merge([]Diagnostic{d(5, "x"), d(1, "y")}, []Diagnostic{d(1, "z"), d(7, "w")})
	want := []Diagnostic{d(5, "x"), {Code: "a", Span: span.Span{Start: 1, End: 2}, Fixes: []Fix{{Title: "y"}, {Title: "z"}}}, d(7, "w")}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}
