package config

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/wcag"
)

// Publisher is the publisher section: who republishes the articles of the
// workspace, as the published page names it and dresses it.
type Publisher struct {
	// Name is the publisher's name; "" reads "the publisher" on the page.
	Name string
	// Legend replaces the page's default legend: plain text, paragraphs
	// separated by blank lines.
	Legend string
	// Colors are the colours of additions, each "#rgb" or "#rrggbb", or ""
	// for the built-in one. A pair is set only when both its colours are
	// given and meet WCAG AA together.
	Colors Colors
}

// Colors are the colours of additions a publisher may set, in the light
// and the dark colour scheme.
type Colors struct {
	Added, AddedBackground         string
	DarkAdded, DarkAddedBackground string
}

var (
	publisherKeys = []string{"name", "legend", "colors"}
	colorKeys     = []string{"added", "added-background", "dark-added", "dark-added-background"}
)

// publisher reads the publisher mapping. What is wrong is a Problem and
// left out; the rest is used.
func (p *parsing) publisher(n *yaml.Node) Publisher {
	var pub Publisher
	if n.Kind != yaml.MappingNode {
		p.add(p.node(n), rules.Error, fmt.Sprintf("publisher must be a mapping of %s", strings.Join(publisherKeys, ", ")))
		return pub
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "name":
			pub.Name = p.text(v, "publisher name", "such as \"The Plain Ledger\"")
		case "legend":
			pub.Legend = p.text(v, "publisher legend", "in plain text, paragraphs separated by blank lines")
		case "colors", "colours": // as the publisher spells it
			pub.Colors = p.colors(v)
		default:
			p.add(p.node(k), rules.Warning, fmt.Sprintf("unknown setting %q in publisher; its settings are %s", k.Value, strings.Join(publisherKeys, ", ")))
		}
	}
	return pub
}

// text reads a non-empty text, or reports what it must be.
func (p *parsing) text(v *yaml.Node, what, example string) string {
	if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
		p.add(p.node(v), rules.Error, fmt.Sprintf("%s must be a non-empty text, %s", what, example))
		return ""
	}
	return v.Value
}

// colors reads the colours, then checks each pair, text on background,
// in its scheme: a pair must be set whole, since the contrast of one
// colour against a built-in one it does not know would be a guess.
func (p *parsing) colors(n *yaml.Node) Colors {
	if n.Kind != yaml.MappingNode {
		p.add(p.node(n), rules.Error, fmt.Sprintf("publisher colors must be a mapping of %s", strings.Join(colorKeys, ", ")))
		return Colors{}
	}
	got := map[string]string{}
	at := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		known := false
		for _, c := range colorKeys {
			known = known || c == k.Value
		}
		if !known {
			p.add(p.node(k), rules.Warning, fmt.Sprintf("unknown colour %q in publisher colors; the colours are %s", k.Value, strings.Join(colorKeys, ", ")))
			continue
		}
		at[k.Value] = k
		if _, err := wcag.Parse(v.Value); v.Kind != yaml.ScalarNode || err != nil {
			p.add(p.node(v), rules.Error, fmt.Sprintf("colour %s must be written #rgb or #rrggbb (quoted in YAML: \"#1e3a8a\"), not %q", k.Value, v.Value))
			continue
		}
		got[k.Value] = v.Value
	}
	var c Colors
	c.Added, c.AddedBackground = p.pair(got, at, "added", "added-background", "light")
	c.DarkAdded, c.DarkAddedBackground = p.pair(got, at, "dark-added", "dark-added-background", "dark")
	return c
}

// pair returns the colours fg and bg when both are set and meet AA, and
// reports why not otherwise (nothing when neither is set).
func (p *parsing) pair(got map[string]string, at map[string]*yaml.Node, fg, bg, scheme string) (string, string) {
	f, okF := got[fg]
	b, okB := got[bg]
	switch {
	case okF && okB:
		r, _ := wcag.RatioOf(f, b)
		if r < wcag.AA {
			p.add(p.node(at[fg]), rules.Error, fmt.Sprintf("colours %s %s on %s %s contrast %s:1, below the 4.5:1 WCAG AA asks of text; the built-in colours are used in the %s scheme", fg, f, bg, b, below(r), scheme))
			return "", ""
		}
		return f, b
	case okF && at[bg] == nil:
		p.add(p.node(at[fg]), rules.Error, fmt.Sprintf("colour %s needs %s beside it, so that their contrast can be checked; the built-in colours are used in the %s scheme", fg, bg, scheme))
	case okB && at[fg] == nil:
		p.add(p.node(at[bg]), rules.Error, fmt.Sprintf("colour %s needs %s beside it, so that their contrast can be checked; the built-in colours are used in the %s scheme", bg, fg, scheme))
	}
	return "", ""
}

// below writes a ratio under AA with two decimals, rounded down where
// rounding would make it read "4.50:1, below 4.5:1".
func below(r float64) string {
	if s := fmt.Sprintf("%.2f", r); s != "4.50" {
		return s
	}
	return "4.49"
}
