package analysis

import (
	"bytes"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/span"
	"github.com/bluepencil/bluepencil/internal/style"
)

// Update analyses a new version of an article, given the analysis of an
// earlier version and the edits between the two, so that an editor's
// keystroke costs the neighbourhood of the edit rather than the article
// in the parse (markup.Update) and in the fidelity check, which is most
// of an analysis with an original. The rules run again on the whole
// document: they read marks and problems, not text, about 0.2 ms for a
// 1 MiB article with ten thousand marks.
//
// edits are byte edits applied one after the other, as the text changed:
// the first is in the coordinates of prev.Src, each later one in the
// coordinates of the text the ones before it left, and applying them all
// to prev.Src in order gives in.Src. prev may be nil (the first version,
// or one whose edits were not kept), and then edits are ignored.
//
// Update returns what Analyze(in, opts, src) returns: the same document,
// diagnostics, comparison and watched paths, whatever prev was analysed
// with; the tests hold it to that. Like Analyze, it does not modify prev,
// which stays valid.
func Update(prev *Analysis, in Input, edits []span.Edit, opts Options, src Source) *Analysis {
	if len(in.Src) > archive.MaxArticleSize {
		return tooLarge(in, opts)
	}
	f := fetch(in, src)
	return analyze(in, opts, f, priorOf(prev, in, edits))
}

// prior is what an update reuses: the earlier document and comparison (nil
// when there was none), and the one edit that turns its article into the
// new one.
type prior struct {
	doc       *markup.Document
	fid       *fidelity.Result
	style     *style.Result
	styleOpts style.Options
	edit      span.Edit
}

// priorOf returns what Update can reuse of prev, or nil when nothing: no
// earlier analysis, or edits that do not lead from prev.Src to in.Src.
func priorOf(prev *Analysis, in Input, edits []span.Edit) *prior {
	if prev == nil || prev.Doc == nil || len(prev.Src) > archive.MaxArticleSize {
		return nil
	}
	start, end, delta, ok := cover(edits, len(prev.Src))
	// The text around the edit must be the same: a caller's mistake in
	// the edits would otherwise become a wrong verdict, not a slower one.
	// Comparing costs a memcmp of the article, a few µs per MiB.
	if !ok || len(prev.Src)+delta != len(in.Src) ||
		!bytes.Equal(prev.Src[:start], in.Src[:start]) || !bytes.Equal(prev.Src[end:], in.Src[end+delta:]) {
		return nil
	}
	return &prior{doc: prev.Doc, fid: prev.Fidelity, style: prev.style, styleOpts: prev.styleOpts, edit: span.Edit{Span: span.Span{Start: start, End: end}, New: string(in.Src[start : end+delta])}}
}
