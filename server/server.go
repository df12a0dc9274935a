package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/position"
)

// Name is the server's name in initialize's serverInfo and in every
// diagnostic's source.
const Name = "bluepencil"

// Options configure a Server.
type Options struct {
	// Logger receives the server's own log; nil discards it. It must never
	// write to stdout, which carries the protocol.
	Logger *slog.Logger
	// Version is reported in serverInfo.
	Version string
	// Exit is called when the client sends exit: with 0 after shutdown, 1
	// otherwise, as the LSP specification asks. The command exits the
	// process; tests record the code.
	Exit func(code int)
}

type lifecycle int

const (
	stateNew lifecycle = iota
	stateRunning
	stateShutdown
)

// Server is one language server session over one connection.
type Server struct {
	protocol.UnimplementedServer

	log  *slog.Logger
	opts Options
	conn jsonrpc2.Conn

	// mu guards the session's state and every document's (document.go).
	// Nothing slow runs under it.
	mu    sync.Mutex
	state lifecycle
	docs  map[uri.URI]*document
	caps  clientCaps
	cfg   config

	// pool bounds the analyses running at once; working counts the
	// documents with a worker (under mu).
	pool    *pool
	working int
	// gc collects once the server is idle after a burst of analyses
	// (idlegc.go).
	gc idleGC
	// analysed, if set, is called at the end of every analysis, before its
	// result is installed: tests hold an analysis there, or fail it.
	analysed func(u uri.URI, version int32)
	// released, if set, is called as a request starts on its own
	// goroutine: tests delay requests there.
	released func(method string)

	// roots are the workspace folders, as file paths: originals are read
	// only inside the one that holds their article.
	roots     []string
	originals originals
	watches   watches
	// ws caches the workspace settings files (settingsfile.go).
	ws wsFiles
	// local watches the originals itself when the client cannot (watch.go).
	local *localWatcher
	// refresh holds a pending workspace/diagnostic/refresh (refresh.go).
	refresh chan struct{}

	// inflight maps the ID of each request being handled to the function
	// that cancels it, for $/cancelRequest.
	inflight sync.Map
}

// clientCaps are the client capabilities the server acts on, read once at
// initialize.
type clientCaps struct {
	enc             position.Encoding
	markdownHover   bool
	documentChanges bool
	// createFiles: a workspace edit may create a file (resourceOperations
	// has "create"), as Allow in this workspace does when there is no
	// settings file yet.
	createFiles bool
	// pullDiagnostics: the client pulls diagnostics and takes
	// workspace/diagnostic/refresh; without both, they are pushed.
	pullDiagnostics bool
	// codeDescription: the client shows a diagnostic's link to its code's
	// documentation (LSP 3.16). Without it the link is not sent: on a book
	// with a thousand problems it is a third of every publish.
	codeDescription bool
	configuration   bool
	watchFiles      bool // the client can be asked to watch files for us
	// relativePatterns: the client takes a watcher's pattern relative to
	// a folder.
	relativePatterns bool
	// hierarchicalSymbols: the client takes document symbols as a tree
	// (DocumentSymbol), else as a flat list (SymbolInformation).
	hierarchicalSymbols bool
	// documentSymbols and workspaceSymbols: the client declares the
	// request, so the server may offer it.
	documentSymbols, workspaceSymbols bool
	// codeLens: the client declares code lenses; codeLensRefresh: it
	// takes workspace/codeLens/refresh, sent when the lens setting changes.
	codeLens, codeLensRefresh bool
	// inlayHints: the client declares inlay hints; inlayHintRefresh: it
	// takes workspace/inlayHint/refresh, sent when the setting changes.
	inlayHints, inlayHintRefresh bool
	// completion: the client declares completion; snippets: it takes
	// snippets in completion items.
	completion, snippets bool
	// showDocument: the client takes window/showDocument, which the
	// original's lens asks it to open the original with.
	showDocument bool
	// marks: semantic tokens, highlight, folding, links (marksview.go).
	marks markCaps
}

// Serve runs a server on rwc until the connection ends or the client sends
// exit. It returns the connection's error, nil on a clean end.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	return New(opts).Serve(ctx, rwc)
}

// Serve connects s to rwc and serves until the connection ends.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	conn := jsonrpc2.NewConn(newGuardStream(rwc, func(code jsonrpc2.Code, what string) {
		s.log.Warn("malformed message answered", slog.Int("code", int(int32(code))), slog.String("problem", what))
	}))
	s.conn = conn
	conn.Go(ctx, s.Handler())
	<-conn.Done()
	err := conn.Err()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrClosedPipe) {
		return nil
	}
	return err
}

// New returns a server that is not yet connected; Serve connects one.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Exit == nil {
		opts.Exit = func(int) {}
	}
	return &Server{log: opts.Logger, opts: opts, docs: map[uri.URI]*document{}, cfg: defaultConfig(),
		watches: watches{wake: make(chan struct{}, 1)}, refresh: make(chan struct{}, 1), pool: newPool(analysisSlots()),
		gc: newIdleGC()}
}

// Handler returns the connection handler: lifecycle checks, panic recovery,
// cancellation and ordering around the protocol package's dispatcher.
//
// Notifications run inline, in wire order, so that didChange events are
// applied in the order the client sent them. Requests are released with
// jsonrpc2.Async so that a slow one never blocks reading, and so that a
// request may itself call the client (workspace/configuration) without
// deadlocking the read loop.
func (s *Server) Handler() jsonrpc2.Handler {
	dispatch := protocol.ServerHandler(s, nil)
	inner := func(ctx context.Context, req *jsonrpc2.Request, v vetted) (any, error) {
		// The request's context is pooled and recycled once the handler
		// returns, so nothing may derive a context from it that outlives
		// the call: context.WithCancel on it starts a goroutine that later
		// reads a recycled parent and panics (seen under load). Handlers get
		// a context derived from the connection's instead.
		base := jsonrpc2.DetachContext(ctx)
		if !req.IsCall() {
			return dispatch(base, req)
		}
		// Registered before the read loop moves on, so that a
		// $/cancelRequest read right after the request finds it.
		id := req.ID()
		cctx, cancel := context.WithCancel(base)
		s.inflight.Store(id, cancel)
		defer func() {
			s.inflight.Delete(id)
			cancel()
		}()
		// initialize and shutdown change what every later message may do,
		// so they run inline like notifications.
		if m := req.Method(); m != "initialize" && m != "shutdown" {
			// What the request's positions refer to is read here, on the
			// read loop, in wire order with the changes (versions.go).
			cctx = s.capture(cctx, req, v)
			jsonrpc2.Async(ctx)
			if s.released != nil {
				s.released(m)
			}
		}
		return dispatch(cctx, req)
	}
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		method := req.Method()
		call := req.IsCall()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in handler", slog.String("method", method), slog.Any("panic", r), slog.String("stack", string(debug.Stack())))
				result = nil
				if call {
					err = jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("bluepencil: internal error in %s: %v", method, r))
				} else {
					err = nil // an error on a notification would close the connection
				}
			}
			if errors.Is(err, errIgnored) {
				result, err = nil, nil
			}
			if !call && err != nil {
				s.log.Warn("notification failed", slog.String("method", method), slog.Any("error", err))
				result, err = nil, nil
			}
			if call && err != nil {
				err = wireError(ctx, err)
			}
		}()
		if err := s.admit(method, call); err != nil || (!call && !knownNotification(method)) {
			return nil, err
		}
		if method == "$/cancelRequest" {
			s.cancelRequest(req)
			return nil, nil
		}
		if method == "exit" {
			s.exit()
			return nil, nil
		}
		if call && !knownRequest(method) {
			return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "bluepencil does not handle "+method)
		}
		v, handled, err := s.screen(ctx, req)
		if handled {
			return nil, err
		}
		return inner(ctx, req, v)
	}
}

// screen vets req's params on the wire (params.go). It reports whether it
// handled req: refused it, or applied it, for a didChange or a didOpen,
// which use what the vetting learned; requests use it too.
func (s *Server) screen(ctx context.Context, req *jsonrpc2.Request) (vetted, bool, error) {
	method := req.Method()
	v, err := vetParams(method, req.Params())
	switch {
	case err != nil && req.IsCall():
		return v, true, jsonrpc2.NewError(jsonrpc2.InvalidParams, "bluepencil: "+err.Error())
	case err != nil:
		s.log.Warn("notification dropped: invalid params", slog.String("method", method), slog.Any("error", err))
		return v, true, nil
	case method == "textDocument/didChange":
		return v, true, s.didChangeVetted(jsonrpc2.DetachContext(ctx), req.Params(), v)
	case method == "textDocument/didOpen":
		return v, s.didOpenVetted(jsonrpc2.DetachContext(ctx), req.Params(), v), nil
	}
	return v, false, nil
}

// admit applies the lifecycle rules: nothing but initialize (and exit)
// before initialize, nothing but exit after shutdown.
func (s *Server) admit(method string, call bool) error {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case method == "exit":
		return nil
	case state == stateNew && method != "initialize":
		if call {
			return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "bluepencil: initialize first")
		}
		return errIgnored
	case state == stateShutdown:
		if call {
			return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "bluepencil: the server is shut down; only exit is accepted")
		}
		return errIgnored
	case state == stateRunning && method == "initialize":
		return jsonrpc2.NewError(jsonrpc2.InvalidRequest, "bluepencil: initialize was already sent")
	}
	return nil
}

// errIgnored drops a notification silently; the handler turns it into nil.
var errIgnored = errors.New("ignored")

func (s *Server) exit() {
	s.mu.Lock()
	code := 1
	if s.state == stateShutdown {
		code = 0
	}
	s.mu.Unlock()
	s.log.Info("exit", slog.Int("code", code))
	s.opts.Exit(code)
}

func (s *Server) cancelRequest(req *jsonrpc2.Request) {
	var p protocol.CancelParams
	if err := protocol.Unmarshal(req.Params(), &p); err != nil {
		return
	}
	var id jsonrpc2.ID
	switch v := p.ID.(type) {
	case protocol.Integer:
		id = jsonrpc2.NewNumberID(int64(v))
	case protocol.String:
		id = jsonrpc2.NewStringID(string(v))
	default:
		return
	}
	if cancel, ok := s.inflight.Load(id); ok {
		cancel.(context.CancelFunc)()
	}
}

// wireError gives every error a proper JSON-RPC code: a cancelled request is
// RequestCancelled, a plain Go error InternalError (jsonrpc2 would send 0).
func wireError(ctx context.Context, err error) error {
	var je *jsonrpc2.Error
	switch {
	case errors.Is(err, jsonrpc2.ErrParse):
		// The message itself was read, or no handler would run: what failed
		// to decode is its params.
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	case errors.As(err, &je):
		return err
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return protocol.ErrRequestCancelled
	}
	return jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
}

// requests and notifications are the methods the server implements; the
// rest get MethodNotFound (requests) or are ignored (notifications).
var requests = map[string]bool{
	"initialize": true, "shutdown": true,
	"textDocument/hover": true, "textDocument/codeAction": true, "textDocument/diagnostic": true,
	"textDocument/definition":     true,
	"textDocument/documentSymbol": true, "workspace/symbol": true,
	"textDocument/codeLens": true, "textDocument/inlayHint": true,
	"textDocument/completion": true,

	// The marks themselves (marksview.go).
	"textDocument/semanticTokens/full": true, "textDocument/semanticTokens/range": true, "textDocument/documentHighlight": true,
	"textDocument/foldingRange": true, "textDocument/documentLink": true,

	// The whole workspace (workspacediag.go).
	"workspace/diagnostic": true, "workspace/executeCommand": true,
}

var notifications = map[string]bool{
	"initialized": true, "exit": true, "$/cancelRequest": true, "$/setTrace": true,
	"textDocument/didOpen": true, "textDocument/didChange": true, "textDocument/didClose": true,
	"textDocument/didSave": true, "workspace/didChangeConfiguration": true,
	"workspace/didChangeWatchedFiles": true,
}

func knownRequest(m string) bool      { return requests[m] }
func knownNotification(m string) bool { return notifications[m] }

// Initialize reads the client's capabilities and answers the server's.
func (s *Server) Initialize(ctx context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	caps := readCaps(&p.Capabilities)
	var roots []string
	if folders, ok := p.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			roots = append(roots, f.URI.FsPath())
		}
	}
	if len(roots) == 0 && p.RootURI != nil && *p.RootURI != "" {
		roots = append(roots, p.RootURI.FsPath())
	}
	s.mu.Lock()
	s.roots = roots
	s.caps = caps
	s.state = stateRunning
	s.mu.Unlock()
	name := "unknown client"
	if p.ClientInfo.Name != "" {
		name = p.ClientInfo.Name
	}
	s.log.Info("initialize", slog.String("client", name), slog.String("positionEncoding", caps.enc.String()))
	return &protocol.InitializeResult{
		Capabilities: s.capabilities(caps),
		ServerInfo:   protocol.ServerInfo{Name: Name, Version: protocol.NewOptional(s.opts.Version)},
	}, nil
}

// Initialized fetches the user's settings and starts registering file
// watchers, now that the client may be asked for both.
func (s *Server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	ctx = context.WithoutCancel(ctx)
	go s.refreshConfig(ctx)
	s.mu.Lock()
	connected := s.conn != nil
	watch, pull := s.caps.watchFiles, s.caps.pullDiagnostics
	s.mu.Unlock()
	if !connected {
		return nil
	}
	s.watches.signal() // articles may have been opened already
	if watch {
		go s.registerWatchers(ctx)
	} else {
		s.startLocalWatcher(ctx)
	}
	if pull {
		go s.sendRefreshes(ctx)
	}
	return nil
}

// Shutdown moves to the state where only exit is accepted.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.state = stateShutdown
	s.mu.Unlock()
	return nil
}

// SetTrace is accepted and ignored: the server logs to stderr or --log.
func (s *Server) SetTrace(context.Context, *protocol.SetTraceParams) error { return nil }
