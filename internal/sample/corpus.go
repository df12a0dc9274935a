package sample

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// A Corpus is a folder of articles as a newsroom keeps them: sections of
// dated folders, most articles naming their archived original (their own,
// beside them, or a wire story in wire/ that several outlets republished
// with edits of their own), a few naming none, a few with problems (an
// unmarked change, a bare elision, a missing original, an unclosed mark).
// internal/check's tests and the corpus probes in e2e/hostile both write
// it, so that their figures are of the same articles.
type Corpus struct {
	N                int    // articles
	MinSize, MaxSize int    // of each original, in bytes
	Seed             uint64 // the same seed writes the same corpus
}

var corpusWords = strings.Fields(`council river storm harbour residents bridge plan mayor water levels
	officials budget school teachers hospital ward road closure police station library funding
	ferry port fishermen market traders rent housing estate tenants planning committee vote
	report minister county district village town centre railway line service bus route
	weather flood defence wall contractor cost million pounds year month week spring summer
	autumn winter public meeting statement spokesperson agreed rejected approved proposed
	delayed opened closed announced warned said told reporters added expected described
	community group campaign petition signatures hall museum park playground repairs damage
	emergency crews power cuts homes businesses shops customers prices increase decrease
	survey results figures published data analysis local national regional government`)

var corpusNotes = []string{"check the wire copy", "figure confirmed with the council", "spelling checked",
	"quote shortened for length", "see the published minutes"}

// Write writes the corpus under dir.
func (c Corpus) Write(dir string) error {
	r := rand.New(rand.NewPCG(c.Seed, 9))
	var wires [][]byte
	for i := range c.N {
		section := fmt.Sprintf("news/2026-%02d", 1+i%12)
		name := fmt.Sprintf("%s/story-%04d.bp.md", section, i)
		head := fmt.Sprintf("---\ntitle: Story %d\noutlet: The Valley Courier\npublished: 2026-03-14\n", i)
		var orig []byte
		switch k := r.IntN(100); {
		case k < 10: // no original
		case k < 40: // a wire story, shared
			if len(wires) == 0 || r.IntN(4) == 0 {
				wires = append(wires, c.Text(r))
				if err := writeFile(dir, fmt.Sprintf("wire/wire-%03d.txt", len(wires)-1), wires[len(wires)-1]); err != nil {
					return err
				}
			}
			w := r.IntN(len(wires))
			orig = wires[w]
			head += fmt.Sprintf("original: ../../wire/wire-%03d.txt\n", w)
		case k < 41: // names an original that is not there
			head += "original: gone.txt\n"
		default: // its own original, beside it
			orig = c.Text(r)
			base := fmt.Sprintf("story-%04d.original.txt", i)
			if err := writeFile(dir, section+"/"+base, orig); err != nil {
				return err
			}
			head += "original: " + base + "\n"
		}
		body := orig
		if body == nil {
			body = c.Text(r)
		}
		if err := writeFile(dir, name, append([]byte(head+"---\n"), Edit(r, body)...)); err != nil {
			return err
		}
	}
	return nil
}

// Text returns an original: paragraphs of sentences of news words, of
// MinSize to MaxSize bytes.
func (c Corpus) Text(r *rand.Rand) []byte {
	size := c.MinSize + r.IntN(c.MaxSize-c.MinSize+1)
	var b []byte
	for len(b) < size {
		for s := 2 + r.IntN(4); s > 0; s-- {
			n := 6 + r.IntN(16)
			for w := range n {
				word := corpusWords[r.IntN(len(corpusWords))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				b = append(b, word...)
				if w < n-1 {
					b = append(b, ' ')
				}
			}
			b = append(b, ". "...)
		}
		b = append(b[:len(b)-1], "\n\n"...)
	}
	return b
}

// Edit returns an article body for orig: its words with a mark every 40
// or so, and in a few articles a problem.
func Edit(r *rand.Rand, orig []byte) []byte {
	faulty := r.IntN(20) == 0
	var b []byte
	for para := range strings.SplitSeq(strings.TrimSpace(string(orig)), "\n\n") {
		for i, w := range strings.Fields(para) {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendEdited(b, r, w, faulty)
		}
		b = append(b, "\n\n"...)
	}
	return b
}

func appendEdited(b []byte, r *rand.Rand, w string, faulty bool) []byte {
	other := corpusWords[r.IntN(len(corpusWords))]
	switch k := r.IntN(400); {
	case k < 2:
		return fmt.Appendf(b, "{--%s--}", w)
	case k < 4:
		return fmt.Appendf(b, "{~~%s~>%s~~}", w, other)
	case k < 6:
		return fmt.Appendf(b, "{++%s++} %s", other, w)
	case k < 7:
		return fmt.Appendf(b, "%s{>>%s<<}", w, corpusNotes[r.IntN(len(corpusNotes))])
	case k < 8:
		return fmt.Appendf(b, "{==%s==}", w)
	case faulty && k < 12:
		return append(b, other...) // an unmarked change
	case faulty && k < 13:
		return append(b, "[...]"...) // a bare elision
	case faulty && k == 13 && r.IntN(8) == 0:
		return fmt.Appendf(b, "{++%s", w) // never closed
	}
	return append(b, w...)
}

func writeFile(dir, name string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
