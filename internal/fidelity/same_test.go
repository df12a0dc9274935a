package fidelity

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

var updateSame = flag.Bool("update-same", false, "rewrite testdata/same.golden from the current Check")

// samePair is one article and original of the pinned corpus.
type samePair struct {
	name          string
	orig, article string
}

// sameCorpus returns the pairs whose verdicts testdata/same.golden pins:
// small articles edited as the fuzz target edits them, marked articles with
// one silent edit, and larger ones (where the diff anchors on runs of words)
// with sparse, clustered, marked, replaced, moved and repeated changes.
func sameCorpus() []samePair {
	var out []samePair
	for seed := int64(0); seed < 1500; seed++ {
		rng := rand.New(rand.NewSource(seed))
		orig := render(genOriginal(rng, 1+rng.Intn(5)))
		prog := make([]byte, 3*(1+rng.Intn(12)))
		rng.Read(prog)
		ps, tail := pieces(orig)
		var b strings.Builder
		for _, p := range edit(ps, prog) {
			b.WriteString(p.sep + p.text)
		}
		b.WriteString(tail)
		out = append(out, samePair{fmt.Sprintf("fuzz%d", seed), orig, b.String()})
	}
	for seed := int64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		toks := genOriginal(rng, 1+rng.Intn(8))
		article, _, _ := genArticle(rng, toks, silent(seed%5))
		out = append(out, samePair{fmt.Sprintf("marked%d", seed), render(toks), article})
	}
	for seed := int64(0); seed < 60; seed++ {
		rng := rand.New(rand.NewSource(seed))
		size := 8000 + rng.Intn(120000)
		toks := bigOriginal(seed, size)
		orig := render(toks)
		var article string
		switch seed % 10 {
		case 0:
			article = withSilentEdits(toks, 1+rng.Intn(60))
		case 1:
			article = withMarkedEdits(toks, 10+rng.Intn(100), rng.Intn(20))
		case 2:
			article = withReplacedShare(toks, seed, []float64{0.02, 0.1, 0.3, 0.7}[rng.Intn(4)])
		case 3:
			article = clustered(rng, toks)
		case 4:
			article = movedParagraph(rng, orig)
		case 5:
			article = repeatedParagraph(rng, orig)
		case 6:
			article = withBares(rng, toks)
		case 7:
			article = clustered(rng, toks) + "\n\n" + withSilentEdits(toks[:len(toks)/3], 3)
		case 8:
			article = orig
		case 9:
			article = withMarkedEdits(toks, 30, 0)
			article = clusteredText(rng, article)
		}
		out = append(out, samePair{fmt.Sprintf("big%d", seed), orig, article})
	}
	ps := pairs()
	for _, name := range []string{"1MiBSparse", "1MiBQuarter"} {
		out = append(out, samePair{"big" + name, string(ps[name].orig), string(ps[name].article)})
	}
	toks := bigOriginal(1, 1<<20)
	out = append(out, samePair{"big1MiBMarked", render(toks), withMarkedEdits(toks, 1000, 100)})
	return out
}

// clustered edits the words of one stretch of a few hundred tokens, as
// the fuzz target edits small articles.
func clustered(rng *rand.Rand, toks []gtok) string {
	return clusteredText(rng, render(toks))
}

func clusteredText(rng *rand.Rand, text string) string {
	ps, tail := pieces(text)
	at := rng.Intn(len(ps))
	end := min(len(ps), at+50+rng.Intn(400))
	prog := make([]byte, 3*(1+rng.Intn(40)))
	rng.Read(prog)
	mid := edit(ps[at:end], prog)
	var b strings.Builder
	for _, p := range slices.Concat(ps[:at], mid, ps[end:]) {
		b.WriteString(p.sep + p.text)
	}
	b.WriteString(tail)
	return b.String()
}

func paragraphs(text string) []string { return strings.Split(text, "\n\n") }

func movedParagraph(rng *rand.Rand, text string) string {
	ps := paragraphs(text)
	i, j := rng.Intn(len(ps)), rng.Intn(len(ps))
	p := ps[i]
	ps = slices.Delete(ps, i, i+1)
	j = min(j, len(ps))
	ps = slices.Insert(ps, j, p)
	return strings.Join(ps, "\n\n")
}

func repeatedParagraph(rng *rand.Rand, text string) string {
	ps := paragraphs(text)
	i, j := rng.Intn(len(ps)), rng.Intn(len(ps)+1)
	ps = slices.Insert(ps, j, ps[i])
	return strings.Join(ps, "\n\n")
}

// withBares cuts a few stretches of words, some behind a bare elision.
func withBares(rng *rand.Rand, toks []gtok) string {
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.word && rng.Intn(300) == 0 {
			n := 1 + rng.Intn(4)
			b.WriteString(t.sep)
			if rng.Intn(3) > 0 {
				b.WriteString("[...]")
			} else {
				b.WriteString("{--" + t.text + "--}")
				n = 1
			}
			i += n - 1
			continue
		}
		b.WriteString(t.sep + t.text)
	}
	return b.String()
}

// digest writes what Check reports for a pair, and where OriginalOffset
// maps, into a hash.
func digest(h hash.Hash, r Result, article string) {
	fmt.Fprintf(h, "too different %v\n", r.TooDifferent)
	for _, dg := range r.Diagnostics {
		fmt.Fprintf(h, "%s %d %v %q\n", dg.Code, dg.Severity, dg.Span, dg.Message)
		for _, rel := range dg.Related {
			fmt.Fprintf(h, "  related %v %q\n", rel.Span, rel.Message)
		}
		for _, f := range dg.Fixes {
			fmt.Fprintf(h, "  fix %q %v %v", f.Title, f.Preferred, f.Safe)
			for _, e := range f.Edits {
				fmt.Fprintf(h, " %v %q", e.Span, e.New)
			}
			fmt.Fprintln(h)
		}
	}
	step := 1
	if len(article) > 4000 {
		step = 61
	}
	for off := 0; off <= len(article); off += step {
		fmt.Fprintf(h, "%d ", r.OriginalOffset(off))
	}
}

func sameDigest(p samePair, opts Options) string {
	d := markup.Parse([]byte(p.article))
	r := Check(d, []byte(p.orig), span.Span{Start: 0, End: 1}, opts)
	h := sha256.New()
	digest(h, r, p.article)
	return fmt.Sprintf("%x", h.Sum(nil))[:24]
}

// differOnPurpose are the pairs of the corpus on which the check reports
// otherwise than before it was made fast, with the reason. Where the first
// and last differences lie more than 2,048 tokens apart, the diff anchors
// on runs of tokens sampled by their content over the whole texts (before:
// at every eighth place of the region between the common prefix and
// suffix), so that a diff can be redone in one region alone. Where the
// texts repeat or move whole paragraphs, a difference may then start one
// token over (both alignments are minimal); where they are too different
// to align, the regions the diff gives up on fall elsewhere. The verdicts
// stay the same.
var differOnPurpose = map[string]string{
	"big14": "moved paragraph: the deletion starts after the full stop",
	"big24": "moved paragraph: the deletion and insertion start after the full stop",
	"big44": "moved paragraph: the insertion starts after the full stop",
	"big54": "moved paragraph: the deletion starts after the full stop",
	"big22": "70% of words replaced: too different either way, other regions given up",
	"big32": "70% of words replaced: too different either way, other regions given up",
	"big42": "70% of words replaced: too different either way, other regions given up",
	"big52": "70% of words replaced: too different either way, other regions given up",
}

// TestSameAsBefore pins the check's verdicts, diagnostics, fixes and
// alignment on a corpus of pairs, as the check gave them before it was
// made fast: a rewrite must not change what it reports, but on the pairs
// of differOnPurpose.
func TestSameAsBefore(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	path := filepath.Join("testdata", "same.golden")
	var lines []string
	for _, p := range sameCorpus() {
		lines = append(lines, p.name+" "+sameDigest(p, Options{}))
		if strings.HasPrefix(p.name, "big") {
			lines = append(lines, p.name+"/nofixes "+sameDigest(p, Options{NoFixes: true}))
		}
	}
	if *updateSame {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, sum, _ := strings.Cut(sc.Text(), " ")
		want[name] = sum
	}
	bad := 0
	for _, l := range lines {
		name, sum, _ := strings.Cut(l, " ")
		if _, ok := differOnPurpose[strings.TrimSuffix(name, "/nofixes")]; ok {
			continue
		}
		if want[name] != sum {
			bad++
			t.Errorf("%s: the check reports otherwise than before", name)
		}
	}
	if bad > 0 {
		t.Logf("%d of %d pairs differ", bad, len(lines))
	}
}
