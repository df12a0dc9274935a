package changes

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

func TestHints(t *testing.T) {
	src := []byte("It rained yesterday 😀 and [...] then.")
	day := strings.Index(string(src), "yesterday")
	bare := strings.Index(string(src), "[...]")
	dateFix := rules.Fix{Title: `Replace with "on 6 November"`, Edits: []span.Edit{
		span.Insert(day, "{~~"), span.Insert(day+9, "~>on  6\nNovember~~}")}}
	cutFix := rules.Fix{Title: `Cut "yesterday"`, Edits: []span.Edit{span.Insert(day, "{--"), span.Insert(day+9, "--}")}}
	record := rules.Fix{Title: fidelity.FixRecordCut, Edits: []span.Edit{span.Replace(span.Span{Start: bare, End: bare + 5}, "{--the 𐐀 words--}")}}
	tests := []struct {
		name  string
		diags []rules.Diagnostic
		want  []Hint
	}{
		{"date from the replacing fix, not the cut", []rules.Diagnostic{{Code: rules.CodeRelativeTime, Span: span.Span{Start: day, End: day + 9}, Fixes: []rules.Fix{cutFix, dateFix}}},
			[]Hint{{day + 9, "= on 6 November"}}},
		{"no date without a replacement", []rules.Diagnostic{{Code: rules.CodeRelativeTime, Span: span.Span{Start: day, End: day + 9}, Fixes: []rules.Fix{cutFix}}}, nil},
		{"cut words, in order", []rules.Diagnostic{
			{Code: rules.CodeUntrackedElision, Span: span.Span{Start: bare, End: bare + 5}, Fixes: []rules.Fix{record}},
			{Code: rules.CodeRelativeTime, Span: span.Span{Start: day, End: day + 9}, Fixes: []rules.Fix{dateFix}}},
			[]Hint{{day + 9, "= on 6 November"}, {bare + 5, `cut "the 𐐀 words"`}}},
		{"an untracked elision the original does not explain", []rules.Diagnostic{{Code: rules.CodeUntrackedElision, Span: span.Span{Start: bare, End: bare + 5}}}, nil},
		{"edits out of range", []rules.Diagnostic{{Code: rules.CodeUntrackedElision, Span: span.Span{Start: bare, End: bare + 5},
			Fixes: []rules.Fix{{Title: fidelity.FixRecordCut, Edits: []span.Edit{span.Insert(len(src)+3, "{--x--}")}}}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Hints(src, tt.diags)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("hint %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// FuzzHints checks, over any article dated by its front matter, that
// every hint lies in the article and reads on one line.
func FuzzHints(f *testing.F) {
	for _, s := range []string{"It rained yesterday and [...] then.", "We met on Tuesday; {~~yesterday~>today~~}", "last week […]\n\ntomorrow"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte("---\npublished: 2025-11-07\n---\n" + s)
		a := analysis.Analyze(analysis.Input{Src: src}, analysis.Options{}, nil)
		for _, h := range Hints(src, a.Diagnostics) {
			if h.At < 0 || h.At > len(src) || strings.TrimSpace(h.Label) == "" || strings.ContainsAny(h.Label, "\r\n") {
				t.Fatalf("hint %+v", h)
			}
		}
	})
}
