package analysis

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// updatePieces are what the edits of the update tests insert: words,
// spaces, line breaks, and the pieces of marks, so that edits open, close
// and break marks.
var updatePieces = []string{"", "x", "council ", " ", "\n", "\n\n", "{--", "--}", "{++", "++}", "~>", "[...]", "é", "😀", "---\n", "<!--", "-->"}

// randomUpdateEdits returns up to four random edits of src, each in the
// coordinates the ones before left, and the text they make.
func randomUpdateEdits(rnd *rand.Rand, src []byte) ([]span.Edit, []byte) {
	var edits []span.Edit
	for range 1 + rnd.IntN(4) {
		start := rnd.IntN(len(src) + 1)
		end := min(len(src), start+rnd.IntN(8))
		var e span.Edit
		src, e = applyEdit(src, start, end, updatePieces[rnd.IntN(len(updatePieces))])
		edits = append(edits, e)
	}
	return edits, src
}

// typingEdit returns one keystroke into src, past its first skip bytes (a
// front matter): a character typed or deleted, as an editor sends them,
// and the text it makes.
func typingEdit(rnd *rand.Rand, src []byte, skip int) ([]span.Edit, []byte) {
	at := skip + rnd.IntN(len(src)-skip+1)
	end := at
	text := []string{"a", " ", "e", "\n", ",", "{++x++}", "[...]"}[rnd.IntN(7)]
	if rnd.IntN(3) == 0 && at < len(src) {
		end, text = at+1, "" // a deletion (of one byte: it may split a rune, as a bad client's would)
	}
	src, e := applyEdit(src, at, end, text)
	return []span.Edit{e}, src
}

func applyEdit(src []byte, start, end int, text string) ([]byte, span.Edit) {
	e := span.Replace(span.Span{Start: start, End: end}, text)
	return append(append(append([]byte(nil), src[:start]...), e.New...), src[end:]...), e
}

// sameAnalysis fails the test unless got and want say the same: the text,
// document, diagnostics, watched paths and original, and of the comparison
// its diagnostics, its verdict and where it maps article offsets in the
// original (every 41st offset, and those around each diagnostic).
func sameAnalysis(t *testing.T, what string, got, want *Analysis) {
	t.Helper()
	switch {
	case !bytes.Equal(got.Src, want.Src):
		t.Fatalf("%s: texts differ", what)
	case !markup.SameParse(got.Doc, want.Doc):
		t.Fatalf("%s: documents differ", what)
	case !reflect.DeepEqual(got.Diagnostics, want.Diagnostics):
		t.Fatalf("%s: diagnostics differ:\n got %v\nwant %v", what, codesOf(got), codesOf(want))
	case !reflect.DeepEqual(got.Watch, want.Watch):
		t.Fatalf("%s: watched %v, want %v", what, got.Watch, want.Watch)
	case got.Original != want.Original:
		t.Fatalf("%s: compared with another original", what)
	case (got.Fidelity == nil) != (want.Fidelity == nil):
		t.Fatalf("%s: comparison %v, want %v", what, got.Fidelity != nil, want.Fidelity != nil)
	case got.Fidelity == nil:
		return
	case !reflect.DeepEqual(got.Fidelity.Diagnostics, want.Fidelity.Diagnostics) || got.Fidelity.TooDifferent != want.Fidelity.TooDifferent:
		t.Fatalf("%s: comparisons differ", what)
	}
	offs := []int{len(got.Src)}
	for off := 0; off < len(got.Src); off += 41 {
		offs = append(offs, off)
	}
	for _, d := range got.Fidelity.Diagnostics {
		offs = append(offs, max(0, d.Span.Start-1), d.Span.Start, max(0, d.Span.End-1), d.Span.End)
	}
	for _, off := range offs {
		if g, w := got.Fidelity.OriginalOffset(off), want.Fidelity.OriginalOffset(off); g != w {
			t.Fatalf("%s: article offset %d maps to %d in the original, want %d", what, off, g, w)
		}
	}
}

func codesOf(a *Analysis) []string {
	var s []string
	for _, d := range a.Diagnostics {
		s = append(s, d.Code+"@"+d.Span.String())
	}
	return s
}

// updateFixture is an 8 KiB marked article whose front matter names an
// original, that original (the article's original view, so that the
// comparison starts with no difference), and a source that reads it.
func updateFixture(t *testing.T) (Input, *DiskSource, int) {
	dir := t.TempDir()
	body := sample.Article(8 << 10)
	write(t, dir, "orig.txt", string(view.Build(markup.Parse(body), view.Original, view.Options{}).Text))
	head := "---\ntitle: T\noriginal: orig.txt\n---\n"
	return Input{Src: append([]byte(head), body...), Path: filepath.Join(dir, "a.bp.md"), Root: dir}, &DiskSource{}, len(head)
}

// TestUpdateIsAnalyze: whatever the edits, Update gives what Analyze gives
// for the new text, with and without an original, for random batches of
// edits (which open, close and break marks and the front matter) and for
// typing, the edits an incremental comparison handles in place.
func TestUpdateIsAnalyze(t *testing.T) {
	in, src, skip := updateFixture(t)
	plain := in
	plain.Src = append([]byte("---\ntitle: T\n---\n"), in.Src[skip:]...)
	for _, tc := range []struct {
		name string
		in   Input
		next func(*rand.Rand, []byte) ([]span.Edit, []byte)
	}{
		{"plain", plain, randomUpdateEdits},
		{"original", in, randomUpdateEdits},
		{"typing", in, func(rnd *rand.Rand, src []byte) ([]span.Edit, []byte) { return typingEdit(rnd, src, skip) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(7, 8))
			in := tc.in
			opts := Options{Fixes: true}
			prev := Analyze(in, opts, src)
			for i := range 300 {
				edits, next := tc.next(rnd, prev.Src)
				in.Src = next
				got := Update(prev, in, edits, opts, src)
				sameAnalysis(t, fmt.Sprintf("edit %d (%v)", i, edits), got, Analyze(in, opts, src))
				prev = got
			}
		})
	}
}

// TestUpdateNothingStale: what an update cannot reuse it redoes: a new
// original, other options, edits that do not lead to the new text, an
// article grown too large.
func TestUpdateNothingStale(t *testing.T) {
	in, src, skip := updateFixture(t)
	opts := Options{Fixes: true}
	prev := Analyze(in, opts, src)
	edits, next := typingEdit(rand.New(rand.NewPCG(1, 2)), in.Src, skip)
	in2 := in
	in2.Src = next

	t.Run("original rewritten", func(t *testing.T) {
		write(t, in.Root, "orig.txt", "Another text altogether.\n")
		fresh := &DiskSource{}
		got := Update(prev, in2, edits, opts, fresh)
		if got.Original == prev.Original {
			t.Fatal("compared with the original read before")
		}
		sameAnalysis(t, "rewritten", got, Analyze(in2, opts, fresh))
	})
	t.Run("options", func(t *testing.T) {
		o := Options{Fixes: false}
		sameAnalysis(t, "no fixes", Update(prev, in2, edits, o, src), Analyze(in2, o, src))
	})
	t.Run("wrong edits", func(t *testing.T) {
		bad := []span.Edit{span.Insert(len(in.Src)/2, "zzz")} // not what made in2
		sameAnalysis(t, "wrong edits", Update(prev, in2, bad, opts, src), Analyze(in2, opts, src))
		sameAnalysis(t, "no edits", Update(prev, in2, nil, opts, src), Analyze(in2, opts, src))
	})
	t.Run("too large", func(t *testing.T) {
		big := in
		big.Src = append(append([]byte(nil), in.Src...), bytes.Repeat([]byte("a "), archive.MaxArticleSize/2)...)
		got := Update(prev, big, []span.Edit{span.Insert(len(in.Src), string(big.Src[len(in.Src):]))}, opts, src)
		if len(got.Diagnostics) != 1 || got.Diagnostics[0].Code != "article-too-large" {
			t.Fatalf("diagnostics %v", codesOf(got))
		}
	})
}

// memSource gives every article the one original it holds.
type memSource struct{ o *Original }

func (m memSource) Original(_, _, _ string) (*Original, *archive.Problem) { return m.o, nil }

// FuzzUpdate: Update gives what Analyze gives, for articles and edits the
// fuzzer picks, compared with an original.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte("A {--cut--} b [...] c.\n"), []byte("A cut b d c.\n"), uint64(1))
	f.Add([]byte("One two {~~three~>four~~} five.\n\nSix <!-- seven --> eight.\n"), []byte("One two three five.\n\nSix eight.\n"), uint64(2))
	f.Fuzz(func(t *testing.T, body, orig []byte, seed uint64) {
		rnd := rand.New(rand.NewPCG(seed, seed))
		src := memSource{NewOriginal("/o.txt", orig)}
		in := Input{Src: append([]byte("---\noriginal: o.txt\n---\n"), body...), Path: "/a.bp.md", Root: "/"}
		opts := Options{Fixes: true}
		prev := Analyze(in, opts, src)
		for range 4 {
			var edits []span.Edit
			if rnd.IntN(2) == 0 {
				edits, in.Src = randomUpdateEdits(rnd, prev.Src)
			} else {
				edits, in.Src = typingEdit(rnd, prev.Src, 0)
			}
			got := Update(prev, in, edits, opts, src)
			sameAnalysis(t, "update", got, Analyze(in, opts, src))
			prev = got
		}
	})
}
