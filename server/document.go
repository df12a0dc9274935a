package server

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
	"weak"

	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/fidelity"
	"github.com/bluepencil/bluepencil/internal/markup"
	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/span"
)

// Documents. The read loop keeps each open document's newest text (its
// head) and the edits since the newest finished analysis (its snapshot);
// a worker turns heads into snapshots (worker.go); requests read a
// snapshot and map positions between it and the head they were sent
// against (versions.go).

// head is one version of a document's text as the client sent it, never
// modified once made. seq counts the changes the server applied to the
// document, 1 for the didOpen: unlike the client's version, which a client
// may repeat or send backwards, it orders versions.
type head struct {
	text    []byte
	version int32
	seq     uint64

	once sync.Once
	m    *position.Mapper
	// ascii says whether text is all ASCII: 0 until known, then 1 or -1.
	// The read loop sets it when the edits tell; isASCII finds out
	// otherwise, off the read loop.
	ascii     atomic.Int32
	asciiOnce sync.Once
}

// isASCII reports whether h's text is all ASCII, where a character is a
// byte in every encoding and positions need no counting.
func (h *head) isASCII() bool {
	h.asciiOnce.Do(func() {
		if h.ascii.Load() == 0 {
			v := int32(-1)
			if asciiOnly(h.text) {
				v = 1
			}
			h.ascii.Store(v)
		}
	})
	return h.ascii.Load() > 0
}

// asciiOnly reports whether b holds only ASCII bytes, eight at a time.
func asciiOnly(b []byte) bool {
	const hi = 0x8080808080808080
	i := 0
	for ; i+32 <= len(b); i += 32 {
		if (binary.LittleEndian.Uint64(b[i:])|binary.LittleEndian.Uint64(b[i+8:])|
			binary.LittleEndian.Uint64(b[i+16:])|binary.LittleEndian.Uint64(b[i+24:]))&hi != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiAfter is the ascii of a text made by edits from a text whose ascii
// is known: ASCII if it was and every inserted text is; 0 if that cannot
// be told without looking.
func asciiAfter(before int32, edits []span.Edit) int32 {
	if before <= 0 {
		return 0
	}
	for _, e := range edits {
		if !asciiOnly(bytesOf(e.New)) {
			return 0 // a non-ASCII insertion may still have been deleted again
		}
	}
	return 1
}

// mapper returns the line table of h's text, built by whoever first needs
// it: the read loop for the next change's positions, a worker to publish,
// or a request. One table serves all three.
func (h *head) mapper() *position.Mapper {
	h.once.Do(func() { h.m = position.New(h.text) })
	return h.m
}

// change is the byte edits of one didChange, in the order applied.
type change struct {
	seq   uint64
	edits []span.Edit
}

// document is one open document. Its fields are guarded by Server.mu,
// except pubMu; the read loop alone replaces head and appends to pending.
type document struct {
	uri uri.URI

	head *head
	snap *snapshot // the newest finished analysis, nil until the first
	// pending are the changes from snap's text to head's, for analyses
	// and requests to map through; pendingBytes bounds what they hold.
	// lostAt is the seq of the last change whose edits were not kept (a
	// whole-document change, or too many edits): from a snapshot older than
	// that, there is no mapping.
	pending      []change
	pendingBytes int
	lostAt       uint64

	// stale asks for an analysis even of the version snap already has:
	// the settings or an original changed; gen counts those changes, so
	// that a request sent after one reads an analysis made after it.
	// failed is the seq of the last head whose analysis panicked, so that
	// it is not tried again.
	stale   bool
	gen     uint64
	failed  uint64
	running bool // a worker is on this document
	urgent  bool // the user edited it since its worker last took a slot
	closed  bool
	// analyses counts the analyses started, for tests and logs.
	analyses int
	// settled is closed and replaced whenever snap, failed or closed
	// changes, for requests waiting on an analysis.
	settled chan struct{}

	// pubMu orders publishing the document's diagnostics, and clearing
	// them at didClose, so that nothing is published after the clearing.
	pubMu sync.Mutex
}

// maxPendingBytes bounds the edits a document keeps while its analysis
// lags (a paste of the whole text, repeated); beyond it, the next analysis
// starts afresh and requests wait for it.
const maxPendingBytes = 4 << 20

// editSize is what an edit costs besides its text.
const editSize = int(unsafe.Sizeof(span.Edit{}))

// addChange records the edits of change seq, or forgets every pending
// edit when there are too many to keep or the change replaced the text.
// Called with Server.mu held.
func (d *document) addChange(seq uint64, edits []span.Edit, whole bool) {
	size := 0
	for _, e := range edits {
		size += len(e.New) + editSize
	}
	if whole || d.pendingBytes+size > max(maxPendingBytes, len(d.head.text)) {
		d.pending, d.pendingBytes, d.lostAt = nil, 0, seq
		return
	}
	d.pending = append(d.pending, change{seq: seq, edits: edits})
	d.pendingBytes += size
}

// since returns the pending edits after version seq, flattened, and
// whether they lead from that version to the head: false if some were
// lost. It never modifies pending, so the slice can be kept.
func since(pending []change, lostAt, seq uint64) ([]span.Edit, bool) {
	if lostAt > seq {
		return nil, false
	}
	var out []span.Edit
	for _, c := range pending {
		if c.seq > seq {
			out = append(out, c.edits...)
		}
	}
	return out, true
}

// markStale asks for a fresh analysis of d, whose settings or original
// changed. Called with Server.mu held.
func (d *document) markStale() {
	d.stale = true
	d.gen++
}

// wake tells the requests waiting on d that something changed. Called
// with Server.mu held.
func (d *document) wake() {
	close(d.settled)
	d.settled = make(chan struct{})
}

// snapshot is one analysed version of a document, never modified once
// made: requests read it without holding the server's lock.
type snapshot struct {
	*head
	gen   uint64 // the document's gen when the analysis started
	uri   uri.URI
	doc   *markup.Document
	diags []rules.Diagnostic
	// fid is the fidelity check's result when the front matter names a
	// readable original, and origPath that original's resolved path. The
	// original's bytes stay in the server's bounded cache, not here, so
	// that open articles do not pin their originals in memory.
	fid      *fidelity.Result
	origPath string
	// links says which diagnostics carry their code's link when there
	// are more than linkAllUpTo (see linked).
	linksOnce sync.Once
	links     []bool
	// watch are the paths whose change on disk can change the check: the
	// original as the front matter names it, and where it resolves to.
	watch []string

	// settings: the document is a workspace settings file, whose
	// diagnostics are its problems and which has no marks or actions.
	settings bool
	// ws is the settings file the article was checked with, nil for none;
	// elision is what a cut reads as in the published view, by the
	// editor's settings, else the settings file's, else the default.
	ws      *wsFile
	elision string

	// a is the analysis, without its original (see prev).
	a    *analysis.Analysis
	orig weak.Pointer[analysis.Original]
}

// newSnapshot wraps the analysis of h.
func newSnapshot(u uri.URI, h *head, a *analysis.Analysis) *snapshot {
	snap := &snapshot{head: h, uri: u, doc: a.Doc, diags: a.Diagnostics, fid: a.Fidelity, watch: a.Watch}
	kept := *a
	if a.Original != nil {
		snap.origPath = a.Original.Path
		snap.orig = weak.Make(a.Original)
		kept.Original = nil
	}
	snap.a = &kept
	return snap
}

// prev returns the analysis to update from. Its original is there only if
// the originals cache, or another analysis, still holds it: a snapshot
// does not keep an original alive, but while the original lives the next
// analysis can tell it compared against the same one.
func (snap *snapshot) prev() *analysis.Analysis {
	if snap.a == nil {
		return nil
	}
	a := *snap.a
	a.Original = snap.orig.Value()
	return &a
}

// bytesOf returns the bytes of s without copying them. The server never
// modifies a document's text (every version is a new slice), so a text
// decoded from a message can be used as it is.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
