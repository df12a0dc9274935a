package rules_test

import (
	"path/filepath"
	"sort"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// FuzzFixes applies every fix the rules offer for an article, one at a
// time, and checks what the fix promises:
//   - it applies (no overlapping or out-of-range edit);
//   - the problem it fixes is gone: the article has fewer diagnostics of
//     that code than before;
//   - no two words were joined: in each view, at each edge of each edit,
//     the fixed article does not put a word against a word where the
//     article kept them apart ("hall. Then" restored as "hallthen"),
//     except when flattening nested marks, which brings out text a mark
//     hid, and around other unclosed marks, whose extent is a guess.
func FuzzFixes(f *testing.F) {
	for _, s := range []string{
		"A {--b++} and {~~c~>c~~} and {----}.\n",
		"hall{--. Then--} the {++new++}{--old--} x",
		"{--a {++b++} c--}",
		"{-- {++b++} c--}",
		"word{>>n<<}{==x==}",
		"a {--cut\n\nmore--} b",
		"a {~~old~~} b {~~~>new~~} c {~~x~>~~}",
		"run `make`{++ again++}`x` first",
		"The {--long--} {--loud--} plan. {--old--} {++new++}",
		"a --} b {++c",
		"---\ntitel: x\n---\nbody {--a--}",
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, fl := range ar.Files {
			if filepath.Ext(fl.Name) == ".md" || fl.Name == "input" {
				f.Add(fl.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 || !utf8.Valid(src) {
			return
		}
		d := markup.Parse(src)
		diags := rules.Check(d, rules.Options{})
		before := codeCounts(diags)
		for _, dg := range diags {
			for _, fx := range dg.Fixes {
				fixed, err := span.Apply(src, fx.Edits)
				if err != nil {
					t.Fatalf("fix %q of %s at %v: %v\narticle: %q", fx.Title, dg.Code, dg.Span, err, src)
				}
				fd := markup.Parse(fixed)
				fdiags := rules.Check(fd, rules.Options{})
				after := codeCounts(fdiags)
				// Gone: fewer of its code, or at least none where it was (a
				// fix may bring out the same problem on another mark, as
				// removing an empty note leaves the cut around it empty).
				at := mapOffset(dg.Span.Start, fx.Edits)
				still := false
				for _, fdg := range fdiags {
					still = still || fdg.Code == dg.Code && fdg.Span.Start == at
				}
				if after[dg.Code] >= before[dg.Code] && still {
					t.Errorf("fix %q of %s at %v leaves %d %s (had %d)\narticle: %q\nfixed:   %q", fx.Title, dg.Code, dg.Span, after[dg.Code], dg.Code, before[dg.Code], src, fixed)
				}
				// Flattening moves text out of a mark that hid it in some
				// view, next to whatever the article put against the mark:
				// what it shows there is the article's doing, not a join.
				// And where another mark is left unclosed, where a mark ends
				// is a guess that any edit may move: words then change
				// sides, which is not a join either.
				if dg.Code == markup.CodeNestedMark || unclosed(d) > 0 && dg.Code != markup.CodeUnclosedMark || unclosed(d) > 1 {
					continue
				}
				if q, ok := glued(src, fixed, fx.Edits); !ok {
					t.Errorf("fix %q of %s at %v joins two words at byte %d of the fixed text\narticle: %q\nfixed:   %q", fx.Title, dg.Code, dg.Span, q, src, fixed)
				}
			}
		}
	})
}

func unclosed(d *markup.Document) int {
	n := 0
	for _, m := range d.Marks {
		if !m.Closed() {
			n++
		}
	}
	return n
}

func codeCounts(diags []rules.Diagnostic) map[string]int {
	m := map[string]int{}
	for _, d := range diags {
		m[d.Code]++
	}
	return m
}

// mapOffset maps an offset of the article to the fixed text: past the
// edits before it, and to the start of an edit that covers it.
func mapOffset(off int, edits []span.Edit) int {
	shift := 0
	for _, e := range edits {
		switch {
		case e.Span.End <= off && !(e.Span.Empty() && e.Span.Start == off):
			shift += len(e.New) - e.Span.Len()
		case e.Span.Start < off:
			return e.Span.Start + shift
		}
	}
	return off + shift
}

// glued checks, in each view, each edge of each edit, and returns the
// first where the fixed article's view puts a word against a word that the
// article's view kept apart at that place.
func glued(src, fixed []byte, edits []span.Edit) (int, bool) {
	before, after := markup.Parse(src), markup.Parse(fixed)
	sorted := append([]span.Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Span.Start < sorted[j].Span.Start })
	whiches := []view.Which{view.Original, view.Published, view.Clean}
	var vbs []*view.View
	for _, w := range whiches {
		vbs = append(vbs, view.Build(before, w, view.Options{}))
	}
	shift := 0
	for _, e := range sorted {
		at, end := e.Span.Start+shift, e.Span.Start+shift+len(e.New)
		shift += len(e.New) - e.Span.Len()
		// Joined in some view of the article already (an empty cut between
		// two letters publishes as "[...]" but reads as one word in the
		// original): removing what stood between does not join anything.
		was := false
		for _, vb := range vbs {
			was = was || joins(vb.Text, vb.ToView(e.Span.Start)) || joins(vb.Text, vb.ToView(e.Span.End))
		}
		if was {
			continue
		}
		for _, w := range whiches {
			va := view.Build(after, w, view.Options{})
			if joins(va.Text, va.ToView(at)) || joins(va.Text, va.ToView(end)) {
				return at, false
			}
		}
	}
	return 0, true
}

// joins reports whether the text on either side of offset p reads as one
// word: a letter or digit on both sides, or with an apostrophe, hyphen or
// underscore between.
func joins(b []byte, p int) bool {
	if p <= 0 || p >= len(b) {
		return false
	}
	l1, n := utf8.DecodeLastRune(b[:p])
	l2, _ := utf8.DecodeLastRune(b[:p-n])
	r1, m := utf8.DecodeRune(b[p:])
	r2, _ := utf8.DecodeRune(b[p+m:])
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	joiner := func(r rune) bool { return r == '\'' || r == '’' || r == '_' || r == '-' }
	return word(l1) && word(r1) || word(l1) && joiner(r1) && word(r2) || joiner(l1) && word(l2) && word(r1)
}
