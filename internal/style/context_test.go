package style

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// describe prints findings as "text/severity" for comparison.
func describe(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text+"/"+f.Severity.String())
	}
	return out
}

// TestContext is the table of where the pass must stay quiet and where it
// must speak, and how loud.
func TestContext(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts Options
		want []string
	}{
		{"outlet text", "The oppressive government imposed a curfew.", Options{}, []string{"oppressive/information"}},
		{"straight quotes", `The minister said "the oppressive regime must fall", and left.`, Options{}, nil},
		{"curly quotes", "The minister said “the oppressive regime must fall”, and left.", Options{}, nil},
		{"curly single quotes", "The minister said ‘the oppressive regime must fall’, and left.", Options{}, nil},
		{"straight single quotes", "The minister said 'the oppressive regime must fall', and left.", Options{}, nil},
		{"nested quotes", "“They called it ‘the oppressive regime’ and worse,” she said of the thugs.", Options{}, []string{"thugs/information"}},
		{"quotation over lines", "The minister said \"the oppressive\nregime must fall\", and the\ndraconian law passed.", Options{}, []string{"draconian/information"}},
		{"quotation over paragraphs", "\"The regime is oppressive.\n\n\"The thugs are everywhere,\" she said.\n\nThe draconian law passed.", Options{}, []string{"draconian/information"}},
		{"open quotation ends with its paragraph", "\"The regime is oppressive.\n\nThe draconian law passed.", Options{}, []string{"draconian/information"}},
		{"apostrophes are not quotes", "The regime's draconian rules and the workers' union's shameful deal.", Options{}, []string{"regime's/information", "draconian/information", "shameful/information"}},
		{"block quote", "> The regime is oppressive.\nShameful, said the thugs.\n\nThe draconian law passed.", Options{}, []string{"draconian/information"}},
		{"code span", "The `oppressive regime` flag and the draconian law.", Options{}, []string{"draconian/information"}},
		{"code span over lines", "The ``oppressive\nregime`` flag and the draconian law.", Options{}, []string{"draconian/information"}},
		{"fenced code", "```\nthe oppressive regime\n```\nThe draconian law passed.", Options{}, []string{"draconian/information"}},
		{"unclosed fence", "The draconian law.\n\n~~~\nthe oppressive regime\n", Options{}, []string{"draconian/information"}},
		{"bare URL", "See https://example.com/oppressive-regime/thugs for the draconian law.", Options{}, []string{"draconian/information"}},
		{"www URL", "See www.regime.example and the draconian law.", Options{}, []string{"draconian/information"}},
		{"autolink", "See <https://example.com/oppressive regime> and the draconian law.", Options{}, []string{"draconian/information"}},
		{"link destination", "[The report](https://example.com/brutal/regime \"oppressive\") covered the draconian law.", Options{}, []string{"draconian/information"}},
		{"link text", "[The oppressive report](https://example.com/x) was published.", Options{}, []string{"oppressive/information"}},
		{"reference definition", "The draconian law.\n\n[1]: https://example.com/oppressive/regime", Options{}, []string{"draconian/information"}},
		{"front matter", "---\ntitle: The oppressive regime\n---\nThe council met.", Options{}, nil},
		{"note", "The council met.{>>the oppressive regime<<}", Options{}, nil},
		{"attached note", "{==The council==}{>>an oppressive regime<<} met.", Options{}, nil},
		{"elision", "The {--oppressive--} government imposed a curfew.", Options{}, nil},
		{"old side", "The {~~oppressive~>national~~} government imposed a curfew.", Options{}, nil},
		{"new side", "The {~~national~>oppressive~~} government imposed a curfew.", Options{}, []string{"oppressive/warning"}},
		{"addition", "The {++oppressive++} government imposed a curfew.", Options{}, []string{"oppressive/warning"}},
		{"HTML comment", "<!-- the oppressive regime -->The council met.", Options{}, nil},
		{"HTML comment over paragraphs", "<!-- the oppressive\n\nregime -->The council met.", Options{}, nil},
		{"HTML tag attribute", `<span title="oppressive regime">The council met.</span>`, Options{}, nil},
		{"highlight", "{==The oppressive government==} met.", Options{}, []string{"oppressive/information"}},
		{"nested marks are quiet", "{--cut {++the oppressive regime++} text--}", Options{}, nil},
		{"escaped backtick is text", "The \\`oppressive regime\\` law.", Options{}, []string{"oppressive/information", "regime/information"}},
		{"allow word", "The regime fell.", Options{Allow: []string{"Regime"}}, nil},
		{"allow headword silences every form", "The regimes fell.", Options{Allow: []string{"regime"}}, nil},
		{"allow phrase", "Critics say the bridge is late.", Options{Allow: []string{"critics  say"}}, nil},
		{"off", "The regime fell.", Options{Off: map[string]bool{CodeLoadedLabel: true}}, nil},
		{"severity override", "The {++regime++} and the regime.", Options{Severity: map[string]rules.Severity{CodeLoadedLabel: rules.Hint}}, []string{"regime/information", "regime/hint"}},
		{"never an error", "The {++regime++} and the regime.", Options{Severity: map[string]rules.Severity{CodeLoadedLabel: rules.Error}}, []string{"regime/warning", "regime/warning"}},
		{"name", "Legendary Pictures said the film would open in May.", Options{}, nil},
		{"name mid-sentence", "The film by Legendary Pictures opens in May.", Options{}, nil},
		{"sentence start", "Legendary guitarist Tom Harlan will play.", Options{}, []string{"Legendary/information"}},
		{"headline capitals", "# Iconic lighthouse to be repainted", Options{}, []string{"Iconic/information"}},
		{"all capitals", "THE REGIME FELL.", Options{}, []string{"REGIME/information"}},
		{"scare quotes", `The government's "reforms" closed three clinics.`, Options{}, []string{`"reforms"/information`}},
		{"scare quotes curly", "The government’s “reforms” closed three clinics.", Options{}, []string{"“reforms”/information"}},
		{"scare quotes off", `The government's "reforms" closed three clinics.`, Options{NoScareQuotes: true}, nil},
		{"one quoted word with attribution", `She called the plan "reckless" in a statement.`, Options{}, nil},
		{"one quoted word, verb after", `The plan was "reckless", the mayor said.`, Options{}, nil},
		{"quoted title", `The film "Jaws" opens the festival.`, Options{}, nil},
		{"quoted loaded word attributes it", `The "draconian" law took effect in March.`, Options{}, nil},
		{"plural possessive in single quotes", "‘The workers’ union is brutal and oppressive,’ he said of the draconian law.", Options{}, []string{"draconian/information"}},
		{"plural possessive in straight single quotes", "'The workers' union is brutal and oppressive,' he said of the draconian law.", Options{}, []string{"draconian/information"}},
		{"so-called with quotes", `The so-called "reforms" closed three clinics.`, Options{}, []string{"so-called/information"}},
		{"phrase", "Critics say the bridge is late.", Options{}, []string{"Critics say/information"}},
		{"phrase broken by punctuation", "Critics, say, the bridge is late.", Options{}, nil},
		{"phrase across a cut", "Critics {--of the plan--} say the bridge is late.", Options{}, nil},
		{"phrase across an addition", "Critics {++say++} the bridge is late.", Options{}, []string{"Critics {++say/warning"}},
		{"longest match", "It was, of course, late. Most notably, it leaked.", Options{}, []string{"of course/information", "Most notably/information"}},
		{"possessive", "The terrorists' leader spoke.", Options{}, []string{"terrorists/information"}},
		{"hyphenated word is one word", "The counter-terrorism unit and anti-regime protests.", Options{}, nil},
		{"unicode letters", "Le régime très oppressive.", Options{}, []string{"oppressive/information"}},
		{"mixed zone phrase has no fixes", "Critics {++say++} it.", Options{}, []string{"Critics {++say/warning"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := describe(findings(tc.src, tc.opts))
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q:\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

// TestRelativeTime checks the absolute dates offered for a story published
// on Friday 7 November 2025 (and one on 2 January 2026, across a year).
func TestRelativeTime(t *testing.T) {
	nov7 := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	jan2 := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		src  string
		pub  time.Time
		want string // the flagged text, "->", the replacement ("" for none)
	}{
		{"The council voted yesterday to close the depot.", nov7, "yesterday->on 6 November"},
		{"Yesterday the council voted to close the depot.", nov7, "Yesterday->On 6 November"},
		{"The depot closes today.", nov7, "today->on 7 November"},
		{"The depot closes tomorrow.", nov7, "tomorrow->on 8 November"},
		{"The depot has been closed since yesterday.", nov7, "yesterday->6 November"},
		{"The council met on Tuesday.", nov7, "on Tuesday->on 4 November"},
		{"The council met Tuesday.", nov7, "Tuesday->on 4 November"},
		{"The council met on Friday.", nov7, "on Friday->on 7 November"},
		{"The ferry will resume on Tuesday.", nov7, "on Tuesday->on 11 November"},
		{"On Tuesday, the council will vote on the plan.", nov7, "On Tuesday->On 11 November"},
		{"The council said it would vote on Thursday.", nov7, "on Thursday->on 13 November"},
		{"The council voted on Tuesday night.", nov7, "on Tuesday night->on the night of 4 November"},
		{"The council met last Tuesday.", nov7, "last Tuesday->"},
		{"Work on the bridge starts on Monday.", nov7, "on Monday->on 10 November"},
		{"The trial, which opened in March, ended on Monday.", nov7, "on Monday->on 3 November"},
		{"The council meets next Tuesday.", nov7, "next Tuesday->"},
		{"Yesterday's meeting was short.", nov7, "Yesterday's->"},
		{"Tonight the ferry sails for the last time.", nov7, "Tonight->On the night of 7 November"},
		{"The fire started last night.", nov7, "last night->on the night of 6 November"},
		{"The fire started this morning.", nov7, "this morning->on the morning of 7 November"},
		{"The fire started yesterday evening.", nov7, "yesterday evening->on the evening of 6 November"},
		{"Prices rose last month.", nov7, "last month->in October"},
		{"Prices have risen since last month.", nov7, "last month->October"},
		{"The board meets next week.", nov7, "next week->in the week of 10 November"},
		{"The board met last week.", nov7, "last week->in the week of 27 October"},
		{"The board met earlier this month.", nov7, "earlier this month->earlier in November"},
		{"Sales fell last year.", nov7, "last year->in 2024"},
		{"Prices rose last month.", jan2, "last month->in December 2025"},
		{"The council voted yesterday.", jan2, "yesterday->on 1 January"},
		{"The council met on Wednesday.", jan2, "on Wednesday->on 31 December 2025"},
		{"The council met last weekend.", nov7, "last weekend->"},
		{"The council met recently.", nov7, "recently->"},
		{"The council voted yesterday.", time.Time{}, "yesterday->"},
	}
	for _, tc := range tests {
		fs := findings(tc.src, Options{Published: tc.pub})
		var got []string
		for _, f := range fs {
			if f.Code == CodeRelativeTime {
				got = append(got, f.Text+"->"+strings.Join(f.Replacements, "|"))
			}
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q published %s: got %q, want %q", tc.src, tc.pub.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestParsePublished(t *testing.T) {
	d, err := ParsePublished(" 2025-11-07 ")
	if err != nil || !d.Equal(time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParsePublished: %v %v", d, err)
	}
	if _, err := ParsePublished("2025-02-30"); err == nil {
		t.Error("ParsePublished accepted 30 February")
	}
}

// TestFixes applies every fix of every finding and checks that the article
// has no new markup problem or rule diagnostic, and that the flagged words
// are gone from the published view's words.
func TestFixes(t *testing.T) {
	srcs := []string{
		"The oppressive regime, critics say, admitted the very shameful plan.",
		"A {++very oppressive++} rule and {~~a~>the draconian~~} law.",
		"The council voted yesterday. The ferry will resume on Tuesday.",
		"Oppressive rules. Very.",
		"{++Sadly++} the regime's thugs slammed the plan.",
		"“Quoted” words; the government's \"reforms\" closed three clinics.",
		"The {--very--} oppressive law and the oppressive {--and cruel--} rule.",
		"The {--very--} oppressive {--and cruel--} rule.",
		"A {++new++} oppressive law. {~~A~>Sadly~~} the {~~law~>very good~~} law.",
	}
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	for _, src := range srcs {
		d := markup.Parse([]byte(src))
		before := len(rules.Check(d, rules.Options{}))
		for _, f := range Check(d, Options{Published: pub}) {
			fixes := f.Fixes(d)
			if f.Fixable && len(fixes) == 0 && len(f.Replacements) > 0 {
				t.Errorf("%q: fixable finding %q has no fixes", src, f.Text)
			}
			for _, fx := range fixes {
				if fx.Safe || fx.Preferred {
					t.Errorf("%q: fix %q is safe or preferred; style fixes never are", src, fx.Title)
				}
				out, err := span.Apply(d.Src, fx.Edits)
				if err != nil {
					t.Fatalf("%q: %s: %v", src, fx.Title, err)
				}
				after := rules.Check(markup.Parse(out), rules.Options{})
				if len(after) > before {
					t.Errorf("%q: %s gives %q with diagnostics %v", src, fx.Title, out, after)
				}
				again := Check(markup.Parse(out), Options{Published: pub})
				for _, g := range again {
					if g.Span.Start <= f.Span.Start+3 && g.Span.End >= f.Span.Start && g.Code == f.Code && g.Form == f.Form {
						t.Errorf("%q: after %s, %q still flags: %q", src, fx.Title, out, g.Text)
					}
				}
			}
		}
	}
}

func ExampleFinding_Fixes() {
	d := markup.Parse([]byte("The oppressive government imposed a curfew."))
	for _, f := range Check(d, Options{}) {
		fmt.Println(f.Code, f.Severity, f.Span, f.Text)
		for _, fx := range f.Fixes(d) {
			out, _ := span.Apply(d.Src, fx.Edits)
			fmt.Printf("%s: %s\n", fx.Title, out)
		}
	}
	// Output:
	// judging-adjective information 4:14 oppressive
	// Cut "oppressive": The {--oppressive--} government imposed a curfew.
}

// TestWeekdayTense checks two weekdays of one sentence read in their own
// tenses.
func TestWeekdayTense(t *testing.T) {
	nov7 := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	var got []string
	for _, f := range findings("The council said on Monday it would vote on Thursday.", Options{Published: nov7}) {
		got = append(got, f.Text+"->"+strings.Join(f.Replacements, "|"))
	}
	want := []string{"on Monday->on 3 November", "on Thursday->on 13 November"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestCutWholeAddition: cutting a flagged addition that is all flag keeps
// one space between the words around it, whichever side held it.
func TestCutWholeAddition(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"They are {++very ++}slow.\n", "They are slow.\n"},
		{"They are {++very++} slow.\n", "They are slow.\n"},
		{"They are slow {++indeed, very++}.\n", "They are slow {++indeed,++}.\n"},
		{"They are {++very++}.\n", "They are.\n"},
		{"{++Very++} slow.\n", "slow.\n"},
	} {
		d := markup.Parse([]byte(tc.in))
		var got string
		for _, f := range Check(d, Options{}) {
			for _, fx := range f.Fixes(d) {
				if strings.HasPrefix(fx.Title, "Cut") {
					out, err := span.Apply(d.Src, fx.Edits)
					if err != nil {
						t.Fatal(err)
					}
					got = string(out)
				}
			}
		}
		if got != tc.want {
			t.Errorf("%q: cut gives %q, want %q", tc.in, got, tc.want)
		}
	}
}
