package frontmatter

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/bluepencil/bluepencil/internal/span"
)

// parserErrors are the messages of the YAML library's parser, as opposed to
// its scanner. The library prints the line of a parser error 0-based and of
// a scanner error 1-based, so these need one added.
var parserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// contextErrors are errors whose line is where the enclosing mapping, list or
// scalar starts rather than where the offending text is, which lies on that
// line or below it.
var contextErrors = map[string]bool{
	"did not find expected key":                       true,
	"did not find expected '-' indicator":             true,
	"found a tab character that violates indentation": true,
}

// explanations reword the library's messages for editors, who cannot be
// expected to know YAML's vocabulary.
var explanations = map[string]string{
	"did not find expected key":                              "this line is indented differently from the fields around it, or is not a \"name: value\" pair",
	"did not find expected '-' indicator":                    "this line is indented like a list item but does not start with \"- \"",
	"mapping values are not allowed in this context":         "this line has a colon where none can be; indent it like the other fields, or put a value that contains \": \" in quotes",
	"could not find expected ':'":                            "this line has no colon after its field name",
	"found unexpected end of stream":                         "a quoted value starts on this line but is never closed",
	"did not find expected ',' or ']'":                       "a list opened with [ on this line is never closed with ]",
	"did not find expected ',' or '}'":                       "a group opened with { on this line is never closed with }",
	"found character that cannot start any token":            "a value cannot start with this character; put the value in quotes",
	"found unknown escape character":                         "a double-quoted value contains an unknown backslash escape; use single quotes, or write \\\\ for a backslash",
	"block sequence entries are not allowed in this context": "a list item (\"- \") cannot go here; put list items on their own lines below the field name",
	"did not find expected node content":                     "a value is missing, or starts with a character that cannot start one",
	"did not find expected <document start>":                 "there is text after a line that ends the YAML document",
	"exceeded max depth of 10000":                            "brackets are nested too deeply",
}

// syntaxError reports err, the library's refusal of input ("---\n" and the
// body), on the line the editor has to change.
func (p *parser) syntaxError(input []byte, err error) {
	msg, line := splitYAMLError(err)
	lm := p.lm
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name = strings.TrimSuffix(name, "' referenced")
		p.add(CodeInvalid, p.aliasSpan(name),
			fmt.Sprintf("The alias *%s refers to no anchor &%s defined before it.", name, name), "")
		return
	}
	if line == 0 {
		// No position at all: the best that can be said is "in here".
		p.add(CodeInvalid, lm.nearestContent(0), "The front matter is not valid YAML: "+msg+".", "")
		return
	}
	if parserErrors[msg] {
		line++
	}
	if contextErrors[msg] {
		line = p.offendingLine(input, line, msg)
	}
	s := lm.nearestContent(line - firstBodyLine)
	text := s.Text(lm.src)
	lineStart := lm.starts[lm.lineIndexOf(s.Start)]
	indent := lm.src[lineStart:s.Start]
	why := explanations[msg]
	switch {
	case bytes.IndexByte(indent, '\t') >= 0:
		s.Start = lineStart
		why = "tabs cannot indent YAML; indent with spaces"
	case strings.Contains(msg, "tab") || msg == "found character that cannot start any token" && bytes.IndexByte(text, '\t') >= 0:
		if i := bytes.IndexByte(text, '\t'); i >= 0 {
			s.Start += i
		}
		why = "a tab cannot be used here; use spaces"
	case msg == "found character that cannot start any token":
		if i := bytes.IndexAny(text, "@`"); i >= 0 {
			s.Start += i
		}
	case msg == "found unexpected end of stream" && bytes.IndexAny(text, "\"'") < 0:
		why = "the front matter ends in the middle of a value"
	}
	if why == "" {
		why = msg
	} else {
		why += " (" + msg + ")"
	}
	p.add(CodeInvalid, s, "The front matter is not valid YAML: "+why+".", "")
}

// splitYAMLError takes "yaml: line N: message" apart; line is 0 when the
// library gave none.
func splitYAMLError(err error) (msg string, line int) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil && n > 0 {
				return rest[i+2:], n
			}
		}
	}
	return msg, 0
}

// yamlMessage returns err's message without its line.
func yamlMessage(err error) string {
	m, _ := splitYAMLError(err)
	return m
}

// offendingLine finds the line a context error is really about: the first
// line, from the reported one down, such that the body cut after it fails
// with the same message. The body cut before the offending line is fine, or
// fails differently when the cut splits a quoted value or a [ list, and cut
// after it fails the same way, so the line is found by bisection, in a few
// parses even for a long block.
func (p *parser) offendingLine(input []byte, line int, msg string) int {
	lm := p.lm
	lo, hi := max(line, firstBodyLine), firstBodyLine+len(lm.starts)-1
	if lo > hi {
		return line
	}
	// The body cut after its last line is the whole input, which fails
	// with msg: hi always satisfies the search.
	for lo < hi {
		mid := lo + (hi-lo)/2
		i := mid - firstBodyLine
		if _, _, err := decode(input[:4+lm.starts[i+1]-lm.body.Start]); err != nil && yamlMessage(err) == msg {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// aliasSpan finds the first "*name" alias in the body, for the one error the
// library reports with a name but no line.
func (p *parser) aliasSpan(name string) span.Span {
	lm := p.lm
	body := lm.src[lm.body.Start:lm.body.End]
	pat := []byte("*" + name)
	for off := 0; off < len(body); {
		i := bytes.Index(body[off:], pat)
		if i < 0 {
			break
		}
		end := off + i + len(pat)
		if end == len(body) || bytes.IndexByte([]byte(" \t\r\n,]}#"), body[end]) >= 0 {
			return span.Span{Start: lm.body.Start + off + i, End: lm.body.Start + end}
		}
		off += i + 1
	}
	return lm.nearestContent(0)
}
