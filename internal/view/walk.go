package view

// A Walker maps offsets of a view to offsets of the article in increasing
// order, for a caller that maps every token of a view: ToArticle searches
// the whole offset map for each offset, a Walker moves through it once.
// The zero Walker is not usable; get one from View.Walk.
type Walker struct {
	v *View
	i int // the last segment that starts at or before the last offset mapped, or -1
}

// Walk returns a Walker at the start of the view.
func (v *View) Walk() Walker { return Walker{v: v, i: -1} }

// ToArticle returns what v.ToArticle(off) returns. The offsets given to one
// Walker must not decrease; its cost over a walk is that of the offsets
// asked and of the segments passed.
func (w *Walker) ToArticle(off int) int {
	segs := w.v.segs
	if off <= 0 {
		if len(segs) > 0 && off == 0 && segs[0].view == 0 {
			return segs[0].start()
		}
		return 0
	}
	i := w.i
	for i+1 < len(segs) && segs[i+1].view <= off {
		i++
	}
	w.i = i
	if i < 0 {
		return 0
	}
	return segs[i].toArticle(off)
}

// Span maps the view bytes [start, end), end > start, to the article: it
// returns ToArticle(start) and ToArticle(end-1)+1, the article span of a
// token of the view, in one step when both lie in one segment. Like
// ToArticle, it must be given spans that do not go back.
func (w *Walker) Span(start, end int) (int, int) {
	if i := w.i; i >= 0 && start > 0 {
		s := &w.v.segs[i]
		if !s.synthetic && start >= s.view && end <= s.end() && (i+1 == len(w.v.segs) || w.v.segs[i+1].view > end-1) {
			return s.start() + start - s.view, s.start() + end - s.view
		}
	}
	return w.ToArticle(start), w.ToArticle(end-1) + 1
}
