package fidelity

import (
	"bytes"
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
	return tokenize(make([]Token, 0, len(text)/4+16), text) // prose runs 4 to 6 bytes a token
}

// tokenize appends the tokens of text to toks.
func tokenize(toks []Token, text []byte) []Token {
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
		if isWordRune(r) {
			j := i + size
			for j < n {
				if asciiWord[text[j]] {
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

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') ||
		r >= utf8.RuneSelf && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

var asciiWord = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

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
