package complete

import (
	"bytes"
	"unicode"

	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
)

// Bounds on what replacements reads: the new text begun after "~>", the
// old side before it, the words of a lexicon phrase, the items offered.
const (
	maxTyped   = 200
	maxOld     = 1000
	maxPhrase  = 4
	maxReplace = 20
)

// replacements offers, after the "~>" of a substitution, its old text with
// each phrase the style lexicon has a neutral replacement for replaced.
func replacements(src []byte, body, off int) []Item {
	k := off
	for k > body && off-k < maxTyped && !bytes.ContainsRune([]byte("~>{}\n"), rune(src[k-1])) {
		k--
	}
	if k-2 < body || src[k-2] != '~' || src[k-1] != '>' {
		return nil
	}
	arrow := k - 2
	lim := max(body, arrow-maxOld)
	o := bytes.LastIndex(src[lim:arrow], []byte("{~~"))
	if o < 0 {
		return nil
	}
	old := src[lim+o+3 : arrow]
	if bytes.Contains(old, []byte("~~}")) || bytes.Contains(old, []byte("~>")) || bytes.Contains(old, []byte("\n\n")) {
		return nil // the "~>" of another mark, or none
	}
	return rewrite(string(old), span.Span{Start: k, End: off})
}

// rewrite returns old with each run of up to maxPhrase words the lexicon
// has replacements for replaced by each of them, longest runs first.
func rewrite(old string, s span.Span) []Item {
	ws := words(old)
	seen := map[string]bool{}
	var out []Item
	for n := min(maxPhrase, len(ws)); n >= 1; n-- {
		for i := 0; i+n <= len(ws); i++ {
			a, b := ws[i].Start, ws[i+n-1].End
			phrase := old[a:b]
			for _, r := range style.Replacements(phrase) {
				text := old[:a] + r + old[b:]
				if seen[text] || len(out) == maxReplace {
					continue
				}
				seen[text] = true
				out = append(out, Item{Kind: Replacement, Label: text, Detail: "neutral for “" + phrase + "”",
					Edit: span.Edit{Span: s, New: text}})
			}
		}
	}
	return out
}

// words returns the spans of old's words: runs of letters, digits, "-"
// and apostrophes (straight or curly); quotes and dashes end a word.
func words(old string) []span.Span {
	var out []span.Span
	start := -1
	for i, r := range old {
		switch {
		case inWord(r) && start < 0:
			start = i
		case !inWord(r) && start >= 0:
			out = append(out, span.Span{Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span.Span{Start: start, End: len(old)})
	}
	return out
}

func inWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’'
}
