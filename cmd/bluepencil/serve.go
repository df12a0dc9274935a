package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

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
	lvl, err := zapcore.ParseLevel(*level)
	if err != nil {
		fmt.Fprintf(stderr, "bluepencil serve: %v\n", err)
		return exitUsage
	}
	// stdout carries the protocol: the log goes to stderr or a file only.
	sink := zapcore.Lock(zapcore.AddSync(stderr))
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "bluepencil serve: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		sink = zapcore.Lock(f)
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	logger := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(enc), sink, lvl))
	defer logger.Sync()

	err = server.Serve(context.Background(), stdio{}, server.Options{
		Logger:  logger,
		Version: versionString(),
		Exit: func(code int) {
			// Exit at once: closing the connection could wait forever on a
			// client that keeps stdin open.
			logger.Sync()
			os.Exit(code)
		},
	})
	if err != nil {
		logger.Error("connection ended", zap.Error(err))
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
