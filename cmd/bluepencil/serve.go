package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/bluepencil/bluepencil/server"
)

func runServe(args []string, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--stdio] [--log FILE] [--log-level debug|info|warn|error]", stderr)
	fs.Bool("stdio", true, "speak LSP over stdin and stdout (the only transport; VS Code passes it)")
	logFile := fs.String("log", "", "write the log to `file` instead of stderr")
	level := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
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

	err := server.Serve(context.Background(), stdio{}, server.Options{
		Logger:  logger,
		Version: versionString(),
		Exit: func(code int) {
			// Exit at once: closing the connection could wait forever on a
			// client that keeps stdin open. Log lines are written as they
			// come, so there is nothing to flush.
			os.Exit(code)
		},
	})
	if err != nil {
		logger.Error("connection ended", slog.Any("error", err))
	}
	// The client went away without exit: the protocol's "exit code 1".
	return exitProblem
}

// stdio is the protocol stream over the process's standard input and output.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	err := os.Stdin.Close()
	if err2 := os.Stdout.Close(); err == nil {
		err = err2
	}
	return err
}
