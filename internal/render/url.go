package render

import "strings"

// Which addresses a page may link to or load. A link may go to http, https
// and mailto addresses and to relative ones; an image may load only http,
// https and relative ones. Everything else (javascript:, vbscript:, data:,
// file: and any scheme yet to be invented) is refused, as an allowlist
// must.
var (
	linkSchemes  = []string{"http", "https", "mailto"}
	imageSchemes = []string{"http", "https"}
)

// safeURL reports whether a browser would take u to a scheme in allowed,
// or to a relative address. It reads the scheme the way the WHATWG URL
// parser does: leading and trailing C0 controls and spaces go, tabs and
// newlines anywhere are ignored, and letters are compared without case,
// so "  Java\tScript:" is javascript. Entities and escapes must be
// resolved already (goldmark resolves them in link destinations).
func safeURL(u string, allowed []string) bool {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	scheme, ok := schemeOf(u)
	if !ok {
		return true // relative: no scheme before the first / ? or #
	}
	for _, a := range allowed {
		if strings.EqualFold(scheme, a) {
			return true
		}
	}
	return false
}

// schemeOf returns the scheme of u, if u has one: an ASCII letter, then
// letters, digits, "+", "-" or ".", then ":".
func schemeOf(u string) (string, bool) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return u[:i], true
		default:
			return "", false
		}
	}
	return "", false
}
