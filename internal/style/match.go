package style

import (
	"strings"
)

// compiled is the lexicon as the matcher uses it. Every word that appears
// in a form or a context list gets an id; a word read from an article is
// hashed as it is read and found in table, so a word that is not in the
// lexicon (nearly every word) costs one probe. Forms are a trie over word
// ids, walked only from a word that starts one.
type compiled struct {
	entries []*Entry
	words   []string // id -> word
	table   []slot   // open addressing on the word's hash
	mask    uint64
	roots   []int32  // id -> trie node starting with that word, or -1
	forms   []string // every form, by terminal.formID
	nodes   []node
	// edges are the trie's links, by node and word (see child): a table
	// rather than a map a node, so that the built-in lexicon's is data in
	// the binary (lexicon_tables_gen.go), not built at startup.
	edges     []edge
	edgeShift uint
	guards    []entryGuards // by entry index
	maxLen    int           // the most words in a form
	maxCtx    int           // the most words in a context sequence
	// first has a bit for every (first letter, second letter, last
	// letter, length) of a word that starts a form: the scan's one
	// question about most words, answered wrongly for one in ten or so.
	first *[firstBits / 64]uint64
	// short holds the words that start a form and are 1 to 8 ASCII
	// letters and digits, packed (see short.go), by shortHash.
	short      []shortSlot
	shortShift uint

	// Word classes the context rules ask about, by id.
	isNum, isSpeech, isFuture, isPast, soCalled, isClause []bool
}

// numberWords count like digits for "<num>" in context lists ("conceded
// two goals").
var numberWords = strings.Fields("one two three four five six seven eight nine ten eleven twelve " +
	"thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty " +
	"seventy eighty ninety hundred hundreds thousand thousands million millions dozen dozens several")

// speechWords mark a sentence as attributed: a single quoted word in it is
// a speaker's word, not a scare quote.
var speechWords = strings.Fields("said says say saying told tells tell called calls call calling " +
	"described describes describe describing dubbed dubs termed terms labelled labeled labels branded " +
	"brands wrote writes write writing according added asked warned argued argues claimed claims stated " +
	"declared urged quoted quoting word words phrase phrases dismissed praised criticised criticized " +
	"condemned denounced lamented insisted insists put puts used uses using chanted shouted tweeted posted")

// clauseWords start or mark a reported clause after a verb of saying:
// "claimed that…", "claimed he…", "claimed the figures were…".
var clauseWords = strings.Fields("that he she they it we i you there this these those is are was were " +
	"had has have would will could can did does do should might may must been isn't wasn't weren't " +
	"hadn't hasn't haven't wouldn't won't couldn't can't didn't doesn't don't")

// futureWords point a weekday ahead: it is the coming one, not the last.
// Present tenses of scheduled events count ("the trial opens on Monday").
var futureWords = strings.Fields("will won't shall would wouldn't due expected expects scheduled upcoming " +
	"next intends intend going planned plans starts begins opens reopens resumes closes ends meets " +
	"launches arrives returns kicks takes")

// pastWords point a weekday back: irregular past tenses ("met", "said");
// regular ones end in "ed".
var pastWords = strings.Fields("said told met was were had held took began went came gave made did left " +
	"won lost rose fell spoke wrote ran saw found struck broke sent led fled paid sold kept brought " +
	"thought sought fought caught taught built spent stood sat became knew grew drew threw shot hit " +
	"ago last earlier")

type slot struct {
	h  uint64
	id int32
}

type node struct {
	// letters has a bit for the first letter (letterIndex) of every word
	// that continues the node's phrases (compiled.child), so that a phrase
	// is abandoned without reading a word that cannot continue it.
	letters uint32
	// terminal lists, in lexicon order, the entries a form ending here
	// belongs to, with the form's text.
	terminal []terminal
}

type terminal struct {
	entry  int
	form   string
	formID int32 // index into compiled.forms
}

// entryGuards are an entry's context lists as sequences of word ids;
// numID stands for "<num>".
type entryGuards struct {
	unlessPrev, unlessNext, onlyPrev, onlyNext [][]int32
}

const (
	numID     int32 = -2
	unknownID int32 = -1
)

// edge is a slot of compiled.edges: the node that word continues, and
// the node it leads to; child is 0 in an empty slot (node 0 is a root,
// no one's child).
type edge struct {
	node, word, child int32
}

func edgeHash(node, word int32, shift uint) uint64 {
	return (uint64(uint32(node))<<32 | uint64(uint32(word))) * 0x9E3779B97F4A7C15 >> shift
}

// child returns the node that word continues node to, if any.
func (c *compiled) child(node, word int32) (int32, bool) {
	mask := uint64(len(c.edges) - 1)
	for p := edgeHash(node, word, c.edgeShift); ; p = (p + 1) & mask {
		e := &c.edges[p]
		if e.child == 0 {
			return 0, false
		}
		if e.node == node && e.word == word {
			return e.child, true
		}
	}
}

// link adds the edge from node by word to child, which node does not
// have yet; edges has room.
func (c *compiled) link(node, word, child int32) {
	mask := uint64(len(c.edges) - 1)
	p := edgeHash(node, word, c.edgeShift)
	for c.edges[p].child != 0 {
		p = (p + 1) & mask
	}
	c.edges[p] = edge{node, word, child}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

func compile(entries []*Entry) *compiled {
	c := &compiled{entries: entries}
	// Sized for the built-in lexicon (about 1,400 words in 1,000 forms and
	// context sequences) so that compiling it, once per process on the
	// style pass's goroutine, does not grow maps and slices piece by piece.
	ids := make(map[string]int32, 2048)
	c.words = make([]string, 0, 2048)
	arena := make([]int32, 0, 4096) // every sequence's ids, back to back
	id := func(w string) int32 {
		if w == "<num>" {
			return numID
		}
		if x, ok := ids[w]; ok {
			return x
		}
		x := int32(len(c.words))
		ids[w] = x
		c.words = append(c.words, w)
		return x
	}
	seq := func(p string) []int32 {
		start := len(arena)
		for w := range strings.FieldsSeq(p) {
			arena = append(arena, id(w))
		}
		return arena[start:len(arena):len(arena)]
	}
	type formSeq struct {
		entry int
		form  string
		ids   []int32
	}
	nForms := 0
	for _, e := range entries {
		nForms += len(e.Forms)
	}
	forms := make([]formSeq, 0, nForms)
	c.forms = make([]string, 0, nForms)
	c.nodes = make([]node, 0, 2*nForms) // about 1.2 nodes a form: phrases share their starts
	c.guards = make([]entryGuards, len(entries))
	for ei, e := range entries {
		for _, f := range e.Forms {
			s := seq(f)
			forms = append(forms, formSeq{ei, f, s})
			c.maxLen = max(c.maxLen, len(s))
		}
		g := &c.guards[ei]
		for _, l := range []struct {
			in  []string
			out *[][]int32
		}{{e.UnlessPrev, &g.unlessPrev}, {e.UnlessNext, &g.unlessNext}, {e.OnlyPrev, &g.onlyPrev}, {e.OnlyNext, &g.onlyNext}} {
			for _, p := range l.in {
				s := seq(p)
				*l.out = append(*l.out, s)
				c.maxCtx = max(c.maxCtx, len(s))
			}
		}
	}
	classes := []struct {
		words []string
		set   *[]bool
	}{{numberWords, &c.isNum}, {speechWords, &c.isSpeech}, {futureWords, &c.isFuture}, {pastWords, &c.isPast}, {[]string{"so-called"}, &c.soCalled}, {clauseWords, &c.isClause}}
	for _, cl := range classes {
		for _, w := range cl.words {
			id(w)
		}
	}
	for _, cl := range classes {
		*cl.set = make([]bool, len(c.words))
		for _, w := range cl.words {
			(*cl.set)[ids[w]] = true
		}
	}
	size := 1
	for size < 2*len(c.words)+16 { // at most half full: few words probe more than twice
		size <<= 1
	}
	c.table = make([]slot, size)
	for i := range c.table {
		c.table[i].id = unknownID
	}
	c.mask = uint64(size - 1)
	for i, w := range c.words {
		h := hashString(w)
		p := h & c.mask
		for c.table[p].id != unknownID {
			p = (p + 1) & c.mask
		}
		c.table[p] = slot{h, int32(i)}
	}
	c.roots = make([]int32, len(c.words))
	for i := range c.roots {
		c.roots[i] = -1
	}
	// Every word of a form after its first may add an edge: the table is
	// sized for all of them, at most half full.
	nEdges := 0
	for _, f := range forms {
		nEdges += len(f.ids) - 1
	}
	edgeSize, edgeShift := 16, uint(60)
	for edgeSize < 2*nEdges {
		edgeSize, edgeShift = edgeSize<<1, edgeShift-1
	}
	c.edges, c.edgeShift = make([]edge, edgeSize), edgeShift
	for _, f := range forms {
		r := c.roots[f.ids[0]]
		if r < 0 {
			r = int32(len(c.nodes))
			c.nodes = append(c.nodes, node{})
			c.roots[f.ids[0]] = r
		}
		cur := r
		for _, w := range f.ids[1:] {
			nx, ok := c.child(cur, w)
			if !ok {
				nx = int32(len(c.nodes))
				c.nodes = append(c.nodes, node{})
				c.link(cur, w, nx)
				if w >= 0 {
					c.nodes[cur].letters |= 1 << letterIndex[c.words[w][0]]
				}
			}
			cur = nx
		}
		c.nodes[cur].terminal = append(c.nodes[cur].terminal, terminal{f.entry, f.form, int32(len(c.forms))})
		c.forms = append(c.forms, f.form)
	}
	c.buildShort()
	c.first = new([firstBits / 64]uint64)
	for id, r := range c.roots {
		if r >= 0 {
			if k, ok := firstKey([]byte(c.words[id])); ok {
				c.first[k>>6&(firstBits/64-1)] |= 1 << (k & 63)
			}
		}
	}
	return c
}

// letterIndex numbers the letters a to z, either case, from 0; every
// other byte is 27.
var letterIndex = func() (t [256]uint8) {
	for c := range t {
		t[c] = 27
		if l := lower(byte(c)); l >= 'a' && l <= 'z' {
			t[c] = l - 'a'
		}
	}
	return t
}()

// firstKey is the bit of word w in compiled.first: its first two letters
// and its last, lower case, and its length.
func firstKey(w []byte) (int, bool) {
	if len(w) == 0 || letterIndex[w[0]] == 27 {
		return 0, false
	}
	l1, last := 26, 26
	if len(w) > 1 {
		l1, last = int(letterIndex[w[1]]), int(letterIndex[w[len(w)-1]])
	}
	return ((int(letterIndex[w[0]])*28+l1)*28+last)*16 + min(len(w), 15), true
}

// firstBits is the size of compiled.first: 8 KiB, so that it stays in the
// processor's nearest cache; keys fold onto it.
const firstBits = 1 << 16

// mayStart reports whether the word w (ASCII, without a curly apostrophe)
// may start a form.
func (c *compiled) mayStart(w []byte) bool { return mayStart(c.first, w) }

func mayStart(first *[firstBits / 64]uint64, w []byte) bool {
	n := len(w)
	if n == 0 {
		return false
	}
	l0 := letterIndex[w[0]]
	if l0 == 27 {
		return false
	}
	l1, last := uint(26), uint(26)
	if n > 1 {
		l1, last = uint(letterIndex[w[1]]), uint(letterIndex[w[n-1]])
	}
	k := ((uint(l0)*28+l1)*28+last)*16 + uint(min(n, 15))
	return first[(k>>6)&(firstBits/64-1)]&(1<<(k&63)) != 0
}

// read returns the word src[start:end] with its ids: its own, and for a
// possessive ("regime's", "terrorists’") its id without the ending.
func (c *compiled) read(src []byte, start, end int) wordRef {
	w := wordRef{start: start, end: end, id: unknownID, stem: unknownID}
	h := uint64(fnvOffset)
	var hStem uint64
	stemEnd := -1
	for i := start; i < end; i++ {
		b := lower(src[i])
		if b == 0xE2 && i+2 < end && src[i+1] == 0x80 && src[i+2] == 0x99 {
			hStem, stemEnd = h, i
			b = '\''
			i += 2
		} else if b == '\'' {
			hStem, stemEnd = h, i
		}
		h = (h ^ uint64(b)) * fnvPrime
	}
	w.id = c.lookup(h, src[start:end])
	if stemEnd >= 0 && lower(src[end-1]) == 's' && (end-2 == stemEnd || end-4 == stemEnd) {
		w.stem = c.lookup(hStem, src[start:stemEnd])
	}
	return w
}

// lookup returns the id of the word whose hash is h and whose text,
// normalised, is raw; or unknownID. Only a hash hit compares bytes.
func (c *compiled) lookup(h uint64, raw []byte) int32 {
	for p := h & c.mask; ; p = (p + 1) & c.mask {
		s := &c.table[p]
		if s.id == unknownID {
			return unknownID
		}
		if s.h == h && eqNorm(c.words[s.id], raw) {
			return s.id
		}
	}
}

// eqNorm reports whether raw, read as the matcher reads words (ASCII
// lower-cased, a curly apostrophe as a straight one), is w.
func eqNorm(w string, raw []byte) bool {
	j := 0
	for i := 0; i < len(raw); i++ {
		b := lower(raw[i])
		if b == 0xE2 && i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2] == 0x99 {
			b = '\''
			i += 2
		}
		if j >= len(w) || w[j] != b {
			return false
		}
		j++
	}
	return j == len(w)
}
