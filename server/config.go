package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/frontmatter"
	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Section is the settings section the server reads: "bluepencil".
const Section = "bluepencil"

// config is the user's settings as the server uses them.
type config struct {
	rules   rules.Options
	elision string
	// elisionSet: the user set elision, which then goes over the
	// workspace settings file's.
	elisionSet bool
	// noLens and noInlayHints: the user turned the summary lens, or the
	// inlay hints, off ("lens": false, "inlayHints": false).
	noLens, noInlayHints bool
	// problems says what in the settings was not understood, for the
	// user; "" when everything was.
	problems string
}

func defaultConfig() config { return config{elision: view.DefaultElision} }

// settings is the JSON shape of the "bluepencil" section:
//
//	{"severity": {"untracked-elision": "error", "adjacent-elisions": "off"},
//	 "elision": "[…]", "lens": false, "inlayHints": false}
type settings struct {
	Severity   map[string]string `json:"severity"`
	Elision    string            `json:"elision"`
	Lens       *bool             `json:"lens"`
	InlayHints *bool             `json:"inlayHints"`
}

// settingKeys are the keys of the section: the server's, then those VS
// Code's extension keeps in it for itself.
var settingKeys = []string{"severity", "elision", "lens", "inlayHints", "server", "trace"}

// serverKeys is how many of settingKeys are the server's, the ones a typo
// is matched against.
const serverKeys = 4

// parseSettings reads raw settings. What it does not understand (a code
// that does not exist, an unknown severity, a misspelt key) is skipped
// rather than failing the whole section, and said in cfg.problems: a
// setting silently ignored looks like a setting that works.
func (s *Server) parseSettings(raw []byte) (cfg config) {
	cfg = defaultConfig()
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "[]": // Lua's empty table reaches us as []
		return cfg
	}
	var problems []string
	defer func() {
		cfg.problems = strings.Join(problems, "; ")
		if cfg.problems != "" {
			s.log.Info("settings not understood", slog.String("problems", cfg.problems))
		}
	}()
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		problems = append(problems, "bluepencil settings are not a JSON object: "+err.Error())
		return cfg
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if !slices.Contains(settingKeys, k) {
			problems = append(problems, unknown("setting", k, frontmatter.Nearest(k, settingKeys[:serverKeys])))
		}
	}
	var st settings
	if err := json.Unmarshal(raw, &st); err != nil {
		// One wrong value must not lose the others: read them one by one.
		st = settings{}
		if err := json.Unmarshal(keys["elision"], &st.Elision); keys["elision"] != nil && err != nil {
			problems = append(problems, "bluepencil setting \"elision\" must be a string")
		}
		for _, b := range []struct {
			key string
			to  **bool
		}{{"lens", &st.Lens}, {"inlayHints", &st.InlayHints}} {
			if keys[b.key] != nil && json.Unmarshal(keys[b.key], b.to) != nil {
				problems = append(problems, fmt.Sprintf("bluepencil setting %q must be true or false", b.key))
			}
		}
		var sev map[string]json.RawMessage
		if err := json.Unmarshal(keys["severity"], &sev); keys["severity"] != nil && err != nil {
			problems = append(problems, "bluepencil setting \"severity\" must be an object of code: severity")
		}
		for code, v := range sev {
			var name string
			if json.Unmarshal(v, &name) != nil {
				name = string(v)
			}
			if st.Severity == nil {
				st.Severity = map[string]string{}
			}
			st.Severity[code] = name
		}
	}
	for _, code := range slices.Sorted(maps.Keys(st.Severity)) {
		sev := st.Severity[code]
		if _, ok := rules.LookupCode(code); !ok && !valeCode().MatchString(code) {
			problems = append(problems, unknown("rule code", code, rules.SuggestCode(code)))
			continue
		}
		if sev == "off" || sev == "none" {
			if cfg.rules.Off == nil {
				cfg.rules.Off = map[string]bool{}
			}
			cfg.rules.Off[code] = true
			continue
		}
		v, ok := rules.ParseSeverity(sev)
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown severity %q for %q in bluepencil settings; use error, warning, information, hint or off", sev, code))
			continue
		}
		if cfg.rules.Severity == nil {
			cfg.rules.Severity = map[string]rules.Severity{}
		}
		cfg.rules.Severity[code] = v
	}
	if st.Elision != "" {
		cfg.elision, cfg.elisionSet = st.Elision, true
	}
	cfg.noLens = st.Lens != nil && !*st.Lens
	cfg.noInlayHints = st.InlayHints != nil && !*st.InlayHints
	return cfg
}

// unknown says that a name in the settings is not known, and which known
// one it is likely a typo of.
func unknown(what, name, nearest string) string {
	msg := fmt.Sprintf("unknown %s %q in bluepencil settings", what, name)
	if nearest != "" {
		msg += fmt.Sprintf("; did you mean %q?", nearest)
	}
	return msg
}

// refreshConfig asks the client for the settings section and applies it.
func (s *Server) refreshConfig(ctx context.Context) {
	s.mu.Lock()
	ok := s.caps.configuration
	s.mu.Unlock()
	if !ok || s.conn == nil {
		return
	}
	section := Section
	var result []json.RawMessage
	if _, err := s.conn.Call(ctx, "workspace/configuration", &protocol.ConfigurationParams{
		Items: []protocol.ConfigurationItem{{Section: &section}},
	}, &result); err != nil {
		s.log.Warn("workspace/configuration failed", slog.Any("error", err))
		return
	}
	if len(result) == 0 {
		return
	}
	s.applyConfig(ctx, s.parseSettings(result[0]))
}

// applyConfig installs cfg and checks every article again. What cfg's
// settings got wrong is shown to the user once: not again while the
// settings say the same (clients send them more than once, some at every
// start), but again after they were right in between.
func (s *Server) applyConfig(ctx context.Context, cfg config) {
	s.mu.Lock()
	tell := cfg.problems != "" && cfg.problems != s.cfg.problems
	relens := cfg.noLens != s.cfg.noLens && s.caps.codeLensRefresh
	rehint := cfg.noInlayHints != s.cfg.noInlayHints && s.caps.inlayHintRefresh
	s.cfg = cfg
	s.mu.Unlock()
	if tell {
		s.notify(ctx, "window/showMessage", &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: cfg.problems})
	}
	if relens && s.conn != nil {
		// A request to the client: off the read loop, or it deadlocks.
		go s.conn.Call(context.WithoutCancel(ctx), "workspace/codeLens/refresh", nil, nil)
	}
	if rehint && s.conn != nil {
		go s.conn.Call(context.WithoutCancel(ctx), "workspace/inlayHint/refresh", nil, nil)
	}
	s.republishAll(ctx)
}

// DidChangeConfiguration applies settings pushed by the client, or asks
// for them when the notification carries none (the pull model).
func (s *Server) DidChangeConfiguration(ctx context.Context, p *protocol.DidChangeConfigurationParams) error {
	var wrapper map[string]json.RawMessage
	if len(p.Settings) > 0 && json.Unmarshal(p.Settings, &wrapper) == nil {
		if raw, ok := wrapper[Section]; ok {
			s.applyConfig(ctx, s.parseSettings(raw))
			return nil
		}
	}
	go s.refreshConfig(context.WithoutCancel(ctx))
	return nil
}

// valeCode is the shape of a workspace rule file's code, "Style.Rule" as
// Vale names its checks: which ones exist depends on the article's
// .bluepencil.yaml, so the editor's settings may name any of that shape.
var valeCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`) })
