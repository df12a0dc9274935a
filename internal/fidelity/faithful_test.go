package fidelity

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// closed is a channel closed from the start: the original is read.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// tokenBytes returns the bytes of text's tokens, one per line.
func tokenBytes(text []byte) []string {
	var out []string
	for _, t := range Tokenize(text) {
		out = append(out, string(text[t.Start:t.End]))
	}
	return out
}

// TestSameWordsCases pins the comparison on the shapes its rules are for.
// The "differ" cases are pairs that a rule looser than sameWords's (any
// white space for any, line ends counted) would call equivalent, whose
// tokens differ: each is why a rule is there.
func TestSameWordsCases(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		same       bool
	}{
		{"equal", "a b\nc", "a b\nc", true},
		{"rewrapped spaces", "a  b\tc", "a b c", true},
		{"CRLF", "a b\r\nc\r\n\r\nd", "a b\nc\n\nd", true},
		{"trailing space", "a \nb", "a\nb", true},
		{"leading and trailing", "\n\n  a b\n", "a b", true},
		{"indentation", "a\n    b", "a\n\tb", true},
		{"heading CRLF", "# a\r\n## b\r\n", "# a\n## b\n", true},
		{"list CRLF", "1.\r\n- a\r\n", "1.\n- a", true},
		{"blank line with a form feed", "a\n\f\nb", "a\n\nb", true},
		{"word split", "ab", "a b", false},
		{"line joined", "a\n- b", "a - b", false},
		{"paragraph joined", "a\n\nb", "a\nb", false},
		{"word differs", "a b", "a c", false},
		{"longer", "a b", "a b c", false},
		{"unicode space", "a\u00a0b", "a b", false},
		// The line start's syntax reads some white space:
		{"differ: CR at a line start", "a\n\r# b", "a\n# b", false},
		{"differ: form feed after a heading marker", "#\fb", "# b", false},
		{"differ: space after a bullet", "a\n-\nb", "a\n- \nb", false},
		{"differ: space after a bullet at the end", "a\n-", "a\n- ", false},
		{"differ: form feed at the text start", "\f# a", "# a", false},
		{"differ: CR after a quote marker", "> \r# a", ">  # a", false},
		{"differ: form feed in a rule", "- - -\f\nb", "- - -\nb", false},
		{"differ: setext underline", "a\n=\f\nb", "a\n=\nb", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := []byte(tc.a), []byte(tc.b)
			if got := sameWords(a, b); got != tc.same {
				t.Errorf("sameWords = %v, want %v", got, tc.same)
			}
			if got := sameWords(b, a); got != tc.same {
				t.Errorf("sameWords (swapped) = %v, want %v", got, tc.same)
			}
			eq := reflect.DeepEqual(tokenBytes(a), tokenBytes(b))
			if tc.same && !eq || strings.HasPrefix(tc.name, "differ") && eq {
				t.Errorf("tokens %q and %q", tokenBytes(a), tokenBytes(b))
			}
		})
	}
}

// Pieces of the texts the property test makes: words, the Markdown syntax
// the tokenizer skips at a line start, escapes, comments, joiners, and
// white space of every kind the comparison tells apart.
var (
	sameWordPieces = []string{"a", "bc", "don't", "well-known", "Café", "x1", "’", "'", ".", ",", "\\", "\\*", "\\#",
		"<!--", "-->", "<", "\u00a0", "\u2003", "\xc3", "[...]", "{++", "++}", "{--", "--}", "{~~", "~>", "~~}"}
	sameSyntaxPieces = []string{"#", "##", "-", "*", "+", ">", "=", "===", "---", "* * *", "1.", "2)", "_", "__", "**", "`"}
	sameSpacePieces  = []string{" ", "  ", "\n", "\r\n", "\t", "\f", "\v", "\n\n", " \n", "\n ", "\r", "\n\t"}
)

// genSameText returns a random text of the pieces above.
func genSameText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch rng.IntN(5) {
		case 0, 1:
			b.WriteString(sameWordPieces[rng.IntN(len(sameWordPieces))])
		case 2:
			b.WriteString(sameSyntaxPieces[rng.IntN(len(sameSyntaxPieces))])
		default:
			b.WriteString(sameSpacePieces[rng.IntN(len(sameSpacePieces))])
		}
	}
	return b.String()
}

// wsRun returns a random run of ASCII white space with nl line ends.
func wsRun(rng *rand.Rand, nl int) string {
	const blanks = " \t\r\f\v"
	var b strings.Builder
	for k := 0; k <= nl; k++ {
		if k > 0 {
			b.WriteByte('\n')
		}
		for range rng.IntN(3) {
			if rng.IntN(4) == 0 {
				b.WriteByte(blanks[rng.IntN(len(blanks))])
			} else {
				b.WriteByte(" \t"[rng.IntN(2)])
			}
		}
	}
	if b.Len() == 0 {
		return " "
	}
	return b.String()
}

// mutateSpace returns text with its white space changed by steps drawn
// from rng: runs replaced by runs of as many line ends (mostly) or not,
// white space put in or taken out, the ends changed, now and then a byte
// that is not white space.
func mutateSpace(rng *rand.Rand, text string, steps int) string {
	s := []byte(text)
	for range steps {
		runs := wsRuns(s)
		switch op := rng.IntN(10); {
		case op < 5 && len(runs) > 0:
			r := runs[rng.IntN(len(runs))]
			nl := bytes.Count(s[r[0]:r[1]], []byte{'\n'})
			if rng.IntN(5) == 0 {
				nl = rng.IntN(3)
			}
			s = splice(s, r[0], r[1], wsRun(rng, nl))
		case op == 5 && len(runs) > 0:
			r := runs[rng.IntN(len(runs))]
			s = splice(s, r[0], r[1], "")
		case op == 6:
			p := rng.IntN(len(s) + 1)
			s = splice(s, p, p, wsRun(rng, rng.IntN(2)))
		case op == 7:
			s = splice(s, 0, 0, wsRun(rng, rng.IntN(3)))
		case op == 8:
			s = append(s, wsRun(rng, rng.IntN(3))...)
		case len(s) > 0:
			p := rng.IntN(len(s))
			s = splice(s, p, p+1, sameWordPieces[rng.IntN(len(sameWordPieces))])
		}
	}
	return string(s)
}

// wsRuns returns the spans of the runs of ASCII white space in s.
func wsRuns(s []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if !wsByte[s[i]] {
			i++
			continue
		}
		j := runEnd(s, i)
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

func splice(s []byte, i, j int, with string) []byte {
	return append(append(append([]byte(nil), s[:i]...), with...), s[j:]...)
}

// checkSameWords fails t if sameWords calls a and b equivalent while
// their tokens differ, and reports whether it called them equivalent.
func checkSameWords(t *testing.T, a, b string) bool {
	t.Helper()
	if !sameWords([]byte(a), []byte(b)) {
		return false
	}
	if ta, tb := tokenBytes([]byte(a)), tokenBytes([]byte(b)); !reflect.DeepEqual(ta, tb) {
		t.Fatalf("sameWords(%q, %q), but tokens\n%q\n%q", a, b, ta, tb)
	}
	return true
}

// TestSameWordsImpliesTokens: whenever sameWords calls two texts
// equivalent, Tokenize gives them the same tokens, on random texts of
// Markdown syntax, comments, escapes and white space, and their mutations.
func TestSameWordsImpliesTokens(t *testing.T) {
	n := 40000
	if testing.Short() {
		n = 4000
	}
	same := 0
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 9))
		a := genSameText(rng, 1+rng.IntN(30))
		b := mutateSpace(rng, a, 1+rng.IntN(3))
		if checkSameWords(t, a, b) {
			same++
		}
	}
	// Most mutations keep the words: the test must see many of both kinds.
	if same < n/10 || same > n*9/10 {
		t.Errorf("%d of %d pairs equivalent", same, n)
	}
}

// finalSame fails t unless a final check of article against orig, which
// may take the fast path, reports exactly what the check that never takes
// it does (one that may be updated), through every entry point, and
// reports whether the fast path applied.
func finalSame(t *testing.T, article, orig string) bool {
	t.Helper()
	d := markup.Parse([]byte(article))
	field := span.Span{Start: 0, End: 1}
	fast := faithful(d, buildView(d).Text, []byte(orig))
	for _, noFixes := range []bool{false, true} {
		opts := Options{NoFixes: noFixes}
		want := Check(d, []byte(orig), field, opts)
		final := opts
		final.Final = true
		read, ok := CheckRead(d, closed, func() ([]byte, bool) { return []byte(orig), true },
			func() *Original { return PrepareLazy([]byte(orig)) }, field, final)
		// Read late: the article is named whole before the texts are
		// compared.
		late, ok2 := CheckRead(d, make(chan struct{}), func() ([]byte, bool) { return []byte(orig), true },
			func() *Original { return PrepareLazy([]byte(orig)) }, field, final)
		if !ok || !ok2 {
			t.Fatal("CheckRead: no result")
		}
		for name, got := range map[string]Result{
			"Check":           Check(d, []byte(orig), field, final),
			"CheckPrepared":   CheckPrepared(d, PrepareLazy([]byte(orig)), field, final),
			"CheckRead":       read,
			"CheckRead, late": late,
		} {
			if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) || got.TooDifferent != want.TooDifferent {
				t.Fatalf("%s (fast path %v, NoFixes %v) of\n%q\nagainst\n%q:\n%d diagnostics %v, want %d %v",
					name, fast, noFixes, article, orig, len(got.Diagnostics), got.Diagnostics, len(want.Diagnostics), want.Diagnostics)
			}
		}
	}
	return fast
}

// TestFinalFastPathSame: the final check's diagnostics are the full
// check's on the pinned corpus and on random articles, with marks, whose
// originals are their original views with the white space changed.
func TestFinalFastPathSame(t *testing.T) {
	corpus := sameCorpus()
	n := 3000
	if testing.Short() {
		corpus, n = corpus[:300], 600
	}
	for _, p := range corpus {
		finalSame(t, p.article, p.orig)
	}
	fast := 0
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 10))
		article := genSameText(rng, 1+rng.IntN(30))
		if rng.IntN(3) == 0 {
			article = "---\noriginal: o.txt\n---\n" + article
		}
		orig := string(originalView([]byte(article)))
		if rng.IntN(4) > 0 {
			orig = mutateSpace(rng, orig, 1+rng.IntN(3))
		}
		if rng.IntN(6) == 0 {
			orig = "---\ntitle: " + sameWordPieces[rng.IntN(len(sameWordPieces))] + "\n---\n" + orig
		}
		if finalSame(t, article, orig) {
			fast++
		}
	}
	if fast < n/10 {
		t.Errorf("the fast path applied to %d of %d articles", fast, n)
	}
}

// FuzzSameWords: sameWords never calls texts of different tokens
// equivalent, and a final check reports what a full one does, for a text
// and its white space mutated by the seed.
func FuzzSameWords(f *testing.F) {
	f.Add("a\n-\nb", uint64(1))
	f.Add("# a\r\n> b {~~c~>d~~} e\n", uint64(2))
	f.Add("x <!-- {++y++} --> z\n\n1. w", uint64(3))
	f.Fuzz(func(t *testing.T, text string, seed uint64) {
		if len(text) > 1<<12 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 11))
		checkSameWords(t, text, mutateSpace(rng, text, 1+rng.IntN(4)))
		orig := string(originalView([]byte(text)))
		finalSame(t, text, mutateSpace(rng, orig, rng.IntN(3)))
	})
}

// faithfulPair returns a 1 MiB original and the original view of an
// article with 1,000 marked edits and no silent one; crlf gives the
// original CRLF line ends, so that every line end is a run that differs.
func faithfulPair(b *testing.B, crlf bool) (view, orig []byte) {
	toks := bigOriginal(1, 1<<20)
	orig = []byte(render(toks))
	view = originalView([]byte(withMarkedEdits(toks, 1000, 0)))
	if crlf {
		orig = bytes.ReplaceAll(orig, []byte("\n"), []byte("\r\n"))
	}
	if !sameWords(view, orig) {
		b.Fatal("not equivalent")
	}
	b.SetBytes(int64(len(orig)))
	return view, orig
}

func BenchmarkSameWords1MiB(b *testing.B) {
	view, orig := faithfulPair(b, false)
	for b.Loop() {
		sameWords(view, orig)
	}
}

func BenchmarkSameWords1MiBCRLF(b *testing.B) {
	view, orig := faithfulPair(b, true)
	for b.Loop() {
		sameWords(view, orig)
	}
}

// BenchmarkFloorEqual1MiB is the floor of the two above: bytes.Equal
// over the original and a copy of it.
func BenchmarkFloorEqual1MiB(b *testing.B) {
	_, orig := faithfulPair(b, false)
	same := bytes.Clone(orig)
	for b.Loop() {
		if !bytes.Equal(orig, same) {
			b.Fatal("differ")
		}
	}
}

// BenchmarkCheckReadFaithful1MiB is the command line's final check of a
// faithful 1 MiB article, the original read but not prepared; its floor
// is BenchmarkCheckReadFaithful1MiBFull, the same check that compares
// tokens (not final), and the comparison's is BenchmarkFloorEqual1MiB.
func BenchmarkCheckReadFaithful1MiB(b *testing.B) { benchCheckRead(b, true) }

func BenchmarkCheckReadFaithful1MiBFull(b *testing.B) { benchCheckRead(b, false) }

func benchCheckRead(b *testing.B, final bool) {
	toks := bigOriginal(1, 1<<20)
	orig := []byte(render(toks))
	d := markup.Parse([]byte(withMarkedEdits(toks, 1000, 0)))
	b.SetBytes(int64(len(orig)))
	opts := Options{NoFixes: true, Final: final}
	for b.Loop() {
		r, _ := CheckRead(d, closed, func() ([]byte, bool) { return orig, true }, func() *Original { return PrepareLazy(orig) }, span.Span{}, opts)
		if len(r.Diagnostics) != 0 {
			b.Fatal(r.Diagnostics)
		}
	}
}
