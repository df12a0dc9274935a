package style

import (
	"github.com/bluepencil/bluepencil/internal/rules"
	"sort"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// MinChunk is the least text a Split gives a chunk: below it, the
// goroutines and the second copy of the pass's cursors cost more than the
// time they save.
const MinChunk = 256 << 10

// Split is Check on several cores: its findings are exactly Check's,
// finding for finding, whatever the scheduling. Any goroutine may call
// Work, which runs the chunks not yet taken, so that a core busy
// elsewhere takes none.
//
// The text is cut at paragraph breaks into chunks of at least MinChunk,
// and a pass starts afresh at each cut, in the state a paragraph break
// leaves (update.go's quiet places: no quotation open, no scare quote
// waiting for its sentence's end, no form reaching past it, and the one
// bit, punctuation since the last word, guessed from the bytes before
// the cut). Every pass runs to the end of the text unless it reaches, in
// that state, a later cut, where it stops: the findings are those of the
// pass from the start up to the first cut it stopped at, then those of
// the pass that started there, and so on. A pass that reaches a cut in
// another state reads on past it, as the whole pass would, and the pass
// that started there is not used: only time is lost. An article with
// MaxFindings findings or more is checked again in one pass, whose cap
// counts from the article's start.
type Split struct {
	d      *markup.Document
	opts   Options
	starts []quiet
	passes []*pass
	next   atomic.Int32
	done   sync.WaitGroup
}

// NewSplit cuts the pass over d into up to n chunks of at least MinChunk
// bytes. A caller whose cores are busy elsewhere for a
// while asks for several chunks per core, so that a core that comes late
// still takes its share of what is left.
func NewSplit(d *markup.Document, opts Options, n int) *Split {
	return newSplit(d, opts, n, MinChunk)
}

// newSplit is NewSplit with chunks of at least minChunk bytes, which
// tests make small.
func newSplit(d *markup.Document, opts Options, n, minChunk int) *Split {
	from := passStart(d)
	s := &Split{d: d, opts: opts, starts: []quiet{{pos: int32(from)}}}
	base := newPass(d, opts)
	if n = min(n, (len(d.Src)-from)/max(minChunk, 1)); n >= 2 {
		s.starts = append(s.starts, cutPoints(d.Src, from, n, base.regions)...)
	}
	s.passes = make([]*pass, len(s.starts))
	for i := range s.starts {
		p := new(pass)
		// The regions and lexicon are read, never written. A chunk's pass
		// keeps no quiet places (8 bytes a blank line), only stops at the
		// cuts after its own.
		*p = *base
		p.syncAt = s.starts[i+1:]
		if i > 0 {
			p.punct, p.gap = s.starts[i].punct, true
		}
		s.passes[i] = p
	}
	s.done.Add(len(s.passes))
	return s
}

// Work runs chunks no one has taken until none is left.
func (s *Split) Work() {
	for {
		i := int(s.next.Add(1)) - 1
		if i >= len(s.passes) {
			return
		}
		p, src := s.passes[i], s.d.Src
		p.scan(int(s.starts[i].pos), len(src))
		if p.synced == 0 {
			p.endSentence(len(src))
		}
		s.done.Done()
	}
}

// Findings waits for every chunk and returns the findings, Check's.
func (s *Split) Findings() []Finding {
	s.done.Wait()
	return chain(s.d, s.opts, s.starts, s.passes)
}

// Diagnostics waits for every chunk and returns the findings as
// diagnostics of the document.
func (s *Split) Diagnostics() []rules.Diagnostic { return diagnostics(s.d, s.Findings()) }

// checkParallel is Check on up to n cores, cut into chunks of at least
// minChunk bytes (see Split).
func checkParallel(d *markup.Document, opts Options, n, minChunk int) []Finding {
	s := newSplit(d, opts, n, minChunk)
	var wg sync.WaitGroup
	for range len(s.passes) - 1 {
		wg.Go(s.Work)
	}
	s.Work()
	wg.Wait()
	return s.Findings()
}

// chain joins the findings of the passes, from the first, each up to the
// cut it stopped at and the pass that started there.
func chain(d *markup.Document, opts Options, starts []quiet, passes []*pass) []Finding {
	out := []Finding{} // as Check's, never nil
	hits := 0
	for i := 0; ; {
		p := passes[i]
		hits += len(p.hits)
		if hits >= MaxFindings {
			return Check(d, opts)
		}
		out = append(out, p.findings()...)
		if p.synced == 0 {
			break
		}
		i = sort.Search(len(starts), func(j int) bool { return int(starts[j].pos) >= p.synced })
	}
	return out[:min(len(out), MaxFindings)]
}

// cutPoints returns up to n-1 places to start a pass at, after
// paragraph breaks (where the pass would record a quiet place) about
// evenly spaced in src[from:], each with its guess of the punctuation
// bit.
func cutPoints(src []byte, from, n int, regions []region) []quiet {
	var cuts []quiet
	last := from
	for j := 1; j < n; j++ {
		// The first line break at or after the point that the pass reads
		// as a paragraph break; none, or the text's end, ends the cuts.
		k := paragraphEnd(src, max(from+(len(src)-from)*j/n, last))
		if k+1 >= len(src) {
			break
		}
		cuts = append(cuts, quiet{pos: int32(k + 1), punct: punctBefore(src, from, k, regions)})
		last = k + 1
	}
	return cuts
}

// punctBefore guesses the pass's punctuation bit at the paragraph break
// at k: whether the last thing before it, white space, marks' regions
// and quotation marks aside, is punctuation rather than a word. A wrong
// guess costs only the parallelism of one cut.
func punctBefore(src []byte, from, k int, regions []region) bool {
	i := k
	for i > from {
		c := src[i-1]
		if class[c] == cBlank || c == '\n' || c == '"' || c == '\'' {
			i--
			continue
		}
		if r := sort.Search(len(regions), func(j int) bool { return int(regions[j].start) >= i }); r > 0 && int(regions[r-1].end) >= i && int(regions[r-1].start) < i {
			i = int(regions[r-1].start)
			continue
		}
		if c < utf8.RuneSelf {
			return class[c] != cWord
		}
		r, size := utf8.DecodeLastRune(src[from:i])
		switch {
		case r == '“' || r == '”' || r == '„' || r == '«' || r == '»' || r == '‘' || r == '’':
			i -= size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return false
		default:
			return true
		}
	}
	return false
}
