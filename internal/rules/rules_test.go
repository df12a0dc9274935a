package rules

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"golang.org/x/tools/txtar"
)

// report renders the diagnostics of src, and for each fix the lines it
// changes and what a fresh check of the fixed article then reports.
func report(t *testing.T, src []byte) string {
	t.Helper()
	var b strings.Builder
	diags := Check(markup.Parse(src), Options{})
	for _, d := range diags {
		fmt.Fprintf(&b, "%s %s %v %q: %s\n", d.Severity, d.Code, d.Span, d.Span.Text(src), d.Message)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "  related %v %q: %s\n", r.Span, r.Span.Text(src), r.Message)
		}
		for _, f := range d.Fixes {
			flags := ""
			if f.Preferred {
				flags += " preferred"
			}
			if f.Safe {
				flags += " safe"
			}
			fixed, err := span.Apply(src, f.Edits)
			if err != nil {
				t.Fatalf("fix %q of %s: %v", f.Title, d.Code, err)
			}
			fmt.Fprintf(&b, "  fix %q%s\n    => %s\n    recheck: %s\n", f.Title, flags, golden.ChangedLines(src, fixed), codes(fixed))
		}
	}
	all, err := span.Apply(src, FixAll(diags))
	if err != nil {
		t.Fatalf("fix all: %v", err)
	}
	fmt.Fprintf(&b, "fix all recheck: %s\n", codes(all))
	return b.String()
}

func codes(src []byte) string {
	var cs []string
	for _, d := range Check(markup.Parse(src), Options{}) {
		cs = append(cs, d.Code)
	}
	if len(cs) == 0 {
		return "clean"
	}
	return strings.Join(cs, " ")
}

// TestRulesGolden runs every testdata/*.txtar: the diagnostics of "input",
// each fix applied and the result checked again, compared with "want".
func TestRulesGolden(t *testing.T) {
	golden.Run(t, "testdata/*.txtar", func(t *testing.T, ar *txtar.Archive) string {
		input, ok := golden.Section(ar, "input")
		if !ok {
			t.Fatal("no input section")
		}
		return report(t, input)
	})
}

// TestEveryCodeHasAFixedCase checks that each code with a documented fix
// has a fix that makes its diagnostic go away, one input per code.
func TestEveryCodeHasAFixedCase(t *testing.T) {
	cases := map[string]string{
		markup.CodeUnclosedMark:        "The {--harsh words. Then more.",
		markup.CodeStrayCloser:         "A stray --} closer.",
		markup.CodeMismatchedCloser:    "A {--cut++} here.",
		markup.CodeNestedMark:          "A {--cut {++add++} more--} here.",
		markup.CodeMarkSpansParagraphs: "A {--cut\n\nmore--} here.",
		markup.CodeMissingArrow:        "A {~~word~~} here.",
		CodeEmptyMark:                  "A {----} here.",
		CodeOneSidedSubstitution:       "A {~~word~>~~} here.",
		CodeNoOpSubstitution:           "A {~~word~>word~~} here.",
		CodeAdjacentElisions:           "A {--b--} {--c--} here.",
		CodeSplitSubstitution:          "A {--b--}{++c++} here.",
	}
	for code, src := range cases {
		diags := Check(markup.Parse([]byte(src)), Options{})
		var found bool
		for _, d := range diags {
			if d.Code != code {
				continue
			}
			found = true
			if len(d.Fixes) == 0 {
				t.Errorf("%s: no fix", code)
				continue
			}
			for _, f := range d.Fixes {
				fixed, err := span.Apply([]byte(src), f.Edits)
				if err != nil {
					t.Fatalf("%s: %v", code, err)
				}
				for _, d2 := range Check(markup.Parse(fixed), Options{}) {
					if d2.Code == code {
						t.Errorf("%s: fix %q leaves %q with the same problem", code, f.Title, fixed)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: not reported on %q", code, src)
		}
	}
}

// TestOptions checks severity overrides and silenced codes.
func TestOptions(t *testing.T) {
	d := markup.Parse([]byte("a [...] b {----}"))
	diags := Check(d, Options{Severity: map[string]Severity{CodeUntrackedElision: Error}, Off: map[string]bool{CodeEmptyMark: true}})
	if len(diags) != 1 || diags[0].Code != CodeUntrackedElision || diags[0].Severity != Error {
		t.Fatalf("got %+v", diags)
	}
}

// TestCodesAreDocumented keeps docs/markup.md and Codes in step: every
// code has a section of its own, with its severity.
func TestCodesAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/markup.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Codes {
		heading := "### `" + c.Name + "`"
		i := strings.Index(string(doc), heading)
		if i < 0 {
			t.Errorf("docs/markup.md has no section %q", heading)
			continue
		}
		section := string(doc[i:])
		if j := strings.Index(section[len(heading):], "\n### "); j >= 0 {
			section = section[:len(heading)+j]
		}
		if !strings.Contains(strings.ToLower(section), "severity: "+c.Severity.String()) {
			t.Errorf("section %q does not say severity: %s", c.Name, c.Severity)
		}
	}
}

// TestTooManyProblems checks the cap on diagnostics: at most MaxDiagnostics,
// then one too-many-problems as severe as the worst it counts, and codes
// switched off neither counted nor listed.
func TestTooManyProblems(t *testing.T) {
	const extra = 25
	tests := []struct {
		name, unit string
		opts       Options
		sev        Severity // of too-many-problems; 0 when none
		code       string   // the code counted
	}{
		{"stray closers (parser)", "--} ", Options{}, Error, markup.CodeStrayCloser},
		{"bare elisions (rules)", "[...] ", Options{}, Warning, CodeUntrackedElision},
		{"severity override", "[...] ", Options{Severity: map[string]Severity{CodeUntrackedElision: Error}}, Error, CodeUntrackedElision},
		{"switched off", "[...] ", Options{Off: map[string]bool{CodeUntrackedElision: true}}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(strings.Repeat(tt.unit, MaxDiagnostics+extra))
			diags := Check(markup.Parse(src), tt.opts)
			if tt.sev == 0 {
				if len(diags) != 0 {
					t.Fatalf("%d diagnostics, want none", len(diags))
				}
				return
			}
			if len(diags) != MaxDiagnostics+1 {
				t.Fatalf("%d diagnostics, want %d", len(diags), MaxDiagnostics+1)
			}
			var last *Diagnostic
			for i := range diags {
				if diags[i].Code == CodeTooManyProblems {
					if last != nil {
						t.Fatal("two too-many-problems diagnostics")
					}
					last = &diags[i]
				}
			}
			if last == nil {
				t.Fatal("no too-many-problems diagnostic")
			}
			if last.Severity != tt.sev {
				t.Errorf("severity %v, want %v", last.Severity, tt.sev)
			}
			if want := fmt.Sprintf("%d more were found and not listed: %d %s", extra, extra, tt.code); !strings.Contains(last.Message, want) {
				t.Errorf("message %q lacks %q", last.Message, want)
			}
		})
	}
}

// TestFixAllMatchesPairwise checks FixAll's ordered set of taken spans
// against the pairwise comparison it replaced, on random edits.
func TestFixAllMatchesPairwise(t *testing.T) {
	pairwise := func(diags []Diagnostic) []span.Edit {
		var edits []span.Edit
		var taken []span.Span
		for _, dg := range diags {
			for _, f := range dg.Fixes {
				if !f.Safe || !f.Preferred {
					continue
				}
				clash := false
				for _, e := range f.Edits {
					for _, t := range taken {
						if conflict(e.Span, t) {
							clash = true
						}
					}
				}
				if clash {
					break
				}
				for _, e := range f.Edits {
					edits = append(edits, e)
					taken = append(taken, e.Span)
				}
				break
			}
		}
		return edits
	}
	x := uint32(7)
	rnd := func(n int) int { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return int(x % uint32(n)) }
	for round := 0; round < 2000; round++ {
		var diags []Diagnostic
		for k := rnd(12); k >= 0; k-- {
			var f Fix
			f.Safe, f.Preferred = rnd(4) > 0, rnd(4) > 0
			for e := rnd(3); e >= 0; e-- {
				s := rnd(30)
				f.Edits = append(f.Edits, span.Replace(span.Span{Start: s, End: s + rnd(3)}, "x"))
			}
			diags = append(diags, Diagnostic{Fixes: []Fix{f}})
		}
		got, want := FixAll(diags), pairwise(diags)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: FixAll = %v, pairwise = %v", round, got, want)
		}
	}
}
