// Package regions finds the stretches of an article an editor folds (the
// front matter, long notes) and the places in it that lead elsewhere (the
// front matter's url and original). Byte spans in and out, no positions
// and no LSP types; resolving an original on disk is the caller's.
package regions
