package style

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// evalPublished is the publication date the evaluation articles are read
// with.
var evalPublished = time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)

type gold struct {
	span     span.Span
	category string
}

var labelRE = regexp.MustCompile(`\[\[([^]|]+)\|([a-z-]+)\]\]`)

// readEval reads a labelled file: one paragraph a line, "#" lines are
// comments, [[words|category]] labels are stripped and returned as spans.
func readEval(t testing.TB, name string) ([]byte, []gold, int) {
	t.Helper()
	data, err := os.ReadFile("testdata/eval/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var golds []gold
	paras := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if paras > 0 {
			b.WriteString("\n\n")
		}
		paras++
		for {
			loc := labelRE.FindStringSubmatchIndex(line)
			if loc == nil {
				break
			}
			b.WriteString(line[:loc[0]])
			start := b.Len()
			b.WriteString(line[loc[2]:loc[3]])
			golds = append(golds, gold{span.Span{Start: start, End: b.Len()}, line[loc[4]:loc[5]]})
			line = line[loc[1]:]
		}
		if strings.Contains(line, "[[") {
			t.Fatalf("%s: malformed label in %q", name, line)
		}
		b.WriteString(line)
	}
	return []byte(b.String()), golds, paras
}

type score struct{ gold, flagged, tpFlag, tpGold int }

func (s score) precision() float64 {
	if s.flagged == 0 {
		return 1
	}
	return float64(s.tpFlag) / float64(s.flagged)
}

func (s score) recall() float64 {
	if s.gold == 0 {
		return 1
	}
	return float64(s.tpGold) / float64(s.gold)
}

// evaluate scores findings against labels: a finding is right when it
// overlaps a label of its own category; a label is found when such a
// finding overlaps it. "any" scores overlap whatever the category.
func evaluate(src []byte, golds []gold) (byCat map[string]*score, all, anyCat, warn score, misses, wrong []string) {
	fs := Check(markup.Parse(src), Options{Published: evalPublished})
	byCat = map[string]*score{}
	for _, c := range Codes {
		byCat[c.Name] = &score{}
	}
	for _, g := range golds {
		byCat[g.category].gold++
		all.gold++
		anyCat.gold++
		hit, hitAny := false, false
		for _, f := range fs {
			if f.Span.Overlaps(g.span) {
				hitAny = true
				hit = hit || f.Code == g.category
			}
		}
		if hit {
			byCat[g.category].tpGold++
			all.tpGold++
		} else {
			misses = append(misses, fmt.Sprintf("%s %q", g.category, g.span.Text(src)))
		}
		if hitAny {
			anyCat.tpGold++
		}
	}
	for _, f := range fs {
		byCat[f.Code].flagged++
		all.flagged++
		anyCat.flagged++
		if f.Severity == rules.Warning {
			warn.flagged++
		}
		ok, okAny := false, false
		for _, g := range golds {
			if f.Span.Overlaps(g.span) {
				okAny = true
				ok = ok || f.Code == g.category
			}
		}
		if ok {
			byCat[f.Code].tpFlag++
			all.tpFlag++
			if f.Severity == rules.Warning {
				warn.tpFlag++
			}
		} else {
			wrong = append(wrong, fmt.Sprintf("%s %q in %q", f.Code, f.Text, sentenceAround(src, f.Span)))
		}
		if okAny {
			anyCat.tpFlag++
		}
	}
	return byCat, all, anyCat, warn, misses, wrong
}

func sentenceAround(src []byte, s span.Span) string {
	a, b := s.Start, s.End
	for a > 0 && src[a-1] != '\n' {
		a--
	}
	for b < len(src) && src[b] != '\n' {
		b++
	}
	return string(src[a:b])
}

// TestEvaluation scores the lexicon on the labelled sets and fails below
// the targets: precision 0.85 for warnings and 0.70 overall,
// recall 0.60, each on the tuned and the held-out part.
func TestEvaluation(t *testing.T) {
	for _, name := range []string{"tuned.txt", "heldout.txt", "blind.txt"} {
		t.Run(name, func(t *testing.T) {
			src, golds, paras := readEval(t, name)
			byCat, all, anyCat, warn, misses, wrong := evaluate(src, golds)
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %d paragraphs, %d labels\n", name, paras, len(golds))
			fmt.Fprintf(&b, "%-20s %5s %5s %9s %6s\n", "category", "gold", "flags", "precision", "recall")
			cats := make([]string, 0, len(byCat))
			for c := range byCat {
				cats = append(cats, c)
			}
			sort.Strings(cats)
			for _, c := range cats {
				s := byCat[c]
				fmt.Fprintf(&b, "%-20s %5d %5d %9.2f %6.2f\n", c, s.gold, s.flagged, s.precision(), s.recall())
			}
			fmt.Fprintf(&b, "%-20s %5d %5d %9.2f %6.2f\n", "all (same category)", all.gold, all.flagged, all.precision(), all.recall())
			fmt.Fprintf(&b, "%-20s %5d %5d %9.2f %6.2f\n", "all (any category)", anyCat.gold, anyCat.flagged, anyCat.precision(), anyCat.recall())
			fmt.Fprintf(&b, "%-20s %5s %5d %9.2f\n", "warnings", "", warn.flagged, warn.precision())
			t.Log("\n" + b.String())
			if testing.Verbose() {
				t.Logf("missed: %s", strings.Join(misses, "; "))
				t.Logf("wrong: %s", strings.Join(wrong, "\n"))
			}
			// blind.txt reaches for words beyond the lexicon on purpose: its
			// score is reported, not held to the targets.
			if name != "blind.txt" && (warn.precision() < 0.85 || all.precision() < 0.70 || all.recall() < 0.60) {
				t.Errorf("below target: warning precision %.2f (0.85), precision %.2f (0.70), recall %.2f (0.60)",
					warn.precision(), all.precision(), all.recall())
			}
		})
	}
}

// TestNeutralCopy allows at most one flag per 2,000 words of neutral wire
// copy.
func TestNeutralCopy(t *testing.T) {
	src, golds, _ := readEval(t, "neutral.txt")
	if len(golds) > 0 {
		t.Fatal("neutral.txt holds labels")
	}
	words := len(strings.Fields(string(src)))
	fs := Check(markup.Parse(src), Options{Published: evalPublished})
	for _, f := range fs {
		t.Logf("flag: %s %q in %q", f.Code, f.Text, sentenceAround(src, f.Span))
	}
	t.Logf("%d words, %d flags", words, len(fs))
	if len(fs)*2000 > words {
		t.Errorf("%d flags in %d words: more than one per 2,000", len(fs), words)
	}
}

// TestExempt allows no flag at all in quotations, block quotes, code,
// URLs, link destinations, notes, cut text, comments and front matter.
func TestExempt(t *testing.T) {
	src, err := os.ReadFile("testdata/eval/exempt.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Check(markup.Parse(src), Options{Published: evalPublished}) {
		t.Errorf("flag in an exempt region: %s %q in %q", f.Code, f.Text, sentenceAround(src, f.Span))
	}
}
