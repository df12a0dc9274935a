package fidelity

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/tokdiff"
)

// Original is an archived original prepared for the check: its tokens,
// an id for each distinct token, and the runs of tokens the diff anchors
// on. Prepare computes it once; it is immutable, so one Original may serve
// any number of checks of any number of articles, at once.
type Original struct {
	text []byte
	// starts are where each token starts, after a front matter of its
	// own (a token's end follows from its start); ids are the tokens' ids.
	starts starts
	ids    []uint32
	dict   dict
	index  *tokdiff.Index
}

// Prepare tokenizes the archived original and indexes its tokens. It keeps
// original, which the caller must not change.
func Prepare(original []byte) *Original {
	o := new(Original)
	prepare(o, original, nil, true)
	o.index.Build()
	return o
}

// PrepareLazy is Prepare that indexes the original's runs only when a
// check first needs them: checks with Options.Final of articles that
// differ from it in one small region or not at all never do. Its Bytes
// count the index once it is built.
func PrepareLazy(original []byte) *Original {
	o := new(Original)
	prepare(o, original, nil, false)
	return o
}

// prepare is PrepareLazy into o, closing ready once the ids are known:
// a check interns the article's tokens meanwhile, and builds the index of
// the runs when it needs it (or Prepare does, or Check ahead of the need).
// kept says the original is kept while editors have articles open that
// name it (Prepare), rather than for one check: its arrays are then given
// their exact size.
func prepare(o *Original, original []byte, ready chan<- struct{}, kept bool) {
	o.text = original
	skip := 0 // a front matter of its own is no part of its text
	if fm, ok := frontmatter.Find(original); ok && fm.Closed {
		skip = fm.Span.End
	}
	o.dict = newDict(64) // grown as words come: most texts have few distinct words
	// The arrays are sized for a token every 4 bytes. News prose has one
	// every 6 or 7, and an original an editor keeps prepared while its
	// articles are open held a third of them for nothing (0.6 times its
	// text): a kept one's are gathered in buffers, used again by the next
	// original, and copied at their size.
	n := len(original)/4 + 16
	o.starts = starts{base: make([]int32, 0, n/groupLen+1)}
	if kept {
		o.starts.off, o.ids = getOffs(n), getIDs(n)[:0]
	} else {
		o.starts.off, o.ids = make([]uint16, 0, n), make([]uint32, 0, n)
	}
	// The tokens are interned as they come, a stretch at a time, while
	// their bytes are in the cache, and never kept whole.
	sc := scanner{text: original, lineStart: true}
	buf := make([]Token, 0, min(scanStretch+64, len(original)+1))
	for done := false; !done; {
		buf, done = sc.scan(buf[:0], scanStretch)
		for _, t := range buf {
			if int(t.Start) >= skip {
				o.add(t)
			}
		}
	}
	if kept {
		ids, offs := slices.Clone(o.ids), slices.Clone(o.starts.off)
		putIDs(o.ids)
		putOffs(o.starts.off)
		o.ids, o.starts.off = ids, offs
		o.starts.base = slices.Clip(o.starts.base)
		if o.starts.wide != nil {
			o.starts.wide = slices.Clone(o.starts.wide) // sized like off was
		}
	}
	if ready != nil {
		close(ready)
	}
	o.index = tokdiff.NewLazyIndex(o.ids, o.dict.len())
}

// add appends the token t of o.text, the next in order, with its id.
func (o *Original) add(t Token) {
	o.starts.add(t.Start)
	key := keyOf(o.text, t)
	if s := o.dict.first(key, int(t.End-t.Start)); s.key == key && s.n == uint32(t.End-t.Start) && s.n <= 8 {
		o.ids = append(o.ids, s.id) // a short word seen before, at its first slot
		return
	}
	o.ids = append(o.ids, o.dict.intern(o.text, t, key))
}

// scanStretch is how many tokens the original is read a stretch of.
const scanStretch = 4096

// start and end return where the original's token k starts and ends.
func (o *Original) start(k int) int { return o.starts.at(k) }
func (o *Original) end(k int) int   { return tokenEnd(o.text, o.starts.at(k)) }

// starts holds the places of a text's tokens, in order, in about 2 bytes
// each: the place of every groupLen-th token (base), and each token's
// distance from its group's (off). The places were a quarter of the memory
// preparing an original touches, and fresh memory is most of the time a
// check spends on its own (a page fault a page). When a group spans 64 KiB
// or more (a long HTML comment), every place is held whole, in wide.
type starts struct {
	base []int32
	off  []uint16
	wide []int32
}

const groupLen = 64

// add appends the place of the next token, which is not before the last.
func (s *starts) add(p int32) {
	if s.wide != nil {
		s.wide = append(s.wide, p)
		return
	}
	k := len(s.off)
	if k%groupLen == 0 {
		s.base = append(s.base, p)
	}
	d := p - s.base[k/groupLen]
	if d > math.MaxUint16 {
		s.widen()
		s.wide = append(s.wide, p)
		return
	}
	s.off = append(s.off, uint16(d))
}

// widen holds the places added so far whole.
func (s *starts) widen() {
	wide := make([]int32, len(s.off), max(cap(s.off), 2*len(s.off)))
	for k := range s.off {
		wide[k] = int32(s.at(k))
	}
	s.base, s.off, s.wide = nil, nil, wide
}

// at returns the place of token k.
func (s *starts) at(k int) int {
	if s.wide != nil {
		return int(s.wide[k])
	}
	return int(s.base[k/groupLen]) + int(s.off[k])
}

// len returns the count of places held.
func (s *starts) len() int {
	if s.wide != nil {
		return len(s.wide)
	}
	return len(s.off)
}

// bytes returns the memory s holds.
func (s *starts) bytes() int { return 4*cap(s.base) + 2*cap(s.off) + 4*cap(s.wide) }

// Len returns the size of the original in bytes.
func (o *Original) Len() int { return len(o.text) }

// keyOf returns the key of the token t of text: its bytes when it has at
// most 8, which tells it apart from every other token of at most 8 bytes
// (no token holds a zero byte but the one-byte token of a zero byte), and a
// hash of them when it is longer.
func keyOf(text []byte, t Token) uint64 {
	s, n := int(t.Start), int(t.End-t.Start)
	if n <= 8 && s+8 <= len(text) {
		return binary.LittleEndian.Uint64(text[s:s+8]) & keyMask[n&15]
	}
	return slowKey(text, s, s+n)
}

// slowKey is keyOf for a long token, or one at the end of the text.
func slowKey(text []byte, s, e int) uint64 {
	if e-s <= 8 {
		var k uint64
		for i := e - 1; i >= s; i-- {
			k = k<<8 | uint64(text[i])
		}
		return k
	}
	h := uint64(e - s)
	for ; s+8 <= e; s += 8 {
		h = mix(h ^ binary.LittleEndian.Uint64(text[s:s+8]))
	}
	var tail uint64
	for i := e - 1; i >= s; i-- {
		tail = tail<<8 | uint64(text[i])
	}
	return mix(h ^ tail)
}

// keyMask[n] keeps the first n bytes of a little-endian uint64.
var keyMask = func() (m [16]uint64) {
	for n := range 9 {
		m[n] = ^uint64(0) >> (64 - 8*uint(n))
	}
	m[0] = 0
	return m
}()

// mix spreads the bits of x (a step of the 64-bit variant of murmur's
// finalizer).
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// dict gives each distinct token an id, in order of first appearance: an
// open-addressing table keyed by the token's key and length, which holds
// no string per token and compares bytes only for tokens longer than 8
// bytes (whose key is a hash).
type dict struct {
	slots []slot
	shift uint
	// For each id, where its first occurrence starts, in the text the
	// dict was built from (long tokens only are compared there).
	at []int32
}

type slot struct {
	key uint64
	n   uint32 // the token's length; 0 for an empty slot
	id  uint32
}

func newDict(capacity int) dict {
	size := 64
	for size < 2*capacity {
		size <<= 1
	}
	return dict{slots: newSlots(size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

// newSlots returns n empty slots, every page of them written once. A large
// table comes fresh from the system, and probing reads it before it
// writes: a read of a page never touched maps the shared zero page, and the
// write after it copies that page and flushes the address from every
// core's TLB (an interrupt to the other core): two faults and an IPI per
// 4 KiB instead of one fault. This was 3.7% of a 1 MiB check's CPU.
func newSlots(n int) []slot {
	s := make([]slot, n)
	const perPage = 4096 / int(unsafe.Sizeof(slot{}))
	for i := 0; i < n; i += perPage {
		s[i].n = 0
	}
	return s
}

func (d *dict) len() int { return len(d.at) }

// home returns the first slot to probe for key and length n.
func (d *dict) home(key uint64, n int) uint64 {
	k := key ^ uint64(n)<<59
	return ((k ^ k>>31) * 0x9E3779B97F4A7C15) >> d.shift
}

// first returns the first slot probed for key and length n.
func (d *dict) first(key uint64, n int) slot { return d.slots[d.home(key, n)&uint64(len(d.slots)-1)] }

// find returns the id of the token t of text, whose key is key, and
// whether the dict holds it; dtext is the text the dict was built from.
func (d *dict) find(dtext, text []byte, t Token, key uint64) (uint32, bool) {
	s, ok := d.probe(dtext, text, t, key)
	return s.id, ok
}

// probe returns the slot of the token t of text, whose key is key, and
// whether the dict holds it; else the empty slot where it would go.
func (d *dict) probe(dtext, text []byte, t Token, key uint64) (*slot, bool) {
	n := int(t.End - t.Start)
	mask := uint64(len(d.slots) - 1)
	for i := d.home(key, n); ; i = (i + 1) & mask {
		s := &d.slots[i]
		switch {
		case s.n == 0:
			return s, false
		case s.key == key && int(s.n) == n && (n <= 8 || bytes.Equal(dtext[d.at[s.id]:int(d.at[s.id])+n], text[t.Start:t.End])):
			return s, true
		}
	}
}

// intern returns the id of the token t of text, the text the dict is built
// from, adding it if it is new.
func (d *dict) intern(text []byte, t Token, key uint64) uint32 {
	s, ok := d.probe(text, text, t, key)
	if ok {
		return s.id
	}
	id := uint32(len(d.at))
	*s = slot{key: key, n: uint32(t.End - t.Start), id: id}
	d.at = append(d.at, t.Start)
	if 4*len(d.at) > len(d.slots) {
		d.grow()
	}
	return id
}

func (d *dict) grow() {
	old := d.slots
	d.slots = newSlots(2 * len(old))
	d.shift--
	mask := uint64(len(d.slots) - 1)
	for _, s := range old {
		if s.n == 0 {
			continue
		}
		i := d.home(s.key, int(s.n))
		for d.slots[i].n != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = s
	}
}

// extra gives ids to the article's tokens that the original lacks, from
// the original's count of distinct tokens on. A Result and the Results
// updated from it share one, so that a word typed in an edit gets the id
// the same word has elsewhere in the article; ids only ever compare for
// equality, so its growing changes no verdict.
type extra struct {
	mu   sync.Mutex
	base uint32 // the first id
	text []byte // the bytes of each token it holds, one after another
	dict dict
}

func newExtra(base int) *extra { return &extra{base: uint32(base), dict: newDict(64)} }

// intern returns the id of the token t of text, whose key is key.
func (x *extra) intern(text []byte, t Token, key uint64) uint32 {
	n := int32(t.End - t.Start)
	if id, ok := x.dict.find(x.text, text, t, key); ok {
		return x.base + id
	}
	at := int32(len(x.text))
	x.text = append(x.text, text[t.Start:t.End]...)
	return x.base + x.dict.intern(x.text, Token{at, at + n}, key)
}

// vocab returns one more than the greatest id given.
func (x *extra) vocab() int { return int(x.base) + x.dict.len() }

// Bytes returns the memory o holds besides the original's text: its
// tokens, ids, dictionary and index, for a cache that bounds what it
// keeps. On prose it is about twice the text.
func (o *Original) Bytes() int {
	return o.starts.bytes() + 4*cap(o.ids) + 16*cap(o.dict.slots) + 4*cap(o.dict.at) + o.index.Bytes()
}
