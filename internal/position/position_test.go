package position

import (
	"math"
	"testing"
)

var encodings = []Encoding{UTF16, UTF8, UTF32}

func TestEncoding(t *testing.T) {
	var zero Encoding
	if zero != UTF16 {
		t.Errorf("zero Encoding = %v, want UTF16 (the LSP default)", zero)
	}
	for _, e := range encodings {
		got, ok := ParseEncoding(e.String())
		if !ok || got != e {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v, true", e.String(), got, ok, e)
		}
	}
	for _, s := range []string{"", "utf8", "UTF-16", "utf-7"} {
		if _, ok := ParseEncoding(s); ok {
			t.Errorf("ParseEncoding(%q) accepted", s)
		}
	}
	if got := Encoding(7).String(); got != "Encoding(7)" {
		t.Errorf("Encoding(7).String() = %q", got)
	}
}

func TestPosition(t *testing.T) {
	tests := []struct {
		name string
		src  string
		off  int
		line int
		// Character in UTF-16, UTF-8 and UTF-32 units.
		c16, c8, c32 int
	}{
		{"empty", "", 0, 0, 0, 0, 0},
		{"empty past end", "", 5, 0, 0, 0, 0},
		{"empty negative", "", -1, 0, 0, 0, 0},
		{"no newline start", "abc", 0, 0, 0, 0, 0},
		{"no newline middle", "abc", 2, 0, 2, 2, 2},
		{"no newline end", "abc", 3, 0, 3, 3, 3},
		{"no newline past end", "abc", 10, 0, 3, 3, 3},
		{"negative", "abc", -4, 0, 0, 0, 0},
		{"trailing newline at LF", "abc\n", 3, 0, 3, 3, 3},
		{"trailing newline after", "abc\n", 4, 1, 0, 0, 0},
		{"trailing newline past end", "abc\n", 9, 1, 0, 0, 0},
		{"CRLF at CR", "ab\r\ncd\r\n", 2, 0, 2, 2, 2},
		{"CRLF between CR and LF", "ab\r\ncd\r\n", 3, 0, 2, 2, 2},
		{"CRLF next line", "ab\r\ncd\r\n", 4, 1, 0, 0, 0},
		{"CRLF second line end", "ab\r\ncd\r\n", 6, 1, 2, 2, 2},
		{"CRLF second between", "ab\r\ncd\r\n", 7, 1, 2, 2, 2},
		{"CRLF after last", "ab\r\ncd\r\n", 8, 2, 0, 0, 0},
		{"lone CR at CR", "a\rb\r", 1, 0, 1, 1, 1},
		{"lone CR next", "a\rb\r", 2, 1, 0, 0, 0},
		{"lone CR second", "a\rb\r", 3, 1, 1, 1, 1},
		{"lone CR last", "a\rb\r", 4, 2, 0, 0, 0},
		{"double CR", "\r\r", 1, 1, 0, 0, 0},
		{"LF CR is two breaks", "\n\r", 1, 1, 0, 0, 0},
		{"LF CR end", "\n\r", 2, 2, 0, 0, 0},
		{"mixed LF", "a\nb\r\nc\rd", 2, 1, 0, 0, 0},
		{"mixed CRLF between", "a\nb\r\nc\rd", 4, 1, 1, 1, 1},
		{"mixed after CRLF", "a\nb\r\nc\rd", 5, 2, 0, 0, 0},
		{"mixed lone CR", "a\nb\r\nc\rd", 6, 2, 1, 1, 1},
		{"mixed after CR", "a\nb\r\nc\rd", 7, 3, 0, 0, 0},
		{"mixed end", "a\nb\r\nc\rd", 8, 3, 1, 1, 1},
		{"emoji after", "😀x\n", 4, 0, 2, 4, 1},
		{"emoji then text", "😀x\n", 5, 0, 3, 5, 2},
		{"inside emoji 1", "😀x\n", 1, 0, 0, 0, 0},
		{"inside emoji 2", "😀x\n", 2, 0, 0, 0, 0},
		{"inside emoji 3", "😀x\n", 3, 0, 0, 0, 0},
		{"emoji second line", "ab\n😀😀c", 11, 1, 4, 8, 2},
		{"U+10400 before", "a𐐀b", 1, 0, 1, 1, 1},
		{"U+10400 after", "a𐐀b", 5, 0, 3, 5, 2},
		{"U+10400 end", "a𐐀b", 6, 0, 4, 6, 3},
		{"U+10400 inside", "a𐐀b", 3, 0, 1, 1, 1},
		{"e acute after", "é!", 2, 0, 1, 2, 1},
		{"e acute inside", "é!", 1, 0, 0, 0, 0},
		{"e acute end", "é!", 3, 0, 2, 3, 2},
		{"CJK after both", "中文x", 6, 0, 2, 6, 2},
		{"CJK inside second", "中文x", 4, 0, 1, 3, 1},
		{"CJK inside second last byte", "中文x", 5, 0, 1, 3, 1},
		{"CJK end", "中文x", 7, 0, 3, 7, 3},
		{"invalid byte", "a\xffb\xc3", 2, 0, 2, 2, 2},
		{"after invalid", "a\xffb\xc3", 3, 0, 3, 3, 3},
		{"truncated at end", "a\xffb\xc3", 4, 0, 4, 4, 4},
		{"truncated sequence inside", "\xe4\xb8x", 1, 0, 1, 1, 1},
		{"truncated sequence after", "\xe4\xb8x", 2, 0, 2, 2, 2},
		{"truncated sequence end", "\xe4\xb8x", 3, 0, 3, 3, 3},
		{"stray continuation", "é\x80z", 2, 0, 1, 2, 1},
		{"after stray continuation", "é\x80z", 3, 0, 2, 3, 2},
		{"surrogate encoded in UTF-8 is invalid", "\xed\xa0\x80z", 3, 0, 3, 3, 3},
		{"overlong is invalid", "\xc0\xafz", 2, 0, 2, 2, 2},
		{"multibyte before CRLF", "é\r\nx", 3, 0, 1, 2, 1},
	}
	for _, tt := range tests {
		m := New([]byte(tt.src))
		for i, want := range []int{tt.c16, tt.c8, tt.c32} {
			enc := encodings[i]
			got := m.Position(tt.off, enc)
			if got != (Position{tt.line, want}) {
				t.Errorf("%s: Position(%q, %d, %v) = %+v, want {%d %d}",
					tt.name, tt.src, tt.off, enc, got, tt.line, want)
			}
		}
	}
}

func TestOffset(t *testing.T) {
	const all = Encoding(-1) // the case holds in every encoding
	tests := []struct {
		name       string
		src        string
		line, char int
		enc        Encoding
		want       int
	}{
		{"empty", "", 0, 0, all, 0},
		{"empty past line end", "", 0, 5, all, 0},
		{"empty past last line", "", 1, 0, all, 0},
		{"empty negative line", "", -1, 0, all, 0},
		{"no newline", "abc", 0, 2, all, 2},
		{"past line end", "abc", 0, 9, all, 3},
		{"huge character", "abc", 0, math.MaxInt, all, 3},
		{"negative character", "abc", 0, -1, all, 0},
		{"min character", "abc", 0, math.MinInt, all, 0},
		{"past last line", "abc", 1, 0, all, 3},
		{"far past last line", "abc", 5, 5, all, 3},
		{"huge line", "abc", math.MaxInt, 0, all, 3},
		{"negative line", "abc", -3, 2, all, 0},
		{"trailing newline past end", "abc\n", 0, 9, all, 3},
		{"trailing newline last line", "abc\n", 1, 0, all, 4},
		{"trailing newline last line past end", "abc\n", 1, 1, all, 4},
		{"trailing newline past last", "abc\n", 2, 0, all, 4},
		{"CRLF end of content", "ab\r\ncd\r\n", 0, 2, all, 2},
		{"CRLF past end stops before CR", "ab\r\ncd\r\n", 0, 3, all, 2},
		{"CRLF far past end", "ab\r\ncd\r\n", 0, 9, all, 2},
		{"CRLF second line", "ab\r\ncd\r\n", 1, 0, all, 4},
		{"CRLF second line end", "ab\r\ncd\r\n", 1, 3, all, 6},
		{"CRLF last line", "ab\r\ncd\r\n", 2, 0, all, 8},
		{"lone CR past end", "a\rb\r", 0, 5, all, 1},
		{"lone CR second", "a\rb\r", 1, 0, all, 2},
		{"lone CR second end", "a\rb\r", 1, 2, all, 3},
		{"lone CR last", "a\rb\r", 2, 0, all, 4},
		{"mixed line 1", "a\nb\r\nc\rd", 1, 9, all, 3},
		{"mixed line 2", "a\nb\r\nc\rd", 2, 0, all, 5},
		{"mixed line 2 end", "a\nb\r\nc\rd", 2, 9, all, 6},
		{"mixed line 3", "a\nb\r\nc\rd", 3, 1, all, 8},
		{"emoji inside surrogate pair", "😀x\n", 0, 1, UTF16, 0},
		{"emoji after", "😀x\n", 0, 2, UTF16, 4},
		{"emoji then text", "😀x\n", 0, 3, UTF16, 5},
		{"emoji past end", "😀x\n", 0, 4, UTF16, 5},
		{"emoji inside UTF-8", "😀x\n", 0, 2, UTF8, 0},
		{"emoji inside UTF-8 last byte", "😀x\n", 0, 3, UTF8, 0},
		{"emoji after UTF-8", "😀x\n", 0, 4, UTF8, 4},
		{"emoji after UTF-32", "😀x\n", 0, 1, UTF32, 4},
		{"emoji then text UTF-32", "😀x\n", 0, 2, UTF32, 5},
		{"emoji second line", "ab\n😀😀c", 1, 3, UTF16, 7},
		{"emoji second line end", "ab\n😀😀c", 1, 5, UTF16, 12},
		{"U+10400 inside pair", "a𐐀b", 0, 2, UTF16, 1},
		{"U+10400 after", "a𐐀b", 0, 3, UTF16, 5},
		{"U+10400 after UTF-32", "a𐐀b", 0, 2, UTF32, 5},
		{"U+10400 inside UTF-8", "a𐐀b", 0, 4, UTF8, 1},
		{"e acute inside UTF-8", "é!", 0, 1, UTF8, 0},
		{"e acute after UTF-16", "é!", 0, 1, UTF16, 2},
		{"e acute after UTF-32", "é!", 0, 1, UTF32, 2},
		{"e acute end UTF-16", "é!", 0, 2, UTF16, 3},
		{"CJK inside UTF-8", "中文x", 0, 4, UTF8, 3},
		{"CJK second UTF-16", "中文x", 0, 1, UTF16, 3},
		{"CJK x UTF-32", "中文x", 0, 2, UTF32, 6},
		{"invalid byte", "a\xffb\xc3", 0, 2, all, 2},
		{"truncated at end", "a\xffb\xc3", 0, 3, all, 3},
		{"past invalid end", "a\xffb\xc3", 0, 9, all, 4},
		{"truncated sequence", "\xe4\xb8x", 0, 1, all, 1},
		{"truncated sequence x", "\xe4\xb8x", 0, 2, all, 2},
		{"stray continuation", "é\x80z", 0, 2, UTF16, 3},
		{"stray continuation UTF-8", "é\x80z", 0, 2, UTF8, 2},
		{"multibyte before CRLF past end", "é\r\nx", 0, 5, all, 2},
	}
	for _, tt := range tests {
		m := New([]byte(tt.src))
		for _, enc := range encodings {
			if tt.enc != all && tt.enc != enc {
				continue
			}
			p := Position{tt.line, tt.char}
			if got := m.Offset(p, enc); got != tt.want {
				t.Errorf("%s: Offset(%q, %+v, %v) = %d, want %d",
					tt.name, tt.src, p, enc, got, tt.want)
			}
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		src    string
		starts []int
		ends   []int
	}{
		{"", []int{0}, []int{0}},
		{"abc", []int{0}, []int{3}},
		{"abc\n", []int{0, 4}, []int{3, 4}},
		{"\n\n", []int{0, 1, 2}, []int{0, 1, 2}},
		{"ab\r\ncd\r\n", []int{0, 4, 8}, []int{2, 6, 8}},
		{"\r\r\n\r", []int{0, 1, 3, 4}, []int{0, 1, 3, 4}},
		{"a\nb\r\nc\rd", []int{0, 2, 5, 7}, []int{1, 3, 6, 8}},
		{"\n\r", []int{0, 1, 2}, []int{0, 1, 2}},
	}
	for _, tt := range tests {
		m := New([]byte(tt.src))
		if got := m.LineCount(); got != len(tt.starts) {
			t.Errorf("LineCount(%q) = %d, want %d", tt.src, got, len(tt.starts))
			continue
		}
		for i := range tt.starts {
			if got := m.LineStart(i); got != tt.starts[i] {
				t.Errorf("LineStart(%q, %d) = %d, want %d", tt.src, i, got, tt.starts[i])
			}
			if got := m.LineEnd(i); got != tt.ends[i] {
				t.Errorf("LineEnd(%q, %d) = %d, want %d", tt.src, i, got, tt.ends[i])
			}
		}
		n := len(tt.src)
		for _, c := range []struct{ line, start, end int }{
			{-1, 0, 0}, {math.MinInt, 0, 0}, {len(tt.starts), n, n}, {math.MaxInt, n, n},
		} {
			if s, e := m.LineStart(c.line), m.LineEnd(c.line); s != c.start || e != c.end {
				t.Errorf("LineStart, LineEnd(%q, %d) = %d, %d; want %d, %d",
					tt.src, c.line, s, e, c.start, c.end)
			}
		}
	}
}

func TestLineCol(t *testing.T) {
	src := "ab\r\né中\n\rx"
	tests := []struct{ off, line, col int }{
		{-5, 1, 1},
		{0, 1, 1},
		{2, 1, 3},
		{3, 1, 3}, // between CR and LF
		{4, 2, 1},
		{6, 2, 3},
		{7, 2, 3}, // inside 中
		{9, 2, 6},
		{10, 3, 1},
		{11, 4, 1},
		{12, 4, 2},
		{99, 4, 2},
	}
	m := New([]byte(src))
	for _, tt := range tests {
		if l, c := m.LineCol(tt.off); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func TestRange(t *testing.T) {
	m := New([]byte("a😀b\ncd"))
	want := Range{Position{0, 1}, Position{1, 1}}
	if got := m.Range(1, 8, UTF16); got != want {
		t.Errorf("Range(1, 8) = %+v, want %+v", got, want)
	}
	if got := m.Range(8, 1, UTF16); got != want {
		t.Errorf("Range(8, 1) = %+v, want %+v (swapped)", got, want)
	}
	if got := m.Range(-3, 100, UTF8); got != (Range{Position{0, 0}, Position{1, 2}}) {
		t.Errorf("Range(-3, 100) = %+v, want clamped", got)
	}
	if s, e := m.OffsetRange(want, UTF16); s != 1 || e != 8 {
		t.Errorf("OffsetRange(%+v) = %d, %d; want 1, 8", want, s, e)
	}
	rev := Range{want.End, want.Start}
	if s, e := m.OffsetRange(rev, UTF16); s != 1 || e != 8 {
		t.Errorf("OffsetRange(%+v) = %d, %d; want 1, 8 (swapped)", rev, s, e)
	}
	wild := Range{Position{-1, -1}, Position{9, 9}}
	if s, e := m.OffsetRange(wild, UTF32); s != 0 || e != 9 {
		t.Errorf("OffsetRange(%+v) = %d, %d; want 0, 9", wild, s, e)
	}
	// A cursor between the halves of a surrogate pair stays a cursor, before
	// the character.
	half := Range{Position{0, 2}, Position{0, 2}}
	if s, e := m.OffsetRange(half, UTF16); s != 1 || e != 1 {
		t.Errorf("OffsetRange(%+v) = %d, %d; want 1, 1", half, s, e)
	}
}

// TestOffsetRangeRoundsOutwards checks that a range whose ends fall inside
// characters takes them in whole: Neovim 0.10 ends a selection that ends in
// an emoji between the halves of its surrogate pair, and "tail 😀" must not
// lose the emoji.
func TestOffsetRangeRoundsOutwards(t *testing.T) {
	// Byte offsets: "tail " 0-5, 😀 5-9, " " 9, 𐐀 10-14, "é" 14-16, "x" 16,
	// "\n" 17, "next" 18-22.
	src := "tail 😀 𐐀éx\nnext"
	m := New([]byte(src))
	r := func(l1, c1, l2, c2 int) Range { return Range{Position{l1, c1}, Position{l2, c2}} }
	tests := []struct {
		name       string
		enc        Encoding
		r          Range
		start, end int
	}{
		{"utf-16 end inside emoji", UTF16, r(0, 0, 0, 6), 0, 9},
		{"utf-16 end after emoji", UTF16, r(0, 0, 0, 7), 0, 9},
		{"utf-16 end before emoji", UTF16, r(0, 0, 0, 5), 0, 5},
		{"utf-16 start inside emoji rounds back", UTF16, r(0, 6, 0, 8), 5, 10},
		{"utf-16 end inside 𐐀", UTF16, r(0, 2, 0, 9), 2, 14},
		{"utf-16 both inside one pair", UTF16, r(0, 9, 0, 9), 10, 10},
		{"utf-16 reversed, end inside", UTF16, r(0, 6, 0, 0), 0, 9},
		{"utf-16 across lines", UTF16, r(0, 6, 1, 2), 5, 20},
		{"utf-8 end inside emoji", UTF8, r(0, 0, 0, 7), 0, 9},
		{"utf-8 start inside emoji", UTF8, r(0, 7, 0, 10), 5, 10},
		{"utf-8 end inside é", UTF8, r(0, 10, 0, 15), 10, 16},
		{"utf-8 cursor inside emoji", UTF8, r(0, 7, 0, 7), 5, 5},
		{"utf-32 whole characters", UTF32, r(0, 5, 0, 9), 5, 16},
		{"past the line end clamps", UTF16, r(0, 3, 0, 99), 3, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := m.OffsetRange(tt.r, tt.enc)
			if s != tt.start || e != tt.end {
				t.Errorf("OffsetRange(%+v, %v) = %d, %d (%q); want %d, %d (%q)", tt.r, tt.enc,
					s, e, src[s:e], tt.start, tt.end, src[tt.start:tt.end])
			}
			// A Text resolves a range the same way.
			text := NewText([]byte(src))
			if s2, e2 := text.Replace(tt.r, tt.enc, ""); s2 != tt.start || e2 != tt.end {
				t.Errorf("Text.Replace(%+v, %v) replaced %d, %d; want %d, %d", tt.r, tt.enc, s2, e2, tt.start, tt.end)
			}
			if got, want := string(text.Bytes()), src[:tt.start]+src[tt.end:]; got != want {
				t.Errorf("Text.Replace(%+v, %v) left %q, want %q", tt.r, tt.enc, got, want)
			}
		})
	}
}

// TestNoCopy checks the documented promise that New keeps a reference to the
// source: callers rely on it to avoid a second copy of every document.
func TestNoCopy(t *testing.T) {
	src := []byte("a\nb")
	m := New(src)
	if &m.src[0] != &src[0] {
		t.Error("New copied its source")
	}
}
