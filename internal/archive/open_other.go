//go:build !unix

package archive

// openFlags adds nothing where opening a pipe does not wait for a writer.
const openFlags = 0
