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
	s := &segs[i]
	switch {
	case off >= s.end():
		return s.stop()
	case s.synthetic:
		return s.start()
	}
	return s.start() + off - s.view
}
