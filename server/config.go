package server

import (
	"context"
	"encoding/json"
	"log/slog"

	"go.lsp.dev/protocol"

	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/view"
)

// Section is the settings section the server reads: "bluepencil".
const Section = "bluepencil"

// config is the user's settings as the server uses them.
type config struct {
	rules   rules.Options
	elision string
}

func defaultConfig() config { return config{elision: view.DefaultElision} }

// settings is the JSON shape of the "bluepencil" section:
//
//	{"severity": {"untracked-elision": "error", "adjacent-elisions": "off"},
//	 "elision": "[…]"}
type settings struct {
	Severity map[string]string `json:"severity"`
	Elision  string            `json:"elision"`
}

// parseSettings reads raw settings; unknown codes and severities are
// logged and skipped rather than failing the whole section.
func (s *Server) parseSettings(raw []byte) config {
	cfg := defaultConfig()
	if len(raw) == 0 || string(raw) == "null" {
		return cfg
	}
	var st settings
	if err := json.Unmarshal(raw, &st); err != nil {
		s.log.Warn("bluepencil settings are not valid", slog.Any("error", err))
		return cfg
	}
	for code, sev := range st.Severity {
		if _, ok := rules.LookupCode(code); !ok {
			s.log.Warn("setting for an unknown code", slog.String("code", code))
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
			s.log.Warn("unknown severity in settings", slog.String("code", code), slog.String("severity", sev))
			continue
		}
		if cfg.rules.Severity == nil {
			cfg.rules.Severity = map[string]rules.Severity{}
		}
		cfg.rules.Severity[code] = v
	}
	if st.Elision != "" {
		cfg.elision = st.Elision
	}
	return cfg
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

func (s *Server) applyConfig(ctx context.Context, cfg config) {
	s.mu.Lock()
	s.cfg = cfg
	s.mu.Unlock()
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
