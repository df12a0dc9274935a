package config

import (
	"fmt"
	"path"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/bluepencil/bluepencil/internal/rules"
	"github.com/bluepencil/bluepencil/internal/style"
)

// Rule is one rule file in Vale's YAML format, of the two kinds
// bluepencil runs: existence (these words are worth a look) and
// substitution (use this word instead of that one). Its patterns are
// expanded into the words and phrases they match, which the style pass
// looks for with the built-in lexicon, under the same rules of context:
// never in quotations, code, links or cut words.
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
	// Message is the rule's message, with Vale's %s verbs.
	Message string
	// Forms are the words and phrases the rule's tokens match.
	Forms []string
	// Swap maps each form a substitution's swap matches to its
	// replacement.
	Swap map[string][]string
	// CaseSensitive is Vale's ignorecase: false (its default).
	CaseSensitive bool
	// Exceptions are words and phrases the rule leaves alone; the style
	// pass allows them in the whole workspace.
	Exceptions []string
}

// Style returns the rule as the style pass runs it.
func (r *Rule) Style() style.Rule {
	return style.Rule{Code: r.Code, Message: r.Message, Severity: r.Severity, Forms: r.Forms, Swap: r.Swap, CaseSensitive: r.CaseSensitive}
}

// maxForms bounds the words and phrases one pattern may expand to.
const maxForms = 1000

// The keys of a Vale rule bluepencil reads, and those it knows of but does
// not run (a rule using them would flag differently than in Vale).
var (
	valeKeys        = []string{"extends", "message", "level", "tokens", "swap", "ignorecase", "exceptions", "link", "description", "scope"}
	valeUnsupported = map[string]string{
		"action":     "fix actions",
		"vocab":      "vocabularies",
		"append":     "append",
		"capitalize": "capitalize",
		"pos":        "part-of-speech filters",
		"nonword":    "nonword (bluepencil matches whole words only)",
		"raw":        "raw patterns",
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
	r := &Rule{Code: ruleCode(name), Path: name, Severity: rules.Warning, CaseSensitive: true}
	fields := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		fields[k.Value], keys[k.Value] = v, k
		switch {
		case valeUnsupported[k.Value] != "":
			p.add(p.node(k), rules.Warning, fmt.Sprintf("bluepencil does not run Vale's %s (%q); the rule runs without it", valeUnsupported[k.Value], k.Value))
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
		p.add(p.node(s), rules.Warning, "bluepencil checks the article's prose (quotations, code, links and cut words left out) whatever the scope; this scope is ignored")
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
	if ic := fields["ignorecase"]; ic != nil && ic.Value == "true" {
		r.CaseSensitive = false
	}
	if ex := fields["exceptions"]; ex != nil {
		for _, n := range p.nodes(keys["exceptions"], ex, "exceptions") {
			r.Exceptions = append(r.Exceptions, p.expand(n, n.Value)...)
		}
	}
	switch r.Extends {
	case "existence":
		if t := fields["tokens"]; t != nil {
			for _, n := range p.nodes(keys["tokens"], t, "tokens") {
				r.Forms = appendNew(r.Forms, p.expand(n, n.Value)...)
			}
		}
		if len(r.Forms) == 0 {
			p.add(p.node(ext), rules.Error, "the existence rule has no tokens bluepencil can run; it is not run")
			return nil, p.problems
		}
	case "substitution":
		sw := fields["swap"]
		if sw == nil || sw.Kind != yaml.MappingNode {
			p.add(p.node(ext), rules.Error, "a substitution rule needs swap: a mapping of what to find to what to use instead")
			return nil, p.problems
		}
		r.Swap = map[string][]string{}
		for i := 0; i+1 < len(sw.Content); i += 2 {
			k, v := sw.Content[i], sw.Content[i+1]
			if v.Kind != yaml.ScalarNode || v.Value == "" {
				p.add(p.node(v), rules.Error, "each swap must map a pattern to a text")
				continue
			}
			with := strings.Split(v.Value, "|") // Vale's "a|b" offers both
			for _, f := range p.expand(k, k.Value) {
				if slices.Contains(with, f) {
					continue // a word that is its own swap is left alone
				}
				if _, ok := r.Swap[f]; !ok {
					r.Forms = append(r.Forms, f)
				}
				r.Swap[f] = with
			}
		}
		if len(r.Forms) == 0 {
			p.add(p.node(sw), rules.Error, "the substitution rule has no swap bluepencil can run; it is not run")
			return nil, p.problems
		}
	}
	return r, p.problems
}

// expand returns the words and phrases the pattern at n matches, with a
// Problem when it cannot be run: a pattern that is not RE2, or that
// matches endless or very many texts, or texts that are not words.
func (p *parsing) expand(n *yaml.Node, pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		msg := fmt.Sprintf("pattern %q cannot be read: %v", pattern, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		if strings.Contains(pattern, "(?=") || strings.Contains(pattern, "(?!") || strings.Contains(pattern, "(?<") {
			msg = fmt.Sprintf("pattern %q uses a lookaround, which bluepencil does not run; the pattern is left out", pattern)
		}
		p.add(p.node(n), rules.Error, msg)
		return nil
	}
	forms, ok := expandRegexp(re.Simplify())
	if !ok {
		p.add(p.node(n), rules.Error, fmt.Sprintf("pattern %q matches too many texts: bluepencil runs patterns that spell out their words (alternatives, optional parts, small sets of letters, at most %d words), not repetition or wildcards; the pattern is left out", pattern, maxForms))
		return nil
	}
	var out []string
	for _, f := range forms {
		f = strings.Join(strings.Fields(f), " ")
		if f == "" {
			continue
		}
		if err := style.CheckForm(f); err != nil {
			p.add(p.node(n), rules.Error, fmt.Sprintf("pattern %q matches %q, which is not a word or a phrase of words; the pattern is left out", pattern, f))
			return nil
		}
		out = appendNew(out, f)
	}
	sort.Strings(out)
	return out
}

// expandRegexp returns every text re matches, if they are finite and at
// most maxForms. Anchors and word boundaries match no text: the style
// pass matches whole words anyway.
func expandRegexp(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 && len(re.Rune) == 1 {
			// [Gg]: both cases, for a rule that matches case.
			l, u := strings.ToLower(string(re.Rune)), strings.ToUpper(string(re.Rune))
			if l != u {
				return []string{u, l}, true
			}
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if len(out) >= 16 {
					return nil, false // a class as wide as \w
				}
				out = append(out, string(c))
			}
		}
		return out, true
	case syntax.OpCapture:
		return expandRegexp(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := expandRegexp(re.Sub[0])
		return append([]string{""}, sub...), ok
	case syntax.OpRepeat:
		if re.Max < 0 || re.Max > 4 {
			return nil, false
		}
		sub, ok := expandRegexp(re.Sub[0])
		if !ok {
			return nil, false
		}
		var out []string
		for k := re.Min; k <= re.Max; k++ {
			cur := []string{""}
			for range k {
				if cur, ok = product(cur, sub); !ok {
					return nil, false
				}
			}
			out = append(out, cur...)
		}
		return out, len(out) <= maxForms
	case syntax.OpConcat:
		cur := []string{""}
		for _, s := range re.Sub {
			sub, ok := expandRegexp(s)
			if !ok {
				return nil, false
			}
			if cur, ok = product(cur, sub); !ok {
				return nil, false
			}
		}
		return cur, true
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			sub, ok := expandRegexp(s)
			if !ok {
				return nil, false
			}
			out = append(out, sub...)
			if len(out) > maxForms {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false // stars, pluses, any character
}

// product returns every a followed by every b, if at most maxForms.
func product(a, b []string) ([]string, bool) {
	if len(a)*len(b) > maxForms {
		return nil, false
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out, true
}

func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// ruleCode names a rule file as Vale names its check: "Style.Name".
func ruleCode(name string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(path.Base(name), ".yml"), ".yaml")
	if dir := path.Base(path.Dir(name)); dir != "." && dir != "/" {
		return dir + "." + base
	}
	return base
}
