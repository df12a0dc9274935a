package fidelity

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// keystrokes are what randomEdit types: letters, words, spaces, line
// ends, punctuation, mark syntax whole and in part, bare elisions, HTML
// comments, Markdown syntax.
var keystrokes = []string{"a", "e", "x", " ", " ", "\n", "\n\n", ".", ",", "'", "-", "the ", "zebra", "Quasar ",
	"{++", "++}", "{--", "--}", "{~~", "~>", "~~}", "{>>", "<<}", "{==", "==}", "{++new++}", "{--cut--}",
	"{>>a note<<}", "[...]", "[", "]", "<!--", "-->", "# ", "- ", "1. ", "*", "_", "`", "\\", "é", "—"}

// randomEdit returns an edit of text: most often a keystroke or a
// deletion of a few bytes, now and then a word replaced, a sentence of
// the original pasted, or a stretch cut.
func randomEdit(rng *rand.Rand, text, orig string, start int) span.Edit {
	at := start + rng.Intn(len(text)-start+1)
	switch r := rng.Intn(20); {
	case r < 9:
		return span.Insert(at, keystrokes[rng.Intn(len(keystrokes))])
	case r < 15:
		return span.Delete(span.Span{Start: at, End: min(len(text), at+1+rng.Intn(3))})
	case r < 17:
		end := at
		for end < len(text) && end-at < 12 && text[end] != ' ' && text[end] != '\n' {
			end++
		}
		return span.Replace(span.Span{Start: at, End: end}, newWords[rng.Intn(len(newWords))])
	case r < 19:
		p := rng.Intn(len(orig))
		return span.Insert(at, orig[p:min(len(orig), p+20+rng.Intn(200))])
	}
	return span.Delete(span.Span{Start: at, End: min(len(text), at+rng.Intn(400))})
}

// TestUpdateSameAsCheck edits articles at random, a keystroke at a time,
// and updates the Result of each check with each edit: the update must
// report what a check of the edited article reports, every diagnostic and
// fix the same, and map offsets the same. Most updates must be done in
// place, not by checking the whole article again.
func TestUpdateSameAsCheck(t *testing.T) {
	edits, inPlace := 0, 0
	for seed := int64(0); seed < 40; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := bigOriginal(seed, 6000+rng.Intn(30000))
		orig := render(toks)
		var body string
		switch seed % 4 {
		case 0:
			body = withMarkedEdits(toks, 20+rng.Intn(40), rng.Intn(10))
		case 1:
			body = withSilentEdits(toks, 1+rng.Intn(30))
		case 2:
			body = withBares(rng, toks)
		default:
			body = orig
		}
		head := "---\ntitle: T\noriginal: orig.txt\n---\n\n"
		text := head + body
		field := span.Span{Start: strings.Index(head, "orig.txt"), End: strings.Index(head, "orig.txt") + 8}
		o := Prepare([]byte(orig))
		opts := Options{NoFixes: seed%5 == 4}
		r := CheckPrepared(markup.Parse([]byte(text)), o, field, opts)
		for e := 0; e < 60; e++ {
			ed := randomEdit(rng, text, orig, len(head))
			next, err := span.Apply([]byte(text), []span.Edit{ed})
			if err != nil {
				t.Fatal(err)
			}
			d := markup.Parse(next)
			want := CheckPrepared(d, o, field, opts)
			got, ok := r.update(d, o, ed, field, opts)
			edits++
			if ok {
				inPlace++
				if msg := sameResult(got, want, len(next)); msg != "" {
					t.Fatalf("seed %d edit %d %+v: %s\nbefore: %q\nafter:  %q", seed, e, ed, msg, around(text, ed.Span.Start), around(string(next), ed.Span.Start))
				}
			} else {
				got = want
			}
			r, text = got, string(next)
		}
	}
	t.Logf("%d of %d updates done in place", inPlace, edits)
	if inPlace < edits*2/3 {
		t.Errorf("only %d of %d updates done in place", inPlace, edits)
	}
}

func around(s string, at int) string { return s[max(0, at-60):min(len(s), at+60)] }

// sameResult says how got differs from want, or "".
func sameResult(got, want Result, n int) string {
	if got.TooDifferent != want.TooDifferent {
		return fmt.Sprintf("too different %v, want %v", got.TooDifferent, want.TooDifferent)
	}
	if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		for i := range min(len(got.Diagnostics), len(want.Diagnostics)) {
			if !reflect.DeepEqual(got.Diagnostics[i], want.Diagnostics[i]) {
				return fmt.Sprintf("diagnostic %d of %d/%d:\n got %+v\nwant %+v", i, len(got.Diagnostics), len(want.Diagnostics), got.Diagnostics[i], want.Diagnostics[i])
			}
		}
		return fmt.Sprintf("%d diagnostics, want %d", len(got.Diagnostics), len(want.Diagnostics))
	}
	for off := 0; off <= n; off += 1 + n/200 {
		if g, w := got.OriginalOffset(off), want.OriginalOffset(off); g != w {
			return fmt.Sprintf("OriginalOffset(%d) = %d, want %d", off, g, w)
		}
	}
	return ""
}

// FuzzUpdate types a fuzzed series of edits into a generated article and
// holds each update to a full check of the edited article. prog is read
// three bytes an edit: what to type (or to delete), and where.
func FuzzUpdate(f *testing.F) {
	f.Add(int64(1), []byte{0, 10, 20, 5, 200, 7, 13, 1, 1})
	f.Add(int64(2), []byte{14, 3, 3, 16, 90, 4, 40, 255, 255})
	f.Add(int64(3), []byte{27, 128, 0, 28, 129, 0, 41, 0, 77})
	f.Fuzz(func(t *testing.T, seed int64, prog []byte) {
		if len(prog) > 60 {
			return
		}
		rng := rand.New(rand.NewSource(seed))
		toks := bigOriginal(seed, 9000)
		orig := render(toks)
		text := withMarkedEdits(toks, 30, 1+rng.Intn(5))
		o := Prepare([]byte(orig))
		r := CheckPrepared(markup.Parse([]byte(text)), o, span.Span{}, Options{})
		for k := 0; k+2 < len(prog); k += 3 {
			at := (int(prog[k+1])<<8 | int(prog[k+2])) * len(text) / 65536
			var ed span.Edit
			if c := int(prog[k]); c < len(keystrokes) {
				ed = span.Insert(at, keystrokes[c])
			} else {
				ed = span.Delete(span.Span{Start: at, End: min(len(text), at+1+c%8)})
			}
			next, err := span.Apply([]byte(text), []span.Edit{ed})
			if err != nil {
				t.Fatal(err)
			}
			d := markup.Parse(next)
			want := CheckPrepared(d, o, span.Span{}, Options{})
			got := r.Update(d, o, ed, span.Span{}, Options{})
			if msg := sameResult(got, want, len(next)); msg != "" {
				t.Fatalf("edit %d %+v: %s", k/3, ed, msg)
			}
			r, text = got, string(next)
		}
	})
}

// TestUpdateAfterMerge: the Result's diagnostics are read-only, shared
// with its state; what the caller does with them (analysis merges them
// into the rules' list, then drops silenced codes and changes severities
// in that list, in place) leaves the state as it was, so an update is
// still a whole check's.
func TestUpdateAfterMerge(t *testing.T) {
	o, d0, d1, typed := keystrokePair(64 << 10)
	r := CheckPrepared(d0, o, span.Span{}, Options{})
	if len(r.Diagnostics) < 2 {
		t.Fatal("too few diagnostics to change")
	}
	merged := rules.Merge(rules.Check(d0, rules.Options{}), r.Diagnostics)
	merged = rules.Options{Off: map[string]bool{CodeUnmarkedChange: true}}.Apply(merged)
	for i := range merged {
		merged[i].Message = "changed"
		merged[i].Span = span.Span{}
		merged[i].Severity = rules.Hint
	}
	got, ok := r.update(d1, o, typed, span.Span{}, Options{})
	if !ok {
		t.Fatal("not updated in place")
	}
	if msg := sameResult(got, CheckPrepared(d1, o, span.Span{}, Options{}), len(d1.Src)); msg != "" {
		t.Fatal(msg)
	}
}

// TestChangedMarksKept: what markup.Update says it kept, changedMarks
// takes without comparing; it must find the same stretch as when it
// compares every mark (a document made by hand says nothing kept).
func TestChangedMarksKept(t *testing.T) {
	kept := 0
	for seed := int64(0); seed < 20; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := bigOriginal(seed, 3000+rng.Intn(6000))
		text := withMarkedEdits(toks, 20+rng.Intn(40), rng.Intn(10))
		od := markup.Parse([]byte(text))
		for range 100 {
			e := randomEdit(rng, text, render(toks), 0)
			next := text[:e.Span.Start] + e.New + text[e.Span.End:]
			d := markup.Update(od, []byte(next), e)
			delta := len(e.New) - (e.Span.End - e.Span.Start)
			if _, _, _, ok := d.Kept(od); ok {
				kept++
			}
			bare := &markup.Document{Src: d.Src, FrontMatter: d.FrontMatter, HasFrontMatter: d.HasFrontMatter, Marks: d.Marks, Problems: d.Problems}
			f1, t1, ok1 := changedMarks(od, d, e.Span.Start, e.Span.End, delta)
			f2, t2, ok2 := changedMarks(od, bare, e.Span.Start, e.Span.End, delta)
			if f1 != f2 || t1 != t2 || ok1 != ok2 {
				t.Fatalf("seed %d, edit %v: kept gives %d, %d, %v; comparing every mark %d, %d, %v", seed, e, f1, t1, ok1, f2, t2, ok2)
			}
			text, od = next, d
		}
	}
	if kept < 1000 {
		t.Fatalf("markup.Update kept marks in %d of 2,000 edits", kept)
	}
}
