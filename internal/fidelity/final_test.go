package fidelity

import (
	"reflect"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
)

// TestFinalSameDiagnostics: a final check, against an original prepared
// lazily or whole, reports what a check that may be updated does, whether
// the article is faithful, differs in one place, or differs all over.
func TestFinalSameDiagnostics(t *testing.T) {
	toks := bigOriginal(5, 100<<10)
	orig := []byte(render(toks))
	for _, tc := range []struct {
		name    string
		article string
	}{
		{"faithful", withMarkedEdits(toks, 100, 0)},
		{"one silent edit", withMarkedEdits(toks, 100, 1)},
		{"spread silent edits", withMarkedEdits(toks, 100, 60)},
		{"silent edits only", withSilentEdits(toks, 200)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := markup.Parse([]byte(tc.article))
			for _, opts := range []Options{{}, {NoFixes: true}} {
				want := Check(d, orig, span.Span{}, opts)
				final := opts
				final.Final = true
				for name, got := range map[string]Result{
					"Check":                     Check(d, orig, span.Span{}, final),
					"CheckPrepared (lazy)":      CheckPrepared(d, PrepareLazy(orig), span.Span{}, final),
					"CheckPrepared (whole)":     CheckPrepared(d, Prepare(orig), span.Span{}, final),
					"CheckPrepared (not final)": CheckPrepared(d, PrepareLazy(orig), span.Span{}, opts),
				} {
					if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) || got.TooDifferent != want.TooDifferent {
						t.Errorf("%s %+v: %d diagnostics, want %d", name, opts, len(got.Diagnostics), len(want.Diagnostics))
					}
				}
			}
		})
	}
}

// TestFinalLeavesIndexUnbuilt: a final check of a faithful article needs
// no index of the original's runs, and builds none.
func TestFinalLeavesIndexUnbuilt(t *testing.T) {
	toks := bigOriginal(6, 100<<10)
	orig := []byte(render(toks))
	o := PrepareLazy(orig)
	before := o.Bytes()
	d := markup.Parse([]byte(withMarkedEdits(toks, 100, 0)))
	if r := CheckPrepared(d, o, span.Span{}, Options{Final: true}); len(r.Diagnostics) != 0 {
		t.Fatalf("faithful article: %d diagnostics", len(r.Diagnostics))
	}
	if o.index.Built() {
		t.Fatal("the index was built for a faithful article")
	}
	CheckPrepared(markup.Parse([]byte(withSilentEdits(toks, 100))), o, span.Span{}, Options{Final: true})
	if !o.index.Built() {
		t.Fatal("no index for an article that differs all over")
	}
	if after := o.Bytes(); 4*before < 3*after || 4*after < 3*before {
		t.Errorf("Bytes %d before the index was built, %d after", before, after)
	}
}
