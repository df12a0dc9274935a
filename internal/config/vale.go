package config

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// Rule is one rule file in Vale's YAML format, of the two kinds
// bluepencil runs: existence (these words are worth a look) and
// substitution (use this word instead of that one).
type Rule struct {
	// Code is the rule's diagnostic code as Vale names its checks: the
	// folder of its style and its file name, "House.Avoid" for
	// styles/House/Avoid.yml.
	Code string
	// Path is the rule file, relative to the root, slash-separated.
	Path string
	// Extends is "existence" or "substitution".
	Extends  string
	Severity rules.Severity
	// Message is the rule's message, with Vale's %s verbs: the text
	// matched for existence; the replacement, then the text matched, for
	// substitution.
	Message string

	re *regexp.Regexp
	// swaps are a substitution's patterns, each anchored to the whole of
	// a match, with their replacements, in the file's order.
	swaps []swap
	// except finds the exceptions: a match within one is not reported,
	// so "Very Large Array" spares its "Very".
	except     *regexp.Regexp
	ignoreCase bool
}

type swap struct {
	re   *regexp.Regexp
	with string
}

// Match is one place a Rule matches.
type Match struct {
	Start, End int
	// Message is the rule's message for this match.
	Message string
	// Replacement is a substitution's suggestion; "" for existence.
	Replacement string
}

// The keys of a Vale rule bluepencil reads, and those it knows of but does
// not run (a rule using them would flag differently than in Vale).
var (
	valeKeys        = []string{"extends", "message", "level", "tokens", "swap", "ignorecase", "nonword", "exceptions", "link", "description", "scope", "raw"}
	valeUnsupported = map[string]string{
		"action":     "its fix action",
		"vocab":      "vocabularies",
		"append":     "append",
		"capitalize": "capitalize",
		"pos":        "part-of-speech filters",
	}
)

// ParseRule reads the rule file at name (relative to the root,
// slash-separated). It returns nil when the file is not a rule bluepencil
// can run, with Problems that say why; a rule it runs may have Problems
// too, for the parts it leaves out.
func ParseRule(name string, data []byte) (*Rule, []Problem) {
	p := &parsing{name: name, lines: newLines(data)}
	root, err := decode(data)
	if err != nil {
		p.add(p.errorSpan(err), rules.Error, fmt.Sprintf("rule file is not valid YAML: %s", yamlMessage(err)))
		return nil, p.problems
	}
	if root == nil || root.Kind != yaml.MappingNode {
		p.add(p.lines.at(1, 1), rules.Error, "a rule file must be a mapping with extends, message, level and tokens or swap")
		return nil, p.problems
	}
	r := &Rule{Code: ruleCode(name), Path: name, Severity: rules.Warning}
	fields := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		fields[k.Value], keys[k.Value] = v, k
		switch {
		case valeUnsupported[k.Value] != "":
			p.add(p.node(k), rules.Warning, fmt.Sprintf("bluepencil does not support Vale's %s (%q); the rule runs without it", valeUnsupported[k.Value], k.Value))
		case !slices.Contains(valeKeys, k.Value):
			p.add(p.node(k), rules.Warning, fmt.Sprintf("unknown key %q in a Vale rule; bluepencil reads %s", k.Value, strings.Join(valeKeys, ", ")))
		}
	}
	ext := fields["extends"]
	switch {
	case ext == nil:
		p.add(p.lines.at(1, 1), rules.Error, "the rule has no extends: bluepencil runs existence and substitution rules")
		return nil, p.problems
	case ext.Value != "existence" && ext.Value != "substitution":
		p.add(p.node(ext), rules.Error, fmt.Sprintf("bluepencil runs Vale's existence and substitution rules, not %q; this rule is not run", ext.Value))
		return nil, p.problems
	}
	r.Extends = ext.Value
	if s := fields["scope"]; s != nil && !(s.Kind == yaml.ScalarNode && (s.Value == "text" || s.Value == "sentence" || s.Value == "paragraph")) {
		p.add(p.node(s), rules.Warning, "bluepencil checks the article's text as prose (quotations, code, links and cut words left out) whatever the scope; this scope is ignored")
	}
	if m := fields["message"]; m != nil && m.Kind == yaml.ScalarNode {
		r.Message = m.Value // else the message names the rule
	}
	if lv := fields["level"]; lv != nil {
		switch lv.Value {
		case "suggestion":
			r.Severity = rules.Information
		case "warning":
			r.Severity = rules.Warning
		case "error":
			r.Severity = rules.Error
		default:
			p.add(p.node(lv), rules.Warning, fmt.Sprintf("level must be suggestion, warning or error, not %q; warning is used", lv.Value))
		}
	}
	r.ignoreCase = isTrue(fields["ignorecase"])
	nonword := isTrue(fields["nonword"])
	flags := ""
	if r.ignoreCase {
		flags = "(?i)"
	}
	if ex := fields["exceptions"]; ex != nil {
		var alts []string
		for _, n := range p.nodes(keys["exceptions"], ex, "exceptions") {
			if _, ok := p.compile(n, n.Value); ok {
				alts = append(alts, n.Value)
			}
		}
		if len(alts) > 0 {
			r.except, _ = p.compile(ex, flags+"(?:"+strings.Join(alts, "|")+")")
		}
	}
	bound := func(alt string) string {
		if nonword {
			return flags + "(?:" + alt + ")"
		}
		return flags + `\b(?:` + alt + `)\b`
	}
	switch r.Extends {
	case "existence":
		var alts []string
		if raw := fields["raw"]; raw != nil {
			var parts []string
			for _, n := range p.nodes(keys["raw"], raw, "raw") {
				parts = append(parts, n.Value)
			}
			if re, ok := p.compile(raw, flags+strings.Join(parts, "")); ok {
				r.re = re
			}
		}
		if t := fields["tokens"]; t != nil {
			for _, n := range p.nodes(keys["tokens"], t, "tokens") {
				if _, ok := p.compile(n, n.Value); ok {
					alts = append(alts, n.Value)
				}
			}
			if len(alts) > 0 && r.re == nil {
				r.re, _ = p.compile(t, bound(strings.Join(alts, "|")))
			}
		}
		if r.re == nil {
			p.add(p.node(ext), rules.Error, "the existence rule has no tokens bluepencil can run; it is not run")
			return nil, p.problems
		}
	case "substitution":
		sw := fields["swap"]
		if sw == nil || sw.Kind != yaml.MappingNode {
			p.add(p.node(ext), rules.Error, "a substitution rule needs swap: a mapping of what to find to what to use instead")
			return nil, p.problems
		}
		var alts []string
		for i := 0; i+1 < len(sw.Content); i += 2 {
			k, v := sw.Content[i], sw.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				p.add(p.node(v), rules.Error, "each swap must map a pattern to a text")
				continue
			}
			re, ok := p.compile(k, flags+"^(?:"+k.Value+")$")
			if !ok {
				continue
			}
			alts = append(alts, k.Value)
			r.swaps = append(r.swaps, swap{re: re, with: v.Value})
		}
		if len(alts) == 0 {
			p.add(p.node(sw), rules.Error, "the substitution rule has no swap bluepencil can run; it is not run")
			return nil, p.problems
		}
		r.re, _ = p.compile(sw, bound(strings.Join(alts, "|")))
		if r.re == nil {
			return nil, p.problems
		}
	}
	return r, p.problems
}

// compile compiles a pattern of the rule with Go's regexp (RE2 syntax),
// with a Problem at n when it cannot.
func (p *parsing) compile(n *yaml.Node, pattern string) (*regexp.Regexp, bool) {
	re, err := regexp.Compile(pattern)
	if err == nil {
		return re, true
	}
	msg := fmt.Sprintf("pattern %q cannot be compiled: %v", n.Value, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	if strings.Contains(n.Value, "(?=") || strings.Contains(n.Value, "(?!") || strings.Contains(n.Value, "(?<=") || strings.Contains(n.Value, "(?<!") {
		msg = fmt.Sprintf("pattern %q uses a lookaround, which bluepencil does not run: its patterns are RE2 (Go's regexp), whose time is linear in the text; this pattern is left out", n.Value)
	}
	p.add(p.node(n), rules.Error, msg)
	return nil, false
}

// Find returns the rule's matches in text, in order; at most limit of
// them (0: no limit).
func (r *Rule) Find(text []byte, limit int) []Match {
	var out []Match
	var spared [][]int
	if r.except != nil {
		spared = r.except.FindAllIndex(text, -1)
	}
	for _, loc := range r.re.FindAllIndex(text, -1) {
		if loc[0] == loc[1] {
			continue
		}
		// Both lists are in order: skip the exceptions that end before
		// this match, then see whether the next one holds it.
		for len(spared) > 0 && spared[0][1] <= loc[0] {
			spared = spared[1:]
		}
		if len(spared) > 0 && spared[0][0] <= loc[0] && loc[1] <= spared[0][1] {
			continue
		}
		s := string(text[loc[0]:loc[1]])
		m := Match{Start: loc[0], End: loc[1]}
		switch r.Extends {
		case "existence":
			m.Message = r.message(s)
		case "substitution":
			for _, sw := range r.swaps {
				if sw.re.MatchString(s) {
					m.Replacement = sw.with
					break
				}
			}
			if m.Replacement == s {
				continue // Vale leaves a word that is its own swap alone
			}
			m.Message = r.message(m.Replacement, s)
		}
		out = append(out, m)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

// message fills the rule's %s verbs with args, as Vale does; a rule
// without a message says which rule it is.
func (r *Rule) message(args ...string) string {
	if r.Message == "" {
		if len(args) == 2 {
			return fmt.Sprintf("use %q instead of %q (%s)", args[0], args[1], r.Code)
		}
		return fmt.Sprintf("%q matches %s", args[0], r.Code)
	}
	out := r.Message
	for _, a := range args {
		i := strings.Index(out, "%s")
		if i < 0 {
			break
		}
		out = out[:i] + a + out[i+2:]
	}
	return out
}

// ruleCode names a rule file as Vale names its check: "Style.Name".
func ruleCode(name string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(name), ".yml"), ".yaml")
	if dir := path.Base(path.Dir(name)); dir != "." && dir != "/" {
		return dir + "." + base
	}
	return base
}

func isTrue(n *yaml.Node) bool { return n != nil && n.Kind == yaml.ScalarNode && n.Value == "true" }
