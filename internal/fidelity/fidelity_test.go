package fidelity

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

func check(t *testing.T, article, original string) Result {
	t.Helper()
	d := markup.Parse([]byte(article))
	return Check(d, []byte(original), span.Span{Start: 0, End: 1}, Options{})
}

func codes(r Result, code string) []rules.Diagnostic {
	var out []rules.Diagnostic
	for _, dg := range r.Diagnostics {
		if dg.Code == code {
			out = append(out, dg)
		}
	}
	return out
}

func fix(dg rules.Diagnostic, title string) (rules.Fix, bool) {
	for _, f := range dg.Fixes {
		if f.Title == title {
			return f, true
		}
	}
	return rules.Fix{}, false
}

func titles(dg rules.Diagnostic) string {
	var t []string
	for _, f := range dg.Fixes {
		t = append(t, f.Title)
	}
	return strings.Join(t, "|")
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, world.", "Hello|,|world|."},
		{"# Title\n\n*emph* and __strong__", "Title|emph|and|strong"},
		{"- item one\n* item two\n1. three\n2) four", "item|one|item|two|three|four"},
		{"> quoted text\n>> deeper", "quoted|text|deeper"},
		{"don't well-known snake_case ’tis", "don't|well-known|snake_case|’|tis"},
		{"a \\* b `code` <!-- hidden --> c", "a|*|b|code|c"},
		{"line\r\nbreak", "line|break"},
		{"---\n\nafter", "after"},
		{"café naïve 42", "café|naïve|42"},
	}
	for _, tc := range tests {
		var got []string
		for _, tok := range Tokenize([]byte(tc.in)) {
			got = append(got, tc.in[tok.Start:tok.End])
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, g, tc.want)
		}
	}
}

func TestNoDifference(t *testing.T) {
	orig := "# The Title\n\nThe quick brown fox jumps over the lazy dog. It was *very* quick.\n\n- one item\n- two items\n"
	tests := []struct{ name, article string }{
		{"identical", orig},
		{"no markdown", "The Title\n\nThe quick brown fox jumps over the lazy dog. It was very quick.\n\none item\ntwo items\n"},
		{"rewrapped", "## The Title\nThe quick brown fox\njumps over the lazy dog.\n   It was _very_ quick.\n* one item\n* two items"},
		{"crlf", strings.ReplaceAll(orig, "\n", "\r\n")},
		{"marked", "# The Title\n\nThe {~~quick~>fast~~} brown fox {++really++} jumps over {--the lazy--} dog.{>>note<<} It was {==very==} quick.\n\n- one item\n- two items\n"},
		{"front matter", "---\ntitle: x\noriginal: o.txt\n---\n" + orig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := check(t, tc.article, orig)
			if len(r.Diagnostics) != 0 || r.TooDifferent {
				t.Errorf("got %+v", r.Diagnostics)
			}
		})
	}
}

func TestSilentChanges(t *testing.T) {
	orig := "The quick brown fox jumps over the lazy dog.\n\nA second paragraph, with a comma.\n"
	tests := []struct {
		name, article string
		span          string // the bytes the diagnostic covers; "" for a point
		at            string // for a point: the article text right before it
		fixes         string
		want          map[string]string // fix title -> article after applying it
	}{
		{
			name: "insertion", article: "The quick brown fox swiftly jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
			span: "swiftly", fixes: "Mark as addition|Restore original text",
			want: map[string]string{
				FixMarkAddition: "The quick brown fox {++swiftly++} jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
				FixRestore:      orig,
			},
		},
		{
			name: "deletion", article: "The quick fox jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
			at: "The quick", fixes: "Mark as elision|Restore original text",
			want: map[string]string{
				FixMarkElision: "The quick {--brown--} fox jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
				FixRestore:     orig,
			},
		},
		{
			name: "deletion at paragraph start", article: "The quick brown fox jumps over the lazy dog.\n\nsecond paragraph, with a comma.\n",
			at: "dog.\n\n", fixes: "Mark as elision|Restore original text",
			want: map[string]string{
				FixMarkElision: "The quick brown fox jumps over the lazy dog.\n\n{--A--} second paragraph, with a comma.\n",
				FixRestore:     orig,
			},
		},
		{
			name: "deletion of several words keeps spacing", article: "The quick brown fox jumps over the lazy dog.\n\nA second paragraph, comma.\n",
			at: "paragraph,", fixes: "Mark as elision|Restore original text",
			want: map[string]string{
				FixMarkElision: "The quick brown fox jumps over the lazy dog.\n\nA second paragraph, {--with a--} comma.\n",
			},
		},
		{
			name: "replacement", article: "The quick brown cat jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
			span: "cat", fixes: "Mark as modification|Restore original text",
			want: map[string]string{
				FixMarkModification: "The quick brown {~~fox~>cat~~} jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
				FixRestore:          orig,
			},
		},
		{
			name: "substitution old side wrong", article: "The quick {~~red~>grey~~} fox jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
			span: "red", fixes: "Restore original text",
			want: map[string]string{
				FixRestore: "The quick {~~brown~>grey~~} fox jumps over the lazy dog.\n\nA second paragraph, with a comma.\n",
			},
		},
		{
			name: "elision body has extra word", article: "The quick brown fox jumps over {--the very lazy--} dog.\n\nA second paragraph, with a comma.\n",
			span: "very", fixes: "Restore original text",
			want: map[string]string{
				FixRestore: "The quick brown fox jumps over {--the lazy--} dog.\n\nA second paragraph, with a comma.\n",
			},
		},
		{
			name: "highlight body lacks word", article: "The quick brown fox jumps {==the lazy==} dog.\n\nA second paragraph, with a comma.\n",
			at: "jumps", fixes: "Mark as elision|Restore original text",
		},
		{
			name: "elision body lacks inner word", article: "The quick {--brown jumps--} over the lazy dog.\n\nA second paragraph, with a comma.\n",
			at: "{--brown", fixes: "Restore original text",
			want: map[string]string{
				FixRestore: "The quick {--brown fox jumps--} over the lazy dog.\n\nA second paragraph, with a comma.\n",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := check(t, tc.article, orig)
			ds := codes(r, CodeUnmarkedChange)
			if len(ds) != 1 || len(r.Diagnostics) != 1 {
				t.Fatalf("got %+v", r.Diagnostics)
			}
			dg := ds[0]
			if tc.span != "" {
				if got := tc.article[dg.Span.Start:dg.Span.End]; got != tc.span {
					t.Errorf("span covers %q, want %q", got, tc.span)
				}
			} else {
				i := strings.Index(tc.article, tc.at)
				if !dg.Span.Empty() || dg.Span.Start != i+len(tc.at) {
					t.Errorf("span %v, want point at %d", dg.Span, i+len(tc.at))
				}
			}
			if got := titles(dg); got != tc.fixes {
				t.Errorf("fixes %q, want %q", got, tc.fixes)
			}
			for _, f := range dg.Fixes {
				out, err := span.Apply([]byte(tc.article), f.Edits)
				if err != nil {
					t.Fatal(err)
				}
				if want, ok := tc.want[f.Title]; ok && string(out) != want {
					t.Errorf("%s gives\n%q, want\n%q", f.Title, out, want)
				}
				if r2 := check(t, string(out), orig); len(r2.Diagnostics) != 0 {
					t.Errorf("after %s: %q still has %+v", f.Title, out, r2.Diagnostics)
				}
			}
		})
	}
}

func TestBareElision(t *testing.T) {
	orig := "The quick brown fox jumps over the lazy dog, and   runs\naway into the woods.\n"
	article := "The quick brown fox jumps over the lazy dog, [...] into the woods.\n"
	r := check(t, article, orig)
	if len(r.Diagnostics) != 1 || r.Diagnostics[0].Code != rules.CodeUntrackedElision {
		t.Fatalf("got %+v", r.Diagnostics)
	}
	f, ok := fix(r.Diagnostics[0], FixRecordCut)
	if !ok {
		t.Fatal("no Record fix")
	}
	out, _ := span.Apply([]byte(article), f.Edits)
	want := "The quick brown fox jumps over the lazy dog, {--and   runs\naway--} into the woods.\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	if r2 := check(t, string(out), orig); len(r2.Diagnostics) != 0 {
		t.Errorf("after fix: %+v", r2.Diagnostics)
	}
	// Repeated words: the cut must still be the words at the marker.
	orig = "the cat the cat the dog"
	article = "the cat [...] the dog"
	r = check(t, article, orig)
	if len(r.Diagnostics) != 1 {
		t.Fatalf("got %+v", r.Diagnostics)
	}
	f, _ = fix(r.Diagnostics[0], FixRecordCut)
	out, _ = span.Apply([]byte(article), f.Edits)
	if string(out) != "the cat {--the cat--} the dog" {
		t.Errorf("got %q", out)
	}
}

func TestTooDifferent(t *testing.T) {
	orig := "Four score and seven years ago our fathers brought forth on this continent a new nation."
	article := "It was the best of times, it was the worst of times, it was the age of wisdom."
	d := markup.Parse([]byte(article))
	r := Check(d, []byte(orig), span.Span{Start: 3, End: 9}, Options{})
	too := codes(r, CodeOriginalTooDifferent)
	if !r.TooDifferent || len(too) != 1 || too[0].Span != (span.Span{Start: 3, End: 9}) || too[0].Severity != rules.Error {
		t.Fatalf("got %+v", r.Diagnostics)
	}
	// The differences are still reported: silence would hide them.
	if ds := codes(r, CodeUnmarkedChange); len(ds) == 0 || ds[0].Severity != rules.Error {
		t.Errorf("got %+v", r.Diagnostics)
	}
	if r.OriginalOffset(0) != -1 {
		t.Errorf("OriginalOffset maps into an unrelated text")
	}
}

func TestOriginalOffset(t *testing.T) {
	orig := "Alpha beta gamma delta."
	article := "# Alpha {--beta--} GAMMA delta."
	r := check(t, article, orig)
	for _, tc := range []struct {
		at   string
		want string
	}{{"Alpha", "Alpha"}, {"beta", "beta"}, {"delta", "delta"}, {"GAMMA", "gamma"}} {
		got := r.OriginalOffset(strings.Index(article, tc.at))
		if got != strings.Index(orig, tc.want) {
			t.Errorf("%s maps to %d, want %d", tc.at, got, strings.Index(orig, tc.want))
		}
	}
}

func TestStraddlingHunkHasNoFix(t *testing.T) {
	orig := "one two three four five"
	// "two" inside the elision and "X" after it form one token "twoX".
	article := "one {--two--}X four five"
	r := check(t, article, orig)
	ds := codes(r, CodeUnmarkedChange)
	if len(ds) != 1 || len(ds[0].Fixes) != 0 {
		t.Fatalf("got %+v", r.Diagnostics)
	}
}

func TestNoteInsideInsertion(t *testing.T) {
	// An unmarked insertion with a note inside it: wrapping it would nest
	// marks, so no fix is offered, but the words are still reported.
	r := check(t, "alpha new{>>why<<} words beta", "alpha beta")
	ds := codes(r, CodeUnmarkedChange)
	if len(ds) != 1 || len(ds[0].Fixes) != 0 {
		t.Fatalf("got %+v", r.Diagnostics)
	}
}

func TestOriginalFrontMatterIgnored(t *testing.T) {
	orig := "---\ntitle: The original\nauthor: Someone\n---\nAlpha beta gamma."
	r := check(t, "Alpha beta gamma.", orig)
	if len(r.Diagnostics) != 0 {
		t.Errorf("got %+v", r.Diagnostics)
	}
}

func TestExcerptWithBareElisions(t *testing.T) {
	// Cutting most of the original with bare elisions is an excerpt, not
	// an unrelated text.
	orig := "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen."
	article := "One two [...] sixteen."
	r := check(t, article, orig)
	if r.TooDifferent || len(r.Diagnostics) != 1 {
		t.Fatalf("got %+v", r.Diagnostics)
	}
	f, ok := fix(r.Diagnostics[0], FixRecordCut)
	if !ok || f.Edits[0].New != "{--three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen--}" {
		t.Errorf("got %+v", r.Diagnostics[0].Fixes)
	}
}

// TestFixesKeepWordsApart covers finding 15: a fix must not join two words
// the original has apart ("hall then" restored as "hallthen").
func TestFixesKeepWordsApart(t *testing.T) {
	tests := []struct {
		name, orig, article string
		want                map[string]string // fix title -> article after it
	}{
		{
			name: "sentence split", orig: "The hall then the vote.", article: "The hall. Then the vote.",
			want: map[string]string{
				FixRestore:          "The hall then the vote.",
				FixMarkModification: "The hall{~~ then~>. Then~~} the vote.",
			},
		},
		{
			name: "dash for a space", orig: "The hall then the vote.", article: "The hall—then the vote.",
			want: map[string]string{
				FixRestore:          "The hall then the vote.",
				FixMarkModification: "The {~~hall ~>hall—~~}then the vote.",
			},
		},
		{
			name: "dash after a note", orig: "The hall then the vote.", article: "The hall{>>n<<}—then the vote.",
			want: map[string]string{
				FixRestore:          "The hall{>>n<<} then the vote.",
				FixMarkModification: "The hall{>>n<<}{~~ then~>—then~~} the vote.",
			},
		},
		{
			name: "bare elision between words", orig: "The hall and so then the vote.", article: "The hall[...]then the vote.",
			want: map[string]string{
				FixRecordCut: "The hall{-- and so --}then the vote.",
			},
		},
		{
			name: "elision body", orig: "The hall then the vote.", article: "The {--hall.then--} the vote.",
			want: map[string]string{
				FixRestore: "The {--hall then--} the vote.",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := check(t, tc.article, tc.orig)
			seen := 0
			for _, dg := range r.Diagnostics {
				for _, f := range dg.Fixes {
					out, err := span.Apply([]byte(tc.article), f.Edits)
					if err != nil {
						t.Fatal(err)
					}
					if want, ok := tc.want[f.Title]; ok {
						seen++
						if string(out) != want {
							t.Errorf("%s gives %q, want %q", f.Title, out, want)
						}
					}
					if r2 := check(t, string(out), tc.orig); len(r2.Diagnostics) != 0 {
						t.Errorf("after %s: %q still has %+v", f.Title, out, r2.Diagnostics)
					}
				}
			}
			if seen != len(tc.want) {
				t.Errorf("found %d of the %d fixes; got %+v", seen, len(tc.want), r.Diagnostics)
			}
		})
	}
}

func TestNoFixes(t *testing.T) {
	orig := "The hall then the vote."
	for _, article := range []string{"The hall. Then the vote.", "The hall then vote.", "The hall then a the vote.", "The hall [...] vote."} {
		d := markup.Parse([]byte(article))
		with := Check(d, []byte(orig), span.Span{}, Options{})
		without := Check(d, []byte(orig), span.Span{}, Options{NoFixes: true})
		if len(with.Diagnostics) != len(without.Diagnostics) {
			t.Fatalf("%q: %d diagnostics with fixes, %d without", article, len(with.Diagnostics), len(without.Diagnostics))
		}
		for i, dg := range without.Diagnostics {
			w := with.Diagnostics[i]
			if len(dg.Fixes) != 0 || dg.Code != w.Code || dg.Span != w.Span || dg.Message != w.Message {
				t.Errorf("%q: %+v without fixes, %+v with", article, dg, w)
			}
		}
	}
}
