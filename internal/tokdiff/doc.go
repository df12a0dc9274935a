// Package tokdiff computes the difference between two sequences of token ids
// as an edit script, deterministically and in near-linear time on every
// input.
//
// Its result is a function of the two sequences alone: no clock, no
// goroutine, no randomised hashing takes part, so the same pair gives the
// same script on any machine, under any load. Work is bounded by counts,
// not by time.
//
// # Algorithm
//
// Diff trims the common prefix and suffix, then anchors: on a long input,
// runs of anchorLen ids that occur once in each sequence (sampled in A
// every anchorStride positions, all positions counted) are matched, and a
// longest increasing subsequence keeps those in order. Each gap between
// anchors of at most bigGap ids is diffed with Myers' O(ND) algorithm in
// its linear-space form (middle snake, divide and conquer), under a work
// budget of costPerToken·(N+M) + costBase steps, where N+M is the gap's
// size. A gap whose budget runs out, or a larger gap, is anchored again,
// patience style, on the ids that occur once in each side of the gap, and
// its sub-gaps are diffed the same way, down to maxLevel levels; a large
// gap with no such anchor gets Myers under budget too. A region still not
// aligned is emitted as one coarse replacement (its ops carry Coarse): the
// differences it holds are reported as a whole, never dropped.
//
// Last, a change that only deletes or only inserts is slid along the
// equal tokens around it (at most maxSlide of them) when that joins it to
// its neighbour: the script has the same edits in fewer changes.
//
// Inputs of at most smallInput ids skip the first anchoring, so that the
// diff of a short pair is minimal whenever the budget allows: it allows
// any pair up to about 40 ids a side, and a longer one whose edit distance
// D is small (Myers costs about D² steps and the budget grows with N+M).
//
// # Bounds
//
// Time: anchoring is O(n log n) in the number of candidate anchors; each
// level's Myers runs cost at most costPerToken·(N+M) + costBase per gap, and
// a gap of size s costs no more than s² steps, so a level costs at most
// (costPerToken + √costBase)·(n+m) steps; there are maxLevel levels. Stats
// reports the steps spent, which the tests hold to that bound on
// pathological inputs.
//
// Memory: O(n+m): the script (at most n+m ops), the anchor table (n/4
// slots of 16 bytes), per-id counters (12 bytes per distinct id), and the
// Myers frontier, whose radius is bounded by the budget (√(2·budget)), not
// by D: there is no O(D²) trace.
package tokdiff
