package style

import (
	"fmt"
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
	// inside it, or a finding in a highlight, is flagged without fixes.
	Fixable bool
}

// token is a word the pass read outside every exempt region. It lives in
// a ring of the last ringSize words: phrases and context rules look at most
// lookAhead words ahead and lookBehind behind, which compile checks.
type token struct {
	start, end int32
	id, stem   int32 // the word's id, and its id without a possessive "'s"
	sent       int32 // the sentence it is in
	flags      uint16
}

const (
	tCap       uint16 = 1 << iota // starts with an upper-case letter
	tAllCaps                      // two or more letters, all upper case
	tSentStart                    // first word of a sentence
	tGap                          // a region or a quotation was skipped just before it
	tPunct                        // punctuation lies between it and the word before
	tAdded
	tHigh
	tNum
	tSoft // a mark's delimiter lies just before it
)

const (
	ringSize   = 128
	lookAhead  = 24
	lookBehind = 48
)

type pass struct {
	c     *compiled
	src   []byte
	opts  Options
	allow map[string]bool

	ring  [ringSize]token
	count int // tokens emitted
	next  int // the first token not yet processed

	sent       int32
	sentStart  bool // the next word starts a sentence
	punct      bool // punctuation since the last word
	gap        bool // a skipped stretch since the last word
	soft       bool // a mark's delimiter since the last word
	out        []Finding
	scare      []Finding // scare quotes of the current sentence, kept until it ends
	speechSent int32     // the last sentence holding a verb of saying, or -1

	// quotation state
	inDouble, inSingle bool
	qStart, qWords     int
	qFirstLower        bool
	qEndsSentence      bool
	qZone              Zone

	added, high []span.Span
	ai, hi      int
}

// Check returns the style findings of a parsed article, in order of
// position.
func Check(d *markup.Document, opts Options) []Finding {
	c := lexicon()
	return check(c, d, opts)
}

func check(c *compiled, d *markup.Document, opts Options) []Finding {
	p := &pass{c: c, src: d.Src, opts: opts, sentStart: true, speechSent: -1}
	if len(opts.Allow) > 0 {
		p.allow = make(map[string]bool, len(opts.Allow))
		for _, a := range opts.Allow {
			p.allow[normPhrase(a)] = true
		}
	}
	from := 0
	if d.HasFrontMatter {
		from = d.FrontMatter.Span.End
	}
	marks, added, high := markRegions(d)
	p.added, p.high = added, high
	md := markdownRegions(d.Src, from)
	p.scan(from, marks, md)
	p.flush()
	p.endSentence()
	if !slices.IsSortedFunc(p.out, func(a, b Finding) int { return a.Span.Start - b.Span.Start }) {
		slices.SortStableFunc(p.out, func(a, b Finding) int { return a.Span.Start - b.Span.Start })
	}
	return p.out
}

func (p *pass) tok(i int) *token { return &p.ring[i%ringSize] }

// scan reads the source from from on, skipping the regions, and feeds
// every word to the matcher.
func (p *pass) scan(from int, a, b []region) {
	src := p.src
	n := len(src)
	k := from
	ia, ib := 0, 0
	for k < n {
		// Skip every region that has begun.
		skipped := false
		for ia < len(a) && a[ia].start <= k {
			if a[ia].end > k {
				k = a[ia].end
				if a[ia].soft {
					p.soft = true
				} else {
					p.skip(a[ia].para)
				}
				skipped = true
			}
			ia++
		}
		for ib < len(b) && b[ib].start <= k {
			if b[ib].end > k {
				k = b[ib].end
				p.skip(b[ib].para)
				skipped = true
			}
			ib++
		}
		if skipped {
			continue
		}
		stop := n
		if ia < len(a) {
			stop = min(stop, a[ia].start)
		}
		if ib < len(b) {
			stop = min(stop, b[ib].start)
		}
		k = p.text(k, stop)
	}
}

// skip notes a skipped region: no phrase spans it, and a region that is a
// block of its own ends the paragraph.
func (p *pass) skip(para bool) {
	p.gap = true
	if para {
		p.paragraphBreak()
	}
}

func (p *pass) paragraphBreak() {
	p.inDouble, p.inSingle = false, false
	p.startSentence()
}

func (p *pass) startSentence() {
	p.sentStart = true
	p.gap = true
}

// text reads src[k:stop], which holds no region.
func (p *pass) text(k, stop int) int {
	src := p.src
	for k < stop {
		c := src[k]
		if c < utf8.RuneSelf {
			if isAlnum(c) {
				k = p.word(k, stop)
				continue
			}
			switch c {
			case ' ', '\t', '\r':
			case '\n':
				j := k + 1
				for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
					j++
				}
				if j >= len(src) || src[j] == '\n' {
					p.paragraphBreak()
				} else if c := src[j]; c == '#' || c == '-' || c == '*' || c == '+' || c == '|' {
					p.startSentence()
				}
			case '"':
				switch {
				case p.inSingle:
				case p.inDouble:
					p.closeQuote(k + 1)
				default:
					p.openQuote(k, true)
				}
			case '\'':
				p.straightSingle(k, stop)
			case '.', '!', '?':
				if p.quoted() {
					p.qEndsSentence = true
				} else if k+1 >= stop || !isAlnum(src[k+1]) {
					p.startSentence()
				}
				p.punct = true
			default:
				p.punct = true
				if p.quoted() {
					p.qEndsSentence = false
				}
			}
			k++
			continue
		}
		r, size := utf8.DecodeRune(src[k:stop])
		switch r {
		case '“', '„', '«':
			if !p.quoted() {
				p.openQuote(k, true)
			}
		case '”', '»':
			if p.inDouble {
				p.closeQuote(k + size)
			}
		case '‘':
			if !p.quoted() {
				p.openQuote(k, false)
			}
		case '’':
			if p.inSingle {
				p.closeQuote(k + size)
			} else {
				p.punct = true
			}
		default:
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				k = p.word(k, stop)
				continue
			}
			if !unicode.IsSpace(r) {
				p.punct = true
			}
		}
		k += size
	}
	return k
}

func (p *pass) quoted() bool { return p.inDouble || p.inSingle }

// straightSingle reads a straight ' that is not inside a word: it opens a
// quotation after a space or the start of a line, before a letter (not a
// digit: "'90s"), and closes an open one before anything but a letter.
func (p *pass) straightSingle(k, stop int) {
	src := p.src
	switch {
	case p.inDouble:
	case p.inSingle:
		if k+1 >= stop || !isAlnum(src[k+1]) {
			p.closeQuote(k + 1)
		}
	default:
		before := k == 0 || src[k-1] == ' ' || src[k-1] == '\n' || src[k-1] == '\t' || src[k-1] == '(' || src[k-1] == '['
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
	p.qZone = p.zoneAt(k)
	p.gap = true
}

func (p *pass) closeQuote(end int) {
	p.inDouble, p.inSingle = false, false
	p.gap = true
	if p.qWords == 1 && p.qFirstLower && !p.opts.NoScareQuotes && !p.afterSoCalled() {
		p.scare = append(p.scare, Finding{Span: span.Span{Start: p.qStart, End: end}, Zone: p.qZone})
	}
	if p.qEndsSentence {
		p.startSentence()
	}
}

// afterSoCalled reports whether the last word was "so-called", which is
// flagged itself: its quotation marks need no second flag.
func (p *pass) afterSoCalled() bool {
	if p.count == 0 || p.sentStart {
		return false
	}
	t := p.tok(p.count - 1)
	return t.sent == p.sent && t.id >= 0 && p.c.soCalled[t.id]
}

// word reads the word at k, hashing it as the lexicon is keyed, and emits
// it unless it is quoted.
func (p *pass) word(k, stop int) int {
	src := p.src
	start := k
	h := uint64(fnvOffset)
	var hStem uint64
	stemEnd := -1
	letters, uppers := 0, 0
	firstUpper := false
	for k < stop {
		c := src[k]
		if c < utf8.RuneSelf {
			if isAlnum(c) {
				if c >= 'A' && c <= 'Z' {
					uppers++
					if k == start {
						firstUpper = true
					}
				}
				if isLetter(c) {
					letters++
				}
				h = (h ^ uint64(lower(c))) * fnvPrime
				k++
				continue
			}
			if (c == '\'' || c == '-') && k+1 < stop && wordStart(src, k+1, stop) {
				if c == '\'' {
					hStem, stemEnd = h, k
				}
				h = (h ^ uint64(c)) * fnvPrime
				k++
				continue
			}
			break
		}
		r, size := utf8.DecodeRune(src[k:stop])
		if r == '’' && k+size < stop && wordStart(src, k+size, stop) {
			hStem, stemEnd = h, k
			h = (h ^ '\'') * fnvPrime
			k += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		if unicode.IsUpper(r) {
			uppers++
			if k == start {
				firstUpper = true
			}
		}
		letters++
		for i := 0; i < size; i++ {
			h = (h ^ uint64(src[k+i])) * fnvPrime
		}
		k += size
	}
	if p.quoted() {
		p.qWords++
		if p.qWords == 1 {
			p.qFirstLower = !firstUpper && isLetter(src[start])
		}
		p.qEndsSentence = false
		return k
	}
	t := token{start: int32(start), end: int32(k), id: p.c.lookup(h, src[start:k]), stem: unknownID, sent: p.sent}
	if stemEnd >= 0 {
		// A possessive: the apostrophe is followed by a lone "s".
		after := k - 1
		if lower(src[after]) == 's' && (after-1 == stemEnd || after-3 == stemEnd) {
			t.stem = p.c.lookup(hStem, src[start:stemEnd])
		}
	}
	if p.sentStart {
		if p.count > 0 {
			p.endSentence()
			p.sent++
		}
		t.sent = p.sent
		t.flags |= tSentStart
		p.sentStart = false
	}
	if firstUpper {
		t.flags |= tCap
		if letters >= 2 && uppers == letters {
			t.flags |= tAllCaps
		}
	}
	if p.gap {
		t.flags |= tGap
	}
	if p.punct {
		t.flags |= tPunct
	}
	if p.soft {
		t.flags |= tSoft
	}
	p.gap, p.punct, p.soft = false, false, false
	if src[start] >= '0' && src[start] <= '9' || t.id >= 0 && p.c.isNum[t.id] {
		t.flags |= tNum
	}
	if t.id >= 0 && p.c.isSpeech[t.id] {
		p.speechSent = t.sent
	}
	switch p.zoneAt(start) {
	case Added:
		t.flags |= tAdded
	case Highlighted:
		t.flags |= tHigh
	}
	*p.tok(p.count) = t
	p.count++
	for p.next < p.count-p.c.lag {
		p.next = p.process(p.next)
	}
	return k
}

// flush processes the words still waiting for their look-ahead.
func (p *pass) flush() {
	for p.next < p.count {
		p.next = p.process(p.next)
	}
}

// endSentence settles the scare quotes of the sentence just ended: a single
// quoted word in a sentence with a verb of saying is a speaker's word
// quoted ("called the plan 'reckless'"), not the writer's doubt.
func (p *pass) endSentence() {
	if len(p.scare) == 0 {
		return
	}
	attributed := p.speechSent == p.sent
	for _, f := range p.scare {
		if attributed || p.off(CodeExpressionOfDoubt) {
			continue
		}
		text := string(f.Span.Text(p.src))
		word := strings.Trim(text, "\"'“”‘’«»„")
		if p.allowed(word) {
			continue
		}
		f.Code = CodeExpressionOfDoubt
		f.Text = text
		f.Severity = p.severity(f.Code, f.Zone)
		f.Message = fmt.Sprintf("scare quotes around %q cast doubt on it: attribute the doubt, or drop the quotation marks", word)
		f.Replacements = []string{word}
		f.Fixable = f.Zone != Highlighted
		if f.Zone == Added {
			f.Message += " (in words the editor added)"
		}
		p.out = append(p.out, f)
	}
	p.scare = p.scare[:0]
}

// zoneAt returns the zone of offset off; offsets are asked in increasing
// order.
func (p *pass) zoneAt(off int) Zone {
	for p.ai < len(p.added) && p.added[p.ai].End <= off {
		p.ai++
	}
	if p.ai < len(p.added) && p.added[p.ai].Start <= off {
		return Added
	}
	for p.hi < len(p.high) && p.high[p.hi].End <= off {
		p.hi++
	}
	if p.hi < len(p.high) && p.high[p.hi].Start <= off {
		return Highlighted
	}
	return Outlet
}

func (p *pass) off(code string) bool { return p.opts.Off[code] }

func (p *pass) allowed(text string) bool {
	return p.allow != nil && p.allow[normPhrase(text)]
}

// severity is a code's severity in a zone: the outlet's text gets the
// code's (default or configured) severity, the editor's words one step
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

// candidate is a form that ends at token end.
type candidate struct {
	node       int32
	end        int
	possessive bool
}

// process tries the forms that start at token i and returns the next token
// to try: past the finding, or i+1.
func (p *pass) process(i int) int {
	t := p.tok(i)
	if t.id < 0 && t.stem < 0 {
		return i + 1
	}
	c := p.c
	var cands [8]candidate
	nc := 0
	cur := int32(-1)
	if t.id >= 0 {
		cur = c.roots[t.id]
		if cur >= 0 && len(c.nodes[cur].terminal) > 0 {
			cands[nc] = candidate{cur, i, false}
			nc++
		}
	}
	if t.stem >= 0 {
		if r := c.roots[t.stem]; r >= 0 && len(c.nodes[r].terminal) > 0 {
			cands[nc] = candidate{r, i, true}
			nc++
		}
	}
	for j := i + 1; cur >= 0 && j < p.count && j-i < c.maxLen && nc < len(cands); j++ {
		u := p.tok(j)
		if !adjacent(u, t.sent) {
			break
		}
		if u.stem >= 0 {
			if nx, ok := c.nodes[cur].next[u.stem]; ok && len(c.nodes[nx].terminal) > 0 && nc < len(cands) {
				cands[nc] = candidate{nx, j, true}
				nc++
			}
		}
		if u.id < 0 {
			break
		}
		nx, ok := c.nodes[cur].next[u.id]
		if !ok {
			break
		}
		cur = nx
		if len(c.nodes[cur].terminal) > 0 && nc < len(cands) {
			cands[nc] = candidate{cur, j, false}
			nc++
		}
	}
	// Longest first; at one length, a possessive after a plain form.
	for x := nc - 1; x >= 0; x-- {
		cd := cands[x]
		for _, term := range c.nodes[cd.node].terminal {
			if f, ok := p.try(i, cd.end, term, cd.possessive); ok {
				p.out = append(p.out, f)
				return cd.end + 1
			}
		}
	}
	return i + 1
}

// adjacent reports whether u directly follows the word before it in
// sentence sent: nothing skipped and no punctuation between.
func adjacent(u *token, sent int32) bool {
	return u.sent == sent && u.flags&(tGap|tPunct|tSentStart) == 0
}

// try checks the context rules for a form found on tokens i..j and builds
// the finding.
func (p *pass) try(i, j int, term terminal, possessive bool) (Finding, bool) {
	e := p.c.entries[term.entry]
	if p.off(e.Category) {
		return Finding{}, false
	}
	g := &p.c.guards[term.entry]
	first := p.tok(i)
	if !e.Proper && p.isName(i, j) {
		return Finding{}, false
	}
	for _, s := range g.unlessPrev {
		if p.prevIs(i, s) {
			return Finding{}, false
		}
	}
	for _, s := range g.unlessNext {
		if p.nextIs(j, s) {
			return Finding{}, false
		}
	}
	if len(g.onlyPrev) > 0 && !slices.ContainsFunc(g.onlyPrev, func(s []int32) bool { return p.prevIs(i, s) }) {
		return Finding{}, false
	}
	if len(g.onlyNext) > 0 && !slices.ContainsFunc(g.onlyNext, func(s []int32) bool { return p.nextIs(j, s) }) {
		return Finding{}, false
	}
	if e.Clause && !p.clauseAfter(j) {
		return Finding{}, false
	}
	sp := span.Span{Start: int(first.start), End: int(p.tok(j).end)}
	text := string(sp.Text(p.src))
	if p.allow != nil && (p.allowed(text) || p.allow[term.form] || p.allow[e.Forms[0]]) {
		return Finding{}, false
	}
	f := Finding{Code: e.Category, Span: sp, Text: text, Form: term.form, Fixable: true}
	zone := Outlet
	for k := i; k <= j; k++ {
		u := p.tok(k)
		z := Outlet
		switch {
		case u.flags&tAdded != 0:
			z = Added
		case u.flags&tHigh != 0:
			z = Highlighted
		}
		if k == i {
			zone = z
		} else if z != zone || u.flags&(tGap|tSoft) != 0 {
			f.Fixable = false
			if z == Added {
				zone = Added
			}
		}
	}
	f.Zone = zone
	if zone == Highlighted {
		f.Fixable = false
	}
	f.Severity = p.severity(e.Category, zone)
	capital := first.flags&tCap != 0 && first.flags&tSentStart != 0
	if e.Category == CodeRelativeTime {
		if !p.opts.Published.IsZero() && !possessive {
			if r, ok := relativeDate(term.form, p.prevWord(i), p.opts.Published, p.future(i, j)); ok {
				f.Replacements = []string{capitalize(r, capital)}
			}
		}
	} else if !possessive {
		for _, r := range e.Replacements[term.form] {
			f.Replacements = append(f.Replacements, capitalize(r, capital))
		}
	}
	f.Message = message(e, text, f.Replacements, zone)
	return f, true
}

// isName reports whether the words i..j read as part of a name: a
// capitalised word inside a sentence, or a capitalised first word
// followed directly by another ("Legendary Pictures").
func (p *pass) isName(i, j int) bool {
	for k := i; k <= j; k++ {
		u := p.tok(k)
		if u.flags&tCap != 0 && u.flags&tAllCaps == 0 && (k != i || u.flags&tSentStart == 0) {
			return true
		}
	}
	if j+1 < p.count {
		u := p.tok(j + 1)
		if adjacent(u, p.tok(j).sent) && u.flags&tCap != 0 && u.flags&tAllCaps == 0 {
			return true
		}
	}
	return false
}

// clauseAfter reports whether a reported clause follows token j: a word
// that starts or marks one within the next six words of its sentence.
func (p *pass) clauseAfter(j int) bool {
	sent := p.tok(j).sent
	for k := j + 1; k < p.count && k <= j+6; k++ {
		u := p.tok(k)
		if u.sent != sent {
			return false
		}
		if u.id >= 0 && p.c.isClause[u.id] {
			return true
		}
	}
	return false
}

// prevIs reports whether the words directly before token i are s.
func (p *pass) prevIs(i int, s []int32) bool {
	if i-len(s) < 0 || i-len(s) < p.count-ringSize+lookAhead {
		return false
	}
	sent := p.tok(i).sent
	for k := 0; k < len(s); k++ {
		idx := i - len(s) + k
		if !adjacent(p.tok(idx+1), sent) || !p.is(p.tok(idx), s[k]) {
			return false
		}
	}
	return true
}

// nextIs reports whether the words directly after token j are s.
func (p *pass) nextIs(j int, s []int32) bool {
	if j+len(s) >= p.count {
		return false
	}
	sent := p.tok(j).sent
	for k := 0; k < len(s); k++ {
		u := p.tok(j + 1 + k)
		if !adjacent(u, sent) || !p.is(u, s[k]) {
			return false
		}
	}
	return true
}

func (p *pass) is(u *token, id int32) bool {
	if id == numID {
		return u.flags&tNum != 0
	}
	return u.id == id
}

// prevWord returns the word before token i in its sentence, lower case, or
// "".
func (p *pass) prevWord(i int) string {
	if i == 0 || i-1 < p.count-ringSize+lookAhead {
		return ""
	}
	u, v := p.tok(i-1), p.tok(i)
	if u.sent != v.sent || v.flags&tGap != 0 {
		return ""
	}
	return normPhrase(string(p.src[u.start:u.end]))
}

// future reports whether the sentence around tokens i..j points ahead
// ("will", "is due to", "next"), so that a weekday is the coming one.
func (p *pass) future(i, j int) bool {
	sent := p.tok(i).sent
	lo := max(0, i-lookBehind, p.count-ringSize+lookAhead)
	for k := lo; k < p.count; k++ {
		u := p.tok(k)
		if u.sent == sent && u.id >= 0 && p.c.isFuture[u.id] && (k < i || k > j) {
			return true
		}
	}
	return false
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
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q: %s", categoryNoun[e.Category], text, e.Reason)
	if len(reps) > 0 {
		b.WriteString("; consider ")
		for i, r := range reps {
			if i > 0 {
				b.WriteString(" or ")
			}
			fmt.Fprintf(&b, "%q", r)
		}
	}
	if z == Added {
		b.WriteString(" (in words the editor added)")
	}
	return b.String()
}

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

// wordStart reports whether a letter or digit starts at k.
func wordStart(src []byte, k, stop int) bool {
	c := src[k]
	if c < utf8.RuneSelf {
		return isAlnum(c)
	}
	r, _ := utf8.DecodeRune(src[k:stop])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
