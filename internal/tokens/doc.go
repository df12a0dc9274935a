// Package tokens classifies every byte of an article's marks for an editor
// that colours them from the server (LSP semantic tokens) and finds a
// mark's delimiters (document highlight). It works on a parsed document
// alone: byte spans in, byte spans out, no positions and no LSP types, so
// that the server maps the spans in the encoding the client chose.
package tokens
