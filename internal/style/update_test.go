package style

import (
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/sample"
	"github.com/bluepencil/bluepencil/internal/span"
)

// pieces are what the random edits type: words the lexicon flags and
// their neutral senses, quotation marks of every kind, paragraph breaks,
// marks, code, comments and fences, which change what is exempt far away.
var pieces = []string{
	" regime", " tax regime", " slammed", " admitted that", " very", " yesterday", " on Tuesday", " would vote on Thursday",
	" so-called", " critics say", " \"", "\"", " “", "”", " '", "' ", "’", " ‘", "\n\n", "\n", ". ", " {--", "--}",
	" {++", "++}", " {~~", "~>", "~~}", "`", "```\n", "\n```", "<!--", "-->", "> ", "[link](http://x.example/very)",
	" Legendary Pictures", " \"success\"", " the", " council", "\n\n---\n", "    ", "—",
}

func texts() [][]byte {
	return [][]byte{
		sample.Article(40 << 10),
		[]byte(strings.Repeat("The regime slammed the plan. Critics say it was \"very\" late.\n\nOfficials said on Tuesday the vote was clearly won.\n\n", 60)),
		[]byte("---\npublished: 2025-11-07\n---\n" + strings.Repeat("A “so-called” plan, she said yesterday.\n\n> Quoted: the regime was brutal.\n\nThe legendary {++iconic++} hall\n\n", 50)),
	}
}

// TestUpdateSameAsCheck: after any edit, Update finds what a whole pass
// finds, byte for byte, message for message.
func TestUpdateSameAsCheck(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	opts := Options{}
	partial, steps := 0, 0
	defer func() {
		// Most edits are redone in a stretch: else Update is Check. (A long
		// search feeds the later texts other edits, and an unclosed fence
		// typed early makes every later update whole: it checks sameness
		// only.)
		if updateSteps <= 300 && 2*partial < steps {
			t.Errorf("only %d of %d updates read a stretch alone", partial, steps)
		}
	}()
	for ti, text := range texts() {
		src := text
		res := CheckResult(markup.Parse(src), opts)
		for step := 0; step < updateSteps; step++ {
			e0 := r.IntN(len(src) + 1)
			e1 := min(len(src), e0+[]int{0, 0, 1, 3, 12, 80}[r.IntN(6)])
			ins := ""
			if r.IntN(4) > 0 {
				ins = pieces[r.IntN(len(pieces))]
			}
			edit := span.Edit{Span: span.Span{Start: e0, End: e1}, New: ins}
			next, err := span.Apply(src, []span.Edit{edit})
			if err != nil {
				t.Fatal(err)
			}
			d := markup.Parse(next)
			got := res.Update(d, edit, opts)
			want := CheckResult(d, opts)
			if !reflect.DeepEqual(got.Findings, want.Findings) {
				for i := range max(len(got.Findings), len(want.Findings)) {
					var g, w Finding
					if i < len(got.Findings) {
						g = got.Findings[i]
					}
					if i < len(want.Findings) {
						w = want.Findings[i]
					}
					if !reflect.DeepEqual(g, w) {
						t.Fatalf("text %d step %d, edit %+v: finding %d\n got %+v\nwant %+v", ti, step, edit, i, g, w)
					}
				}
			}
			if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
				t.Fatalf("text %d step %d, edit %+v: the diagnostics differ", ti, step, edit)
			}
			if !reflect.DeepEqual(got.quiet, want.quiet) {
				t.Fatalf("text %d step %d, edit %+v: quiet places differ\n got %v\nwant %v", ti, step, edit, got.quiet, want.quiet)
			}
			if step < 300 { // later, random edits have broken most marks
				steps++
				if got.partial {
					partial++
				}
			}
			src, res = next, got
		}
	}
}

// updateSteps is how many random edits TestUpdateSameAsCheck makes on each
// text; BLUEPENCIL_STYLE_STEPS raises it for a longer search.
var updateSteps = func() int {
	if n, err := strconv.Atoi(os.Getenv("BLUEPENCIL_STYLE_STEPS")); err == nil && n > 0 {
		return n
	}
	return 300
}()
