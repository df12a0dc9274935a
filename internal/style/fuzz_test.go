package style

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

var fuzzSeeds = []string{
	"",
	"The oppressive regime, critics say, admitted the plan was very shameful.",
	"The {--oppressive--} {++brutal++} {~~said~>slammed~~} regime{>>thugs<<}.",
	"\"The regime is brutal,\" he said. ‘Thugs,’ she said. The “reforms” failed.",
	"---\ntitle: regime\n---\n> thugs\n\n```\nregime\n```\n`very` https://x.y/regime [a](b/regime) <!-- regime -->",
	"Yesterday's vote on Tuesday night, last week and next month.",
	"so-called \"x\" 'y' ’z’ “w” «v» „u“",
	"{==very==}{>>n<<} {++critics++} say {++very {--x--} good++}",
	"a\\`very\\` \\\"regime\\\" ](very <a very> <!-- very",
	"Le régime très oppressive. ÉNORME. Ünïcödé very",
	strings.Repeat("very ", 50),
	"'90s rock 'n' roll, the workers' union's regime' s",
	"x {++a \"{==ok==}\" b\n", // once a panic: a scare quote past the addition's new side
}

// FuzzCheck checks what must hold for every input: no panic, findings
// ordered and inside the text, never inside a cut, a note or the front
// matter, never an error, and fixes that apply.
func FuzzCheck(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, src []byte) {
		d := markup.Parse(src)
		fs := Check(d, Options{Published: pub, Allow: []string{"clearly"}})
		prev := 0
		for _, fd := range fs {
			s := fd.Span
			if s.Start < prev || s.Start < 0 || s.End > len(src) || s.End <= s.Start {
				t.Fatalf("finding %+v out of order or bounds (len %d)", fd, len(src))
			}
			prev = s.Start
			if fd.Severity == rules.Error || fd.Severity < rules.Error || fd.Severity > rules.Hint {
				t.Fatalf("finding %+v has severity %v", fd, fd.Severity)
			}
			if d.HasFrontMatter && s.Start < d.FrontMatter.Span.End {
				t.Fatalf("finding %+v in the front matter", fd)
			}
			for _, m := range d.Marks {
				var quiet span.Span
				switch m.Kind {
				case markup.Elision, markup.Note:
					quiet = m.Span()
				case markup.Substitution:
					quiet = m.Old()
				default:
					continue
				}
				if quiet.Covers(s) && m.Parent() < 0 {
					t.Fatalf("finding %q inside %v %q", fd.Text, m.Kind, quiet.Text(src))
				}
			}
			if string(s.Text(src)) != fd.Text {
				t.Fatalf("finding text %q is not its span's %q", fd.Text, s.Text(src))
			}
			for _, fx := range fd.Fixes(d) {
				if _, err := span.Apply(src, fx.Edits); err != nil {
					t.Fatalf("fix %q of %q: %v", fx.Title, fd.Text, err)
				}
			}
		}
		if len(fs) > MaxFindings {
			t.Fatalf("%d findings", len(fs))
		}
	})
}

// TestLinear runs the pass on pathological shapes at two sizes and checks
// that the time grows linearly (4 times the input may take at most 10
// times as long, to allow for noise on a shared machine).
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	shapes := map[string]func(n int) []byte{
		"one word repeated":      func(n int) []byte { return rep("very ", n) },
		"one phrase repeated":    func(n int) []byte { return rep("critics say ", n) },
		"weekdays in a sentence": func(n int) []byte { return rep("on Tuesday ", n) },
		"weekday sentences":      func(n int) []byte { return rep("On Tuesday. ", n) },
		"one long word":          func(n int) []byte { return rep("a", n) },
		"long words and roots":   func(n int) []byte { return rep("on "+strings.Repeat("x", 200)+" ", n) },
		"no spaces":              func(n int) []byte { return rep("very,", n) },
		"quotes":                 func(n int) []byte { return rep("\"a\" ", n) },
		"curly quotes":           func(n int) []byte { return rep("“regime” ", n) },
		"apostrophes":            func(n int) []byte { return rep("'a ", n) },
		"backticks":              func(n int) []byte { return rep("`` ` ", n) },
		"angles":                 func(n int) []byte { return rep("<a ", n) },
		"link openers":           func(n int) []byte { return rep("](", n) },
		"urls":                   func(n int) []byte { return rep("http:// ", n) },
		"blank-separated":        func(n int) []byte { return rep("very\n\n", n) },
		"marks":                  func(n int) []byte { return rep("{++very++}", n) },
		"spaces then root":       func(n int) []byte { return append(rep(" ", n), "very"...) },
		"root then spaces":       func(n int) []byte { return append([]byte("very"), rep(" ", n)...) },
		"scare quotes":           func(n int) []byte { return rep("the \"reforms\" ", n) },
		"sentences with scares":  func(n int) []byte { return rep("the \"reforms\". ", n) },
		"scares and additions":   func(n int) []byte { return rep("{++a++} \"x\" ", n) },
		"additions then a scare": func(n int) []byte { return append(append([]byte("\""), rep("{++a++} ", n)...), "\" x"...) },
	}
	pub := time.Date(2025, 11, 7, 0, 0, 0, 0, time.UTC)
	for name, shape := range shapes {
		// 16 times the input: linear is 16 times the time, quadratic 256.
		// The bound between them is wide, so that a loaded machine (the
		// best of five runs is taken) does not fail a linear pass.
		small, large := shape(32<<10), shape(512<<10)
		ds, dl := markup.Parse(small), markup.Parse(large)
		ts := best(func() { Check(ds, Options{Published: pub}) })
		tl := best(func() { Check(dl, Options{Published: pub}) })
		if tl > 64*ts && tl > 50*time.Millisecond {
			t.Errorf("%s: %v for 32 KiB, %v for 512 KiB: not linear", name, ts, tl)
		}
	}
}

func rep(unit string, n int) []byte {
	return bytes.Repeat([]byte(unit), n/len(unit)+1)[:n]
}

func best(f func()) time.Duration {
	b := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		f()
		b = min(b, time.Since(start))
	}
	return b
}

// TestMaxFindings checks the cap on a runaway input.
func TestMaxFindings(t *testing.T) {
	fs := Check(markup.Parse(rep("very ", 200000)), Options{})
	if len(fs) != MaxFindings {
		t.Errorf("%d findings, want the cap %d", len(fs), MaxFindings)
	}
	_ = fmt.Sprint
}
