package style

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/bluepencil/bluepencil/internal/rules"
)

// The codes of the style pass. Each is a category of the lexicon, so that a
// workspace can turn off or regrade one kind of flag without touching
// another. They are listed with every other code in rules.Codes.
const (
	CodeLoadedLabel       = rules.CodeLoadedLabel
	CodeLoadedVerb        = rules.CodeLoadedVerb
	CodePuffery           = rules.CodePuffery
	CodeIntensifier       = rules.CodeIntensifier
	CodeEditorializing    = rules.CodeEditorializing
	CodeExpressionOfDoubt = rules.CodeExpressionOfDoubt
	CodeVagueAttribution  = rules.CodeVagueAttribution
	CodeRelativeTime      = rules.CodeRelativeTime
	CodeJudgingAdjective  = rules.CodeJudgingAdjective
)

// Codes describes the style codes, as rules.Codes does, with the default
// severity of a flag in the outlet's text; a flag in the editor's own
// words is one step higher (see Options.Severity).
var Codes = func() []rules.Code {
	var out []rules.Code
	for _, name := range []string{CodeLoadedLabel, CodeLoadedVerb, CodePuffery, CodeIntensifier, CodeEditorializing,
		CodeExpressionOfDoubt, CodeVagueAttribution, CodeRelativeTime, CodeJudgingAdjective} {
		c, _ := rules.LookupCode(name)
		out = append(out, c)
	}
	return out
}()

// Entry is one entry of the lexicon as the future `bluepencil lexicon`
// command lists it: a group of forms that flag for one reason.
type Entry struct {
	// Category is the diagnostic code the entry reports under.
	Category string
	// Forms are every word or phrase that flags, lower case, inflections
	// written out: nothing is stemmed, so the list is the whole truth.
	Forms []string
	// Reason says in one line why an editor may cut the word.
	Reason string
	// Replacements maps a form to its neutral replacements, in order of
	// preference; a form missing here has none (cut it, or rewrite).
	Replacements map[string][]string
	// UnlessPrev and UnlessNext are the word sequences that, directly
	// before or after a form, make it a neutral sense; OnlyPrev and
	// OnlyNext, when set, are the only contexts in which it flags.
	UnlessPrev, UnlessNext, OnlyPrev, OnlyNext []string
	// Clause entries flag only before a reported clause ("admitted the
	// plan was late"), not before an object ("admitted a charge").
	Clause bool
	// Proper entries flag capitalised forms in mid-sentence (weekday
	// names), which for every other entry are read as part of a name.
	Proper bool
	// Flag and Pass are example sentences that must and must not flag
	// this entry; the package's tests run them.
	Flag, Pass []string

	// The fields of a workspace's Rule; the built-in entries leave them
	// zero. Message replaces the built-in message ("%s" is the matched
	// text), Severity the default severity; a CaseSensitive entry matches
	// its forms only as Written.
	Message       string
	Severity      rules.Severity
	CaseSensitive bool
	Written       map[string]string
}

var loadOnce sync.Once

// lexicon returns the built-in lexicon, compiled once.
func lexicon() *compiled {
	loadOnce.Do(func() {
		// lexicon_gen.go is lexicon.yaml as parsed, and
		// lexicon_tables_gen.go its entries compiled (tests hold them
		// so): parsing the YAML was 2-3 ms of every check, and compiling
		// the tables 0.6 ms and 600 KB of fresh memory. The entries,
		// which hold maps, are built here (20 µs).
		builtinTables.entries = generatedEntries()
	})
	return &builtinTables
}

// Lexicon lists the built-in lexicon in the order lexicon.yaml writes it,
// for `bluepencil lexicon` and for documentation. The entries are copies.
func Lexicon() []Entry {
	c := lexicon()
	out := make([]Entry, len(c.entries))
	for i, e := range c.entries {
		out[i] = *e
		out[i].Forms = slices.Clone(e.Forms)
		out[i].Replacements = maps.Clone(e.Replacements)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normPhrase lower-cases a phrase, writes apostrophes straight and joins
// its words with single spaces, as words read from an article are keyed.
func normPhrase(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	return strings.Join(strings.Fields(s), " ")
}

// WriteLexicon writes the built-in lexicon as `bluepencil lexicon` prints
// it: one block per entry, its category and forms, why it flags, its
// replacements and the contexts that keep it quiet.
func WriteLexicon(w io.Writer) error {
	var b strings.Builder
	for i, e := range Lexicon() {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %s\n", e.Category, strings.Join(e.Forms, ", "))
		fmt.Fprintf(&b, "  why: %s\n", e.Reason)
		var reps []string
		for _, f := range e.Forms {
			if r := e.Replacements[f]; len(r) > 0 {
				reps = append(reps, f+" → "+strings.Join(r, " or "))
			}
		}
		if len(reps) > 0 {
			fmt.Fprintf(&b, "  instead: %s\n", strings.Join(reps, "; "))
		}
		for _, l := range []struct {
			name string
			list []string
		}{{"quiet after", e.UnlessPrev}, {"quiet before", e.UnlessNext}, {"only after", e.OnlyPrev}, {"only before", e.OnlyNext}} {
			if len(l.list) > 0 {
				fmt.Fprintf(&b, "  %s: %s\n", l.name, strings.Join(l.list, ", "))
			}
		}
		if e.Clause {
			b.WriteString("  only before a reported clause (that, he, was, had…)\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
