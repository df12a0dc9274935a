package analysis

import "github.com/bluepencil/bluepencil/internal/span"

// Update analyses a new version of an article, given the analysis of an
// earlier version and the edits between the two, so that an editor's
// keystroke can cost the neighbourhood of the edit rather than the
// article.
//
// edits are byte edits applied one after the other, as the text changed:
// the first is in the coordinates of prev.Src, each later one in the
// coordinates of the text the ones before it left, and applying them all
// to prev.Src in order gives in.Src. prev may be nil (the first version,
// or one whose edits were not kept), and then edits are ignored.
//
// Update must return exactly what Analyze(in, opts, src) returns: the same
// document, diagnostics, comparison and watched paths, whatever prev was
// analysed with. It reuses nothing yet: it is the place where reuse will go,
// and the server already calls it with what reuse needs. Like Analyze, it
// does not modify prev, which stays valid.
func Update(prev *Analysis, in Input, edits []span.Edit, opts Options, src Source) *Analysis {
	return Analyze(in, opts, src)
}
