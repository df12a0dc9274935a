// Package sample generates articles for benchmarks and load tests, so
// that the parser's figures and the server's are measured on the same text.
package sample

import "bytes"

// Article generates an article of about size bytes with one mark per ~100
// bytes, cycling through every kind, in paragraphs of about 600 bytes. It is
// deterministic so that benchmark runs compare.
func Article(size int) []byte {
	words := []string{"council", "river", "the", "storm", "harbour", "said", "on", "workers", "residents",
		"of", "a", "new", "bridge", "plan", "mayor", "and", "water", "levels", "rose", "officials"}
	marks := []string{"{--sweeping--}", "{++provincial++}", "{~~vowed~>said~~}", "{>>check the wire copy<<}",
		"{==the mayor said==}{>>quote<<}", "[...]"}
	var b bytes.Buffer
	b.WriteString("---\ntitle: Harbour council approves bridge plan\noutlet: The Valley Courier\npublished: 2026-03-14\n---\n\n")
	x := uint32(2463534242)
	next := func() uint32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x }
	sinceMark, sincePara, k := 0, 0, 0
	for b.Len() < size {
		w := words[next()%uint32(len(words))]
		b.WriteString(w)
		sinceMark += len(w) + 1
		sincePara += len(w) + 1
		switch {
		case sinceMark >= 100:
			b.WriteByte(' ')
			b.WriteString(marks[k%len(marks)])
			k++
			sinceMark = 0
			b.WriteByte(' ')
		case sincePara >= 600:
			b.WriteString(".\n\n")
			sincePara = 0
		default:
			b.WriteByte(' ')
		}
	}
	return b.Bytes()
}
