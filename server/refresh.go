package server

import (
	"context"
	"log/slog"
)

// Pull diagnostics and refresh. A client that pulls diagnostics asks for
// them when it opens or changes a document; when the server re-checks an
// article on its own (the settings changed, or an original did), only
// workspace/diagnostic/refresh makes the client ask again. The server
// pulls only with clients that take it (caps.go); the rest get pushes.

// askRefresh asks for a workspace/diagnostic/refresh, after an analysis
// the client did not ask for was installed. Requests made while one is
// pending or being answered are coalesced: the client pulls every open
// document on each refresh, so one after a burst of re-checks is enough.
func (s *Server) askRefresh() {
	select {
	case s.refresh <- struct{}{}:
	default: // one is pending already
	}
}

// sendRefreshes sends the refreshes asked for, one at a time, until the
// connection ends. It runs on its own goroutine: the request waits for the
// client's answer, which only the read loop can read.
func (s *Server) sendRefreshes(ctx context.Context) {
	for {
		select {
		case <-s.refresh:
		case <-s.conn.Done():
			return
		}
		if _, err := s.conn.Call(ctx, "workspace/diagnostic/refresh", nil, nil); err != nil {
			s.log.Warn("workspace/diagnostic/refresh failed", slog.Any("error", err))
		}
	}
}
