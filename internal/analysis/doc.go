// Package analysis turns one version of an article into everything
// bluepencil knows about it: the parsed document, the rules' diagnostics,
// the comparison with its archived original, and the paths whose change
// could change the answer. The command line and the language server both
// go through Analyze, so that an analyzer is added in one place and the
// two can never disagree about an article.
//
// Reading originals is left to the caller, through a Source: the command
// line reads each original once per run and shares it between the
// articles that name it (DiskSource); the language server keeps its own
// cache, which it empties as articles close. Analyze itself touches no
// file.
//
// An Analysis is immutable once made, so the server can answer hovers and
// code actions from one while the next version is being analysed. Update
// makes the next version's from it and the edits between: the parse
// (markup.Update) and the comparison (fidelity's Result.Update) are redone
// around the edit only, the rules over the whole document; the original
// is prepared (tokenized and indexed) once where it is read, and shared.
// Update gives what Analyze gives, which the tests hold it to.
package analysis
