package fidelity

import "unicode/utf8"

// WordSpan widens [start, end) of text so that neither end cuts through a
// word: an end that falls between two characters of one word moves out to
// that word's edge. A word is what Tokenize calls one (letters, digits and
// combining marks, with apostrophes, hyphens and underscores that join two
// of them), so that a widened selection holds whole tokens of the fidelity
// check. An editor who marks "ine" of "fine" as cut means the word:
// {--f--}ine, which Helix's one-character cursors produced, is never what a
// newsroom wants. Ends that already fall between words are returned
// unchanged, as is a pair out of order or outside text; start and end must
// lie on character boundaries.
func WordSpan(text []byte, start, end int) (int, int) {
	if start < 0 || end > len(text) || start > end {
		return start, end
	}
	if partAt(text, start) {
		for partBefore(text, start) {
			_, size := utf8.DecodeLastRune(text[:start])
			start -= size
		}
	}
	if partBefore(text, end) {
		for partAt(text, end) {
			_, size := utf8.DecodeRune(text[end:])
			end += size
		}
	}
	return start, end
}

// partAt reports whether the character at p belongs to a word: a word
// character, or a joiner with word characters on both sides.
func partAt(text []byte, p int) bool {
	if p >= len(text) {
		return false
	}
	r, size := utf8.DecodeRune(text[p:])
	return isWordRune(r) || isJoiner(r) && wordBefore(text, p) && wordAt(text, p+size)
}

// partBefore reports whether the character that ends at p belongs to a
// word, as partAt.
func partBefore(text []byte, p int) bool {
	if p <= 0 {
		return false
	}
	r, size := utf8.DecodeLastRune(text[:p])
	return isWordRune(r) || isJoiner(r) && wordBefore(text, p-size) && wordAt(text, p)
}

func wordAt(text []byte, p int) bool {
	if p >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRune(text[p:])
	return isWordRune(r)
}

func wordBefore(text []byte, p int) bool {
	if p <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRune(text[:p])
	return isWordRune(r)
}

// HasToken reports whether text holds anything the fidelity check
// compares, a word or a punctuation character, rather than only white
// space and Markdown syntax: marking "**" or a heading's "#" would break
// the Markdown and change no word.
func HasToken(text []byte) bool {
	sc := scanner{text: text, lineStart: true}
	toks, _ := sc.scan(make([]Token, 0, 1), 1) // the first token is enough
	return len(toks) > 0
}
