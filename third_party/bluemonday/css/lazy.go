package css

import (
	"regexp"
	"sync"
)

// lazy is a regular expression compiled on first use rather than at
// package initialization, where every program that links bluemonday paid
// for the 42 expressions of this package at startup (0.5 ms), styles
// allowed or not. (bluepencil's change to bluemonday; see
// third_party/README.md.)
type lazy struct {
	get func() *regexp.Regexp
}

// lazyRegexp returns expr, to be compiled on first use.
func lazyRegexp(expr string) *lazy {
	return &lazy{get: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// MatchString is regexp.Regexp.MatchString.
func (l *lazy) MatchString(s string) bool { return l.get().MatchString(s) }

// FindString is regexp.Regexp.FindString.
func (l *lazy) FindString(s string) string { return l.get().FindString(s) }

// ReplaceAll is regexp.Regexp.ReplaceAll.
func (l *lazy) ReplaceAll(src, repl []byte) []byte { return l.get().ReplaceAll(src, repl) }
