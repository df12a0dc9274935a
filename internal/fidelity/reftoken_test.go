package fidelity

import (
	"bytes"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refTokenize is the tokenizer as it was before the fast one: the fuzz
// target holds the two to the same tokens.
func refTokenize(toks []Token, text []byte) []Token {
	n := len(text)
	i := 0
	lineStart := true
	for i < n {
		if lineStart {
			i = skipLineSyntax(text, i)
			lineStart = false
			if i >= n {
				break
			}
		}
		c := text[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '*' || c == '`':
			i++
			continue
		case c == '_':
			// An underscore inside a word is part of it (handled by the
			// word scanner); here it opens or closes emphasis.
			i++
			continue
		case c == '\\':
			if i+1 < n && isASCIIPunct(text[i+1]) {
				toks = append(toks, Token{int32(i + 1), int32(i + 2)})
				i += 2
				continue
			}
			toks = append(toks, Token{int32(i), int32(i + 1)})
			i++
			continue
		case c == '<' && bytes.HasPrefix(text[i:], []byte("<!--")):
			end := bytes.Index(text[i+4:], []byte("-->"))
			if end < 0 {
				i = n
			} else {
				i += 4 + end + 3
			}
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		if refIsWordRune(r) {
			j := i + size
			for j < n {
				if refASCIIWord[text[j]] {
					j++
					continue
				}
				r2, s2 := utf8.DecodeRune(text[j:])
				if refIsWordRune(r2) {
					j += s2
					continue
				}
				if isJoiner(r2) && j+s2 < n {
					r3, _ := utf8.DecodeRune(text[j+s2:])
					if refIsWordRune(r3) {
						j += s2
						continue
					}
				}
				break
			}
			toks = append(toks, Token{int32(i), int32(j)})
			i = j
			continue
		}
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		toks = append(toks, Token{int32(i), int32(i + size)})
		i += size
	}
	return toks
}

func refIsWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

var refASCIIWord = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = refIsWordRune(rune(c))
	}
	return t
}()

// FuzzTokenize holds the fast tokenizer to the tokens of the one it
// replaced, on any bytes.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Hello, world.", "# T\n\n*e* __s__ \\* `c` <!-- x --> y", "don't well-known snake_case ’tis café naïve 42",
		"- a\n* b\n1. c\n2) d\n> q\n---\n===\n", "a\x00b\x1c\u00a0c\u2028d\ufffd\xff\xfe-x_'’", "<!-- open", "a-\u0301b c_-d", "x'’y"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		want := refTokenize(nil, text)
		got, _ := tokenize(nil, text)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", text, got, want)
		}
	})
}

// TestTokenizeSameAsBefore holds the fast tokenizer to the old one on long
// random texts drawn from the bytes that steer it, so that its 64-byte
// blocks meet every class at every place.
func TestTokenizeSameAsBefore(t *testing.T) {
	alphabet := []string{"a", "b", "Z", "7", " ", " ", "\n", "\n\n", "\t", "\r", "-", "'", "_", "*", "`", ".", ",", "\\", "<", "<!--", "-->",
		"#", "##", ">", "+", "=", "1.", "2)", "é", "’", "\u0301", "\u00a0", "\u2028", "\xff", "\x00", "well-known", "don't", "word", "longerwordthanusual"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		size := rng.Intn(400)
		for b.Len() < size {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := []byte(b.String())
		want := refTokenize(nil, text)
		got, _ := tokenize(nil, text)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", text, got, want)
		}
	}
}

// TestScanInStretches: tokens scanned a few at a time are those of one
// pass, and each token's end follows from its start.
func TestScanInStretches(t *testing.T) {
	alphabet := []string{"a", "word", " ", "\n", "\n\n", "-", "'", "_", "*", ".", "\\", "\\*", "<!--", "-->", "# ", "1. ", "é", "’", "\xff", "well-known"}
	rng := rand.New(rand.NewSource(2))
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for b.Len() < rng.Intn(600) {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		text := []byte(b.String())
		want, open := tokenize(nil, text)
		sc := scanner{text: text, lineStart: true}
		var got []Token
		for done := false; !done; {
			got, done = sc.scan(got, len(got)+1+rng.Intn(40))
		}
		if !slices.Equal(got, want) || sc.open != open {
			t.Fatalf("%q: in stretches %v, at once %v", text, got, want)
		}
		for _, tok := range want {
			if e := tokenEnd(text, int(tok.Start)); e != int(tok.End) {
				t.Fatalf("%q: token %v ends at %d by its start", text, tok, e)
			}
		}
	}
}
