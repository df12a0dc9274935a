package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/bluepencil/bluepencil/internal/analysis"
	"github.com/bluepencil/bluepencil/internal/config"
	"github.com/bluepencil/bluepencil/internal/rules"
)

// checkOne checks one article with the settings of its workspace: the
// nearest .bluepencil.yaml, under the options of the command line.
func (c *Config) checkOne(t Target, src []byte) Result {
	sf := c.settings.For(filepath.Dir(t.Path))
	opts := analysis.Options{Rules: c.Rules, Style: analysis.StyleOptions{Off: c.NoStyle}}
	if sf != nil {
		opts.Rules = rules.Overlay(sf.cfg.Rules, c.Rules)
		opts.Style.Allow = sf.cfg.Allow
		opts.Style.Matcher = sf.cfg.Matcher
	}
	r := c.check(t, src, opts, c.Originals)
	r.settings = sf
	return r
}

// Settings are the settings files of a run, each read once however many
// articles use it, by as many workers at once: check's, and render's for
// a folder of pages.
type Settings struct {
	mu     sync.Mutex
	byDir  map[string]*SettingsFile // by the folder searched from
	byPath map[string]*SettingsFile
}

// NewSettings returns an empty cache of settings files.
func NewSettings() *Settings {
	return &Settings{byDir: map[string]*SettingsFile{}, byPath: map[string]*SettingsFile{}}
}

// SettingsFile is one .bluepencil.yaml read, and the results that report
// its problems and its rule files'.
type SettingsFile struct {
	path    string
	once    sync.Once
	cfg     *config.Config
	results []*Result
}

// For returns the settings file that applies in the folder dir, read, or
// nil when there is none.
func (s *Settings) For(dir string) *SettingsFile {
	s.mu.Lock()
	sf, ok := s.byDir[dir]
	if !ok {
		s.mu.Unlock()
		path := config.FindUp(dir)
		s.mu.Lock()
		if path != "" {
			if sf = s.byPath[path]; sf == nil {
				sf = &SettingsFile{path: path}
				s.byPath[path] = sf
			}
		}
		s.byDir[dir] = sf
	}
	s.mu.Unlock()
	if sf != nil {
		sf.once.Do(sf.load)
	}
	return sf
}

// Config returns the settings the file holds.
func (sf *SettingsFile) Config() *config.Config { return sf.cfg }

// Problems returns the file's problems and its rule files', one result per
// file, as check prints them.
func (sf *SettingsFile) Problems() []*Result { return sf.results }

// load reads the file and its rule files, which must lie in its folder or
// below, and turns their problems into results to print.
func (sf *SettingsFile) load() {
	dir := filepath.Dir(sf.path)
	cfg, probs := config.Load(dir, sf.path, config.Options{})
	sf.cfg = cfg
	byFile := map[string]*Result{}
	for _, p := range probs {
		r := byFile[p.Path]
		if r == nil {
			path := filepath.Join(dir, filepath.FromSlash(p.Path))
			data, _ := os.ReadFile(path) // as read: the positions are in it
			r = &Result{Path: display(path), Src: data}
			byFile[p.Path] = r
			sf.results = append(sf.results, r)
		}
		d := p.Diagnostic()
		d.Span.Start, d.Span.End = min(d.Span.Start, len(r.Src)), min(d.Span.End, len(r.Src))
		r.Diags = append(r.Diags, d)
	}
	for _, r := range sf.results {
		slices.SortStableFunc(r.Diags, func(a, b rules.Diagnostic) int { return a.Span.Start - b.Span.Start })
	}
}

// reportOnce returns report preceded, before the first article checked
// with a settings file, by that file's problems: once per run, in the
// order of the walk, whatever order the workers finish in.
func (s *Settings) reportOnce(report Report) Report {
	seen := map[*SettingsFile]bool{}
	return func(r *Result, err error) error {
		if r != nil && r.settings != nil && !seen[r.settings] {
			seen[r.settings] = true
			for _, sr := range r.settings.results {
				if err := report(sr, nil); err != nil {
					return err
				}
			}
		}
		return report(r, err)
	}
}

// display returns path as the command line shows it: relative to the
// working folder when it lies inside it, as the articles' paths usually
// are (FindUp works with absolute ones). Settings files are named so.
func display(path string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return path
}
