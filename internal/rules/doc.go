// Package rules turns a parsed article into diagnostics: the parser's syntax
// problems, the style and ledger rules that look at well-formed marks, and
// the front matter's problems, each with a stable kebab-case code, a
// severity and the fixes the rule itself computes.
//
// Every fix is a list of byte-exact edits into the article, so that any
// client (the language server's code actions, a batch fixer, a test) can
// apply it without knowing the rule. Rules are pure: bytes in, diagnostics
// out, no I/O, no LSP types. The cost is proportional to the number of marks,
// not the size of the article, so that checking on every keystroke is free.
//
// The codes, severities and fixes are specified in docs/markup.md; Codes
// lists them for the documentation test that keeps the two in step.
package rules
