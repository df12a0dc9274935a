// Package span holds the two value types every other bluepencil package
// speaks in: a half-open byte range into an article, and a byte-exact edit.
//
// They live apart from the parser so that the front-matter reader, the
// rules, the views and the language server can share them without importing
// one another. Offsets are bytes into the UTF-8 source, never runes or UTF-16
// units: only internal/position converts to what a client counts in.
package span
