package fidelity

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/view"
)

// piece is a token of the original with the bytes before it.
type piece struct{ sep, text string }

// pieces splits text into tokens with the bytes before each; the bytes
// after the last token are returned apart.
func pieces(text string) ([]piece, string) {
	var out []piece
	prev := 0
	for _, t := range Tokenize([]byte(text)) {
		out = append(out, piece{text[prev:t.Start], text[t.Start:t.End]})
		prev = int(t.End)
	}
	return out, text[prev:]
}

var (
	fuzzWords  = []string{"zebra", "Then", "then", "hall", "the", "a", "don't", "well-known", "x", "Café"}
	fuzzPuncts = []string{".", ",", ";", ":", "!", "?", "—", "-", "'", "\"", "(", ")", "’", "…"}
	fuzzSeps   = []string{" ", "", "\n", "  ", "\n\n", "\t", " \n"}
)

// edit rewrites the pieces by the program prog, three bytes an edit: what
// to do, to which piece, and a choice. Each piece is edited at most once,
// so marks never nest, and a mark holds one piece, so it never crosses a
// blank line.
func edit(ps []piece, prog []byte) []piece {
	out := append([]piece(nil), ps...)
	done := make([]bool, len(out))
	for k := 0; k+2 < len(prog) && len(out) > 0; k += 3 {
		i, arg := int(prog[k+1])%len(out), int(prog[k+2])
		if done[i] {
			continue
		}
		done[i] = true
		p := &out[i]
		word := fuzzWords[arg%len(fuzzWords)]
		punct := fuzzPuncts[arg%len(fuzzPuncts)]
		switch prog[k] % 14 {
		case 0:
			p.text = word
		case 1:
			p.text = "{~~" + p.text + "~>" + word + "~~}"
		case 2:
			p.text += fuzzSeps[arg%2] + word
		case 3:
			p.text += " {++" + word + "++}"
		case 4:
			p.text = ""
			if arg%2 == 0 {
				p.sep = ""
			}
		case 5:
			p.text = "{--" + p.text + "--}"
		case 6:
			p.text = flipCase(p.text)
		case 7:
			if arg/len(fuzzPuncts)%2 == 1 {
				p.text += " "
			}
			p.text += punct
		case 8:
			p.sep = ""
		case 9:
			p.sep = fuzzSeps[arg%len(fuzzSeps)]
		case 10:
			p.text = "[...]"
		case 11:
			p.text += "{>>n<<}"
		case 12:
			p.text = "{==" + p.text + "==}"
		case 13:
			p.text = punct
		}
	}
	return out
}

func flipCase(s string) string {
	if s == "" {
		return s
	}
	if up := strings.ToUpper(s[:1]); up != s[:1] {
		return up + s[1:]
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// safeOriginal drops the bytes that would write marks or escapes into an
// article made from the original: the fuzz is about fixes, not about
// originals that read as mark syntax.
func safeOriginal(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("{}[]~<>\\`", r) {
			return -1
		}
		return r
	}, s)
}

func tokenCounts(text []byte) map[string]int {
	m := map[string]int{}
	for _, t := range Tokenize(text) {
		m[string(text[t.Start:t.End])]++
	}
	return m
}

func originalView(src []byte) []byte {
	return view.Build(markup.Parse(src), view.Original, view.Options{}).Text
}

// FuzzFixes derives an article from an original by random word,
// punctuation, case and space edits, some marked and some not, applies
// every fix of every diagnostic one at a time, and checks the article
// again: the diagnostic fixed is gone from the place the fix edited, the
// fix made no syntax problem, and it joined no two words (no token of the
// fixed article's original view is more frequent than before, in the
// original and in the inserted text together: "hallthen" is in none).
func FuzzFixes(f *testing.F) {
	// Finding 15: "hall then the" became "hall. Then the".
	f.Add("The hall then the vote.", []byte{7, 1, 0, 6, 2, 0})
	f.Add("The hall then the vote.", []byte{7, 1, 6, 8, 2, 0})
	f.Add("One two three four five six.\n\nSeven eight nine.", []byte{0, 2, 1, 5, 4, 0, 10, 7, 0, 11, 1, 0})
	f.Add("Alpha beta, gamma delta.", []byte{13, 2, 3, 9, 3, 1, 3, 0, 2})
	f.Fuzz(func(t *testing.T, orig string, prog []byte) {
		orig = safeOriginal(orig)
		if len(orig) > 4000 || len(prog) > 300 {
			return
		}
		checkFixes(t, orig, edited(orig, prog))
	})
}

// edited returns orig rewritten by the program prog (see edit).
func edited(orig string, prog []byte) string {
	ps, tail := pieces(orig)
	var b strings.Builder
	for _, p := range edit(ps, prog) {
		b.WriteString(p.sep + p.text)
	}
	b.WriteString(tail)
	return b.String()
}

func checkFixes(t *testing.T, orig, article string) {
	t.Helper()
	d := markup.Parse([]byte(article))
	r := Check(d, []byte(orig), span.Span{}, Options{})
	before := tokenCounts(originalView([]byte(article)))
	origCounts := tokenCounts([]byte(orig))
	for _, dg := range r.Diagnostics {
		for _, fx := range dg.Fixes {
			out, err := span.Apply([]byte(article), fx.Edits)
			if err != nil {
				t.Fatalf("%s on %s: %v", fx.Title, dg.Code, err)
			}
			fail := func(what string) {
				t.Helper()
				t.Fatalf("%s on %s %v: %s\noriginal: %q\narticle:  %q\nfixed:    %q", fx.Title, dg.Code, dg.Span, what, orig, article, out)
			}
			d2 := markup.Parse(out)
			if len(d2.Problems) > len(d.Problems) {
				fail("syntax problems " + d2.Problems[len(d2.Problems)-1].Message)
			}
			inserted := map[string]int{}
			for _, e := range fx.Edits {
				for tok, n := range tokenCounts([]byte(e.New)) {
					inserted[tok] += n
				}
			}
			for tok, n := range tokenCounts(view.Build(d2, view.Original, view.Options{}).Text) {
				if n > before[tok]+origCounts[tok]+inserted[tok] {
					fail("words joined into " + tok)
				}
			}
			e := fx.Edits[0]
			place := span.Span{Start: e.Span.Start, End: e.Span.Start + len(e.New)}
			r2 := Check(d2, []byte(orig), span.Span{}, Options{})
			for _, dg2 := range r2.Diagnostics {
				if dg2.Code == dg.Code && covers(dg2.Span, place) && !progress(d, d2, orig, dg.Span) {
					fail("still " + dg2.Code + ": " + dg2.Message)
				}
			}
		}
	}
}

// progress reports whether the fix that turned d into d2 took away at
// least the tokens of the difference at s: the word-by-word edit distance
// to the original fell by that much. When the original repeats its words
// ("0 ! 0 ! 0"), an equally short alignment of the fixed text may put
// another, untouched difference where the fix wrote; the distance tells
// the two apart.
func progress(d, d2 *markup.Document, orig string, s span.Span) bool {
	c1, c2 := newChecker(d, []byte(orig)), newChecker(d2, []byte(orig))
	k := 0
	for i := range c1.vt {
		if s.Start <= c1.start(i) && c1.end(i) <= s.End {
			k++
		}
	}
	return distance(c2.a, c2.b) <= distance(c1.a, c1.b)-max(1, k)
}

// distance is the number of tokens to delete and insert to turn a into b,
// by brute force.
func distance(a, b []uint32) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diag := 0
		for j := range b {
			up := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diag + 1
			} else {
				row[j+1] = max(row[j+1], row[j])
			}
			diag = up
		}
	}
	return len(a) + len(b) - 2*row[len(b)]
}

// covers reports whether diagnostic span s lies on the place an edit
// wrote: they share a byte, or s is a point inside it.
func covers(s, place span.Span) bool {
	if s.Empty() {
		return place.Start < s.Start && s.Start < place.End
	}
	return s.Start < place.End && place.Start < s.End
}
