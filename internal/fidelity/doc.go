// Package fidelity checks an article against the archived original it was
// made from: every word outside a mark must be the original's, and every
// mark's original side must be what the original says. It compares the
// article's original view with the archived text word by word, ignoring
// white space and Markdown syntax, and reports each difference as an
// unmarked change, with the edits that mark it or undo it.
//
// It is pure: bytes in, spans and edits out. Reading the archived file, and
// keeping that inside the workspace, is the caller's business.
package fidelity
