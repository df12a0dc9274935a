package style

import (
	"slices"
	"testing"
)

func TestReplacements(t *testing.T) {
	for _, tc := range []struct {
		phrase string
		want   []string
	}{
		{"regime", []string{"government", "administration"}},
		{"Regimes", []string{"Governments", "Administrations"}},
		{"  freedom \n fighters ", []string{"fighters"}},
		{"Freedom Fighter", []string{"Fighter"}},
		{"mob", []string{"crowd"}},
		{"government", nil},
		{"", nil},
		{"😀", nil},
	} {
		if got := Replacements(tc.phrase); !slices.Equal(got, tc.want) {
			t.Errorf("Replacements(%q) = %q, want %q", tc.phrase, got, tc.want)
		}
	}
	// The result is the caller's: changing it changes no later answer.
	Replacements("regime")[0] = "x"
	if got := Replacements("regime")[0]; got != "government" {
		t.Errorf("after a caller's change: %q", got)
	}
}
