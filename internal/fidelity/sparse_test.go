package fidelity

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// sparseArticle makes an article of the original toks with marked edits
// and silent ones of every kind, each token's fate drawn with rng: rate
// in 1,000 tokens get a silent edit, about as many a marked one.
func sparseArticle(rng *rand.Rand, toks []gtok, rate int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: T\noriginal: o.txt\n---\n\n")
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		sep := t.sep
		if rng.Intn(1000) < rate {
			switch rng.Intn(9) {
			case 0: // a word inserted
				b.WriteString(sep + "intruder " + t.text)
				continue
			case 1: // a token removed
				if sep == "\n\n" {
					b.WriteString(sep)
				}
				continue
			case 2: // a token replaced
				b.WriteString(sep + "replacement")
				continue
			case 3: // a bare elision of one word or more
				if t.word {
					b.WriteString(sep + "[...]")
					for i+1 < len(toks) && toks[i+1].word && toks[i+1].sep == " " && rng.Intn(2) == 0 {
						i++
					}
					continue
				}
			case 4: // a bare elision of nothing
				b.WriteString(sep + "[...] " + t.text)
				continue
			case 5: // white space changed
				if sep == " " {
					sep = []string{"\n", "  ", "\t"}[rng.Intn(3)]
				}
			case 6: // a sentence pasted from elsewhere
				j := rng.Intn(len(toks))
				b.WriteString(sep + render(toks[j:min(j+12, len(toks))]) + " " + t.text)
				continue
			case 7: // a word repeated
				b.WriteString(sep + t.text + " " + t.text)
				continue
			case 8: // line syntax
				if sep == "\n\n" {
					b.WriteString(sep + []string{"# ", "- ", "> ", "1. "}[rng.Intn(4)] + t.text)
					continue
				}
			}
		}
		j := i + 1 + rng.Intn(2)
		ok := j <= len(toks) && toks[j-1].para == t.para && t.word
		switch r := rng.Intn(40); {
		case ok && r == 0:
			b.WriteString(sep + "{--" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "--}")
			i = j - 1
			continue
		case ok && r == 1:
			b.WriteString(sep + "{~~" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "~>" + newWords[rng.Intn(len(newWords))] + "~~}")
			i = j - 1
			continue
		case t.word && r == 2:
			b.WriteString(sep + "{++" + newWords[rng.Intn(len(newWords))] + "++} " + t.text)
			continue
		case r == 3:
			b.WriteString(sep + t.text + "{>>a note<<}")
			continue
		case ok && r == 4:
			b.WriteString(sep + "{==" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "==}")
			i = j - 1
			continue
		}
		b.WriteString(sep + t.text)
	}
	return b.String()
}

// TestSparseSameAsFull: wherever the sparse check answers, its
// diagnostics are the full check's, fixes and order included, over
// articles with silent edits of every kind, few or many, in originals
// with and without repeated words; and it answers for most of them.
func TestSparseSameAsFull(t *testing.T) {
	answered, cases := 0, 0
	byRate := map[int][2]int{}
	for seed := int64(1); seed <= 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := genOriginal(rng, 20+rng.Intn(120))
		if seed%4 == 0 {
			// Few words, so runs repeat.
			for i := range toks {
				if toks[i].word {
					toks[i].text = []string{"the", "cat", "sat", "on", "mat"}[rng.Intn(5)]
				}
			}
		}
		orig := render(toks)
		if seed%5 == 0 {
			orig = "---\nsource: wire\n---\n" + orig
		}
		rate := []int{1, 2, 3, 10}[seed%4]
		article := sparseArticle(rng, toks, rate)
		d := markup.Parse([]byte(article))
		for _, opts := range []Options{{Final: true}, {Final: true, NoFixes: true}} {
			cases++
			full := CheckPrepared(d, Prepare([]byte(orig)), span.Span{}, opts)
			got, ok := checkSparse(d, buildView(d), []byte(orig), span.Span{}, opts)
			r := byRate[rate]
			r[1]++
			if ok {
				r[0]++
			}
			byRate[rate] = r
			if !ok {
				continue
			}
			answered++
			if full.TooDifferent || !reflect.DeepEqual(got.Diagnostics, full.Diagnostics) {
				t.Errorf("seed %d %+v: sparse check differs from the full one:\n%s", seed, opts, diffDiags(got, full))
			}
		}
	}
	t.Logf("the sparse check answered %d of %d checks; by silent edits per 1,000 tokens: %v", answered, cases, byRate)
	if r := byRate[1]; 3*r[0] < r[1] {
		t.Errorf("with a silent edit in 1,000 tokens the sparse check answered %d of %d checks, want a third or more", r[0], r[1])
	}
}

// TestSparseAnswers: the articles the sparse check is for, faithful but for
// their bare elisions, or with a few silent edits that have one place
// each, get its answer, and it is the full check's.
func TestSparseAnswers(t *testing.T) {
	toks := bigOriginal(11, 200<<10)
	orig := []byte(render(toks))
	for _, tc := range []struct{ name, article string }{
		{"bare elisions", withBareElisions(toks)},
		{"marked edits, five silent", "---\ntitle: T\n---\n\n" + withMarkedEdits(toks, 300, 5)},
		{"silent edits", "---\ntitle: T\n---\n\n" + withSilentEdits(toks, 40)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := markup.Parse([]byte(tc.article))
			opts := Options{Final: true}
			got, ok := checkSparse(d, buildView(d), orig, span.Span{}, opts)
			if !ok {
				t.Fatal("the sparse check gave up")
			}
			want := CheckPrepared(d, Prepare(orig), span.Span{}, opts)
			if len(want.Diagnostics) == 0 || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
				t.Errorf("%s", diffDiags(got, want))
			}
		})
	}
}

// FuzzSparse: for any original and any edits of it, marked or not, the
// sparse check either gives up or gives the full check's diagnostics.
func FuzzSparse(f *testing.F) {
	f.Add("The hall then the vote.", []byte{7, 1, 0, 6, 2, 0})
	f.Add("One two three four five six.\n\nSeven eight nine.", []byte{0, 2, 1, 5, 4, 0, 10, 7, 0, 11, 1, 0})
	f.Add(strings.Repeat("Alpha beta, gamma delta. Epsilon zeta eta.\n\n", 40), []byte{0, 20, 1, 4, 90, 3, 2, 200, 5, 9, 150, 2})
	f.Fuzz(func(t *testing.T, orig string, prog []byte) {
		orig = safeOriginal(orig)
		if len(orig) > 8000 || len(prog) > 300 {
			return
		}
		d := markup.Parse([]byte("---\ntitle: T\n---\n" + edited(orig, prog)))
		for _, opts := range []Options{{Final: true}, {Final: true, NoFixes: true}} {
			got, ok := checkSparse(d, buildView(d), []byte(orig), span.Span{}, opts)
			if !ok {
				continue
			}
			want := CheckPrepared(d, Prepare([]byte(orig)), span.Span{}, opts)
			if want.TooDifferent || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
				t.Errorf("%+v: %s", opts, diffDiags(got, want))
			}
		}
	})
}

// diffDiags describes how two Results' diagnostics differ.
func diffDiags(got, want Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d diagnostics, want %d (too different: %v)\n", len(got.Diagnostics), len(want.Diagnostics), want.TooDifferent)
	for i := 0; i < max(len(got.Diagnostics), len(want.Diagnostics)); i++ {
		var g, w string
		if i < len(got.Diagnostics) {
			g = fmt.Sprintf("%+v", got.Diagnostics[i])
		}
		if i < len(want.Diagnostics) {
			w = fmt.Sprintf("%+v", want.Diagnostics[i])
		}
		if g != w {
			fmt.Fprintf(&b, "  #%d\n    got  %s\n    want %s\n", i, g, w)
			break
		}
	}
	return b.String()
}

// withBareElisions returns an article of toks, with a front matter, whose
// only differences are bare elisions of one word each, about one every 97
// tokens.
func withBareElisions(toks []gtok) string {
	var b strings.Builder
	b.WriteString("---\ntitle: T\n---\n\n")
	for i, tok := range toks {
		if i%97 == 50 && tok.word && i > 0 && toks[i-1].word && i+1 < len(toks) && toks[i+1].word {
			b.WriteString(tok.sep + "[...]")
			continue
		}
		b.WriteString(tok.sep + tok.text)
	}
	return b.String()
}

// sparseAgainstFull runs the sparse check of article against orig, with
// fixes and without, and reports whether it answered and how its answer
// differs from the full check's ("" when it does not).
func sparseAgainstFull(article, orig string) (bool, string) {
	d := markup.Parse([]byte(article))
	answered := false
	for _, opts := range []Options{{Final: true}, {Final: true, NoFixes: true}} {
		got, ok := checkSparse(d, buildView(d), []byte(orig), span.Span{}, opts)
		if !ok {
			continue
		}
		answered = true
		want := CheckPrepared(d, Prepare([]byte(orig)), span.Span{}, opts)
		if want.TooDifferent || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
			return true, diffDiags(got, want)
		}
	}
	return answered, ""
}

// padLines is n lines of prose, each different, to put around a case so
// that its windows are a small part of the view.
func padLines(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Sentence number w%d says something quite different q%d.\n", i, i*7)
	}
	return b.String()
}

// TestSparseFoundInReview: the cases a review found where the sparse check
// answered otherwise than the full check; it now gives up on each or
// answers alike.
//   - A bare elision's words the full diff joined to a change many equal
//     tokens away ("yellow la la ..." against "zebra la ... [...]"), or
//     split in two ("la la x x" against "la [...] x"): its difference must
//     have one place, or be one word alone in its run.
//   - Fixes that read a word further than the margin (an addition widened
//     to take in the word before or after it, the cut words' fix at the
//     place they slid to): the window must hold that word too.
func TestSparseFoundInReview(t *testing.T) {
	p, p40 := padLines(20), padLines(40)
	pre := strings.Repeat("Some words of the text. ", 14)
	long := strings.Repeat("c", 76)
	line := "Aaaa " + strings.Repeat("b", 64) + " " + strings.Repeat("c", 10) + " hall"
	tail := " " + strings.Repeat("b", 40) + " " + strings.Repeat("c", 40) + " dddd eeee ffff.\n"
	cases := []struct{ name, article, orig string }{
		{"joined across a run", pre + "The zebra " + strings.Repeat("la ", 57) + "[...] la la end.\n" + pre,
			pre + "The yellow " + strings.Repeat("la ", 60) + "end.\n" + pre},
		{"joined across a longer run", p40 + "Alpha beta zebra " + strings.Repeat("x ", 195) + "[...] " + strings.Repeat("x ", 4) + "delta epsilon zeta.\n" + p40,
			p40 + "Alpha beta yellow " + strings.Repeat("x ", 200) + "delta epsilon zeta.\n" + p40},
		{"split", "Start one.\n" + p + "Alpha beta gamma la [...] x delta epsilon.\n" + p + "End two.\n",
			"Start zero one.\n" + p + "Alpha beta gamma la la x x delta epsilon.\n" + p + "End three two.\n"},
		{"split across a line", "Start one.\n" + p + "Alpha beta gamma la\n[...] x) x delta epsilon.\n" + p + "End two.\n",
			"Start zero one.\n" + p + "Alpha beta gamma la\nla x x) x delta epsilon.\n" + p + "End three two.\n"},
		{"slid cut's fix", p + "Aaaa Bbbb " + long + " [...] " + strings.Repeat("x ", 20) + "word end.\n" + p,
			p + "Aaaa Bbbb " + long + " x " + strings.Repeat("x ", 20) + "word end.\n" + p},
		{"widened to the word before", p + line + "—then word end.\n" + p, p + line + " then word end.\n" + p},
		{"widened to the word after", p + "Some text here {==hall==}—then" + tail + p, p + "Some text here hall then" + tail + p},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, msg := sparseAgainstFull(tc.article, tc.orig); msg != "" {
				t.Error(msg)
			}
		})
	}
}
