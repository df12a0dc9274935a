package markup

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
)

// updatePieces are what the update tests type: words, spaces, blank
// lines, every delimiter, fences, front matter lines and backticks, so
// that edits open, close and break marks, fences and paragraphs.
var updatePieces = []string{"", "x", "word ", " ", "\n", "\n\n", "\n \n", "{--", "--}", "{++", "++}", "{~~", "~~}", "~>",
	"{>>", "<<}", "{==", "==}", "[...]", "[…]", "`", "``", "\n```\n", "\n~~~\n", "---\n", "\\", "é", "\r\n"}

// edit applies one random edit to src and returns it and the new text.
func randomEdit(rnd *rand.Rand, src []byte) (span.Edit, []byte) {
	start := rnd.IntN(len(src) + 1)
	end := min(len(src), start+rnd.IntN(6))
	if rnd.IntN(20) == 0 {
		end = min(len(src), start+rnd.IntN(400)) // a passage cut
	}
	text := updatePieces[rnd.IntN(len(updatePieces))]
	if rnd.IntN(10) == 0 {
		text = strings.Repeat(text, 1+rnd.IntN(5))
	}
	e := span.Replace(span.Span{Start: start, End: end}, text)
	return e, slices(src[:start], []byte(text), src[end:])
}

func slices(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// sameDoc fails unless Update's document is Parse's, field by field.
func sameDoc(t *testing.T, what string, got, want *Document) {
	t.Helper()
	if !SameParse(got, want) {
		switch {
		case !reflect.DeepEqual(got.Marks, want.Marks):
			t.Fatalf("%s: marks differ:\n got %v\nwant %v", what, got.Marks, want.Marks)
		case !reflect.DeepEqual(got.Problems, want.Problems):
			t.Fatalf("%s: problems differ:\n got %v\nwant %v", what, got.Problems, want.Problems)
		default:
			t.Fatalf("%s: documents differ:\n got %+v\nwant %+v", what, got, want)
		}
	}
}

// TestUpdateIsParse: after any edit, Update gives the document Parse
// gives, on articles with every kind of mark, fences, front matter and
// problems, over series of edits each updating the last document.
func TestUpdateIsParse(t *testing.T) {
	bodies := [][]byte{
		sample.Article(16 << 10),
		[]byte("---\ntitle: T\n---\n\nIntro {--cut\n\nstill cut--} and {++add\n\nmore ```\ncode {--x--}\n```\n\n" +
			"Next {~~a~>b~~} [...] `{--code--}` {==h==}{>>n<<}.\n\n{--open\n\nText --} close.\n\n~~~\nfence\n"),
		bytes.Repeat([]byte("Para {--a--} {++b\n\n"), 200),
	}
	for bi, body := range bodies {
		rnd := rand.New(rand.NewPCG(uint64(bi), 3))
		old := Parse(body)
		for range 3000 {
			e, src := randomEdit(rnd, old.Src)
			got := Update(old, src, e)
			sameDoc(t, "body "+string(rune('0'+bi))+" edit "+e.Span.String()+" "+strings.ReplaceAll(e.New, "\n", `\n`), got, Parse(src))
			old = got
		}
	}
}

// TestUpdatePendingBares: a mark left open at its paragraph's end holds
// back the bare elisions after it until its fate is known, and lists them
// after it: a closer typed two paragraphs on must still reach it (found
// by FuzzUpdate in CI).
func TestUpdatePendingBares(t *testing.T) {
	old := Parse([]byte("x {--a\n\n[...] b\n\nmore\n"))
	at := len("x {--a\n\n[...] b\n\nmore")
	src := []byte("x {--a\n\n[...] b\n\nmore --}\n")
	got, want := Update(old, src, span.Insert(at, " --}")), Parse(src)
	sameDoc(t, "closer typed", got, want)
	if len(want.Marks) != 1 || !want.Marks[0].Closed() {
		t.Fatalf("the closer should close the elision across paragraphs: %v", want.Marks)
	}
}

// TestUpdateIsLocal: typing in an article parses a stretch around the
// keystroke, not the article: the fast path is taken for nearly every
// keystroke of prose with marks.
func TestUpdateIsLocal(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 9))
	old := Parse(sample.Article(256 << 10))
	local := 0
	const n = 500
	for range n {
		at := rnd.IntN(len(old.Src))
		text := []string{"a", " ", "e", ",", "{--", "--}", "[...]", "\n\n"}[rnd.IntN(8)]
		e := span.Insert(at, text)
		src := slices(old.Src[:at], []byte(text), old.Src[at:])
		d, ok := update(old, src, e)
		if ok {
			local++
			sameDoc(t, "local", d, Parse(src))
		}
		// The next keystroke types into the original text again, so that
		// the article does not fill with stray delimiters.
	}
	if local < n*9/10 {
		t.Errorf("%d of %d keystrokes parsed locally", local, n)
	}
}

// FuzzUpdate: Update gives what Parse gives, for texts and edits the
// fuzzer picks.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte("A {--cut--} b.\n\nC {++d\n\ne++} f.\n"), uint64(1))
	f.Add([]byte("---\nt: x\n---\n```\n{--\n```\n\n[...] {~~a~>b~~}\n"), uint64(2))
	f.Fuzz(func(t *testing.T, src []byte, seed uint64) {
		rnd := rand.New(rand.NewPCG(seed, seed))
		old := Parse(src)
		for range 4 {
			e, next := randomEdit(rnd, old.Src)
			got := Update(old, next, e)
			sameDoc(t, "fuzz", got, Parse(next))
			old = got
		}
	})
}
