package frontmatter

import (
	"strings"
	"unicode/utf8"
)

// maxSuggestDistance is how many typing mistakes a key may have and still be
// taken for a known one: enough for "titel" or "pubished", not so many that
// every short word looks like url.
const maxSuggestDistance = 2

// suggest returns the known key that key most likely misspells, or "". Case
// is ignored, so "Published" suggests "published"; among equally close keys
// the first in knownFields wins, so the result is stable.
func suggest(key string) string { return Nearest(key, knownFields) }

// Nearest returns the word of known that word most likely misspells (at
// most two typing mistakes away, a swap of two letters counting as one), or
// "". Case is ignored; among equally close words the first in known wins.
// The server uses it for the codes in its settings too: one notion of a
// likely typo for every name a user types.
func Nearest(word string, known []string) string {
	if utf8.RuneCountInString(word) > 64 {
		return ""
	}
	k := []rune(strings.ToLower(word))
	best, bestDist := "", maxSuggestDistance+1
	for _, f := range known {
		if d := distance(k, []rune(f)); d < bestDist {
			best, bestDist = f, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b: the
// number of insertions, deletions, substitutions and transpositions of
// adjacent characters that turn one into the other. Transpositions count as
// one mistake because swapped letters are the commonest typo ("titel").
func distance(a, b []rune) int {
	if d := len(a) - len(b); d > maxSuggestDistance || -d > maxSuggestDistance {
		return maxSuggestDistance + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
