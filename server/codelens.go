package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/bluepencil/bluepencil/internal/changes"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// commandShowPublished is the VS Code extension's command that opens the
// published view of the active article (editors/vscode/src/extension.ts);
// the summary lens runs it. Other clients have no such command and show
// the lens as a title.
const commandShowPublished = "bluepencil.showPublished"

// CodeLens puts the article's summary at its top: how many changes of each
// kind it marks and what the check against the archived original found
// ("3 cuts · 1 change · matches the original"), running the published view
// in VS Code; and, when the front matter names an original, a second lens
// naming it, which opens it (the server's bluepencil.openOriginal asks the
// client to show it with window/showDocument) where the client takes that
// request and the original resolves; else the lens is a title, and go to
// definition opens the original. The setting "lens": false turns both off.
func (s *Server) CodeLens(ctx context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	caps, cfg := s.settings()
	if cfg.noLens {
		return nil, ctx.Err()
	}
	v, err := s.articleView(ctx, p.TextDocument.URI)
	if v == nil {
		return nil, err
	}
	snap := v.snap
	if !v.exact() {
		// The counts and the check are the analysis's: wait for the
		// request's version, else show the newest there is (the lens
		// sits at the top, where no edit moves it).
		if w := s.await(ctx, v, requestWait); w != nil {
			snap = w.snap
		}
	}
	if snap == nil {
		return nil, ctx.Err()
	}
	fid, unmarked := fidelityOf(snap)
	top := protocol.Range{}
	lenses := []protocol.CodeLens{{
		Range:   top,
		Command: protocol.Command{Title: changes.Count(snap.doc).Summary(fid, unmarked), Command: commandShowPublished},
	}}
	if fm := rules.FrontMatter(snap.doc); fm != nil && fm.Original != "" {
		cmd := protocol.Command{Title: "Original: " + fm.Original}
		if caps.showDocument && snap.origPath != "" {
			arg, err := json.Marshal(string(uri.File(snap.origPath)))
			if err == nil {
				cmd.Command, cmd.Arguments = cmdOpenOriginal, []protocol.LSPAny{arg}
			}
		}
		lenses = append(lenses, protocol.CodeLens{Range: top, Command: cmd})
	}
	return lenses, nil
}

// fidelityOf says what snap's check against its original found, and how
// many unmarked changes, counted from the check itself: the user may
// have turned the unmarked-change diagnostic off.
func fidelityOf(snap *snapshot) (changes.Fidelity, int) {
	switch {
	case snap.fid == nil:
		return changes.NoOriginal, 0
	case snap.fid.TooDifferent:
		return changes.TooDifferent, 0
	}
	n := 0
	for _, d := range snap.fid.Diagnostics {
		if d.Code == rules.CodeUnmarkedChange {
			n++
		}
	}
	if n > 0 {
		return changes.Unmarked, n
	}
	return changes.Matches, 0
}
