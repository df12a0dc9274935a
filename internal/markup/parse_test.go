package markup

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/span"
	"golang.org/x/tools/txtar"
)

// dump renders a parse result one line per mark and problem, quoting the
// source bytes each span covers so that a golden file reads on its own.
func dump(d *Document) string {
	var b strings.Builder
	q := func(s interface{ Text([]byte) []byte }) string { return strconv.Quote(string(s.Text(d.Src))) }
	for i, m := range d.Marks {
		fmt.Fprintf(&b, "mark %d %s %v %s", i, m.Kind, m.Span(), q(m.Span()))
		if m.Kind == Substitution {
			fmt.Fprintf(&b, " old=%s new=%s", q(m.Old()), q(m.New()))
		} else if m.Kind != BareElision {
			fmt.Fprintf(&b, " body=%s", q(m.Body()))
		}
		if !m.Closed() {
			b.WriteString(" unclosed")
		}
		if m.Mismatched() {
			b.WriteString(" mismatched")
		}
		if m.MultiParagraph() {
			b.WriteString(" multi-paragraph")
		}
		if m.Parent() >= 0 {
			fmt.Fprintf(&b, " parent=%d", m.Parent())
		}
		b.WriteByte('\n')
	}
	for _, p := range d.Problems {
		fmt.Fprintf(&b, "problem %s %v %s mark=%d: %s\n", p.Code, p.Span, q(p.Span), p.Mark, p.Message)
		for _, r := range p.Related {
			fmt.Fprintf(&b, "  related %v %s: %s\n", r.Span, q(r.Span), r.Message)
		}
	}
	return b.String()
}

// TestParseGolden runs every testdata/parse/*.txtar: the file "input" is
// parsed and the dump compared with the file "want". Run with -update to
// rewrite "want" after checking the differences by eye.
func TestParseGolden(t *testing.T) {
	golden.Run(t, "testdata/parse/*.txtar", func(t *testing.T, ar *txtar.Archive) string {
		input, _ := golden.Section(ar, "input")
		return dump(Parse(input))
	})
}

// TestParseTable checks the shape of small inputs directly, one property
// each, where a golden dump would hide the point of the case.
func TestParseTable(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		kinds string // the kinds of the marks, space separated
		codes string // the problem codes, space separated
	}{
		{"plain", "No marks here.", "", ""},
		{"each kind", "{--a--} {++b++} {~~c~>d~~} {>>e<<} {==f==}", "elision addition substitution note highlight", ""},
		{"attached note", "{==f==}{>>why<<}", "highlight note", ""},
		{"bare elisions", "a [...] b […] c", "bare-elision bare-elision", ""},
		{"link text is not an elision", "see [...](http://x)", "", ""},
		{"escaped opener", `\{--a--}`, "", "stray-closer"},
		{"escaped closer", `{--a\--}--}`, "elision", ""},
		{"code span", "`{--a--}` and ``{++b++}``", "", ""},
		{"unclosed code span is literal", "` {--a--}", "elision", ""},
		{"code span ends at paragraph", "`a\n\nb` {--c--}", "elision", ""},
		{"fenced code", "```\n{--a--}\n```\n{++b++}", "addition", ""},
		{"tilde fence", "~~~ go\n{--a\n~~~\ntext", "", ""},
		{"unclosed fence", "```\n{--a--}", "", "unclosed-fence"},
		{"unclosed", "{--a b", "elision", "unclosed-mark"},
		{"unclosed at paragraph", "{--a\n\nb {++c++}", "elision addition", "unclosed-mark"},
		{"stray", "a --} b", "", "stray-closer"},
		{"mismatched", "{--a++}", "elision", "mismatched-closer"},
		{"nested", "{--a {++b++} c--}", "elision addition", "nested-mark"},
		{"unclosed outer is not nesting", "{--a {++b++} c", "elision addition", "unclosed-mark"},
		{"spans paragraphs", "{--a\n\nb--} c", "elision", "mark-spans-paragraphs"},
		{"spans paragraphs with arrow", "{~~a\n\nb~>c~~}", "substitution", "mark-spans-paragraphs"},
		{"fence stops spanning", "{--a\n```\nx\n```\nb--}", "elision", "unclosed-mark stray-closer"},
		{"missing arrow", "{~~a~~}", "substitution", "missing-arrow"},
		{"extra arrow", "{~~a~>b~>c~~}", "substitution", "extra-arrow"},
		{"arrow in addition is text", "{++a~>b++}", "addition", ""},
		{"empty marks parse", "{----}{++++}{>><<}", "elision addition note", ""},
		{"crlf paragraph", "{--a\r\n\r\nb", "elision", "unclosed-mark"},
		{"opener needs both bytes", "{-a-} {+ +}", "", ""},
		{"mark between backticks", "`a`{++b++}`c`", "addition", "backtick-join"},
		{"run of marks between backticks, all dropped in a view", "`a`{++b++}{>>n<<}`c`", "addition note", "backtick-join"},
		{"empty marks between backticks", "`--}`{++++}{++++}`", "addition addition", "backtick-join"},
		{"run that every view keeps text of", "`a`{++x++}{--y--}`b`", "addition elision", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse([]byte(tt.src))
			var kinds, codes []string
			for _, m := range d.Marks {
				kinds = append(kinds, strings.ReplaceAll(m.Kind.String(), " ", "-"))
			}
			for _, p := range d.Problems {
				codes = append(codes, p.Code)
			}
			if got := strings.Join(kinds, " "); got != tt.kinds {
				t.Errorf("kinds = %q, want %q\n%s", got, tt.kinds, dump(d))
			}
			if got := strings.Join(codes, " "); got != tt.codes {
				t.Errorf("codes = %q, want %q\n%s", got, tt.codes, dump(d))
			}
			checkInvariants(t, d)
		})
	}
}

// checkInvariants holds for every parse of every input: spans in bounds and
// ordered, delimiters inside their mark, marks ordered by start, parents
// before children and covering them, problems ordered.
func checkInvariants(t testing.TB, d *Document) {
	t.Helper()
	n := len(d.Src)
	ok := func(what string, start, end int) {
		if start < 0 || end > n || end < start {
			t.Fatalf("%s out of bounds or reversed: %d:%d (len %d)\n%s", what, start, end, n, dump(d))
		}
	}
	prev := -1
	for i, m := range d.Marks {
		ok("mark span", m.Span().Start, m.Span().End)
		ok("body", m.Body().Start, m.Body().End)
		if m.Span().Start < prev {
			t.Fatalf("mark %d starts before mark %d\n%s", i, i-1, dump(d))
		}
		prev = m.Span().Start
		if !m.Span().Covers(m.Open()) || !m.Span().Covers(m.Close()) || !m.Span().Covers(m.Body()) {
			t.Fatalf("mark %d parts outside its span\n%s", i, dump(d))
		}
		if m.Open().End > m.Body().Start || m.Body().End > m.Close().Start {
			t.Fatalf("mark %d parts out of order\n%s", i, dump(d))
		}
		if m.Kind == Substitution && !m.Arrow().Empty() && !m.Body().Covers(m.Arrow()) {
			t.Fatalf("mark %d arrow outside body\n%s", i, dump(d))
		}
		if m.Parent() >= 0 {
			if m.Parent() >= i || !d.Marks[m.Parent()].Span().Covers(m.Span()) || !d.Marks[m.Parent()].Closed() {
				t.Fatalf("mark %d bad parent %d\n%s", i, m.Parent(), dump(d))
			}
		} else if i > 0 {
			// Top-level marks do not overlap each other.
			for j := i - 1; j >= 0; j-- {
				if d.Marks[j].Parent() < 0 {
					if d.Marks[j].Span().End > m.Span().Start {
						t.Fatalf("top-level marks %d and %d overlap\n%s", j, i, dump(d))
					}
					break
				}
			}
		}
	}
	prev = -1
	for _, p := range d.Problems {
		ok("problem", p.Span.Start, p.Span.End)
		if p.Span.Start < prev {
			t.Fatalf("problems out of order\n%s", dump(d))
		}
		prev = p.Span.Start
		if p.Mark >= len(d.Marks) {
			t.Fatalf("problem names mark %d of %d", p.Mark, len(d.Marks))
		}
	}
	for i := 0; i < n; i++ {
		if j := d.MarkAt(i); j >= 0 && !d.Marks[j].Span().Contains(i) {
			t.Fatalf("MarkAt(%d) = %d which does not contain it", i, j)
		}
	}
}

// TestMaxDepth checks that openers nested past MaxDepth are text: the
// closers left over are stray, and no mark is deeper than MaxDepth.
func TestMaxDepth(t *testing.T) {
	const k = MaxDepth + 20
	d := Parse([]byte(strings.Repeat("{--", k) + "x" + strings.Repeat("--}", k)))
	if len(d.Marks) != MaxDepth {
		t.Fatalf("%d marks, want %d", len(d.Marks), MaxDepth)
	}
	stray, deep := 0, 0
	for _, p := range d.Problems {
		switch {
		case p.Code == CodeStrayCloser:
			stray++
		case p.Code == CodeNestedMark && p.Mark < 0:
			deep++
		}
	}
	if stray != k-MaxDepth || deep != k-MaxDepth {
		t.Errorf("%d stray closers and %d openers too deep, want %d of each", stray, deep, k-MaxDepth)
	}
	for i := range d.Marks {
		depth := 0
		for j := i; d.Marks[j].Parent() >= 0; j = d.Marks[j].Parent() {
			depth++
		}
		if depth >= MaxDepth {
			t.Fatalf("mark %d is %d deep", i, depth)
		}
	}
}

// TestPartsWithinMark checks that every part of every mark lies within it,
// on inputs where recovery cuts an unclosed mark short of an arrow that
// was read for it (found by fuzzing the fixes).
func TestPartsWithinMark(t *testing.T) {
	for _, src := range []string{"{~~0{~~~~}0~>", "{~~a {++b++} c~> d", "{~~a\n\n{++b++}~>c"} {
		d := Parse([]byte(src))
		for i, m := range d.Marks {
			for _, part := range []span.Span{m.Open(), m.Close(), m.Body(), m.Old(), m.New()} {
				if !m.Span().Covers(part) || part.End < part.Start {
					t.Errorf("%q: mark %d %v has a part %v outside it", src, i, m.Span(), part)
				}
			}
			if a := m.Arrow(); !a.Empty() && !m.Body().Covers(a) {
				t.Errorf("%q: mark %d %v has its arrow %v outside its body", src, i, m.Span(), a)
			}
		}
	}
}

// TestSlice checks that a slice of a document holds the marks of a part
// of it as parsing that part alone would.
func TestSlice(t *testing.T) {
	src := []byte("x {--a {++b++} c {~~d~>e~~}--} y")
	d := Parse(src)
	outer := d.Marks[0]
	sub := d.Slice(outer.Body(), 1, len(d.Marks))
	alone := Parse(outer.Body().Text(src))
	if string(sub.Src) != string(alone.Src) || len(sub.Marks) != len(alone.Marks) {
		t.Fatalf("slice %q with %d marks, alone %q with %d", sub.Src, len(sub.Marks), alone.Src, len(alone.Marks))
	}
	for i := range sub.Marks {
		if sub.Marks[i] != alone.Marks[i] {
			t.Errorf("mark %d: slice %+v, alone %+v", i, sub.Marks[i], alone.Marks[i])
		}
	}
}
