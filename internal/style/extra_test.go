package style

import (
	"slices"
	"strings"
	"testing"

	"github.com/bluepencil/bluepencil/internal/rules"
)

func TestMatcher(t *testing.T) {
	m, err := NewMatcher([]Rule{
		{Code: "Acme.Hedging", Message: "Consider removing '%s'.", Severity: rules.Warning, Forms: []string{"in my opinion", "somewhat"}},
		{Code: "Acme.Terms", Severity: rules.Error, Swap: map[string][]string{"web site": {"website"}}},
		{Code: "Acme.Brands", Forms: []string{"iPhone"}, CaseSensitive: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src  string
		want []string // code/severity/text/replacements
	}{
		{"The plan is somewhat late.", []string{"Acme.Hedging/warning/somewhat/"}},
		{"In my opinion the plan is late.", []string{"Acme.Hedging/warning/In my opinion/"}},
		{"See the web site.", []string{"Acme.Terms/error/web site/website"}},
		{"See the {++web site++}.", []string{"Acme.Terms/error/web site/website"}},
		{"An iPhone and an iphone.", []string{"Acme.Brands/information/iPhone/"}},
		{`"Somewhat late," she said.`, nil},
		{"The regime is somewhat oppressive.", []string{"loaded-label/information/regime/government|administration", "Acme.Hedging/warning/somewhat/", "judging-adjective/information/oppressive/"}},
	}
	for _, tc := range tests {
		var got []string
		for _, f := range findings(tc.src, Options{Matcher: m}) {
			got = append(got, f.Code+"/"+f.Severity.String()+"/"+f.Text+"/"+strings.Join(f.Replacements, "|"))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
	f := findings("The plan is somewhat late.", Options{Matcher: m})
	if len(f) != 1 || f[0].Message != "Consider removing 'somewhat'." {
		t.Errorf("message: %+v", f)
	}
	if f := findings("The plan is somewhat late.", Options{}); len(f) != 0 {
		t.Errorf("the built-in matcher knows the rule: %+v", f)
	}
}

func TestMatcherErrors(t *testing.T) {
	for _, r := range []Rule{
		{Forms: []string{"x"}},
		{Code: "A.B", Forms: []string{`\bfoo\b`}},
		{Code: "A.B", Forms: []string{"(foo|bar)"}},
		{Code: "A.B"},
		{Code: "A.B", Forms: []string{"x"}, Severity: 9},
	} {
		if _, err := NewMatcher([]Rule{r}); err == nil {
			t.Errorf("NewMatcher accepted %+v", r)
		}
	}
}
