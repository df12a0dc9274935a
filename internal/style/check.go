package style

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Options adjust the style pass, as a workspace's settings will.
type Options struct {
	// Published is the date the outlet first published the article; when
	// set, relative dates get an absolute replacement ("yesterday" in a
	// story of 2025-11-07 becomes "on 6 November"). ParsePublished reads
	// the front matter's YYYY-MM-DD.
	Published time.Time
	// Allow silences a word or phrase, matched without regard to case or
	// spacing. A lexicon headword (an entry's first form, such as "regime")
	// silences every form of its entry ("regimes" too).
	Allow []string
	// Severity sets the severity of a code's flags in the outlet's text;
	// flags in the editor's own words are one step higher, but never an
	// error. Codes not named keep Codes' defaults.
	Severity map[string]rules.Severity
	// Off silences codes.
	Off map[string]bool
	// NoScareQuotes turns off the expression-of-doubt flag for a single
	// unattributed word in quotation marks.
	NoScareQuotes bool
	// Matcher is the lexicon with a workspace's extra rules (NewMatcher);
	// nil is the built-in lexicon.
	Matcher *Matcher
}

// ParsePublished reads a front matter date, YYYY-MM-DD.
func ParsePublished(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}

// Zone says whose words a finding lies in.
type Zone uint8

// The zones.
const (
	// Outlet is the outlet's text, outside any mark.
	Outlet Zone = iota
	// Added is the editor's own words: an addition, the new side of a
	// substitution.
	Added
	// Highlighted is the outlet's text inside a highlight, which a cut or
	// a substitution cannot be nested in.
	Highlighted
)

// Finding is one flagged word or phrase.
type Finding struct {
	Code     string
	Severity rules.Severity
	Span     span.Span
	// Text is the flagged text as the article writes it.
	Text string
	// Form is the lexicon form that matched, lower case; empty for scare
	// quotes.
	Form    string
	Message string
	// Replacements are neutral alternatives, cased as Text is; for a
	// relative date, the absolute date when Options.Published makes it
	// well defined.
	Replacements []string
	Zone         Zone
	// Fixable is set when Span is one plain run of text in one zone, so
	// that Cut and Replace are byte-exact edits; a phrase with a mark
	// delimiter inside it, or a finding in a highlight, is flagged without
	// fixes.
	Fixable bool
}

// MaxFindings caps the findings of one article, as rules caps diagnostics:
// a generated file of a million "very"s must not take gigabytes.
const MaxFindings = 10000

// pass is one run of Check. The scan reads every byte once, in a tight
// loop over words; a word is looked at only when the short table (a word
// of up to 8 letters and digits, packed) or, for other words, a bit table
// of the lexicon's first words (by first two letters and length) says it
// may start a form. Everything a form needs beyond its first word (the rest of
// a phrase, the words of a context rule, the sentence of a weekday) is read
// from the source when that form is found, so the common word costs a
// table probe and nothing more.
type pass struct {
	c     *compiled
	src   []byte
	opts  Options
	allow map[string]bool
	hits  []hit     // the lexicon's findings, made Findings at the end
	dates []string  // the relative dates' replacements, by hit.rep
	out   []Finding // scare quotes

	regions []region // what the marks exempt, by start
	ticks   tickIndex
	nextGT  int // the next ">" at or after the last "<" read, or len(src)
	nextNL  int // the next line break at or after it, or len(src)
	added   []cspan
	high    []cspan
	ai, hi  int // cursors into added and high

	sentStart bool // the next word starts a sentence
	sentOff   int  // where the current sentence's first word starts
	punct     bool // punctuation since the last word
	gap       bool // a skipped region since the last word
	skipUntil int  // the end of the last finding: forms do not overlap
	yieldAt   int  // where the pass next offers its core (see yield)

	// quotation state
	inDouble, inSingle bool
	qStart, qWords     int
	qFirstLower        bool
	qEndsSentence      bool
	scare              []scareQuote // single-word quotations of this sentence

	// record asks for the quiet places (see Result); syncAt are those of
	// a previous pass, moved, that a partial pass may stop at (or the
	// cuts of a split pass), and synced where it did (0: it read to the
	// end).
	record bool
	quiet  []quiet
	syncAt []quiet
	synced int
}

// Check returns the style findings of a parsed article, in order of
// position.
func Check(d *markup.Document, opts Options) []Finding {
	p := newPass(d, opts)
	p.scan(passStart(d), len(d.Src))
	p.endSentence(len(d.Src))
	return p.findings()
}

// lexicon returns the compiled lexicon the options ask for: the
// Matcher's, or the built-in one.
func (opts Options) lexicon() *compiled {
	if opts.Matcher != nil {
		return opts.Matcher.c
	}
	return lexicon()
}

// newPass returns a pass over d with opts' lexicon, at its start.
func newPass(d *markup.Document, opts Options) *pass {
	c := opts.lexicon()
	p := &pass{c: c, src: d.Src, opts: opts, sentStart: true, yieldAt: yieldEvery}
	if len(opts.Allow) > 0 {
		p.allow = make(map[string]bool, len(opts.Allow))
		for _, a := range opts.Allow {
			p.allow[normPhrase(a)] = true
		}
	}
	marks, added, high := markRegions(d)
	p.added, p.high = added, high
	p.regions = marks
	return p
}

// passStart returns where the pass starts reading d: after its front
// matter.
func passStart(d *markup.Document) int {
	if d.HasFrontMatter {
		return d.FrontMatter.Span.End
	}
	return 0
}

// hit is a finding of the lexicon as the scan records it: small and free
// of pointers, so that an article with thousands of flags does not spend
// its time growing and scanning a slice of strings. findings makes the
// Findings once, at the end.
type hit struct {
	start, end int32
	entry      int32
	form       int32 // index into compiled.forms
	rep        int32 // index into pass.dates, or -1
	severity   rules.Severity
	zone       Zone
	fixable    bool
	possessive bool
	capital    bool // the form starts a sentence with a capital
}

// findings turns the hits into Findings and merges the scare quotes in,
// in order of position, at most MaxFindings.
func (p *pass) findings() []Finding {
	n := min(len(p.hits)+len(p.out), MaxFindings)
	out := make([]Finding, 0, n)
	scare := p.out
	slices.SortStableFunc(scare, func(a, b Finding) int { return a.Span.Start - b.Span.Start })
	for _, h := range p.hits {
		for len(scare) > 0 && scare[0].Span.Start < int(h.start) && len(out) < n {
			out, scare = append(out, scare[0]), scare[1:]
		}
		if len(out) == n {
			break
		}
		out = append(out, p.finding(h))
	}
	for len(scare) > 0 && len(out) < n {
		out, scare = append(out, scare[0]), scare[1:]
	}
	return out
}

func (p *pass) finding(h hit) Finding {
	e := p.c.entries[h.entry]
	form := p.c.forms[h.form]
	sp := span.Span{Start: int(h.start), End: int(h.end)}
	f := Finding{Code: e.Category, Severity: h.severity, Span: sp, Text: string(sp.Text(p.src)), Form: form,
		Zone: h.zone, Fixable: h.fixable}
	switch {
	case h.rep >= 0:
		f.Replacements = []string{p.dates[h.rep]}
	case e.Category == CodeRelativeTime || h.possessive:
	case h.capital:
		for _, r := range e.Replacements[form] {
			f.Replacements = append(f.Replacements, capitalize(r, true))
		}
	default:
		f.Replacements = e.Replacements[form]
	}
	f.Message = message(e, f.Text, f.Replacements, h.zone)
	return f
}

// Byte classes for the scan's tight loop.
const (
	cOther   = iota // punctuation that separates words
	cWord           // ASCII letter or digit
	cBlank          // space, tab, carriage return
	cSpecial        // a byte the scan must look at: line break, quotes, sentence ends, Markdown, non-ASCII
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			t[c] = cWord
		case c == ' ' || c == '\t' || c == '\r':
			t[c] = cBlank
		case c == '\n' || c == '"' || c == '\'' || c == '.' || c == '!' || c == '?' || c >= utf8.RuneSelf,
			c == '`' || c == '<' || c == ']' || c == '\\' || c == ':':
			t[c] = cSpecial
		}
	}
	return t
}()

// scan reads src[from:to] once, skipping what the marks exempt and, as it
// finds them, the Markdown constructs that hold no prose of the outlet's:
// fenced code (as the parser reads it: a fence never closed runs to the
// end), block quotes (from a line starting with ">" to the end of its
// paragraph), inline code (a backtick run closed by the next run of the
// same width in its paragraph), HTML comments and tags, autolinks, bare
// URLs (http://, https://, www.), link destinations "](…)" and reference
// definitions "[x]: …".
func (p *pass) scan(from, to int) {
	src := p.src
	first := p.c.first
	k := p.lineStart(from)
	ri := 0
	regions := p.regions
	for k < to {
		for ri < len(regions) && int(regions[ri].start) <= k {
			r := regions[ri]
			ri++
			if int(r.end) <= k {
				continue
			}
			k = int(r.end)
			if !r.soft {
				p.gap = true
			}
		}
		stop := to
		if ri < len(regions) {
			stop = min(stop, int(regions[ri].start))
		}
		for k < stop {
			c := src[k]
			switch class[c] {
			case cWord:
				// shortWord, by hand: this loop is the pass's time.
				start := k
				var key uint64
				short := false
				if k+8 <= len(src) {
					v := binary.LittleEndian.Uint64(src[k:])
					if n := alnumPrefix(v); n < 8 || stop <= k+8 {
						n = min(n, stop-k)
						k, key, short = k+n, packWord(v, n), true
					} else {
						k += 8
					}
				}
				if !short {
					for k < stop && class[src[k]] == cWord {
						k++
					}
				}
				// The common word: plain ASCII, inside a sentence, outside
				// quotations, and not the start of any form.
				if !p.sentStart && !p.inDouble && !p.inSingle && (k >= stop || class[src[k]] == cBlank || src[k] < utf8.RuneSelf && src[k] != '\'' && src[k] != '-') {
					p.punct, p.gap = false, false
					if start < p.skipUntil {
						continue
					}
					if short {
						// A word that only starts phrases, none of which the
						// next word can continue (the "of" of "of course"
						// before "the"), is refused here, as match would.
						if id, next := p.c.shortID(key); id >= 0 && (next&hasTerminal != 0 || p.nextMay(k, next)) {
							p.matchID(start, k, id, false)
						}
					} else if mayStart(first, src[start:k]) {
						p.candidate(start, k, false, false)
					}
					continue
				}
				k = p.word(start, k, stop)
			case cBlank:
				k++
			case cOther:
				p.punct = true
				if p.quoted() {
					p.qEndsSentence = false
				}
				k++
			default:
				k = p.special(k, stop)
			}
		}
	}
}

// yieldEvery is how many bytes the pass reads between two offers of its
// core to other goroutines.
const yieldEvery = 64 << 10

// yield offers the pass's core to any goroutine waiting for one, at a
// paragraph break at k, every yieldEvery bytes. The pass runs beside the
// work whose result the caller waits for (in check, reading and preparing
// the original on a second core), and Go does not preempt a running
// goroutine for 10 ms: with two cores busy (the article's side of the
// comparison, and this pass), the original's preparation, runnable once
// its file was read, waited for the whole pass, and the article waited for
// it with one core idle. Yielding changes when the pass runs, never what
// it finds; with nothing else to run it costs a few hundred nanoseconds.
func (p *pass) yield(k int) {
	p.yieldAt = k + yieldEvery
	runtime.Gosched()
}

// special handles a byte of class cSpecial at k and returns where to go on.
func (p *pass) special(k, stop int) int {
	src := p.src
	c := src[k]
	switch c {
	case '\n':
		j := k + 1
		for j < len(src) && class[src[j]] == cBlank {
			j++
		}
		if j >= len(src) || src[j] == '\n' {
			p.paragraphBreak()
			if k >= p.yieldAt {
				p.yield(k)
			}
			if (p.record || len(p.syncAt) > 0) && len(p.scare) == 0 && p.skipUntil <= k+1 {
				q := quiet{int32(k + 1), p.punct}
				for len(p.syncAt) > 0 && p.syncAt[0].pos < q.pos {
					p.syncAt = p.syncAt[1:]
				}
				if len(p.syncAt) > 0 && p.syncAt[0] == q {
					p.synced = k + 1
					return len(src) + 1 // the rest is another pass's
				}
				if p.record {
					p.quiet = append(p.quiet, q)
				}
			}
		} else if c := src[j]; c == '#' || c == '-' || c == '*' || c == '+' || c == '|' {
			p.startSentence()
		}
		return p.lineStart(k + 1)
	case '`':
		e := k
		for e < len(src) && src[e] == '`' {
			e++
		}
		if end, ok := p.ticks.closer(src, k, e); ok {
			p.gap = true
			return end
		}
		p.punct = true
		return e
	case '<':
		if end := p.angle(k); end > k {
			p.gap = true
			if end-k >= 4 && src[k+1] == '!' {
				p.paragraphBreak() // a comment is a block of its own
			}
			return end
		}
		p.punct = true
		return k + 1
	case ']':
		p.punct = true
		if k+1 < len(src) && src[k+1] == '(' {
			return linkDestEnd(src, k+1)
		}
		return k + 1
	case '\\':
		p.punct = true
		if k+1 < len(src) && isASCIIPunct(src[k+1]) {
			return k + 2
		}
		return k + 1
	case ':':
		p.punct = true
		if start := urlStart(src, k); start >= 0 {
			if end := urlEnd(src, start); end > k {
				p.gap = true
				return end
			}
		}
		return k + 1
	case '"':
		switch {
		case p.inSingle:
		case p.inDouble:
			p.closeQuote(k, k+1)
		default:
			p.openQuote(k, true)
		}
		return k + 1
	case '\'':
		p.straightSingle(k, stop)
		return k + 1
	case '.', '!', '?':
		if c == '.' {
			if start := urlStart(src, k); start >= 0 {
				if end := urlEnd(src, start); end > k {
					p.gap = true
					return end
				}
			}
		}
		if p.quoted() {
			p.qEndsSentence = true
		} else if k+1 >= stop || class[src[k+1]] != cWord {
			p.startSentence()
		}
		p.punct = true
		return k + 1
	}
	r, size := utf8.DecodeRune(src[k:stop])
	switch r {
	case '“', '„', '«':
		if !p.quoted() {
			p.openQuote(k, true)
		}
	case '”', '»':
		if p.inDouble {
			p.closeQuote(k, k+size)
		}
	case '‘':
		if !p.quoted() {
			p.openQuote(k, false)
		}
	case '’':
		if p.inSingle && !pluralPossessive(src, k, size) {
			p.closeQuote(k, k+size)
		} else {
			p.punct = true
		}
	default:
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return p.word(k, k, stop)
		}
		if !unicode.IsSpace(r) {
			p.punct = true
		}
	}
	return k + size
}

// lineStart looks at the line starting at k for the blocks that exempt
// what follows: a fence (to its closing fence), a block quote (to the end
// of its paragraph), a reference definition (its destination). It returns
// where the scan goes on.
func (p *pass) lineStart(k int) int {
	src := p.src
	n := len(src)
	j := k
	for j < n && j-k < 4 && class[src[j]] == cBlank {
		j++
	}
	if j >= n || j-k > 3 {
		return k
	}
	switch src[j] {
	case '`', '~':
		if end, ok := fenceEnd(src, j); ok {
			p.paragraphBreak()
			return end
		}
	case '>':
		p.paragraphBreak()
		return paragraphEnd(src, j)
	case '[':
		e := lineEnd(src, j)
		if c := bytes.IndexByte(src[j:e], ']'); c > 0 && j+c+1 < n && src[j+c+1] == ':' {
			return e
		}
	}
	return k
}

// angle handles "<" at k: an HTML comment (to its "-->", or the end of the
// source), or an autolink or HTML tag ending on its line. It returns the
// end of what it found, or k when "<" is text. The next ">" and line break
// are remembered, so a line of a million "<a" costs one search each.
func (p *pass) angle(k int) int {
	src := p.src
	n := len(src)
	if bytes.HasPrefix(src[k:], []byte("<!--")) {
		e := bytes.Index(src[k+4:], []byte("-->"))
		if e < 0 {
			return n
		}
		return k + 4 + e + 3
	}
	if k+1 >= n || !(isLetter(src[k+1]) || src[k+1] == '/') {
		return k
	}
	if p.nextGT < k || p.nextGT == 0 {
		if i := bytes.IndexByte(src[k:], '>'); i >= 0 {
			p.nextGT = k + i
		} else {
			p.nextGT = n
		}
	}
	if p.nextNL < k || p.nextNL == 0 {
		if i := bytes.IndexByte(src[k:], '\n'); i >= 0 {
			p.nextNL = k + i
		} else {
			p.nextNL = n
		}
	}
	if p.nextGT < p.nextNL {
		return p.nextGT + 1
	}
	return k
}

// pluralPossessive reports whether the apostrophe of size bytes at k
// reads as a plural possessive rather than a closing single quote: after
// an "s", before a space and a lower-case word ("the workers' union"). A
// closing quote is nearly always after punctuation or followed by one.
func pluralPossessive(src []byte, k, size int) bool {
	return k > 0 && src[k-1] == 's' && k+size+1 < len(src) && src[k+size] == ' ' &&
		src[k+size+1] >= 'a' && src[k+size+1] <= 'z'
}

func (p *pass) quoted() bool { return p.inDouble || p.inSingle }

func (p *pass) paragraphBreak() {
	p.inDouble, p.inSingle = false, false
	p.startSentence()
}

func (p *pass) startSentence() {
	p.sentStart = true
	p.gap = true
}

// straightSingle reads a straight ' that is not inside a word: it opens a
// quotation after a space or the start of a line, before a letter (not a
// digit: "'90s"), and closes an open one before anything but a letter.
func (p *pass) straightSingle(k, stop int) {
	src := p.src
	switch {
	case p.inDouble:
	case p.inSingle:
		if (k+1 >= stop || class[src[k+1]] != cWord) && !pluralPossessive(src, k, 1) {
			p.closeQuote(k, k+1)
		}
	default:
		before := k == 0 || class[src[k-1]] == cBlank || src[k-1] == '\n' || src[k-1] == '(' || src[k-1] == '['
		if before && k+1 < stop && isLetter(src[k+1]) {
			p.openQuote(k, false)
		} else {
			p.punct = true
		}
	}
}

func (p *pass) openQuote(k int, double bool) {
	if double {
		p.inDouble = true
	} else {
		p.inSingle = true
	}
	p.qStart, p.qWords, p.qFirstLower, p.qEndsSentence = k, 0, false, false
	p.gap = true
}

func (p *pass) closeQuote(k, end int) {
	p.inDouble, p.inSingle = false, false
	p.gap = true
	if p.qWords == 1 && p.qFirstLower && !p.opts.NoScareQuotes && !p.afterSoCalled(p.qStart) {
		p.scare = append(p.scare, scareQuote{span.Span{Start: p.qStart, End: end}, p.zoneAt(p.qStart)})
	}
	if p.qEndsSentence {
		p.startSentence()
	}
}

// afterSoCalled reports whether the word just before the quotation opening
// at k is "so-called", which is flagged itself.
func (p *pass) afterSoCalled(k int) bool {
	w, ok := p.prevWord(k)
	return ok && w.id >= 0 && p.c.soCalled[w.id]
}

// word handles the word starting at start whose ASCII letters and digits
// run to end; it extends the word over non-ASCII letters and over inner
// apostrophes and hyphens, and returns where the word ends.
func (p *pass) word(start, end, stop int) int {
	src := p.src
	joined := false
	for end < stop {
		c := src[end]
		if class[c] == cWord {
			end++
			continue
		}
		if (c == '\'' || c == '-') && end+1 < stop && wordStart(src, end+1, stop) {
			joined = true
			end++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRune(src[end:stop])
		if r == '’' && end+size < stop && wordStart(src, end+size, stop) {
			joined = true
			end += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		end += size
	}
	sentStart := p.sentStart
	p.sentStart, p.punct, p.gap = false, false, false
	if p.quoted() {
		p.qWords++
		if p.qWords == 1 {
			p.qFirstLower = src[start] >= 'a' && src[start] <= 'z'
		}
		p.qEndsSentence = false
		return end
	}
	if sentStart {
		p.endSentence(start)
		p.sentOff = start
	}
	if start >= p.skipUntil {
		if e, key, ok := shortWord(src, start, end); ok && e == end && !joined {
			if id, next := p.c.shortID(key); id >= 0 && (next&hasTerminal != 0 || p.nextMay(end, next)) {
				p.matchID(start, end, id, sentStart)
			}
		} else if joined || p.c.mayStart(src[start:end]) {
			p.candidate(start, end, sentStart, joined)
		}
	}
	return end
}

// matchID matches from the word src[start:end], of letters and digits
// alone, whose id (known to start a form) the short table gave: what
// candidate does once it has read the word.
func (p *pass) matchID(start, end int, id int32, sentStart bool) {
	if len(p.hits) < MaxFindings {
		p.match(wordRef{start: start, end: end, id: id, stem: unknownID}, sentStart)
	}
}

// candidate looks up a word that may start a form and matches it.
func (p *pass) candidate(start, end int, sentStart, joined bool) {
	w := p.c.read(p.src, start, end)
	if (w.id < 0 || p.c.roots[w.id] < 0) && (w.stem < 0 || p.c.roots[w.stem] < 0) {
		return
	}
	if len(p.hits) < MaxFindings {
		p.match(w, sentStart)
	}
}

// wordRef is a word read from the source, with its lexicon ids.
type wordRef struct {
	start, end int
	id, stem   int32 // the word's id and, for a possessive, its id without "'s"
}

// scareQuote is a quotation of one lower-case word, kept until its
// sentence ends, with its zone taken when the scan read it.
type scareQuote struct {
	span span.Span
	zone Zone
}

// endSentence settles the scare quotes of the sentence that ends at end: a
// single quoted word in a sentence with a verb of saying is a speaker's
// word ("called the plan 'reckless'"), not the writer's doubt.
func (p *pass) endSentence(end int) {
	if len(p.scare) == 0 {
		return
	}
	scare := p.scare
	p.scare = p.scare[:0]
	if p.off(CodeExpressionOfDoubt) || p.sentenceHas(p.sentOff, end, p.c.isSpeech) {
		return
	}
	for _, q := range scare {
		s, z := q.span, q.zone
		text := string(s.Text(p.src))
		word := strings.Trim(text, "\"'“”‘’«»„")
		if p.allowed(word) || p.inLexicon(word) {
			continue
		}
		f := Finding{Code: CodeExpressionOfDoubt, Span: s, Text: text, Zone: z, Severity: p.severity(CodeExpressionOfDoubt, z),
			Message:      "scare quotes around \"" + word + "\" cast doubt on it: attribute the doubt, or drop the quotation marks",
			Replacements: []string{word}, Fixable: z != Highlighted}
		if z == Added {
			f.Message += " (in words the editor added)"
		}
		p.out = append(p.out, f)
	}
}

// inLexicon reports whether word is a one-word form: quoting a loaded
// word ("the 'draconian' law") attributes it to someone, which is what a
// reporter should do with it, not a scare quote.
func (p *pass) inLexicon(word string) bool {
	b := []byte(word)
	w := p.c.read(b, 0, len(b))
	return w.id >= 0 && p.c.roots[w.id] >= 0 && len(p.c.nodes[p.c.roots[w.id]].terminal) > 0
}

// sentenceHas reports whether a word of class set occurs in src[from:to]
// outside the exempt regions.
func (p *pass) sentenceHas(from, to int, set []bool) bool {
	src := p.src
	for k := from; k < to; {
		if !wordStart(src, k, len(src)) {
			_, size := utf8.DecodeRune(src[k:])
			k += size
			continue
		}
		end := wordEnd(src, k)
		if w := p.c.read(src, k, end); w.id >= 0 && set[w.id] {
			return true
		}
		k = end
	}
	return false
}

// tenseWindow is how many words weekdayFuture reads on each side.
const tenseWindow = 8

// weekdayFuture reports whether the weekday form at [start, end) is the
// coming one: the nearest word that marks a tense decides, looking back
// first ("said on Monday" is past, "will reopen on Tuesday" future), then
// ahead ("On Tuesday, the council will vote"), within the sentence and
// tenseWindow words each way. A past verb is one the lexicon lists or a
// word ending in "ed"; a future one is "will", "would", "due", "expected",
// a present tense of a scheduled event ("opens", "starts") and the like.
// With neither, the weekday is the last one.
func (p *pass) weekdayFuture(start, end int) bool {
	src := p.src
	k := start
	for n := 0; n < tenseWindow && k > 0; n++ {
		for k > 0 && !sentenceStop(src, k-1) && !wordStart(src, k-1, len(src)) {
			k--
		}
		if k == 0 || sentenceStop(src, k-1) {
			break
		}
		ws := wordStartBefore(src, k)
		if ws == k {
			break
		}
		if t := p.tense(ws, k); t != 0 {
			return t > 0
		}
		k = ws
	}
	k = end
	for n := 0; n < tenseWindow && k < len(src); n++ {
		for k < len(src) && !sentenceStop(src, k) && !wordStart(src, k, len(src)) {
			k++
		}
		if k >= len(src) || sentenceStop(src, k) {
			break
		}
		we := wordEnd(src, k)
		if t := p.tense(k, we); t != 0 {
			return t > 0
		}
		k = we
	}
	return false
}

// tense classifies the word src[start:end]: 1 future, -1 past, 0 neither.
func (p *pass) tense(start, end int) int {
	w := p.c.read(p.src, start, end)
	switch {
	case w.id >= 0 && p.c.isFuture[w.id]:
		return 1
	case w.id >= 0 && p.c.isPast[w.id]:
		return -1
	case end-start > 3 && lower(p.src[end-2]) == 'e' && lower(p.src[end-1]) == 'd':
		return -1
	}
	return 0
}

// sentenceStop reports whether the byte at k ends the sentence for
// weekdayFuture: a full stop, question or exclamation mark, or a line
// break.
func sentenceStop(src []byte, k int) bool {
	switch src[k] {
	case '.', '!', '?', '\n':
		return true
	}
	return false
}

// zoneAt returns the zone of offset off. Offsets are asked nearly in
// order (the scan's, a few words ahead, a quotation behind), so each list
// keeps a cursor that walks from the last answer.
func (p *pass) zoneAt(off int) Zone {
	switch {
	case locate(p.added, &p.ai, off):
		return Added
	case locate(p.high, &p.hi, off):
		return Highlighted
	}
	return Outlet
}

// locate reports whether off lies in one of the ordered, disjoint spans
// ss, moving *i to the first span that ends after off.
func locate(ss []cspan, i *int, off int) bool {
	k := *i
	for k < len(ss) && int(ss[k].end) <= off {
		k++
	}
	for k > 0 && int(ss[k-1].end) > off {
		k--
	}
	*i = k
	return k < len(ss) && int(ss[k].start) <= off
}

func (p *pass) off(code string) bool { return p.opts.Off[code] }

func (p *pass) allowed(text string) bool {
	return p.allow != nil && p.allow[normPhrase(text)]
}

// severity is a built-in code's severity in a zone: the outlet's text gets
// the code's (default or configured) severity, the editor's words one step
// more, never an error.
func (p *pass) severity(code string, z Zone) rules.Severity {
	s, ok := p.opts.Severity[code]
	if !ok {
		s = rules.Information
	}
	if z == Added && s > rules.Warning {
		s--
	}
	if s < rules.Warning {
		s = rules.Warning
	}
	return s
}

// entrySeverity is severity for an entry, which for a workspace's rule
// starts from the rule's level and may stay an error if the rule is one.
func (p *pass) entrySeverity(e *Entry, z Zone) rules.Severity {
	if e.Severity == 0 {
		return p.severity(e.Category, z)
	}
	s, ok := p.opts.Severity[e.Category]
	if !ok {
		s = e.Severity
	}
	if z == Added && s > rules.Warning {
		s--
	}
	return s
}

// wordsOf returns the words of text joined by single spaces, leaving out
// mark delimiters and punctuation between them.
func wordsOf(text string) string {
	b := []byte(text)
	var words []string
	for k := 0; k < len(b); {
		if !wordStart(b, k, len(b)) {
			k++
			continue
		}
		e := wordEnd(b, k)
		words = append(words, text[k:e])
		k = e
	}
	return strings.Join(words, " ")
}

// candidate is a form ending at the word [start, end). It is small: match
// keeps eight of them for every word that starts a form.
type candidate struct {
	node       int32
	start, end int32 // the last word of the form
	possessive bool
	soft       bool // a mark's delimiter lies inside the form
}

// match tries the forms that start with word w and records the longest
// one whose context rules pass.
func (p *pass) match(w wordRef, sentStart bool) {
	c := p.c
	var cands [8]candidate
	nc := 0
	cur := int32(-1)
	if w.id >= 0 {
		cur = c.roots[w.id]
		if cur >= 0 && len(c.nodes[cur].terminal) > 0 {
			cands[nc] = candidate{node: cur, start: int32(w.start), end: int32(w.end)}
			nc++
		}
	}
	if w.stem >= 0 {
		if r := c.roots[w.stem]; r >= 0 && len(c.nodes[r].terminal) > 0 {
			cands[nc] = candidate{node: r, start: int32(w.start), end: int32(w.end), possessive: true}
			nc++
		}
	}
	soft := false
	last := w
	for n := 1; cur >= 0 && n < c.maxLen && nc < len(cands); n++ {
		if !p.nextMay(last.end, c.nodes[cur].letters) {
			break
		}
		u, s, ok := p.nextWord(last.end, true)
		if !ok {
			break
		}
		soft = soft || s
		if u.stem >= 0 {
			if nx, ok := c.child(cur, u.stem); ok && len(c.nodes[nx].terminal) > 0 {
				cands[nc] = candidate{node: nx, start: int32(u.start), end: int32(u.end), possessive: true, soft: soft}
				nc++
				if nc == len(cands) {
					break
				}
			}
		}
		if u.id < 0 {
			break
		}
		nx, ok := c.child(cur, u.id)
		if !ok {
			break
		}
		cur = nx
		last = u
		if len(c.nodes[cur].terminal) > 0 {
			cands[nc] = candidate{node: cur, start: int32(u.start), end: int32(u.end), soft: soft}
			nc++
		}
	}
	for x := nc - 1; x >= 0; x-- {
		cd := cands[x]
		for _, term := range c.nodes[cd.node].terminal {
			if h, ok := p.try(w, cd, term, sentStart); ok {
				p.hits = append(p.hits, h)
				p.skipUntil = int(cd.end)
				return
			}
		}
	}
}

// try checks the context rules for a form found from word w to cd's and
// builds the finding.
func (p *pass) try(w wordRef, cd candidate, term terminal, sentStart bool) (hit, bool) {
	e := p.c.entries[term.entry]
	if p.off(e.Category) {
		return hit{}, false
	}
	g := &p.c.guards[term.entry]
	src := p.src
	sp := span.Span{Start: w.start, End: int(cd.end)}
	if !e.Proper && p.isName(sp, sentStart) {
		return hit{}, false
	}
	cx := context{p: p, before: w.start, after: int(cd.end)}
	for _, s := range g.unlessPrev {
		if cx.prevIs(s) {
			return hit{}, false
		}
	}
	for _, s := range g.unlessNext {
		if cx.nextIs(s) {
			return hit{}, false
		}
	}
	if len(g.onlyPrev) > 0 && !slices.ContainsFunc(g.onlyPrev, cx.prevIs) {
		return hit{}, false
	}
	if len(g.onlyNext) > 0 && !slices.ContainsFunc(g.onlyNext, cx.nextIs) {
		return hit{}, false
	}
	if e.Clause && !cx.clause() {
		return hit{}, false
	}
	if e.CaseSensitive || p.allow != nil {
		text := string(sp.Text(src))
		if e.CaseSensitive && wordsOf(text) != e.Written[term.form] {
			return hit{}, false
		}
		if p.allow != nil && (p.allowed(text) || p.allow[term.form] || p.allow[e.Forms[0]]) {
			return hit{}, false
		}
	}
	zone := p.zoneAt(w.start)
	h := hit{start: int32(sp.Start), end: int32(sp.End), entry: int32(term.entry), form: term.formID, rep: -1,
		fixable: !cd.soft && zone != Highlighted, possessive: cd.possessive, capital: sentStart && isUpperAt(src, w.start)}
	if end := p.zoneAt(int(cd.start)); end != zone {
		h.fixable = false
		if end == Added {
			zone = Added
		}
	}
	h.zone = zone
	h.severity = p.entrySeverity(e, zone)
	if e.Category == CodeRelativeTime && !p.opts.Published.IsZero() && !cd.possessive {
		future := false
		if e.Proper {
			future = p.weekdayFuture(w.start, int(cd.end))
		}
		prev := ""
		if pw, ok := p.prevWord(w.start); ok {
			prev = normPhrase(string(src[pw.start:pw.end]))
		}
		if r, ok := relativeDate(term.form, prev, p.opts.Published, future); ok {
			h.rep = int32(len(p.dates))
			p.dates = append(p.dates, capitalize(r, h.capital))
		}
	}
	return h, true
}

// isName reports whether the words of sp read as part of a name: a
// capitalised word inside a sentence, or a capitalised first word followed
// directly by another ("Legendary Pictures").
func (p *pass) isName(sp span.Span, sentStart bool) bool {
	src := p.src
	first := true
	for k := sp.Start; k < sp.End; {
		if !wordStart(src, k, sp.End) {
			k++
			continue
		}
		end := wordEnd(src, k)
		if capitalised(src[k:end]) && (!first || !sentStart) {
			return true
		}
		first = false
		k = end
	}
	if sentStart && capitalised(src[sp.Start:wordEnd(src, sp.Start)]) {
		if u, _, ok := p.nextWord(sp.End, true); ok && capitalised(src[u.start:u.end]) {
			return true
		}
	}
	return false
}

// capitalised reports whether w starts with an upper-case letter and is
// not written all in capitals (a headline in capitals names nothing).
func capitalised(w []byte) bool {
	if len(w) == 0 || !isUpperAt(w, 0) {
		return false
	}
	letters, uppers := 0, 0
	for _, c := range w {
		if isLetter(c) {
			letters++
			if c >= 'A' && c <= 'Z' {
				uppers++
			}
		}
	}
	return !(letters >= 2 && uppers == letters)
}

func isUpperAt(src []byte, k int) bool {
	c := src[k]
	if c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(src[k:])
	return unicode.IsUpper(r)
}

func capitalize(s string, up bool) string {
	if !up || s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

var categoryNoun = map[string]string{
	CodeLoadedLabel:       "loaded label",
	CodeLoadedVerb:        "loaded verb",
	CodePuffery:           "puffery",
	CodeIntensifier:       "intensifier",
	CodeEditorializing:    "editorializing",
	CodeExpressionOfDoubt: "expression of doubt",
	CodeVagueAttribution:  "vague attribution",
	CodeRelativeTime:      "relative time",
	CodeJudgingAdjective:  "judging adjective",
}

func message(e *Entry, text string, reps []string, z Zone) string {
	if e.Message != "" {
		m := e.Message
		if len(reps) > 0 && strings.Count(m, "%s") >= 2 {
			// Vale's substitution messages: the replacement, then the
			// text found ("Use '%s' instead of '%s'.").
			m = strings.Replace(m, "%s", reps[0], 1)
		}
		m = strings.Replace(m, "%s", text, 1)
		if z == Added {
			m += " (in words the editor added)"
		}
		return m
	}
	var b strings.Builder
	b.Grow(len(e.Reason) + len(text) + 48)
	if n, ok := categoryNoun[e.Category]; ok {
		b.WriteString(n)
	} else {
		b.WriteString(e.Category)
	}
	b.WriteString(" \"")
	b.WriteString(text)
	b.WriteString("\": ")
	b.WriteString(e.Reason)
	for i, r := range reps {
		if i == 0 {
			b.WriteString("; consider \"")
		} else {
			b.WriteString(" or \"")
		}
		b.WriteString(r)
		b.WriteString("\"")
	}
	if z == Added {
		b.WriteString(" (in words the editor added)")
	}
	return b.String()
}

// wordStart reports whether a letter or digit starts at k.
func wordStart(src []byte, k, stop int) bool {
	c := src[k]
	if c < utf8.RuneSelf {
		return class[c] == cWord
	}
	r, _ := utf8.DecodeRune(src[k:stop])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
