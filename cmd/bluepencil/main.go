// Command bluepencil checks, renders and serves news articles republished
// with every editorial change marked in CriticMarkup.
//
// Usage:
//
//	bluepencil serve [--stdio] [--log-file FILE] [--log-level LEVEL]
//	bluepencil check [--format text|json] [--no-style] PATH...
//	bluepencil render --view original|published|clean FILE
//	bluepencil render --html [--fragment] [--css FILE|URL] [--id-prefix P] FILE
//	bluepencil render --html --out DIR [--css FILE|URL] PATH...
//	bluepencil diff ORIGINAL EDITED
//	bluepencil lexicon
//	bluepencil version
//
// This package holds flags and subcommands only; the work is done by the
// packages under internal/.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/bluepencil/bluepencil/internal/archive"
	"github.com/bluepencil/bluepencil/internal/check"
	"github.com/bluepencil/bluepencil/internal/diffgen"
	"github.com/bluepencil/bluepencil/internal/style"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); without
// it the module version from the build info is used.
var version = ""

// Exit codes: the check found no error, found one, or could not run.
const (
	exitOK      = 0
	exitProblem = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: bluepencil <command> [arguments]

commands:
  serve [--log-file F] [--log-level L]   run the language server on stdin/stdout
  check [--format text|json] [--no-style] PATH...
                                         check articles (*.bp.md files, directories recursively)
  render --view VIEW [--html] FILE       print the original, published or clean view of an article
  render --html [--fragment] FILE        print the published page (or its fragment, for a site)
  render --html --out DIR PATH...        write a page per article, the originals and an index into DIR
  diff ORIGINAL EDITED                   print an article whose marks turn ORIGINAL into EDITED
  lexicon                                print the built-in words worth cutting, by category
  version                                print the version

Run 'bluepencil <command> -h' for a command's flags.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return runServe(args[1:], stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "render":
		return runRender(args[1:], stdout, stderr)
	case "diff":
		return runDiff(args[1:], stdout, stderr)
	case "lexicon":
		return runLexicon(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "bluepencil", versionString())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "bluepencil: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// parseInterleaved parses flags wherever they stand among the arguments,
// as users type "check examples --format json" as often as the reverse.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: bluepencil %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [--format text|json] [--no-style] PATH...", stderr)
	format := fs.String("format", "text", "output `format`: text (path:line:col: severity: message (code)) or json (LSP ranges)")
	noStyle := fs.Bool("no-style", false, "run only the markup and fidelity checks, not the words worth cutting")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "bluepencil check: --format must be text or json, not %q\n", *format)
		return exitUsage
	}
	if len(paths) == 0 {
		fs.Usage()
		return exitUsage
	}
	out := check.NewTextWriter(stdout)
	if *format == "json" {
		out = check.NewJSONWriter(stdout)
	}
	code := exitOK
	defer heapFloor(checkFloorFor(paths))()
	// Articles are checked on every core and reported in the order of a
	// walk on one, so what is printed never depends on the scheduling.
	err = check.Run(paths, check.Config{NoStyle: *noStyle}, func(r *check.Result, err error) error {
		if err != nil {
			fmt.Fprintf(stderr, "bluepencil check: %s\n", check.Escape(err.Error()))
			code = exitUsage
			return nil
		}
		if r.HasErrors() && code == exitOK {
			code = exitProblem
		}
		return out.Write(r)
	})
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "bluepencil check: %s\n", check.Escape(err.Error()))
		return exitUsage
	}
	return code
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", "diff ORIGINAL EDITED", stderr)
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) != 2 {
		fs.Usage()
		return exitUsage
	}
	var texts [2][]byte
	for i, f := range files {
		if texts[i], err = archive.ReadFile(f, archive.MaxSize); err != nil {
			fmt.Fprintf(stderr, "bluepencil diff: %s\n", fileError(err))
			return exitUsage
		}
	}
	softMemoryLimit(len(texts[0]) + len(texts[1]))
	article, err := diffgen.Generate(texts[0], texts[1])
	if err != nil {
		fmt.Fprintf(stderr, "bluepencil diff: %s\n", check.Escape(err.Error()))
		return exitProblem
	}
	if _, err := stdout.Write(article); err != nil {
		fmt.Fprintf(stderr, "bluepencil diff: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// fileError says why a file could not be read as "path: reason", without
// the system call, and escaped as check's output is: the path may hold a
// newline or a terminal escape.
func fileError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return check.Escape(pe.Path + ": " + pe.Err.Error())
	}
	return check.Escape(err.Error())
}

// softMemoryLimit asks the garbage collector to keep the heap under 16
// times the input plus 64 MiB (unless GOMEMLIMIT says otherwise). By
// default Go lets the heap reach twice what is live before collecting, and
// a page of 10 MiB of marks makes garbage fast enough that peak memory
// reached 32 times the input; with the limit the collector works harder
// near it instead. It changes when memory is collected, never what is
// printed, and it is soft: the command never fails for it.
func softMemoryLimit(input int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(64<<20 + 16*int64(input))
}

func runLexicon(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("lexicon", "lexicon", stderr)
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		fs.Usage()
		return exitUsage
	}
	if err := style.WriteLexicon(stdout); err != nil {
		fmt.Fprintf(stderr, "bluepencil lexicon: %v\n", err)
		return exitUsage
	}
	return exitOK
}
