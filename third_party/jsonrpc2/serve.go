// Copyright 2026 The Go Language Server Authors. All rights reserved.
// SPDX-License-Identifier: BSD-3-Clause

package jsonrpc2

import (
	"context"
	"errors"
)

// NOTE: bluepencil's copy leaves out Serve and ListenAndServe, which accepted
// connections from a net.Listener: importing package net made every program
// that links this package dynamically linked against the C library when cgo is
// available, which costs each process start about 0.9 ms. bluepencil speaks
// over standard input and output only. See third_party/README.md.

// StreamServer is used to serve incoming jsonrpc2 clients communicating over a
// newly created connection.
//
// ServeStream is called once per accepted connection, on its own goroutine, with
// a [Conn] wrapping that connection. It should drive the connection (typically by
// calling [Conn.Go] and waiting on [Conn.Done]) and return when the connection is
// finished. The connection's stream is closed by [Serve] after ServeStream
// returns.
type StreamServer interface {
	ServeStream(context.Context, Conn) error
}

// ServerFunc is an adapter that implements the [StreamServer] interface using an
// ordinary function.
type ServerFunc func(context.Context, Conn) error

// ServeStream implements [StreamServer] by calling f(ctx, c).
func (f ServerFunc) ServeStream(ctx context.Context, c Conn) error {
	return f(ctx, c)
}

// HandlerServer returns a [StreamServer] that serves each incoming connection by
// dispatching its requests to h.
//
// For each connection it starts the read goroutine with [Conn.Go], waits for the
// connection to terminate with [Conn.Done], and reports [Conn.Err].
func HandlerServer(h Handler) StreamServer {
	return ServerFunc(func(ctx context.Context, conn Conn) error {
		conn.Go(ctx, h)
		<-conn.Done()
		return conn.Err()
	})
}

// netClosed is the message of net.ErrClosed, the error of an operation on a
// network connection that was closed, which this copy cannot name without
// importing package net.
const netClosed = "use of closed network connection"

// isNetClosed reports whether err, or an error it wraps, is net.ErrClosed,
// as errors.Is(err, net.ErrClosed) would.
func isNetClosed(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == netClosed {
			return true
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				if isNetClosed(e) {
					return true
				}
			}
			return false
		}
	}
	return false
}
