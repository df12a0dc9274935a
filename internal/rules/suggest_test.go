package rules

import "testing"

func TestSuggestCode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"emty-mark", CodeEmptyMark},
		{"Empty-Mark", CodeEmptyMark},
		{"untracked-elisions", CodeUntrackedElision},
		{"adjacent-elsiions", CodeAdjacentElisions},
		{"unmarked_change", CodeUnmarkedChange},
		{"spelling", ""},
		{"", ""},
	} {
		if got := SuggestCode(tt.in); got != tt.want {
			t.Errorf("SuggestCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
