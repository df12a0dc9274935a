package fidelity

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation character, as the byte span
// [Start, End) of the text it was read from.
//
// The offsets are 32-bit: a book holds hundreds of thousands of tokens, and
// two token lists were a third of the check's memory.
type Token struct{ Start, End int32 }

// Tokenize splits text into the tokens the fidelity check compares.
//
// A word is a run of letters, digits and combining marks, with apostrophes
// (' and ’), hyphens and underscores kept when they join two such
// characters ("don't", "well-known", "snake_case"). Every other
// punctuation or symbol character is a token of its own.
//
// White space is skipped, and so is Markdown syntax, which carries no
// words: '#' runs and '>' quote markers at the start of a line, list
// bullets ("-", "*", "+" followed by a space, "1." and "1)") at the start of
// a line, runs of '*', '_' outside a word, backticks, a backslash before
// ASCII punctuation (the escaped character is a token), and HTML comments.
// A line of only '-', '*', '_' or '=' characters (a rule or a setext
// underline) is skipped too.
func Tokenize(text []byte) []Token {
	toks, _ := tokenize(make([]Token, 0, len(text)/4+16), text) // prose runs 4 to 6 bytes a token
	return toks
}

// Byte classes for the tokenizer's ASCII fast path.
const (
	cOther  uint8 = iota // a punctuation, symbol or control byte: a token of its own
	cWord                // an ASCII letter or digit
	cSpace               // white space other than a line end
	cLine                // '\n'
	cSkip                // '*', '`' and '_' outside a word: emphasis and code syntax
	cEscape              // '\\'
	cAngle               // '<', which may open an HTML comment
	cHigh                // the first byte of a multi-byte character, or an invalid one
)

var class = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[c] = cWord
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			t[c] = cSpace
		case c == '\n':
			t[c] = cLine
		case c == '*' || c == '`' || c == '_':
			t[c] = cSkip
		case c == '\\':
			t[c] = cEscape
		case c == '<':
			t[c] = cAngle
		}
	}
	return t
}()

var commentOpen, commentClose = []byte("<!--"), []byte("-->")

// tokenize appends the tokens of text to toks. It also reports whether the
// text ends inside an HTML comment, which a caller that tokenizes a text in
// parts needs to know.
//
// Prose is mostly ASCII words and single spaces, and a loop that looks at
// each byte in turn mispredicts a branch or two on every word: that was a
// third of the check. This one classifies 64 bytes at a time into bit
// masks (words, and bytes that are not space or emphasis) and finds each
// token's start and end by counting zeros; it falls back to a byte at a
// time for line starts, escapes, comments and characters that are not
// ASCII.
func tokenize(toks []Token, text []byte) ([]Token, bool) {
	sc := scanner{text: text, lineStart: true}
	toks, _ = sc.scan(toks, math.MaxInt)
	return toks, sc.open
}

// scanner tokenizes a text a stretch at a time, for a caller that turns
// tokens into ids as they come rather than keeping them all.
type scanner struct {
	text      []byte
	i         int
	lineStart bool // the scanner stands at the start of a line
	open      bool // the text ends inside an HTML comment
}

// scan appends the text's next tokens to toks, until toks holds at least
// limit of them or the text ends, which it reports.
func (sc *scanner) scan(toks []Token, limit int) ([]Token, bool) {
	text := sc.text
	n := len(text)
	i, lineStart := sc.i, sc.lineStart
	defer func() { sc.i, sc.lineStart = i, lineStart }()
	for i < n {
		if len(toks) >= limit {
			return toks, false
		}
		if lineStart {
			i = skipLineSyntax(text, i)
			lineStart = false
			if i >= n {
				break
			}
		}
		if n-i > 64 {
			var stop int
			toks, stop = block(toks, text, i)
			if stop > 0 {
				i += stop
				continue
			}
		}
		// One token, or one byte, a byte at a time.
		switch c := text[i]; class[c] {
		case cWord:
			j := i + 1
			for j < n && class[text[j]] == cWord {
				j++
			}
			if j < n && (text[j] >= utf8.RuneSelf || isJoinerByte(text[j])) {
				j = wordEnd(text, j)
			}
			toks = append(toks, Token{int32(i), int32(j)})
			i = j
		case cSpace, cSkip:
			i++
		case cLine:
			lineStart = true
			i++
		case cEscape:
			if i+1 < n && isASCIIPunct(text[i+1]) {
				toks = append(toks, Token{int32(i + 1), int32(i + 2)})
				i += 2
				break
			}
			toks = append(toks, Token{int32(i), int32(i + 1)})
			i++
		case cAngle:
			if !bytes.HasPrefix(text[i:], commentOpen) {
				toks = append(toks, Token{int32(i), int32(i + 1)})
				i++
				break
			}
			end := bytes.Index(text[i+4:], commentClose)
			if end < 0 {
				sc.open = true
				i = n
				return toks, true
			}
			i += 4 + end + 3
		case cHigh:
			r, size := utf8.DecodeRune(text[i:])
			switch {
			case isWordRune(r):
				j := wordEnd(text, i+size)
				toks = append(toks, Token{int32(i), int32(j)})
				i = j
			case unicode.IsSpace(r):
				i += size
			default:
				toks = append(toks, Token{int32(i), int32(i + size)})
				i += size
			}
		default:
			toks = append(toks, Token{int32(i), int32(i + 1)})
			i++
		}
	}
	return toks, true
}

// block appends the tokens of text[i:i+64] that it can read with bit
// masks, and returns how far it read: up to the first byte that needs the
// slow path (an escape, a comment, a character that is not ASCII, a line
// start that may hold Markdown syntax), less a word or joiner that touches
// that byte or the block's end and may go on past it. i is where no token
// has begun; text has a byte past the block.
//
// Letters, digits and spaces are classified 8 at a time with arithmetic on
// a uint64; the few other bytes of prose (punctuation, line ends) one by
// one, through a table.
func block(toks []Token, text []byte, i int) ([]Token, int) {
	blk := (*[65]byte)(text[i : i+65])
	var w, o uint64
	for k := 0; k < 64; k += 8 {
		wk, ok := classify8(binary.LittleEndian.Uint64(blk[k : k+8]))
		w |= wk << k
		o |= ok << k
	}
	var q, j, c uint64 // among the other bytes: quiet ones, joiners, complex ones
	for m := o; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m)
		f := uint64(rare[blk[k&63]])
		// A line end is a space unless the next line may start with
		// Markdown syntax, which skipLineSyntax reads.
		f |= (f >> 3) & uint64(lineSyntax[blk[(k+1)&127]]) << 2
		q |= (f & 1) << k
		j |= (f >> 1 & 1) << k
		c |= (f >> 2 & 1) << k
	}
	next := uint64(wordByte[blk[64]]) << 63
	// A joiner between two word bytes is part of the word.
	w |= j & (w << 1) & (w>>1 | next)
	// Stop at the first complex byte, before the run of word and joiner
	// bytes that touches it.
	stop := bits.TrailingZeros64(c)
	below := uint64(1)<<uint(stop) - 1
	if stop == 64 {
		below = ^uint64(0)
	}
	run := (w | j) & below
	if stop > 0 && run>>uint(stop-1)&1 != 0 {
		stop = 64 - bits.LeadingZeros64(^run&below)
		below = uint64(1)<<uint(stop) - 1
	}
	if stop == 0 {
		return toks, 0
	}
	single := o &^ (w | q | c) & below // punctuation: a token a byte
	starts := (w&^(w<<1) | single) & below
	ends := (w&^(w>>1) | single) & below
	for starts != 0 {
		s, e := bits.TrailingZeros64(starts), bits.TrailingZeros64(ends)
		toks = append(toks, Token{int32(i + s), int32(i + e + 1)})
		starts &= starts - 1
		ends &= ends - 1
	}
	return toks, stop
}

// The flags of rare, for the bytes block reads one by one.
const (
	rQuiet   = 1 << iota // no token: white space but ' ', '*', '`', '_' and the line end
	rJoiner              // '\'', '-', '_'
	rComplex             // for the slow path: '\\', '<', and bytes that are not ASCII
	rLine                // '\n'
)

var rare = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf || c == '\\' || c == '<':
			t[c] = rComplex
		case c == '\n':
			t[c] = rQuiet | rLine
		case c == '_':
			t[c] = rQuiet | rJoiner
		case c == '\'' || c == '-':
			t[c] = rJoiner
		case class[c] == cSpace || class[c] == cSkip:
			t[c] = rQuiet
		}
	}
	return t
}()

// lineSyntax is 1 for the bytes a line may start with that skipLineSyntax
// reads as more than nothing.
var lineSyntax = func() (t [256]uint8) {
	for _, c := range []byte(" \t>#-*+_=0123456789") {
		t[c] = 1
	}
	return t
}()

// wordByte is 1 for ASCII letters and digits.
var wordByte = func() (t [256]uint8) {
	for c := range 256 {
		if class[c] == cWord {
			t[c] = 1
		}
	}
	return t
}()

// SWAR constants: a byte's value repeated in each of a word's 8 bytes.
const (
	ones = 0x0101010101010101
	low7 = 0x7f * ones
	high = 0x80 * ones
)

// classify8 returns, as 8-bit masks, which of the 8 bytes of x (in the
// order they are in memory) are ASCII letters or digits, and which are
// neither those nor ' '. It works byte-wise on a uint64, with arithmetic
// that never carries from one byte into the next.
func classify8(x uint64) (words, other uint64) {
	hi := x & high
	t := x &^ high
	l := t | 0x20*ones // letters folded to lower case
	letter := (l + (0x80-'a')*ones) &^ (l + (0x80-'z'-1)*ones)
	digit := (t + (0x80-'0')*ones) &^ (t + (0x80-'9'-1)*ones)
	z := t ^ ' '*ones
	space := ^(z + low7) // 0x80 where t is ' '
	w := (letter | digit) &^ hi & high
	o := high &^ (w | space&^hi)
	return gather(w), gather(o)
}

// gather packs the top bit of each byte of m into 8 bits, byte k to bit k.
func gather(m uint64) uint64 { return ((m >> 7) * 0x0102040810204080) >> 56 }

// tokenEnd returns the end of the token that starts at s: a token's
// start says what it is (a word, or a character of its own, an escaped one
// too), so its end need not be kept.
func tokenEnd(text []byte, s int) int {
	if c := text[s]; c < utf8.RuneSelf {
		if wordByte[c] == 1 {
			return wordEnd(text, s+1)
		}
		return s + 1
	}
	r, size := utf8.DecodeRune(text[s:])
	if isWordRune(r) {
		return wordEnd(text, s+size)
	}
	return s + size
}

// wordEnd returns the end of the word whose characters continue at j: the
// slow path, for characters that are not ASCII and for joiners.
func wordEnd(text []byte, j int) int {
	n := len(text)
	for j < n {
		if class[text[j]] == cWord {
			j++
			continue
		}
		r2, s2 := utf8.DecodeRune(text[j:])
		if isWordRune(r2) {
			j += s2
			continue
		}
		if isJoiner(r2) && j+s2 < n {
			r3, _ := utf8.DecodeRune(text[j+s2:])
			if isWordRune(r3) {
				j += s2
				continue
			}
		}
		break
	}
	return j
}

func isJoinerByte(c byte) bool { return c == '\'' || c == '-' || c == '_' }

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' || r == '_' }

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// skipLineSyntax skips the block syntax at the start of the line at i:
// indentation, quote markers, heading markers, list bullets and rules.
func skipLineSyntax(text []byte, i int) int {
	n := len(text)
	for {
		for i < n && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if i >= n {
			return i
		}
		switch c := text[i]; {
		case c == '>':
			i++
			continue
		case c == '#':
			j := i
			for j < n && text[j] == '#' {
				j++
			}
			if j-i <= 6 && (j == n || text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				return j
			}
			return i
		case c == '-' || c == '*' || c == '+' || c == '_' || c == '=':
			if isRuleLine(text, i) {
				for i < n && text[i] != '\n' {
					i++
				}
				return i
			}
			if c != '_' && c != '=' && i+1 < n && (text[i+1] == ' ' || text[i+1] == '\t') {
				i += 2
				continue // a bullet; a quote or another bullet may follow
			}
			return i
		case c >= '0' && c <= '9':
			j := i
			for j < n && j-i < 9 && text[j] >= '0' && text[j] <= '9' {
				j++
			}
			if j < n && (text[j] == '.' || text[j] == ')') && (j+1 == n || text[j+1] == ' ' || text[j+1] == '\t' || text[j+1] == '\n' || text[j+1] == '\r') {
				i = j + 1
				continue
			}
			return i
		}
		return i
	}
}

// isRuleLine reports whether the line from i holds only one of the bytes
// '-', '*', '_', '=' (at least three, or any number for '='), with spaces.
func isRuleLine(text []byte, i int) bool {
	c := text[i]
	count := 0
	for j := i; j < len(text) && text[j] != '\n'; j++ {
		switch text[j] {
		case c:
			count++
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return count >= 3 || c == '=' && count >= 1
}
