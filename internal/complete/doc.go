// Package complete finds what an editor can offer at a place in an
// article: the five marks after a typed "{", neutral replacements for a
// substitution's old words after its "~>", and in the front matter the
// known field names and, as the value of original:, the text files beside
// the article. It reads bytes and a byte offset and returns items whose
// edits are byte spans; the server maps them to positions.
//
// It reads only the text around the offset (and, for fenced code, the
// lines before it), never a parse of the whole article, so that it answers
// from the request's own text at once, while the analysis of a keystroke
// is still running.
package complete
