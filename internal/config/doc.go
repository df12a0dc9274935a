// Package config reads a workspace's settings file, .bluepencil.yaml, and
// the rule files in Vale's YAML format that it names.
//
// The file is found upward from an article, never above the workspace
// root, and every file it names is read through an os.Root of that root,
// so that a settings file in a shared repository cannot make bluepencil
// read outside it. A file it cannot read, a key it does not know and a
// Vale feature it does not support are Problems: diagnostics on the file
// that has them, so that the command line and the editors show them where
// they can be fixed, instead of a rule that silently does nothing.
//
// Vale's patterns are regular expressions; bluepencil compiles them with
// Go's regexp package (RE2 syntax), whose matching is linear in the text.
// Patterns that need backtracking (lookarounds, backreferences) are
// reported, not run.
//
// The package is pure but for Load and Find, which read the file system
// through os.Root; Parse takes the bytes and a reader for the rule files.
package config
