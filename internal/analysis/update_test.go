package analysis

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// updatePieces are what the edits of the update tests insert: words,
// spaces, line breaks, and the pieces of marks, so that edits open, close
// and break marks.
var updatePieces = []string{"", "x", "council ", " ", "\n", "\n\n", "{--", "--}", "{++", "++}", "~>", "[...]", "é", "😀", "---\n"}

// randomUpdateEdits returns up to four random edits of src, each in the
// coordinates the ones before left, and the text they make.
func randomUpdateEdits(rnd *rand.Rand, src []byte) ([]span.Edit, []byte) {
	var edits []span.Edit
	for range 1 + rnd.IntN(4) {
		start := rnd.IntN(len(src) + 1)
		end := min(len(src), start+rnd.IntN(8))
		e := span.Replace(span.Span{Start: start, End: end}, updatePieces[rnd.IntN(len(updatePieces))])
		src = append(append(append([]byte(nil), src[:start]...), e.New...), src[end:]...)
		edits = append(edits, e)
	}
	return edits, src
}

// TestUpdateIsAnalyze: whatever the edits, Update gives what Analyze gives
// for the new text, with and without an original. (Update analyses afresh
// today; this is the test an incremental Update must pass.)
func TestUpdateIsAnalyze(t *testing.T) {
	dir := t.TempDir()
	body := sample.Article(8 << 10)
	write(t, dir, "orig.txt", string(view.Build(markup.Parse(body), view.Original, view.Options{}).Text))
	src := &DiskSource{}
	for _, tc := range []struct {
		name, head string
	}{
		{"plain", "---\ntitle: T\n---\n"},
		{"original", "---\ntitle: T\noriginal: orig.txt\n---\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(7, 8))
			in := Input{Src: append([]byte(tc.head), body...), Path: filepath.Join(dir, "a.bp.md"), Root: dir}
			opts := Options{Fixes: true}
			prev := Analyze(in, opts, src)
			for i := range 200 {
				edits, next := randomUpdateEdits(rnd, prev.Src)
				in.Src = next
				got := Update(prev, in, edits, opts, src)
				if want := Analyze(in, opts, src); !reflect.DeepEqual(got, want) {
					t.Fatalf("edit %d (%v): Update differs from Analyze", i, edits)
				}
				prev = got
			}
		})
	}
}

// FuzzUpdate: Update gives what Analyze gives, for edits the fuzzer picks.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte("A {--cut--} b [...] c.\n"), uint64(1))
	f.Fuzz(func(t *testing.T, src []byte, seed uint64) {
		rnd := rand.New(rand.NewPCG(seed, seed))
		prev := Analyze(Input{Src: src}, Options{Fixes: true}, nil)
		edits, next := randomUpdateEdits(rnd, src)
		got := Update(prev, Input{Src: next}, edits, Options{Fixes: true}, nil)
		if want := Analyze(Input{Src: next}, Options{Fixes: true}, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("edits %v of %q: Update differs from Analyze", edits, src)
		}
	})
}
