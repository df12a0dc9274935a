// Package check runs the rules over article files for the command line and
// CI: it finds the articles under the paths it is given, checks each, and
// writes the diagnostics as compiler-style text lines or as JSON whose
// ranges and severities are exactly LSP's, so that any tool that reads LSP
// diagnostics reads these.
//
// # Hostile input
//
// A checked-in file must not be able to hang, crash or fool CI, so:
//
//   - Walk reads only regular files, and at most archive.MaxArticleSize
//     (16 MiB) of each, counted while reading: a named pipe, a device or a
//     socket named *.bp.md is refused without blocking, as is a symbolic
//     link that leads out of the folder named on the command line (the
//     folder is read through os.Root, so no change to the tree during the
//     walk can lead a read outside). A folder that cannot be listed is
//     reported and the walk goes on. Every refusal is an error for visit,
//     which the command prints on stderr and turns into exit status 2.
//   - Text output escapes control characters, the Unicode line separators
//     and invalid UTF-8 in paths and messages (see Escape): one diagnostic
//     is always exactly one line, and no terminal escape gets through.
//   - JSON output is linear in the number of diagnostics whatever their
//     positions, and writes a file name that is not valid UTF-8 with PEP
//     383 surrogate escapes: each invalid byte XX becomes \udcXX, so that
//     Python's os.fsencode(json.loads(...)["file"]) gives back the exact
//     bytes (other decoders see U+DCXX, which they cannot confuse with
//     another name).
//
// # Cores and order
//
// Run checks articles on every core (GOMAXPROCS workers) while one
// goroutine walks and reads them, and reports each on the caller's
// goroutine in the order of a walk on one core, as soon as the articles
// before it are reported. What check prints, on stdout and stderr and in
// what interleaving, and its exit status, are therefore those of a
// sequential run whatever the scheduling: concurrency makes it faster,
// never different.
//
// # Memory
//
// Results are written as each file's turn comes and then dropped, and at
// most Config.Window articles (4 per worker) and Config.WindowBytes of
// their text (16 MiB, though one larger article is always admitted) are
// held between their reading and their report, so memory does not grow
// with the number of files: it is that of the articles in flight (on two
// cores, two of 8 MiB cost what one of 16 MiB does alone; an article of
// 16 MiB is checked alone), their originals, the diagnostics found in
// them, the listing of one folder, and the originals kept for the
// articles after them (KeptOriginalBytes: 4 MiB, or one larger original).
package check
