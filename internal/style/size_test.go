package style

import (
	"fmt"
	"strings"
	"testing"
)

// ExampleLexicon prints the lexicon's size by category, as the listing
// `bluepencil lexicon` will show it.
func ExampleLexicon() {
	entries, forms := map[string]int{}, map[string]int{}
	for _, e := range Lexicon() {
		entries[e.Category]++
		forms[e.Category] += len(e.Forms)
	}
	total := 0
	for _, c := range Codes {
		fmt.Printf("%-20s %3d entries %4d forms\n", c.Name, entries[c.Name], forms[c.Name])
		total += forms[c.Name]
	}
	fmt.Println("total forms", total)
	// Output:
	// loaded-label          10 entries   73 forms
	// loaded-verb           15 entries  126 forms
	// puffery                7 entries   95 forms
	// intensifier            4 entries   41 forms
	// editorializing         5 entries   79 forms
	// expression-of-doubt    1 entries   19 forms
	// vague-attribution      1 entries  327 forms
	// relative-time          2 entries  145 forms
	// judging-adjective      5 entries  153 forms
	// total forms 1058
}

func TestCodesDocumented(t *testing.T) {
	for _, c := range Codes {
		if categoryNoun[c.Name] == "" || c.Summary == "" {
			t.Errorf("code %s lacks a noun or a summary", c.Name)
		}
	}
}

func TestWriteLexicon(t *testing.T) {
	var b strings.Builder
	if err := WriteLexicon(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"loaded-label: regime, regimes\n", "  instead: regime → government or administration;", "  quiet after: tax, sanctions,"} {
		if !strings.Contains(out, want) {
			t.Errorf("listing lacks %q", want)
		}
	}
}
