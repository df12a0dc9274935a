// Package frontmatter finds and reads the YAML front matter that may head a
// bluepencil article: the title, the outlet, where and when the story was
// published, the archived original it is checked against, the editor and
// its tags.
//
// It exists apart from the Markdown parser because the front matter is a
// different language with different failure modes, and because several
// callers need it on their own terms: the parser only has to skip the block
// (Find), while the rules, the hover and the fidelity check need each value
// with its exact byte span (Parse). Like the rest of bluepencil it works in
// byte offsets into the UTF-8 source, exact to the byte, and never panics.
//
// # Format
//
// Front matter exists only when the very first line of the file (after an
// optional UTF-8 byte order mark) is exactly "---"; trailing spaces and tabs
// are tolerated and the line ends with "\n", "\r\n" or the end of the file.
// The block ends at the next line that is exactly "---" or "..." (trailing
// spaces and tabs tolerated). Lines are split on "\n" only, so a file that
// uses lone "\r" line endings has no front matter. An opening line without a
// closing one makes an unclosed block, which Parse reports instead of reading
// the whole article as YAML. Inside the block, a line that starts with "---"
// or "..." and has more text is an error: YAML would end the document there.
//
// Between the delimiter lines is a YAML mapping (empty is fine) of these
// fields, all optional and all case-sensitive:
//
//	title:     the headline, text
//	outlet:    the publication, text
//	url:       the story's absolute http or https address
//	published: the publication date, YYYY-MM-DD, a real calendar date
//	original:  path of the archived original text, relative to the article
//	editor:    who edits this version, text
//	tags:      a list of text, [a, b] or one "- a" line per tag
//
// A scalar of any YAML type is accepted as text and read as written, so
// "title: 2024" is the title "2024"; a list or a mapping where text belongs
// is an error. An empty value is fine for title, outlet, editor and tags but
// an error for url, published and original, whose tools cannot use nothing.
// A single tag may be written without a list ("tags: politics") and is read
// as a one-element list; a single text containing a comma ("tags: a, b") is
// an error rather than one odd tag, since it is almost always a list written
// without brackets. Duplicate keys are errors (the first one wins); unknown
// keys are warnings, with a suggested name when they are within two typing
// mistakes of a known one, ignoring case.
//
// # Positions
//
// go.yaml.in/yaml/v3 reports a node's Line and Column 1-based, with the
// column counted in characters (Unicode code points), not bytes, and lines
// broken at "\n", "\r\n", a lone "\r", U+0085, U+2028 and U+2029. Parse maps
// them back to byte offsets with the same rules. The YAML library reports a
// syntax error only as text ("yaml: line N: message"), with a line number
// that is 1-based for scanner errors but 0-based for parser errors, and for
// some errors names the line where the enclosing construct started rather
// than the offending one. Parse corrects for both, so that a syntax error's
// span lies on the line the editor has to change.
package frontmatter
