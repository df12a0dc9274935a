package style

import (
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Result is a style pass's findings with what Update needs to redo only
// the paragraphs an edit can change.
type Result struct {
	Findings []Finding
	// Diagnostics are the Findings as diagnostics, with their fixes: an
	// Update moves those it keeps rather than making them again, which
	// was most of a keystroke's style pass on a densely flagged article.
	Diagnostics []rules.Diagnostic
	// quiet are the places where the pass stood at a paragraph break with
	// nothing pending (no open quotation, no scare quote waiting for its
	// sentence's end, no form reaching past it): a pass started afresh
	// there reads the rest of the article exactly as the whole pass did.
	quiet []quiet
	from  int // where the pass started: the end of the front matter
	// The places the marks exempt, add and highlight, which a mark that
	// runs over paragraphs (an error, still read) can move far from an
	// edit: Update checks that they did not change outside the stretch
	// it reads again.
	// They are kept in 32 bits: an editor keeps a Result per open article,
	// and a mark every hundred bytes made them half the text's size.
	regions     []region
	added, high []cspan
	// partial is set when Update read only a stretch, for tests.
	partial bool
}

// quiet is one quiet place, with the one bit of the pass's state that a
// paragraph break leaves as it was.
type quiet struct {
	pos   int32
	punct bool
}

// updateMargin is how many words an edit is kept from the places Update
// cuts at: more than any form, context rule or tense the pass reads
// around a word, so that no finding kept reads the edited text.
const updateMargin = 24

// CheckResult is Check, keeping what Update needs.
func CheckResult(d *markup.Document, opts Options) *Result {
	p := newPass(d, opts)
	p.record = true
	from := passStart(d)
	p.scan(from, len(d.Src))
	p.endSentence(len(d.Src))
	r := &Result{Findings: p.findings(), quiet: p.quiet, from: from,
		regions: p.regions, added: p.added, high: p.high}
	r.Diagnostics = diagnostics(d, r.Findings)
	return r
}

// diagnostics returns the findings as diagnostics of d.
func diagnostics(d *markup.Document, fs []Finding) []rules.Diagnostic {
	if len(fs) == 0 {
		return nil
	}
	out := make([]rules.Diagnostic, len(fs))
	for i, f := range fs {
		out[i] = f.Diagnostic(d)
	}
	return out
}

// Update returns CheckResult(d, opts): the same findings, found by reading
// again only the paragraphs about edit, which turned the article r was
// checked from into d (edit's span is in that article's offsets), and
// moving the rest. opts must be those r was checked with. Where the edit
// reaches the front matter, where a mark over paragraphs moved what is
// exempt far from it, or where the findings reach their cap, it checks the
// whole article.
func (r *Result) Update(d *markup.Document, edit span.Edit, opts Options) *Result {
	from := passStart(d)
	e0, e1 := edit.Span.Start, edit.Span.End
	delta := len(edit.New) - (e1 - e0)
	if r == nil || e0 < max(from, r.from)+1 || from-r.from != 0 || len(r.Findings) >= MaxFindings {
		return CheckResult(d, opts)
	}
	src := d.Src
	// Start at a quiet place at least updateMargin words before the edit
	// (its bytes are the same in both texts), one more back for safety.
	start, startQ, back := -1, quiet{}, 0
	for i := len(r.quiet) - 1; i >= 0; i-- {
		q := r.quiet[i]
		if int(q.pos) > e0 || words(src, int(q.pos), e0) < updateMargin {
			continue
		}
		if back++; back == 2 {
			start, startQ = int(q.pos), q
			break
		}
	}
	// Stop where the new pass reaches, in the same state, a quiet place of
	// the old one at least updateMargin words after the edit.
	var sync []quiet
	for _, q := range r.quiet {
		if int(q.pos) >= e1 && int(q.pos)+delta <= len(src) && words(src, e1+delta, int(q.pos)+delta) >= updateMargin {
			sync = append(sync, quiet{q.pos + int32(delta), q.punct})
		}
	}
	if len(sync) > 0 {
		sync = sync[1:] // one more paragraph for safety
	}
	p := newPass(d, opts)
	p.record, p.syncAt = true, sync
	atQuiet := start >= 0
	if !atQuiet {
		start = from
	} else {
		p.punct, p.gap = startQ.punct, true
	}
	p.scan(start, len(src))
	if p.synced == 0 {
		p.endSentence(len(src))
	}
	mid := p.findings()
	out := &Result{from: from, regions: p.regions, added: p.added, high: p.high, partial: p.synced > 0}
	end, synced := p.synced, p.synced > 0 // where the old pass's findings take over
	if !sameOutside(r.regions, out.regions, start, end, delta, synced, regionEnds, moveRegion) ||
		!sameOutside(r.added, out.added, start, end, delta, synced, spanEnds, moveSpan) ||
		!sameOutside(r.high, out.high, start, end, delta, synced, spanEnds, moveSpan) {
		return CheckResult(d, opts)
	}
	// What lies before start is the old pass's, as it was.
	for i, f := range r.Findings {
		if f.Span.Start >= start {
			break
		}
		if f.Span.End > start {
			return CheckResult(d, opts)
		}
		out.Findings = append(out.Findings, f)
		out.Diagnostics = append(out.Diagnostics, r.Diagnostics[i])
	}
	for _, q := range r.quiet {
		if int(q.pos) >= start {
			break
		}
		out.quiet = append(out.quiet, q)
	}
	if atQuiet {
		out.quiet = append(out.quiet, startQ)
	}
	out.Findings = append(out.Findings, mid...)
	out.Diagnostics = append(out.Diagnostics, diagnostics(d, mid)...)
	out.quiet = append(out.quiet, p.quiet...)
	if p.synced > 0 {
		old := p.synced - delta // the place in the old text
		for i, f := range r.Findings {
			if f.Span.End <= old {
				continue // read again above
			}
			if f.Span.Start < old {
				return CheckResult(d, opts) // a finding across the place
			}
			f.Span = f.Span.Moved(delta)
			out.Findings = append(out.Findings, f)
			out.Diagnostics = append(out.Diagnostics, r.Diagnostics[i].Moved(delta))
		}
		for _, q := range r.quiet {
			if int(q.pos) >= old {
				out.quiet = append(out.quiet, quiet{q.pos + int32(delta), q.punct})
			}
		}
	}
	if len(out.Findings) >= MaxFindings {
		return CheckResult(d, opts)
	}
	return out
}

// words counts the words of src[a:b], as runs of letters, digits and
// bytes of other scripts: enough to keep a margin, not to match forms.
func words(src []byte, a, b int) int {
	n, in := 0, false
	for k := max(a, 0); k < b && k < len(src); k++ {
		c := src[k]
		w := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
		if w && !in {
			n++
			if n >= updateMargin {
				return n
			}
		}
		in = w
	}
	return n
}

// cspan is a span in 32 bits.
type (
	cspan struct{ start, end int32 }
)

// compact returns s in 32 bits: the pass and its Result keep the places
// marks add and highlight so, made once (a keystroke made them twice, as
// spans and again in 32 bits, 100 KB for a 1 MiB article).
func compact(s span.Span) cspan { return cspan{int32(s.Start), int32(s.End)} }

func spanEnds(s cspan) (int, int) { return int(s.start), int(s.end) }

func moveSpan(s cspan, d int) cspan { return cspan{s.start + int32(d), s.end + int32(d)} }

func regionEnds(x region) (int, int) { return int(x.start), int(x.end) }

func moveRegion(x region, d int) region { return region{x.start + int32(d), x.end + int32(d), x.soft} }

// sameOutside reports whether the places old and now (each ordered by
// start, none overlapping) are the same before start and, when synced,
// moved by delta from end (in the new text) on, with none crossing
// either.
func sameOutside[T comparable](old, now []T, start, end, delta int, synced bool, ends func(T) (int, int), move func(T, int) T) bool {
	i := 0
	for ; i < len(old) && i < len(now); i++ {
		if a0, _ := ends(old[i]); a0 >= start {
			break
		}
		if _, a1 := ends(old[i]); old[i] != now[i] || a1 > start {
			return false
		}
	}
	for _, list := range [][]T{old, now} {
		if i < len(list) {
			if a0, _ := ends(list[i]); a0 < start {
				return false
			}
		}
	}
	if !synced {
		return true
	}
	j, k := len(old)-1, len(now)-1
	for ; k >= 0; j, k = j-1, k-1 {
		b0, b1 := ends(now[k])
		if b0 < end {
			if b1 > end {
				return false // across the place
			}
			break
		}
		if j < 0 || move(old[j], delta) != now[k] {
			return false
		}
	}
	if j >= 0 {
		if a0, a1 := ends(old[j]); a0+delta >= end || a1+delta > end {
			return false
		}
	}
	return true
}
