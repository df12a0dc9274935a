package check

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/golden"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
	"golang.org/x/tools/txtar"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain/path.bp.md", "plain/path.bp.md"},
		{`C:\news\a.bp.md`, `C:\news\a.bp.md`},
		{"café 😀 中文", "café 😀 中文"},
		{"a\nb.bp.md:1:1: error: forged", `a\nb.bp.md:1:1: error: forged`},
		{"cr\r tab\t nul\x00", `cr\r tab\t nul\x00`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"del\x7f", `del\x7f`},
		{"c1 \u0085 \u009b", `c1 \u0085 \u009b`},
		{"ls \u2028 ps \u2029", `ls \u2028 ps \u2029`},
		{"bad \xff\xfe utf8 \xc3", `bad \xff\xfe utf8 \xc3`},
		{"\u00a0 stays", "\u00a0 stays"}, // no-break space is printable
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzEscape: whatever the input, the output is valid UTF-8 holding no
// control character and no line separator, and input that needs no
// escape comes back as it is.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"a\nb", "\x1b]0;title\x07", "\xc2\x85", "\xe2\x80\xa8", "\xff", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Escape(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Escape(%q) = %q is not valid UTF-8", s, got)
		}
		clean := true
		for _, r := range got {
			if mustEscape(r, utf8.RuneLen(r)) {
				t.Fatalf("Escape(%q) = %q holds %U", s, got, r)
			}
		}
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			clean = clean && !mustEscape(r, size)
			i += size
		}
		if clean && got != s {
			t.Fatalf("Escape(%q) = %q changed clean text", s, got)
		}
	})
}

// encodingJSON is what encoding/json writes for s, without HTML escapes.
func encodingJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// decodePEP383 decodes a JSON string as Python's json.loads followed by
// os.fsencode would: a lone \udcXX gives back byte XX, and the rest is
// standard JSON, decoded by encoding/json one escape or character at a time.
func decodePEP383(t testing.TB, q string) string {
	var b strings.Builder
	s := q[1 : len(q)-1]
	for len(s) > 0 {
		n := 1 // the length of the next piece: a character or an escape
		switch {
		case strings.HasPrefix(s, `\udc`):
			v, err := strconv.ParseUint(s[4:6], 16, 8)
			if err != nil || v < 0x80 {
				t.Fatalf("bad surrogate escape in %s", q)
			}
			b.WriteByte(byte(v))
			s = s[6:]
			continue
		case strings.HasPrefix(s, `\u`):
			n = 6
		case s[0] == '\\':
			n = 2
		default:
			_, n = utf8.DecodeRuneInString(s)
		}
		var part string
		if err := json.Unmarshal([]byte(`"`+s[:n]+`"`), &part); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		b.WriteString(part)
		s = s[n:]
	}
	return b.String()
}

func TestAppendJSONString(t *testing.T) {
	tests := []string{
		"", "plain", `quote " backslash \`, "\b\f\n\r\t\x00\x1f\x7f", "<&>", "é 😀", "\u2028\u2029",
		"bad \xff", "\xed\xa0\x80", "\xc3", "a\xffb\xfe\xfd", "\\udc80 is text",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		tests = append(tests, string(b))
	}
	for _, s := range tests {
		checkJSONString(t, s)
	}
}

func checkJSONString(t testing.TB, s string) {
	if got, want := string(appendJSONString(nil, s, false)), encodingJSON(s); got != want {
		t.Fatalf("appendJSONString(%q) = %s, encoding/json gives %s", s, got, want)
	}
	got := string(appendJSONString(nil, s, true))
	if !json.Valid([]byte(got)) {
		t.Fatalf("appendJSONString(%q, surrogates) = %s is not JSON", s, got)
	}
	if back := decodePEP383(t, got); back != s {
		t.Fatalf("appendJSONString(%q, surrogates) = %s decodes to %q", s, got, back)
	}
	if utf8.ValidString(s) && got != encodingJSON(s) {
		t.Fatalf("valid UTF-8 %q: got %s, encoding/json gives %s", s, got, encodingJSON(s))
	}
}

// FuzzJSONString: JSON strings are encoding/json's, and file names written
// with surrogate escapes decode to the exact bytes.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"a", "\xff", "é\x80", "\"\\\n", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSONString(t, s) })
}

// TestUTF16Ranges: the one-pass conversion gives what Mapper.Range gives
// for each diagnostic, in any order, overlapping, reversed or past the end.
func TestUTF16Ranges(t *testing.T) {
	texts := []string{"", "abc", "😀𐐀 {--x\né {~~x~~}\r\nlast", "a\rb\r\nc\n\n\xffé中😀"}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, text := range texts {
		m := position.New([]byte(text))
		var diags []rules.Diagnostic
		for range 200 {
			s, e := rng.IntN(len(text)+3)-1, rng.IntN(len(text)+3)-1
			diags = append(diags, rules.Diagnostic{Span: span.Span{Start: s, End: e}})
		}
		got := utf16Ranges(m, diags)
		for i, d := range diags {
			if want := m.Range(d.Span.Start, d.Span.End, position.UTF16); got[i] != want {
				t.Fatalf("%q %v: got %v, want %v", text, d.Span, got[i], want)
			}
		}
	}
}

// TestOutputGolden: text and JSON output of the results in
// testdata/output/*.txtar. Section "paths" holds one Go-quoted path per
// line and "messages" one Go-quoted message per line; every path gets
// every message, at the offsets in "offsets", over the text in "src".
func TestOutputGolden(t *testing.T) {
	golden.Run(t, "testdata/output/*.txtar", func(t *testing.T, ar *txtar.Archive) string {
		src, _ := golden.Section(ar, "src")
		var results []Result
		for _, p := range quotedLines(t, ar, "paths") {
			r := Result{Path: p, Src: src}
			for i, msg := range quotedLines(t, ar, "messages") {
				var s, e int
				fmt.Sscan(quotedLines(t, ar, "offsets")[i], &s, &e)
				r.Diags = append(r.Diags, rules.Diagnostic{Span: span.Span{Start: s, End: e}, Severity: rules.Error, Code: "some-code", Message: msg})
			}
			results = append(results, r)
		}
		var out strings.Builder
		for _, w := range []struct {
			name string
			new  func(io.Writer) Writer
		}{{"text", NewTextWriter}, {"json", NewJSONWriter}} {
			var b bytes.Buffer
			wr := w.new(&b)
			for i := range results {
				must(t, wr.Write(&results[i]))
			}
			must(t, wr.Close())
			fmt.Fprintf(&out, "== %s\n%s", w.name, b.String())
			if w.name == "json" {
				var back []JSONDiagnostic
				if err := json.Unmarshal(b.Bytes(), &back); err != nil {
					t.Fatalf("JSON output does not parse: %v", err)
				}
			}
		}
		return out.String()
	})
}

func quotedLines(t *testing.T, ar *txtar.Archive, name string) []string {
	data, _ := golden.Section(ar, name)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("%s: %q: %v", name, line, err)
		}
		out = append(out, s)
	}
	return out
}

// TestEmptyJSON: no diagnostic at all is an empty array, not null.
func TestEmptyJSON(t *testing.T) {
	var b bytes.Buffer
	w := NewJSONWriter(&b)
	must(t, w.Write(&Result{Path: "a.bp.md", Src: []byte("fine")}))
	must(t, w.Close())
	if b.String() != "[]\n" {
		t.Errorf("got %q", b.String())
	}
}

// unclosed is the article of the quadratic JSON report: n unclosed {--
// on one line, one diagnostic each.
func unclosed(n int) Result {
	src := []byte(strings.Repeat("{-- ", n) + "\n")
	return Check(Target{Path: "a.bp.md"}, src, analysis.Options{}, nil)
}

// benchWrite writes n unclosed marks on one line, for n and 4n: a linear
// writer takes four times as long on the second, a quadratic one sixteen.
func benchWrite(b *testing.B, new func(io.Writer) Writer) {
	for _, n := range []int{200_000, 800_000} {
		r := unclosed(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				w := new(io.Discard)
				w.Write(&r)
				w.Close()
			}
		})
	}
}

// BenchmarkWriteText is the floor BenchmarkWriteJSON is measured against:
// the same diagnostics, all on one line, written as text.
func BenchmarkWriteText(b *testing.B) { benchWrite(b, NewTextWriter) }

// BenchmarkWriteJSON writes the diagnostics of n unclosed marks on one
// line as JSON; at n=200,000 it took 80 s when each range was converted
// on its own, rescanning the line.
func BenchmarkWriteJSON(b *testing.B) { benchWrite(b, NewJSONWriter) }
