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
// # A prepared sequence, and updates
//
// NewIndex prepares a sequence A once, to diff many sequences B against
// it (the fidelity check's original, against each article and each
// version of it). It samples A's runs of anchorLen ids by their content
// (one run in eight, by the run's hash, so that a run and its copies are
// all sampled or none is) and keeps those that occur once in A in a table
// of 8-byte slots, with a filter in front. Index.Diff counts, in one pass
// over B, how many of B's runs have each sample's ids (a run is found at
// the place the last match predicts without probing the table, most of
// the time), takes the samples matched once in each as candidate anchors,
// and chains them as Diff does; it diffs the whole pair as Diff does when
// it is at most smallInput ids, or when what lies between the common
// prefix and suffix is (minimal when the budget allows), and else the gaps
// between the anchors over the whole texts. Where an article repeats or
// moves passages, or replaces most of its words, its changes may therefore
// fall a token apart from Diff's (both are minimal) or its coarse regions
// elsewhere.
//
// Script.Update redoes a script for a B edited in one place, at the cost
// of the edited stretch and of the changes around it. Its checkpoints are
// anchors that no other candidate crosses (every longest chain holds
// them, and chooses what lies between two of them alone); between two of
// them around the edit it recounts the runs, chains the candidates and
// diffs the gaps again, and compacts again the changes between two equal
// runs longer than maxSlide (compact decides the changes on either side of
// such a run apart). It declines, for the caller to diff whole, when the
// edit makes or unmakes a match elsewhere (a sample whose only match moves
// in or out of the stretch), when a candidate crosses the checkpoints, or
// when the common ends move far. The script it returns is the one Index.Diff
// returns for the edited B, which the tests check on random edits.
//
// Memory: O(n+m): the script (at most n+m ops), the anchor table (n/4
// slots of 16 bytes; an Index's, n/4 of 8 bytes), per-id counters (12
// bytes per distinct id), and the Myers frontier, whose radius is bounded
// by the budget (√(2·budget)), not by D: there is no O(D²) trace. A Script
// keeps its changes (before and after compaction, about 50 bytes each with
// the ids of what they insert), a byte per sample and 8 bytes per
// checkpoint: about a tenth of B's ids when the texts differ little.
package tokdiff
