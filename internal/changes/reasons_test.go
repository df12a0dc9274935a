package changes

import (
	"testing"

	"github.com/bluepencil/bluepencil/internal/markup"
)

// TestCutReason checks which notes give a cut its reason class: only a
// note right after the cut itself, whose first word is a reason in any
// case.
func TestCutReason(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"{--x--}{>>biased<<}", "biased"},
		{"{--x--}{>>Flowery: too much<<}", "flowery"},
		{"{--x--}{>>  UNNECESSARY, repeats<<}", "unnecessary"},
		{"{--x--}{>>biased\" onclick=\"x<<}", "biased"},
		{"{--x--}{>><b>flowery</b><<}", ""},
		{"{--x--}{>>unbiased<<}", ""},
		{"{--x--}{>>biasedly<<}", ""},
		{"{--x--}{>>rude<<}", ""},
		{"{--x--} {>>biased<<}", ""},
		{"{--x--}", ""},
		{"{--x {>>biased<<}--}", ""},
		{"{--x {++y++}--}{>>flowery<<}", "flowery"},
		{"{++x++}{>>biased<<}", ""},
		{"{--x{>>biased<<}--}{>>flowery<<}", "flowery"},
	}
	for _, tt := range tests {
		d := markup.Parse([]byte(tt.src))
		if got := CutReason(d, 0); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.src, got, tt.want)
		}
	}
	d := markup.Parse([]byte("a"))
	for _, i := range []int{-1, 0, 5} {
		if got := CutReason(d, i); got != "" {
			t.Errorf("index %d of no marks: %q", i, got)
		}
	}
}

// TestReasonNote: the note a cut's actions take with it is the one that
// gives its reason, and no other.
func TestReasonNote(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"{--x--}{>>biased<<}", 1},
		{"{--x {++y++}--}{>>flowery<<}", 2},
		{"{--x--}{>>rude<<}", -1},
		{"{--x--} {>>biased<<}", -1},
		{"{++x++}{>>biased<<}", -1},
	} {
		if got := ReasonNote(markup.Parse([]byte(tt.src)), 0); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.src, got, tt.want)
		}
	}
}
