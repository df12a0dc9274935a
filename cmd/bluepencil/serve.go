package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/bluepencil/bluepencil/server"
)

// serveIO is what a server session runs on: the process's standard streams
// and os.Exit, or a test's pipes and a recorder.
type serveIO struct {
	stdin  io.ReadCloser
	stdout io.WriteCloser
	stderr io.Writer
	exit   func(code int)
}

func runServe(args []string, stderr io.Writer) int {
	return serve(args, serveIO{stdin: os.Stdin, stdout: os.Stdout, stderr: stderr, exit: os.Exit})
}

// serve runs one language server session. Editors show whatever a server
// writes to stderr as errors (Neovim's and Helix's logs label every line
// ERROR), so by default the log holds warnings and errors only, and a normal
// session writes nothing; --log-level info or debug and --log-file are for
// looking into a problem.
func serve(args []string, sio serveIO) int {
	stderr := sio.stderr
	fs := newFlagSet("serve", "serve [--stdio] [--log-file FILE] [--log-level debug|info|warn|error]", stderr)
	fs.Bool("stdio", true, "speak LSP over stdin and stdout (the only transport; VS Code passes it)")
	logFile := fs.String("log-file", "", "append the log to `file` instead of writing it to stderr")
	fs.StringVar(logFile, "log", "", "the same as --log-file (the older name)")
	level := fs.String("log-level", "warn", "log `level`: debug, info, warn or error; below warn is for looking into a problem")
	if _, err := parseInterleaved(fs, args); err != nil {
		return exitUsage
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "bluepencil serve: --log-level must be debug, info, warn or error, not %q\n", *level)
		return exitUsage
	}
	// stdout carries the protocol: the log goes to stderr or a file only.
	sink := stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "bluepencil serve: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		sink = f
	}
	// slog's handlers serialise their writes, so goroutines' lines never mix.
	logger := slog.New(slog.NewTextHandler(sink, &slog.HandlerOptions{Level: lvl}))

	err := server.Serve(context.Background(), stdio{sio.stdin, sio.stdout}, server.Options{
		Logger:  logger,
		Version: versionString(),
		// Exit at once: closing the connection could wait forever on a
		// client that keeps stdin open. Log lines are written as they come,
		// so there is nothing to flush.
		Exit: sio.exit,
	})
	if err != nil {
		logger.Error("connection ended", slog.Any("error", err))
	}
	// The client went away without exit: the protocol's "exit code 1".
	return exitProblem
}

// stdio is the protocol stream over the process's standard input and output.
type stdio struct {
	in  io.ReadCloser
	out io.WriteCloser
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error {
	err := s.in.Close()
	if err2 := s.out.Close(); err == nil {
		err = err2
	}
	return err
}
