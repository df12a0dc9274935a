// Package check runs the rules over article files for the command line and
// CI: it finds the articles under the paths it is given, checks each, and
// writes the diagnostics as compiler-style text lines or as JSON whose
// ranges and severities are exactly LSP's, so that any tool that reads LSP
// diagnostics reads these.
package check
