package diffgen

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// check verifies an article independently of Generate's own check.
func check(t *testing.T, article []byte, original, edited string) {
	t.Helper()
	d := markup.Parse(article)
	for _, dg := range rules.Check(d, rules.Options{}) {
		if dg.Severity == rules.Error {
			t.Fatalf("article %q: error diagnostic %s: %s", article, dg.Code, dg.Message)
		}
	}
	if got := view.Build(d, view.Original, view.Options{}).Text; string(got) != original {
		t.Fatalf("article %q: original view %q, want %q", article, got, original)
	}
	if got := view.Build(d, view.Published, view.Options{}).Text; string(got) != edited {
		t.Fatalf("article %q: published view %q, want %q", article, got, edited)
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		name, original, edited string
		want                   string // the article; "" to check the views only
	}{
		{"empty", "", "", ""},
		{"identical", "The harbour flooded.\n", "The harbour flooded.\n", "The harbour flooded.\n"},
		{"word inserted", "a b", "a X b", "a {++X ++}b"},
		{"word inserted before full stop", "The storm hit.", "The storm hit hard.", "The storm hit{++ hard++}."},
		{"word deleted", "A ferocious storm hit.", "A storm hit.", "A {~~ferocious ~>~~}storm hit."},
		{"word replaced", "It rained on Sunday.", "It rained on Monday.", "It rained on {~~Sunday~>Monday~~}."},
		{"words replaced", "It rained on Sunday night.", "It rained on Monday morning.", "It rained on {~~Sunday night~>Monday morning~~}."},
		{"sentence deleted", "One. Two words here. Three.", "One. Three.", ""},
		{"bare elision", "A petition signed by 900 residents who live near the quarry was handed over.",
			"A petition signed by 900 residents [...] was handed over.",
			"A petition signed by 900 residents {--who live near the quarry--} was handed over."},
		// The published view writes every elision as "[...]", so "[…]" can
		// only be the new side of a substitution.
		{"bare elision unicode", "a b c d", "a […] d", "a {~~b c~>[…]~~} d"},
		{"paragraph inserted", "p1\n\np2\n", "p1\n\nnew words.\n\np2\n", ""},
		{"paragraph deleted", "p1\n\np2\n\np3\n", "p1\n\np3\n", ""},
		{"paragraph elided", "p1\n\np2 here.\n\np3\n", "p1\n\n[...]\n\np3\n", "p1\n\n{--p2 here.--}\n\np3\n"},
		{"sentence becomes paragraph", "x old y.", "x new\n\nnewer y.", ""},
		{"paragraph joined", "one.\n\ntwo.", "one. two.", ""},
		{"leading space added", "a", " a", ""},
		{"trailing newline removed", "a b\n", "a b", ""},
		{"space at line end", "a b\n", "a \n", ""},
		{"edge words", "first middle last", "start middle end", ""},
		{"all new", "", "Brand new text.\n\nTwo paragraphs.", ""},
		{"all gone", "Old text.\n\nGone.", "", ""},
		{"crlf", "One two.\r\n\r\nThree four.\r\n", "One 2.\r\n\r\nThree four five.\r\n", ""},
		{"crlf paragraph inserted", "a\r\n\r\nb\r\n", "a\r\n\r\nnew\r\n\r\nb\r\n", ""},
		{"non-ascii", "Café au lait 😀 and 𐐀 too.", "Café noir 😀 and 𐐁 too.", ""},
		{"non-ascii insert", "é", "é😀é", ""},
		{"literal arrow in common text", "a ~> b c", "a ~> b d", "a ~> b {~~c~>d~~}"},
		{"literal elision in original", "He said [...] then left.", "He said [...] then went.", ""},
		{"literal elision inserted", "a b", "a [...] b", ""},
		{"tab spacing", "a\tb", "a\tX\tb", ""},
		{"double spaces", "a  b", "a X  b", ""},
		{"blank lines kept out of marks", "one\n\n\n\ntwo", "one\n\nthree\n\ntwo", "one\n\n{++three++}\n\ntwo"},
		{"two elisions", "a b c d e", "a [...] c [...] e", "a {--b--} c {--d--} e"},
		{"two markers for one run", "a b c", "a [...] [...] c", "a {~~b~>[...] [...]~~} c"},
		{"code span kept whole", "Run `make x` now.", "Run `make y` now.", ""},
		{"between code spans", "Run `a` and `b` now.", "Run `a` or `b` now.", "Run `a` {~~and~>or~~} `b` now."},
		{"braces in common text", "x {y} z", "x {y} w", "x {y} {~~z~>w~~}"},
		{"escape in common text", "a \\{ b", "a \\{ c", "a \\{ {~~b~>c~~}"},
		{"hyphen added", "a-b", "a--b", ""},
		{"no-break space", "a b\u00a0c", "a b\u00a0d", "a b\u00a0{~~c~>d~~}"},
		{"leading spaces removed", "  lead", "lead", ""},
		{"blank line added at end", "a\n\n", "a\n\n\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Generate([]byte(tc.original), []byte(tc.edited))
			if err != nil {
				t.Fatalf("Generate: %v", err)
			}
			if tc.want != "" && string(got) != tc.want {
				t.Errorf("article %q, want %q", got, tc.want)
			}
			check(t, got, tc.original, tc.edited)
		})
	}
}

// TestGenerateInexpressible covers texts no article reproduces exactly:
// Generate must say so rather than return a wrong article.
func TestGenerateInexpressible(t *testing.T) {
	tests := []struct{ name, original, edited string }{
		{"opener in common text", "a {-- b c", "a {-- b d"},
		{"whole mark in common text", "a {--x--} b c", "a {--x--} b d"},
		{"stray closer in common text", "a --} b", "a --} c"},
		{"arrow in replaced words", "a x~>y b", "a z b"},
		{"opener added", "a b", "a {++ b"},
		{"front matter", "---\ntitle: x\n---\nbody", "---\ntitle: x\n---\nbody2"},
		{"unclosed front matter", "---\n", "---\nx"},
		{"closer added", "a b", "a b++}"},
		{"change in fenced code", "```\ncode a\n```\n", "```\ncode b\n```\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Generate([]byte(tc.original), []byte(tc.edited))
			if err == nil {
				t.Fatalf("Generate returned %q, want an error", got)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
		})
	}
}

var words = strings.Fields(`the council harbour storm flooded said it would meet on Tuesday
residents petition mayor bridge ferry night water rose quickly report found homes
Mill Row was were in of and a an to by 900 62 January Kestrel Bay café naïve 😀`)

var puncts = []string{".", ",", ";", ":", "!", "?", "\u2019s", ")"}

// randomText writes paragraphs of sentences from the word list.
func randomText(r *rand.Rand) []string {
	var toks []string
	paras := 1 + r.IntN(4)
	for p := 0; p < paras; p++ {
		if p > 0 {
			toks = append(toks, "\n\n")
		}
		sents := 1 + r.IntN(4)
		for s := 0; s < sents; s++ {
			if s > 0 {
				if r.IntN(5) == 0 {
					toks = append(toks, "\n")
				} else {
					toks = append(toks, " ")
				}
			}
			n := 2 + r.IntN(10)
			for w := 0; w < n; w++ {
				if w > 0 {
					toks = append(toks, " ")
				}
				toks = append(toks, words[r.IntN(len(words))])
				if w < n-1 && r.IntN(8) == 0 {
					toks = append(toks, puncts[1+r.IntN(len(puncts)-1)])
				}
			}
			toks = append(toks, puncts[r.IntN(3)])
		}
	}
	if r.IntN(2) == 0 {
		toks = append(toks, "\n")
	}
	return toks
}

// edit applies random word-level edits to the tokens of a text.
func edit(r *rand.Rand, toks []string) []string {
	out := append([]string(nil), toks...)
	isWord := func(s string) bool { return strings.TrimSpace(s) != "" && !strings.ContainsAny(s[:1], ".,;:!?)\u2019") }
	edits := 1 + r.IntN(5)
	for e := 0; e < edits && len(out) > 0; e++ {
		i := r.IntN(len(out))
		switch r.IntN(6) {
		case 0: // insert a word
			out = append(out[:i], append([]string{words[r.IntN(len(words))], " "}, out[i:]...)...)
		case 1: // delete a word and the space after it
			if isWord(out[i]) && i+1 < len(out) && out[i+1] == " " {
				out = append(out[:i], out[i+2:]...)
			}
		case 2: // replace a word
			if isWord(out[i]) {
				out[i] = words[r.IntN(len(words))]
			}
		case 3: // replace a run of words with [...]
			j := i
			for j < len(out) && j < i+5 && (isWord(out[j]) || out[j] == " ") {
				j++
			}
			for j > i && out[j-1] == " " {
				j--
			}
			if j > i && isWord(out[i]) {
				marker := "[...]"
				if r.IntN(4) == 0 {
					marker = "[…]"
				}
				out = append(out[:i], append([]string{marker}, out[j:]...)...)
			}
		case 4: // insert a sentence or a paragraph
			sep := " "
			if r.IntN(2) == 0 {
				sep = "\n\n"
			}
			out = append(out[:i], append([]string{words[r.IntN(len(words))], " ", words[r.IntN(len(words))], ".", sep}, out[i:]...)...)
		case 5: // delete from i to the next full stop
			j := i
			for j < len(out) && out[j] != "." {
				j++
			}
			if j < len(out) {
				out = append(out[:i], out[j+1:]...)
			}
		}
	}
	return out
}

// TestGenerateProperty: for random prose and random edits, Generate must
// succeed and the article must give back both texts exactly.
func TestGenerateProperty(t *testing.T) {
	const seeds = 500
	elisions, marks := 0, 0
	for seed := uint64(1); seed <= seeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x6469666667656e))
		orig := randomText(r)
		ed := edit(r, orig)
		o, e := strings.Join(orig, ""), strings.Join(ed, "")
		if r.IntN(4) == 0 {
			o = strings.ReplaceAll(o, "\n", "\r\n")
			e = strings.ReplaceAll(e, "\n", "\r\n")
		}
		got, err := Generate([]byte(o), []byte(e))
		if err != nil {
			t.Fatalf("seed %d: Generate(%q, %q): %v", seed, o, e, err)
		}
		check(t, got, o, e)
		elisions += bytes.Count(got, []byte("{--"))
		marks += bytes.Count(got, []byte("{++")) + bytes.Count(got, []byte("{~~"))
	}
	if elisions == 0 || marks == 0 {
		t.Fatalf("the edits made %d elisions and %d other marks", elisions, marks)
	}
	t.Logf("%d seeds: %d elisions, %d other marks", seeds, elisions, marks)
}

// TestGenerateRandomBytes: for arbitrary texts over an alphabet rich in
// mark syntax, Generate either fails or returns a correct article.
func TestGenerateRandomBytes(t *testing.T) {
	const seeds = 500
	alphabet := []byte("{}-+~><=[]. \n\r\t\\`ab\xc3\xa9")
	okCount := 0
	for seed := uint64(1); seed <= seeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x72616e64))
		gen := func() []byte {
			b := make([]byte, r.IntN(24))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			return b
		}
		o := gen()
		var e []byte
		if r.IntN(2) == 0 {
			e = gen()
		} else { // a mutation of the original
			e = append([]byte(nil), o...)
			for k := r.IntN(4); k >= 0 && len(e) > 0; k-- {
				i := r.IntN(len(e))
				ins := gen()
				ins = ins[:min(len(ins), r.IntN(3))]
				e = append(e[:i:i], append(ins, e[i+1:]...)...)
			}
		}
		got, err := Generate(o, e)
		if err != nil {
			continue
		}
		okCount++
		check(t, got, string(o), string(e))
	}
	t.Logf("%d of %d random pairs expressible", okCount, seeds)
}

func TestTokenize(t *testing.T) {
	src := "Café, 😀 [...]x\r\n\r\n[…] \xff"
	b := tokenize([]byte(src))
	var toks []string
	for i := 0; i+1 < len(b); i++ {
		toks = append(toks, src[b[i]:b[i+1]])
	}
	want := []string{"Café", ",", " ", "😀", " ", "[...]", "x", "\r\n\r\n", "[…]", " ", "\xff"}
	if fmt.Sprintf("%q", toks) != fmt.Sprintf("%q", want) {
		t.Errorf("tokens %q, want %q", toks, want)
	}
}

func BenchmarkGenerate(b *testing.B) {
	r := rand.New(rand.NewPCG(42, 42))
	var orig []string
	for n := 0; n < 1<<20; {
		toks := randomText(r)
		toks = append(toks, "\n\n")
		for _, s := range toks {
			n += len(s)
		}
		orig = append(orig, toks...)
	}
	ed := append([]string(nil), orig...)
	// About 1,000 word replacements, spread evenly.
	step := len(ed) / 1000
	for i := step / 2; i < len(ed); i += step {
		for j := i; j < len(ed) && j < i+step; j++ {
			if len(ed[j]) > 1 && strings.TrimSpace(ed[j]) == ed[j] && ed[j] != "\u2019s" {
				ed[j] = "REPLACED"
				break
			}
		}
	}
	o, e := []byte(strings.Join(orig, "")), []byte(strings.Join(ed, ""))
	article, err := Generate(o, e)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(o)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(o, e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(article, []byte("{~~"))), "marks")
}

// TestGenerateLarge covers big changes and a big text full of mark syntax,
// which must fail (or succeed) quickly rather than join changes forever.
func TestGenerateLarge(t *testing.T) {
	long := strings.Repeat("the council said it would meet, ", 300)
	for _, c := range [][2]string{
		{"Start. " + long + "End.", "Start. End."},
		{"Start " + long + ".", "Start ."},
		{"Start.\n\n" + long + "\n\nEnd.", "Start.\n\n[...]\n\nEnd."},
		{"Start.\n\nEnd.", "Start.\n\n" + long + "\n\n" + long + "\n\nEnd."},
	} {
		got, err := Generate([]byte(c[0]), []byte(c[1]))
		if err != nil {
			t.Fatalf("Generate: %v", err)
		}
		check(t, got, c[0], c[1])
	}

	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("{}-+~><=[]. \nab")
	o := make([]byte, 200000)
	for i := range o {
		o[i] = alphabet[r.IntN(len(alphabet))]
	}
	e := append([]byte(nil), o...)
	for k := 0; k < 2000; k++ {
		e[r.IntN(len(e))] = alphabet[r.IntN(len(alphabet))]
	}
	got, err := Generate(o, e)
	if err == nil {
		check(t, got, string(o), string(e))
	}
}

// TestGenerateDeterministic: the article is a function of the two texts;
// a diff that gave up on a clock made it depend on the machine's load.
// The pair is large and a third of it changed, where a bounded diff has
// the most room to vary.
func TestGenerateDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var orig []string
	for n := 0; n < 200000; {
		toks := append(randomText(r), "\n\n")
		for _, s := range toks {
			n += len(s)
		}
		orig = append(orig, toks...)
	}
	ed := append([]string(nil), orig...)
	for i := range ed {
		if len(ed[i]) > 2 && strings.TrimSpace(ed[i]) == ed[i] && r.IntN(3) == 0 {
			ed[i] = "NEW"
		}
	}
	o, e := []byte(strings.Join(orig, "")), []byte(strings.Join(ed, ""))
	first, err := Generate(o, e)
	if err != nil {
		t.Fatal(err)
	}
	check(t, first, string(o), string(e))
	for i := 0; i < 2; i++ {
		got, err := Generate(o, e)
		if err != nil || !bytes.Equal(got, first) {
			t.Fatalf("run %d differs (err %v)", i+2, err)
		}
	}
}
