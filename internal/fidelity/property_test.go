package fidelity

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

var wordList = strings.Fields(`the a of and to in is was it that he she they we you for on with as his her at by
from this have not but had are were be been which or one all would there their what so up out if about who
get go me when make can like time no just him know take people into year your good some could them see other
than then now look only come its over think also back after use two how our work first well way even new want
because any these give day most us river stone house garden morning letter window bridge silver quiet`)

var newWords = strings.Fields(`zebra quasar lantern velvet harbor meadow tinsel orbit`)

type gtok struct {
	text string
	sep  string // what comes before it
	para int
	word bool
}

// genOriginal makes a random original: paragraphs of sentences, no two
// neighbouring tokens alike, so that a removed word cannot slide.
func genOriginal(rng *rand.Rand, paras int) []gtok {
	var toks []gtok
	for p := 0; p < paras; p++ {
		sentences := 1 + rng.Intn(4)
		first := true
		for s := 0; s < sentences; s++ {
			n := 3 + rng.Intn(12)
			for w := 0; w < n; w++ {
				var word string
				for {
					word = wordList[rng.Intn(len(wordList))]
					if len(toks) == 0 || toks[len(toks)-1].text != word {
						break
					}
				}
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				sep := " "
				switch {
				case first && p == 0:
					sep = ""
				case first:
					sep = "\n\n"
				case rng.Intn(10) == 0:
					sep = "\n"
				}
				first = false
				toks = append(toks, gtok{word, sep, p, true})
				if w > 0 && w < n-1 && rng.Intn(8) == 0 {
					toks = append(toks, gtok{",", "", p, false})
				}
			}
			punct := "."
			if rng.Intn(5) == 0 {
				punct = "?"
			}
			toks = append(toks, gtok{punct, "", p, false})
		}
	}
	return toks
}

func render(toks []gtok) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.sep)
		b.WriteString(t.text)
	}
	return b.String()
}

type silent int

const (
	silentNone silent = iota
	silentInsert
	silentRemove
	silentReplace
	silentBare
)

// genArticle marks random edits on the original and injects at most one
// silent edit of kind kind. It returns the article, the byte offset of
// the silent edit and, for a bare elision, the original's cut words.
func genArticle(rng *rand.Rand, toks []gtok, kind silent) (article string, at int, cut string) {
	// Choose the silent edit's place first: a word token that no mark
	// touches.
	target := -1
	targetLen := 1
	if kind != silentNone {
		for tries := 0; tries < 100 && target < 0; tries++ {
			i := rng.Intn(len(toks))
			if toks[i].word {
				target = i
			}
		}
		if kind == silentBare {
			for targetLen < 3 && target+targetLen < len(toks) && toks[target+targetLen].word &&
				toks[target+targetLen].para == toks[target].para && rng.Intn(2) == 0 {
				targetLen++
			}
		}
	}
	var b strings.Builder
	at = -1
	for i := 0; i < len(toks); {
		t := toks[i]
		if i == target {
			switch kind {
			case silentInsert:
				b.WriteString(t.sep)
				at = b.Len()
				b.WriteString("intruder ")
				b.WriteString(t.text)
			case silentRemove:
				if t.sep == "\n\n" || i == 0 {
					b.WriteString(t.sep)
				}
				at = b.Len()
			case silentReplace:
				b.WriteString(t.sep)
				at = b.Len()
				b.WriteString("replacement")
			case silentBare:
				b.WriteString(t.sep)
				at = b.Len()
				b.WriteString("[...]")
				var c strings.Builder
				for k := i; k < i+targetLen; k++ {
					if k > i {
						c.WriteString(toks[k].sep)
					}
					c.WriteString(toks[k].text)
				}
				cut = c.String()
				i += targetLen
				continue
			}
			i++
			continue
		}
		// A marked edit over tokens [i, j) of one paragraph, clear of the
		// target.
		j := i + 1 + rng.Intn(3)
		ok := j <= len(toks) && (target < i || target >= j) && toks[j-1].para == t.para && t.word
		switch r := rng.Intn(12); {
		case ok && r == 0:
			b.WriteString(t.sep)
			b.WriteString("{--" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "--}")
			i = j
			continue
		case ok && r == 1:
			b.WriteString(t.sep)
			b.WriteString("{~~" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "~>" + newWords[rng.Intn(len(newWords))] + "~~}")
			i = j
			continue
		case ok && r == 2:
			b.WriteString(t.sep)
			b.WriteString("{==" + strings.TrimPrefix(render(toks[i:j]), t.sep) + "==}")
			i = j
			continue
		case t.word && r == 3:
			b.WriteString(t.sep)
			b.WriteString("{++" + newWords[rng.Intn(len(newWords))] + "++} ")
			b.WriteString(t.text)
			i++
			continue
		case r == 4:
			b.WriteString(t.sep)
			b.WriteString(t.text)
			b.WriteString("{>>a note<<}")
			i++
			continue
		}
		b.WriteString(t.sep)
		b.WriteString(t.text)
		i++
	}
	return b.String(), at, cut
}

func lineOf(s string, off int) int { return strings.Count(s[:off], "\n") }

func TestPropertyMarkedEditsAreClean(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := genOriginal(rng, 1+rng.Intn(6))
		orig := render(toks)
		article, _, _ := genArticle(rng, toks, silentNone)
		r := check(t, article, orig)
		for _, dg := range r.Diagnostics {
			t.Errorf("seed %d: %s at %v (%s)\noriginal: %q\narticle: %q", seed, dg.Code, dg.Span, dg.Message, orig, article)
		}
	}
}

func TestPropertySilentEditIsReported(t *testing.T) {
	for seed := int64(0); seed < 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := genOriginal(rng, 2+rng.Intn(6))
		orig := render(toks)
		kind := silent(1 + seed%4)
		article, at, cut := genArticle(rng, toks, kind)
		if at < 0 {
			continue
		}
		r := check(t, article, orig)
		fail := func(msg string, args ...any) {
			t.Helper()
			t.Errorf("seed %d kind %d: %s\noriginal: %q\narticle: %q\ngot %+v", seed, kind, fmt.Sprintf(msg, args...), orig, article, r.Diagnostics)
		}
		if len(r.Diagnostics) != 1 {
			fail("want one diagnostic")
			continue
		}
		dg := r.Diagnostics[0]
		if kind == silentBare {
			if dg.Code != rules.CodeUntrackedElision {
				fail("want untracked-elision")
				continue
			}
			f, ok := fix(dg, FixRecordCut)
			if !ok || len(f.Edits) != 1 || f.Edits[0].New != "{--"+cut+"--}" {
				fail("want Record fix with %q", cut)
			}
			continue
		}
		if dg.Code != CodeUnmarkedChange {
			fail("want unmarked-change")
			continue
		}
		if l := lineOf(article, dg.Span.Start); l != lineOf(article, at) {
			// A removed word's point follows the word before it, or
			// precedes the word after it, either of which may be on a
			// neighbouring line.
			if d := l - lineOf(article, at); kind != silentRemove || d < -1 || d > 1 {
				fail("line %d, want %d", l, lineOf(article, at))
			}
		}
		for _, f := range dg.Fixes {
			out, err := span.Apply([]byte(article), f.Edits)
			if err != nil {
				fail("%v", err)
				continue
			}
			d2 := markup.Parse(out)
			if len(d2.Problems) != 0 {
				fail("after %s: %q has syntax problems %+v", f.Title, out, d2.Problems)
			}
			if r2 := Check(d2, []byte(orig), span.Span{}, Options{}); len(r2.Diagnostics) != 0 {
				fail("after %s: %q still has %+v", f.Title, out, r2.Diagnostics)
			}
		}
	}
}

// TestPropertyRobust mangles articles with mark syntax at random places:
// Check must not panic, and every fix must apply.
func TestPropertyRobust(t *testing.T) {
	const junk = "{}-+~>=<[]…. \n#*_\\`'"
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := genOriginal(rng, 1+rng.Intn(4))
		orig := render(toks)
		article, _, _ := genArticle(rng, toks, silent(rng.Intn(5)))
		buf := []byte(article)
		for k := rng.Intn(6); k > 0; k-- {
			i := rng.Intn(len(buf) + 1)
			ins := []byte(string([]rune(junk)[rng.Intn(len([]rune(junk)))]))
			buf = append(buf[:i], append(ins, buf[i:]...)...)
		}
		r := Check(markup.Parse(buf), []byte(orig), span.Span{}, Options{})
		for _, dg := range r.Diagnostics {
			if dg.Span.Start < 0 || dg.Span.End > len(buf) || dg.Span.End < dg.Span.Start {
				t.Errorf("seed %d: bad span %v", seed, dg.Span)
			}
			for _, f := range dg.Fixes {
				if _, err := span.Apply(buf, f.Edits); err != nil {
					t.Errorf("seed %d: %s: %v", seed, f.Title, err)
				}
			}
		}
		for off := 0; off <= len(buf); off += 7 {
			if o := r.OriginalOffset(off); o > len(orig) {
				t.Errorf("seed %d: OriginalOffset(%d) = %d beyond the original", seed, off, o)
			}
		}
	}
}
