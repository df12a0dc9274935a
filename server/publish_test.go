package server

import (
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/position"
	"github.com/bluepencil/bluepencil/internal/sample"
)

// publishTexts are the 1 MiB sample (1,430 diagnostics) as generated, in
// ASCII, and with curly quotes and accents, as news copy has them.
var publishTexts = []struct{ name, text string }{
	{"ascii", string(sample.Article(1 << 20))},
	{"utf8", strings.NewReplacer("residents", "résidents", " said ", " “said” ").Replace(string(sample.Article(1 << 20)))},
}

// BenchmarkAppendPublish encodes the publishDiagnostics of 1 MiB articles
// in UTF-16; its floor, BenchmarkAppendPublishFloor, copies the same bytes
// already encoded.
func BenchmarkAppendPublish(b *testing.B) {
	for _, tt := range publishTexts {
		b.Run(tt.name, func(b *testing.B) {
			snap := testSnapshot(benchURI, 2, tt.text)
			caps := clientCaps{enc: position.UTF16}
			out := appendPublish(nil, snap, caps)
			b.SetBytes(int64(len(out)))
			b.ReportAllocs()
			for b.Loop() {
				out = appendPublish(out[:0], snap, caps)
			}
		})
	}
}

func BenchmarkAppendPublishFloor(b *testing.B) {
	for _, tt := range publishTexts {
		b.Run(tt.name, func(b *testing.B) {
			encoded := appendPublish(nil, testSnapshot(benchURI, 2, tt.text), clientCaps{enc: position.UTF16})
			out := make([]byte, 0, len(encoded))
			b.SetBytes(int64(len(encoded)))
			b.ReportAllocs()
			for b.Loop() {
				out = append(out[:0], encoded...)
			}
		})
	}
}
