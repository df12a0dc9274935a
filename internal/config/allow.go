package config

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/span"
)

// AllowEdit returns the edit that adds word to the top-level `allow:`
// list of src, a YAML mapping: a settings file, or the YAML text of an
// article's front matter. It edits the text rather than re-encoding it, so
// that the user's comments, order and quoting stay as they were: the word
// goes at the end of a flow list ([a, b]) or as a new item of a block list,
// a single word becomes a flow list of two, an empty key gets a list, and a
// file without the key gets an `allow: [word]` line at its end. It reports
// false when src is not a mapping it can edit so (not YAML, a flow
// mapping, an allow that is not a list of texts): a wrong edit there would
// break the file the user keeps.
func AllowEdit(src []byte, word string) (span.Edit, bool) {
	item := YAMLText(word)
	nl := lineBreak(src)
	root, err := decode(src)
	if err != nil {
		return span.Edit{}, false
	}
	if root == nil {
		return appendLine(src, "allow: ["+item+"]", nl), true
	}
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return span.Edit{}, false
	}
	l := newLines(src)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "allow" {
			continue
		}
		switch {
		case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
			return flowAppend(src, l.at(v.Line, v.Column).Start, item)
		case v.Kind == yaml.SequenceNode && len(v.Content) > 0:
			return blockAppend(src, l, v, item, nl)
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			return emptyValue(src, l.at(k.Line, k.Column).Start, item)
		case v.Kind == yaml.ScalarNode:
			return scalarToList(src, l.at(v.Line, v.Column).Start, v, item)
		}
		return span.Edit{}, false
	}
	return appendLine(src, "allow: ["+item+"]", nl), true
}

// YAMLText returns s as a YAML scalar that reads back as s in a block or
// a flow context: as it is when it is plain words, else double-quoted.
func YAMLText(s string) string {
	if plainWord(s) {
		return s
	}
	return strconv.Quote(s) // its escapes are YAML's double-quoted ones
}

// plainWord reports whether s is words YAML reads as the text s: letters
// first, then letters, digits, single spaces, hyphens, apostrophes and
// dots, and none of the words YAML 1.1 reads as a boolean or null.
func plainWord(s string) bool {
	if s == "" || !unicode.IsLetter([]rune(s)[0]) || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -'’.", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "true", "false", "on", "off", "null":
		return false
	}
	return true
}

// lineBreak is the line break src uses.
func lineBreak(src []byte) string {
	if bytes.Contains(src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// appendLine adds line at the end of src, on a line of its own.
func appendLine(src []byte, line, nl string) span.Edit {
	text := line + nl
	if len(src) > 0 && src[len(src)-1] != '\n' {
		text = nl + text
	}
	return span.Insert(len(src), text)
}

// flowAppend adds item before the closing bracket of the flow list that
// opens at src[open].
func flowAppend(src []byte, open int, item string) (span.Edit, bool) {
	if open >= len(src) || src[open] != '[' {
		return span.Edit{}, false
	}
	end := closingBracket(src, open)
	if end < 0 {
		return span.Edit{}, false
	}
	at := end
	for at > open && isYAMLSpace(src[at-1]) {
		at--
	}
	switch src[at-1] {
	case '[':
		return span.Insert(at, item), true
	case ',':
		return span.Insert(at, " "+item), true
	}
	return span.Insert(at, ", "+item), true
}

// closingBracket returns where the flow collection opening at src[open]
// closes, past quoted texts and comments, or -1.
func closingBracket(src []byte, open int) int {
	depth := 0
	for i := open; i < len(src); i++ {
		switch c := src[i]; c {
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return i
			}
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(src); i++ {
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i > 0 && isYAMLSpace(src[i-1]) {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		}
	}
	return -1
}

func isYAMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// blockAppend adds item as a new entry after the last of the block list
// seq, indented as its first entry is.
func blockAppend(src []byte, l lines, seq *yaml.Node, item, nl string) (span.Edit, bool) {
	first := l.at(seq.Content[0].Line, seq.Content[0].Column).Start
	dash := bytes.LastIndexByte(src[:first], '-')
	lineStart := bytes.LastIndexByte(src[:first], '\n') + 1
	if dash < lineStart || strings.TrimLeft(string(src[lineStart:dash]), " ") != "" {
		return span.Edit{}, false // "allow: - a" is no list we can extend line by line
	}
	indent := dash - lineStart
	// The list ends before the first line after its last entry that is
	// not blank and is indented no deeper than its dashes.
	last := seq.Content[len(seq.Content)-1].Line
	end := len(src)
	for n := last + 1; n <= len(l.starts); n++ {
		s := l.starts[n-1]
		e := len(src)
		if n < len(l.starts) {
			e = l.starts[n]
		}
		text := strings.TrimRight(string(src[s:e]), "\r\n")
		trimmed := strings.TrimLeft(text, " ")
		if trimmed != "" && len(text)-len(trimmed) <= indent && !strings.HasPrefix(trimmed, "#") {
			end = s
			break
		}
	}
	// Back over the blank lines and comments that close the list, which
	// belong to what follows.
	for end > 0 {
		prev := bytes.LastIndexByte(src[:end-1], '\n') + 1
		t := strings.TrimSpace(string(src[prev:end]))
		if prev <= l.starts[last-1] || (t != "" && !strings.HasPrefix(t, "#")) {
			break
		}
		end = prev
	}
	text := strings.Repeat(" ", indent) + "- " + item + nl
	if end > 0 && src[end-1] != '\n' {
		text = nl + text
	}
	return span.Insert(end, text), true
}

// emptyValue gives the key at src[key] ("allow:" with nothing, or with ~
// or null) the list [item], keeping a comment after it.
func emptyValue(src []byte, key int, item string) (span.Edit, bool) {
	colon := bytes.IndexByte(src[key:], ':')
	if colon < 0 {
		return span.Edit{}, false
	}
	from := key + colon + 1
	to := from
	for to < len(src) && src[to] != '\n' && src[to] != '\r' && !(src[to] == '#' && to > from && isYAMLSpace(src[to-1])) {
		to++
	}
	text := " [" + item + "]"
	if to < len(src) && src[to] == '#' {
		text += " "
	}
	return span.Replace(span.Span{Start: from, End: to}, text), true
}

// scalarToList turns the one text v, at src[at], into a flow list of it
// and item.
func scalarToList(src []byte, at int, v *yaml.Node, item string) (span.Edit, bool) {
	end := -1
	switch v.Style {
	case 0:
		if strings.ContainsAny(v.Value, "\n") || !bytes.HasPrefix(src[at:], []byte(v.Value)) {
			return span.Edit{}, false
		}
		end = at + len(v.Value)
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		end = quotedEnd(src, at)
	}
	if end < 0 || bytes.ContainsAny(src[at:end], "\n") {
		return span.Edit{}, false
	}
	return span.Replace(span.Span{Start: at, End: end}, "["+string(src[at:end])+", "+item+"]"), true
}

// quotedEnd returns the end of the quoted text that starts at src[at].
func quotedEnd(src []byte, at int) int {
	q := src[at]
	for i := at + 1; i < len(src); i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < len(src) && src[i+1] == '\'':
			i++
		case src[i] == q:
			return i + 1
		}
	}
	return -1
}
