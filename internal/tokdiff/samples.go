package tokdiff

import "math/bits"

// sampleTable maps the hash of each sampled run of an Index's A to its
// place in A, p, or -p-1 when the run occurs more than once in A (by hash).
// Its slots are
// 8 bytes (32 bits of the hash beside the place), so that the table of a
// book's samples stays in the second-level cache; the other 32 bits of the
// hash choose the slot. A filter of 16 bits per sample, two of them set per
// hash in one 64-bit word, answers about 98 of 100 probes for runs that
// are not there without touching the table.
type sampleTable struct {
	slots  []sampleSlot
	shift  uint // 64 - log2(len(slots))
	filter []uint64
	fshift uint // 64 - log2(len(filter))
}

type sampleSlot struct {
	key uint32 // never 0; 0 is an empty slot
	pos int32
}

// dup marks the slot's run as occurring more than once in A.
func (s *sampleSlot) dup() {
	if s.pos >= 0 {
		s.pos = -s.pos - 1
	}
}

func newSampleTable(samples int) *sampleTable {
	size, words := sampleTableSize(samples)
	t := &sampleTable{
		slots:  make([]sampleSlot, size),
		shift:  uint(64 - bits.TrailingZeros(uint(size))),
		filter: make([]uint64, words),
		fshift: uint(64 - bits.TrailingZeros(uint(words))),
	}
	// Written before they are read: a large array fresh from the system
	// is not zeroed by the runtime, and a page of it first read is mapped
	// to the shared zero page, then faulted again on its first write.
	// Probing the table reads before it writes, so each page of it cost
	// two faults; written first, one.
	clear(t.slots)
	clear(t.filter)
	return t
}

// sampleTableSize returns the slots and filter words of a table for
// samples samples.
func sampleTableSize(samples int) (size, words int) {
	size, words = 16, 1
	for size < 2*samples {
		size <<= 1
	}
	for 64*words < 16*samples {
		words <<= 1
	}
	return size, words
}

// sampleTableBytes is the memory of a table for samples samples.
func sampleTableBytes(samples int) int {
	size, words := sampleTableSize(samples)
	return 8*size + 8*words
}

// grown returns a table twice the size holding t's samples, whose slots
// are listed in order (which it rewrites with their new slots). A slot
// keeps 32 bits of its hash, and the slot it goes to depends on all 64:
// the hash is computed again from the run at the slot's place in a.
func (t *sampleTable) grown(a []uint32, order []int32) *sampleTable {
	g := newSampleTable(len(t.slots)) // 2 slots per sample: twice t's
	for i, k := range order {
		s := t.slots[k]
		p := int(s.pos)
		if p < 0 {
			p = -p - 1
		}
		h := runHash(a[p:p+anchorLen]) | 1
		j, _ := g.find(h)
		g.slots[j] = s
		g.note(h)
		order[i] = int32(j)
	}
	return g
}

// runHash returns the rolling hash of one run, as NewIndex and eachRun
// compute it in passing.
func runHash(run []uint32) uint64 {
	var h uint64
	for _, x := range run {
		h = h*hashMul + uint64(x+1)
	}
	return h
}

const (
	mulSlot   = 0x9E3779B97F4A7C15
	mulFilter = 0xD6E8FEB86659FD93
)

func sampleKey(h uint64) uint32 { return uint32(h>>32) | 1 }

// filterBits returns the filter word and the two bits of hash h.
func (t *sampleTable) filterBits(h uint64) (uint64, uint64) {
	m := h * mulFilter
	return m >> t.fshift, 1<<(m>>20&63) | 1<<(m>>26&63)
}

// maybe reports whether hash h may be in the table; false is sure.
func (t *sampleTable) maybe(h uint64) bool {
	w, b := t.filterBits(h)
	return t.filter[w]&b == b
}

func (t *sampleTable) note(h uint64) {
	w, b := t.filterBits(h)
	t.filter[w] |= b
}

// find returns the index of the slot of hash h, and whether h is there
// (else the slot is the empty one where h would go).
func (t *sampleTable) find(h uint64) (int, bool) {
	key := sampleKey(h)
	mask := uint64(len(t.slots) - 1)
	for i := (h * mulSlot) >> t.shift; ; i = (i + 1) & mask {
		switch t.slots[i].key {
		case key:
			return int(i), true
		case 0:
			return int(i), false
		}
	}
}

// match returns the place in a of the sampled run whose ids are those of
// run, whose hash is h, when it occurs once in a; else -1. It compares
// ids, so that what matches does not depend on the 32 bits of hash a slot
// keeps.
func (t *sampleTable) match(h uint64, a, run []uint32) int {
	key := sampleKey(h)
	mask := uint64(len(t.slots) - 1)
	for i := (h * mulSlot) >> t.shift; ; i = (i + 1) & mask {
		s := t.slots[i]
		switch {
		case s.key == 0:
			return -1
		case s.key != key:
			continue
		}
		p := int(s.pos)
		if p < 0 {
			p = -p - 1
		}
		if equalRun(a[p:p+anchorLen], run) {
			if s.pos < 0 {
				return -1
			}
			return p
		}
	}
}
